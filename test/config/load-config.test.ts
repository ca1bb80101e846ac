import { copyFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, type ConfigProblem } from "../../src/config/config-error.js";
import { loadConfig } from "../../src/config/load-config.js";
import { UserError } from "../../src/user-error.js";
import { FIXTURES, makeTree } from "../fixtures/config/make-tree.js";

async function repoWithConfig(fixture: string, files: Record<string, string>, target = ".stakpak/config.yml") {
  const root = await makeTree(files);
  await mkdir(path.join(root, path.dirname(target)), { recursive: true });
  await copyFile(path.join(FIXTURES, fixture), path.join(root, target));
  return root;
}

async function problemsOf(promise: Promise<unknown>): Promise<ConfigProblem[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe("loadConfig", () => {
  it("returns null when the repository has no config", async () => {
    const root = await makeTree({ "main.tf": "" });
    expect(await loadConfig(root)).toBeNull();
  });

  it("fails with exit code 2 when an explicit config path does not exist", async () => {
    const root = await makeTree({ "main.tf": "" });
    const error = await loadConfig(root, "ci/stakpak.yml").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).summary).toContain("ci/stakpak.yml");
  });

  it("loads a full config and fills in the defaults", async () => {
    const root = await repoWithConfig("valid.yml", {
      "main.tf": "",
      "infra/network/main.tf": "",
      "infra/network/env/staging.tfvars": "",
      "infra/network/backend/staging.hcl": "",
      "k8s/apps/kustomization.yaml": "resources: []\n",
      "k8s/apps/overlays/production/kustomization.yaml": "resources: [../..]\n",
    });

    const config = await loadConfig(root);

    expect(config).not.toBeNull();
    expect(config?.file).toBe(path.join(root, ".stakpak/config.yml"));
    expect(config?.projectsSource).toBe("config");
    expect(config?.warden).toEqual({ rules: [] });
    expect(config?.redact).toEqual({});
    expect(config?.memory).toEqual({});
    expect(config?.projects).toEqual([
      {
        name: "network",
        dir: "infra/network",
        absDir: path.join(root, "infra/network"),
        tool: "terraform",
        toolInferred: true,
        whenModified: ["**/*.tf", "**/*.tf.json", "**/*.tfvars", "**/*.tfvars.json", "**/.terraform.lock.hcl"],
        terraform: { lockTimeout: "5m", timeout: "30m", timeoutMs: 30 * 60_000, initArgs: ["-upgrade"] },
        environments: {
          staging: {
            workspace: "staging",
            varFiles: ["env/staging.tfvars"],
            backendConfig: ["backend/staging.hcl", "key=network/staging.tfstate"],
          },
          production: { workspace: "production", varFiles: [], backendConfig: [] },
        },
      },
      {
        name: "apps",
        dir: "k8s/apps",
        absDir: path.join(root, "k8s/apps"),
        tool: "kubernetes",
        toolInferred: false,
        whenModified: ["**/*.yaml"],
        environments: {
          production: {
            context: "prod-cluster",
            namespace: "app",
            kubeconfig: path.join(os.homedir(), ".kube/config"),
            dir: "overlays/production",
            absDir: path.join(root, "k8s/apps/overlays/production"),
          },
        },
      },
      {
        name: "root-stack",
        dir: ".",
        absDir: root,
        tool: "terraform",
        toolInferred: true,
        whenModified: ["**/*.tf", "**/*.tf.json", "**/*.tfvars", "**/*.tfvars.json", "**/.terraform.lock.hcl"],
        terraform: { lockTimeout: "2m", timeout: "30m", timeoutMs: 30 * 60_000, initArgs: [] },
        environments: {},
      },
    ]);
  });

  it("also reads .stakpak/config.yaml", async () => {
    const root = await makeTree({
      ".stakpak/config.yaml": "projects:\n  - name: app\n    dir: app\n",
      "app/deploy.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    });
    const config = await loadConfig(root);
    expect(config?.projects.map((p) => [p.name, p.tool])).toEqual([["app", "kubernetes"]]);
  });

  it("discovers projects when the config has no projects list", async () => {
    const root = await makeTree({ ".stakpak/config.yml": "warden: {}\n", "stacks/db/main.tf": "" });
    const config = await loadConfig(root);
    expect(config?.projectsSource).toBe("discovered");
    expect(config?.projects.map((p) => p.name)).toEqual(["stacks-db"]);
  });

  it("lists every problem of a broken config with its line, key and hint", async () => {
    const root = await repoWithConfig("broken.yml", {
      "infra/network/main.tf": "",
      "infra/network/env/staging.tfvars": "",
      "k8s/apps/kustomization.yaml": "resources: []\n",
    });

    const problems = await problemsOf(loadConfig(root));

    expect(problems.map((p) => [p.line, p.column, p.key])).toEqual([
      [7, 5, "projects[0].whn_modified"],
      [9, 21, "projects[0].terraform.lock_timeout"],
      [10, 16, "projects[0].terraform.timeout"],
      [14, 41, "projects[0].environments.staging.var_files[1]"],
      [15, 9, "projects[0].environments.staging.namespace"],
      [16, 11, "projects[1].name"],
      [17, 10, "projects[1].dir"],
      [23, 9, "projects[2].environments.production.var_files"],
      [24, 11, "projects[3].name"],
      [25, 10, "projects[3].dir"],
      [26, 11, "projects[3].tool"],
      [27, 5, "projects[4].dir"],
      [29, 10, "projects[5].dir"],
      [31, 1, "redcat"],
    ]);
    expect(problems.every((p) => p.file === ".stakpak/config.yml")).toBe(true);

    const byKey = new Map(problems.map((p) => [p.key, p]));
    const at = (key: string) => byKey.get(key) ?? expect.fail(`no problem for ${key}`);
    expect(at("projects[0].whn_modified").hint).toContain("did you mean `when_modified`?");
    expect(at("projects[0].terraform.lock_timeout").message).toBe("`2 minutes` is not a duration");
    expect(at("projects[0].terraform.timeout").message).toBe("expected a string, got the number `30`");
    expect(at("projects[0].terraform.timeout").hint).toContain("`timeout: 30m`");
    expect(at("projects[0].environments.staging.var_files[1]").message).toBe("file `env/missing.tfvars` does not exist");
    expect(at("projects[0].environments.staging.var_files[1]").hint).toContain(path.join(root, "infra/network/env/missing.tfvars"));
    expect(at("projects[0].environments.staging.namespace").message).toContain("only applies to kubernetes");
    expect(at("projects[1].name").message).toContain("duplicate project name `network`");
    expect(at("projects[1].dir").hint).toContain(path.join(root, "infra/netwrk"));
    expect(at("projects[1].dir").hint).toContain("relative to the repository root");
    expect(at("projects[1].dir").hint).toContain("Did you mean `infra/network`?");
    expect(at("projects[2].environments.production.var_files").hint).toContain("inferred");
    expect(at("projects[3].name").hint).toContain("lowercase");
    expect(at("projects[3].dir").message).toBe("`/srv/infra` is an absolute path");
    expect(at("projects[3].tool").hint).toBe("valid values: terraform, kubernetes");
    expect(at("projects[4].dir").message).toBe("missing required key `dir`");
    expect(at("projects[4].dir").hint).toContain("`dir: infra/network`");
    expect(at("projects[5].dir").message).toContain("projects[0] already plans `infra/network` with terraform");
    expect(at("redcat").hint).toContain("did you mean `redact`?");
  });

  it("formats every problem as file:line:col, key, message and an indented hint", async () => {
    const root = await makeTree({
      ".stakpak/config.yml": "projects:\n  - name: app\n    dir: app\n    tool: terrafrom\n",
      "app/main.tf": "",
    });
    const error = await loadConfig(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).format()).toBe(
      [
        "Error: .stakpak/config.yml: 1 problem in the stakpak config",
        "",
        ".stakpak/config.yml:4:11  projects[0].tool: the string `terrafrom` is not a valid `tool`",
        "    hint: did you mean `terraform`? (valid values: terraform, kubernetes)",
      ].join("\n"),
    );
  });

  it("reports YAML syntax errors with their lines", async () => {
    const root = await repoWithConfig("syntax-error.yml", { "infra/network/main.tf": "" });

    const problems = await problemsOf(loadConfig(root));

    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [5, 3],
      [6, 1],
    ]);
    expect(problems[0]?.hint).toContain("`]`");
    expect(problems[1]?.message).toContain("Tabs");
    expect(problems[1]?.hint).toContain("use spaces");
  });

  it("reports a duplicate key as a YAML error", async () => {
    const root = await makeTree({ ".stakpak/config.yml": "version: 1\nversion: 1\n" });
    const problems = await problemsOf(loadConfig(root));
    expect(problems.map((p) => [p.line, p.hint])).toEqual([[2, expect.stringContaining("already appears")]]);
  });

  it("suggests quotes for a name YAML reads as a number", async () => {
    const root = await makeTree({ ".stakpak/config.yml": "projects:\n  - name: 001\n    dir: app\n", "app/main.tf": "" });
    const [problem] = await problemsOf(loadConfig(root));
    expect(problem?.key).toBe("projects[0].name");
    expect(problem?.hint).toBe('quote it so YAML reads it as text: `name: "001"`');
  });

  it("asks for a tool when the dir does not tell", async () => {
    const root = await makeTree({ ".stakpak/config.yml": "projects:\n  - name: app\n    dir: app\n", "app/README.md": "" });
    const [problem] = await problemsOf(loadConfig(root));
    expect([problem?.line, problem?.key]).toEqual([3, "projects[0].dir"]);
    expect(problem?.hint).toContain("add `tool: terraform` or `tool: kubernetes`");
  });
});
