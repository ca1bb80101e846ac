import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config-error.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { authorizationFromConfigText } from "../../../src/github/authorization/authorization-from-config-text.js";
import { DEFAULT_AUTHORIZATION_RULES } from "../../../src/config/authorization-rules.js";
import { formatRole } from "../../../src/config/role.js";
import { makeTree } from "../../fixtures/config/make-tree.js";

function shown(rules: Record<string, readonly Parameters<typeof formatRole>[0][]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(rules).map(([name, roles]) => [name, roles.map(formatRole)]));
}

describe("authorization: in .stakpak/config.yml", () => {
  it("defaults to write for plan, review and the agent, maintain for apply, deploy and unlock", () => {
    expect(shown(DEFAULT_AUTHORIZATION_RULES)).toEqual({
      plan: ["permission:write"],
      apply: ["permission:maintain"],
      deploy: ["permission:maintain"],
      unlock: ["permission:maintain"],
      review: ["permission:write"],
      drift: ["permission:write"],
      remember: ["permission:write"],
      feedback: ["permission:write"],
      agent: ["permission:write"],
    });
  });

  it("loads with the rest of the config: listed commands replace their defaults", async () => {
    const root = await makeTree({
      "main.tf": "",
      ".stakpak/config.yml": "version: 1\nauthorization:\n  apply: [team:platform, permission:admin]\n  plan: [association:MEMBER]\n  unlock: []\n",
    });
    const config = await loadConfig(root);
    expect(shown(config!.authorization)).toMatchObject({
      apply: ["team:platform", "permission:admin"],
      plan: ["association:MEMBER"],
      unlock: [],
      deploy: ["permission:maintain"],
    });
  });

  it("fills in the defaults when the section is absent", async () => {
    const root = await makeTree({ "main.tf": "", ".stakpak/config.yml": "version: 1\n" });
    expect((await loadConfig(root))!.authorization).toEqual(DEFAULT_AUTHORIZATION_RULES);
  });

  it("reports every problem with its line, key and hint", async () => {
    const root = await makeTree({ "main.tf": "" });
    await mkdir(path.join(root, ".stakpak"));
    await writeFile(
      path.join(root, ".stakpak/config.yml"),
      ["version: 1", "authorization:", "  aply: [permission:maintain]", "  plan: [permission:push]", "  deploy: permission:admin", "  help: [permission:read]", ""].join("\n"),
    );
    const error = await loadConfig(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => [p.line, p.key, p.message, p.hint])).toEqual([
      [3, "authorization.aply", "unknown key `aply`", expect.stringContaining("did you mean `apply`?")],
      [4, "authorization.plan[0]", "`push` is not a repository permission", "use one of permission:read, permission:triage, permission:write, permission:maintain, permission:admin"],
      [5, "authorization.deploy", "expected a list, got the string `permission:admin`", expect.any(String)],
      [6, "authorization.help", "unknown key `help`", expect.stringContaining("valid keys here: plan, apply, deploy, unlock")],
    ]);
  });
});

describe("authorizationFromConfigText (the App reads the file through the API)", () => {
  it("judges only the authorization section: the workflow reports the rest", () => {
    const rules = authorizationFromConfigText("projects:\n  - name: Bad Name\n    dir: /abs\nauthorization:\n  plan: [team:acme/sre]\n", ".stakpak/config.yml");
    expect(shown(rules).plan).toEqual(["team:acme/sre"]);
  });

  it("refuses a broken section instead of falling back to the defaults", () => {
    const error = (() => {
      try {
        authorizationFromConfigText("authorization:\n  apply: [maintainers]\n", ".stakpak/config.yml");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.objectContaining({ file: ".stakpak/config.yml", line: 2, key: "authorization.apply[0]", message: "`maintainers` is not a role" }),
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(() => authorizationFromConfigText("authorization:\n  apply: [permission:admin\n", ".stakpak/config.yml")).toThrow(ConfigError);
  });

  it("reads an empty file as the defaults", () => {
    expect(authorizationFromConfigText("", ".stakpak/config.yml")).toEqual(DEFAULT_AUTHORIZATION_RULES);
  });
});

describe("the README's authorization example", () => {
  it("is a valid section, read as documented", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(new URL("../../../README.md", import.meta.url), "utf8");
    const example = /```yaml\n# \.stakpak\/config\.yml\n(authorization:[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    expect(shown(authorizationFromConfigText(example!, ".stakpak/config.yml"))).toMatchObject({
      plan: ["permission:write"],
      apply: ["permission:admin", "team:platform"],
      deploy: ["team:acme/sre", "association:OWNER"],
      unlock: [],
    });
  });

  it("shows the error exactly as the tool prints it", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(new URL("../../../README.md", import.meta.url), "utf8");
    const error = (() => {
      try {
        authorizationFromConfigText("version: 1\nauthorization:\n  apply: [maintainers]\n", ".stakpak/config.yml");
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(readme).toContain(error!.format().split("\n").slice(2).join("\n"));
  });
});
