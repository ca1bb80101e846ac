import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/cli-io.js";
import { runCli } from "../../src/cli/main.js";
import { Redactor } from "../../src/redact/redactor.js";
import { FIXTURES, terraformTestEnv } from "../support/terraform-fixture.js";

const REPO = join(import.meta.dirname, "..", "..");
const EXAMPLE = join(REPO, "examples", "terraform", "payments-service");
const EXAMPLE_PASSWORD = "example-only-Pa55w0rd-7f3a9c";

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], cwd: string): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: process.env, redactor: new Redactor() };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** A temp "repository" holding a copy of the example under examples/terraform/. */
function exampleRepo(): string {
  const root = mkdtempSync(join(tmpdir(), "stakpak-cli-"));
  cpSync(EXAMPLE, join(root, "stack"), { recursive: true, filter: (src) => !src.includes(".terraform") });
  return root;
}

beforeAll(() => terraformTestEnv());

describe("stakpak-gitops --help", () => {
  it("lists the subcommands with one line each", async () => {
    const { code, stdout } = await cli(["--help"], REPO);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+plan\s+Run terraform plan/m);
  });

  it("gives each subcommand its own help", async () => {
    const { code, stdout } = await cli(["plan", "--help"], REPO);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: stakpak-gitops plan");
    expect(stdout).toContain("Exit codes");
  });

  it("rejects an unknown command and an unknown flag with usage, exit 2", async () => {
    const unknown = await cli(["plna"], REPO);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "plna". Did you mean "plan"?');
    const badFlag = await cli(["plan", "--formatt", "md"], REPO);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("--formatt");
    expect(badFlag.stderr).toContain("Usage: stakpak-gitops plan");
    expect(badFlag.stderr).toContain("Did you mean `--format`?");
  });
});

describe("stakpak-gitops plan", () => {
  it("plans the example and prints the review, exit 2, no secret", async () => {
    const root = exampleRepo();
    const { code, stdout, stderr } = await cli(["plan", "stack"], root);
    expect(code).toBe(2);
    expect(stdout).toContain("Plan: 1 to destroy, 1 to replace, 1 to change, 2 to add");
    expect(stdout).toContain("terraform_data.legacy_worker");
    expect(stdout).toContain("> [!WARNING]");
    expect(stdout).toContain("<details>");
    expect(stdout + stderr).not.toContain(EXAMPLE_PASSWORD);
  });

  it("writes JSON to a file with --format json --out", async () => {
    const root = exampleRepo();
    const { code, stdout } = await cli(["plan", "stack", "--format", "json", "--out", "report.json"], root);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const report = JSON.parse(readFileSync(join(root, "report.json"), "utf8"));
    const summary = report.runs[0].summary;
    expect(summary).toMatchObject({ add: 2, change: 1, replace: 1, destroy: 1 });
    expect(JSON.stringify(report)).not.toContain(EXAMPLE_PASSWORD);
  });

  it("exits 0 when nothing changes", async () => {
    const root = mkdtempSync(join(tmpdir(), "stakpak-cli-"));
    mkdirSync(join(root, "empty"));
    writeFileSync(join(root, "empty", "main.tf"), 'output "greeting" {\n  value = "hello"\n}\n');
    // An output that already exists in state would be a no-op; with no state, only outputs change.
    const first = await cli(["plan", "empty"], root);
    expect(first.code).toBe(2);
    writeFileSync(join(root, "empty", "main.tf"), 'locals {\n  unused = 1\n}\n');
    const second = await cli(["plan", "empty"], root);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/No changes/);
  });

  it("reports a syntax error with file and line, exit 1, no stack trace", async () => {
    const root = mkdtempSync(join(tmpdir(), "stakpak-cli-"));
    cpSync(join(FIXTURES, "terraform", "syntax-error"), join(root, "broken"), { recursive: true });
    const { code, stdout, stderr } = await cli(["plan", "broken"], root);
    expect(code).toBe(1);
    expect(stdout).toMatch(/main\.tf:\d+/);
    expect(stdout + stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  });

  it("discovers every project when no DIR is given, and one failure does not hide the others", async () => {
    const root = mkdtempSync(join(tmpdir(), "stakpak-cli-"));
    cpSync(join(FIXTURES, "terraform", "syntax-error"), join(root, "infra", "broken"), { recursive: true });
    cpSync(join(FIXTURES, "terraform", "no-changes"), join(root, "infra", "fine"), { recursive: true });
    const { code, stdout } = await cli(["plan"], root);
    expect(code).toBe(1);
    expect(stdout).toContain("Plan: 1 to add");
    // Paths in the report are relative to the repository, never the runner's file system.
    expect(stdout).toContain("infra/broken/main.tf:5:");
    expect(stdout).not.toContain(root);
  });

  it("lists every problem of a bad config, exit 2", async () => {
    const root = exampleRepo();
    mkdirSync(join(root, ".stakpak"));
    writeFileSync(
      join(root, ".stakpak", "config.yml"),
      ["projects:", "  - name: payments", "    dir: stack", "    tool: terrafrom", "    when_modifed: ['*.tf']", "  - name: ghost", "    dir: nowhere", ""].join("\n"),
    );
    const { code, stdout, stderr } = await cli(["plan"], root);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/config\.yml:4:\d+/);
    expect(stderr).toMatch(/terrafrom/);
    expect(stderr).toMatch(/config\.yml:5:\d+/);
    expect(stderr).toMatch(/when_modified/);
    expect(stderr).toMatch(/config\.yml:7:\d+/);
    expect(stderr).toMatch(/nowhere/);
  });

  it("plans the projects and environments of a config", async () => {
    const root = exampleRepo();
    mkdirSync(join(root, ".stakpak"));
    writeFileSync(join(root, "stack", "prod.tfvars"), 'replicas = 6\n');
    writeFileSync(
      join(root, ".stakpak", "config.yml"),
      [
        "projects:",
        "  - name: payments",
        "    dir: stack",
        "    environments:",
        "      staging: {}",
        "      production:",
        "        var_files: [prod.tfvars]",
        "",
      ].join("\n"),
    );
    const { code, stdout } = await cli(["plan", "--env", "production", "--format", "json"], root);
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.runs).toHaveLength(1);
    expect(report.runs[0]).toMatchObject({ project: "payments", environment: "production" });
    const deployment = report.runs[0].resourceChanges.find((r: { address: string }) => r.address === "terraform_data.api_deployment");
    expect(deployment.attributes.find((a: { path: string }) => a.path === "input.replicas").after.value).toBe(6);
    const unknownEnv = await cli(["plan", "--env", "qa"], root);
    expect(unknownEnv.code).toBe(2);
    expect(unknownEnv.stderr).toMatch(/staging/);
  });
});

describe("stakpak-gitops plan DIR outside the current directory", () => {
  const elsewhere = (): string => mkdtempSync(join(tmpdir(), "stakpak-cwd-"));

  it("plans it in its own git repository, with that repository's config and paths", async () => {
    const root = exampleRepo();
    mkdirSync(join(root, ".git"));
    mkdirSync(join(root, ".stakpak"));
    writeFileSync(join(root, ".stakpak", "config.yml"), ["projects:", "  - name: payments-from-config", "    dir: stack", ""].join("\n"));
    const { code, stdout, stderr } = await cli(["plan", join(root, "stack"), "--format", "json"], elsewhere());
    expect(stderr).not.toContain("outside the repository");
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    // The name comes from the config at DIR's git root, so that config was the one read.
    expect(report.runs.map((r: { project: string; dir: string }) => [r.project, r.dir])).toEqual([["payments-from-config", "stack"]]);
  });

  it("takes the DIR itself as the root when it is in no repository", async () => {
    const root = exampleRepo();
    const { code, stdout } = await cli(["plan", join(root, "stack")], elsewhere());
    expect(code).toBe(2);
    expect(stdout).toContain("Plan: 1 to destroy, 1 to replace, 1 to change, 2 to add");
    expect(stdout).not.toContain(root);
  });

  it("refuses DIRs of two different repositories, exit 2, naming both", async () => {
    const [a, b] = [exampleRepo(), exampleRepo()];
    for (const r of [a, b]) mkdirSync(join(r, ".git"));
    const { code, stdout, stderr } = await cli(["plan", join(a, "stack"), join(b, "stack")], elsewhere());
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("different repositories");
    expect(stderr).toContain(a);
    expect(stderr).toContain(b);
  });

  it("reads --config relative to the current directory", async () => {
    const root = exampleRepo();
    mkdirSync(join(root, ".git"));
    const cwd = elsewhere();
    // Its project dirs are still relative to the root of the repository being planned.
    writeFileSync(join(cwd, "other.yml"), ["projects:", "  - name: named-by-flag", "    dir: stack", ""].join("\n"));
    const { code, stdout } = await cli(["plan", join(root, "stack"), "--config", "other.yml", "--format", "json"], cwd);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).runs[0].project).toBe("named-by-flag");
  });
});

describe("the installed bin", () => {
  it("runs the bundled CLI as a child process", async () => {
    const bin = join(REPO, "bin", "stakpak-gitops.js");
    expect(existsSync(join(REPO, "dist", "cli.js"))).toBe(true);
    const root = exampleRepo();
    const result = await promisify(execFile)(process.execPath, [bin, "plan", "stack", "--format", "json"], { cwd: root }).then(
      () => ({ code: 0, stdout: "" }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).runs[0].summary.destroy).toBe(1);
  });
});
