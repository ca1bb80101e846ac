import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runRedactor, type CliIo } from "../../src/cli/cli-io.js";
import { runCli } from "../../src/cli/main.js";
import { commentPayload, gitWorkspace, runDist, samePullRequest } from "../action/action-harness.js";
import { FakeGitHubApi } from "../support/fake-github-api.js";
import { FIXTURES, terraformTestEnv } from "../support/terraform-fixture.js";

const REPO = join(import.meta.dirname, "..", "..");
const GITHUB_TOKEN = "ghp_qT6aoYetwZHxRZCCc8dk9761D1WUIVYuQUwn";
const AWS_SECRET = "uibPISrDel783IND3YoLao0b/vO2KONinLAOOCfD";
/** Looks like nothing; it is a secret only because the environment says so. */
const RELEASE_LABEL = "orion-lantern-7f3k";
const LEAKS = [GITHUB_TOKEN, AWS_SECRET, encodeURIComponent(AWS_SECRET)];

function leakyRepo(): string {
  const root = mkdtempSync(join(tmpdir(), "stakpak-leaky-"));
  cpSync(join(FIXTURES, "redact", "leaky-terraform"), join(root, "stack"), { recursive: true });
  return root;
}

async function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t.text), stderr: (t) => void (stderr += t.text), cwd, env, redactor: runRedactor(env) };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

function expectNoLeak(text: string, what: string): void {
  for (const secret of LEAKS) expect(text, `${what} leaks ${secret.slice(0, 6)}…`).not.toContain(secret);
}

beforeAll(() => terraformTestEnv());

describe("every exit point of a plan hides secrets terraform did not mark sensitive", () => {
  it("CLI: markdown on stdout, progress on stderr", async () => {
    const root = leakyRepo();
    const { code, stdout, stderr } = await cli(["plan", "stack"], root);
    expect(code).toBe(2);
    // The leak is real: the report does show the resource and its (redacted) attributes.
    expect(stdout).toContain("terraform_data.ci");
    expect(stdout).toContain("[[SECRET:github-pat:");
    expectNoLeak(stdout, "stdout");
    expectNoLeak(stderr, "stderr");
  });

  it("CLI: the --out report file, markdown and JSON", async () => {
    const root = leakyRepo();
    expect((await cli(["plan", "stack", "--out", "report.md"], root)).code).toBe(2);
    const md = readFileSync(join(root, "report.md"), "utf8");
    expect(md).toContain("terraform_data.ci");
    expectNoLeak(md, "report.md");

    expect((await cli(["plan", "stack", "--format", "json", "--out", "report.json"], root)).code).toBe(2);
    const json = readFileSync(join(root, "report.json"), "utf8");
    expect(JSON.parse(json).runs[0].summary.add).toBe(1);
    expectNoLeak(json, "report.json");
  });

  it("CLI: a value is hidden because its environment variable is a secret, even where no rule sees it", async () => {
    const root = leakyRepo();
    const plain = await cli(["plan", "stack"], root);
    expect(plain.stdout).toContain(RELEASE_LABEL);
    const withSecretEnv = await cli(["plan", "stack"], root, { ...process.env, RELEASE_SECRET: RELEASE_LABEL });
    expect(withSecretEnv.stdout).not.toContain(RELEASE_LABEL);
    expect(withSecretEnv.stdout).toContain("[[SECRET:RELEASE_SECRET:");
  });

  it("CLI: a config's redact.env names more secret variables", async () => {
    const root = leakyRepo();
    const config = ["projects:", "  - name: ci", "    dir: stack", "redact:", "  env: [RELEASE_*]", ""].join("\n");
    writeFileSync(join(root, "config.yml"), config);
    const { code, stdout } = await cli(["plan", "--config", "config.yml"], root, { ...process.env, RELEASE_NAME: RELEASE_LABEL });
    expect(code).toBe(2);
    expect(stdout).not.toContain(RELEASE_LABEL);
    expect(stdout).toContain("[[SECRET:RELEASE_NAME:");
  });

  it("CLI: an unknown rule in redact.disabled_rules is a config error with a suggestion, exit 2", async () => {
    const root = leakyRepo();
    writeFileSync(join(root, "config.yml"), ["projects:", "  - name: ci", "    dir: stack", "redact:", "  disabled_rules: [github-pta]", ""].join("\n"));
    const { code, stdout, stderr } = await cli(["plan", "--config", "config.yml"], root);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('Unknown redaction rule "github-pta"');
    expect(stderr).toContain('Did you mean "github-pat"');
  });

  it("Action: job summary, outputs, report file, log and everything sent to GitHub (dist/index.js as a child)", async () => {
    const api = await new FakeGitHubApi().start();
    try {
      const fixture = join(FIXTURES, "redact", "leaky-terraform");
      const ws = gitWorkspace({ "main.tf": readFileSync(join(fixture, "main.tf"), "utf8"), "terraform.tfvars": readFileSync(join(fixture, "terraform.tfvars"), "utf8") });
      samePullRequest(api, ws);
      const temp = mkdtempSync(join(tmpdir(), "stakpak-runner-"));
      const result = await runDist({
        eventName: "issue_comment",
        payload: commentPayload("/stakpak plan"),
        workspace: ws.dir,
        apiUrl: api.url,
        temp,
        env: { RELEASE_SECRET: RELEASE_LABEL },
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.summary).toContain("terraform_data.ci");
      const report = readFileSync(result.outputs["report-path"]!, "utf8");
      // `::add-mask::` lines are commands the runner consumes and never shows; the rest is the log.
      const log = result.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n");
      const sent = api.sentTexts().join("\n");
      expect(sent).toContain("[[SECRET:");
      for (const [what, text] of [["summary", result.summary], ["outputs", result.outputFile], ["report file", report], ["log", log], ["sent to GitHub", sent]] as const) {
        expectNoLeak(text, what);
        expect(text, what).not.toContain(RELEASE_LABEL);
      }
      // The runner is told to mask the environment's secret (and its encodings) in its own log;
      // what the rules found is not announced that way.
      expect(result.stdout).toContain(`::add-mask::${RELEASE_LABEL}`);
      expect(result.stdout).not.toContain(`::add-mask::${GITHUB_TOKEN}`);
    } finally {
      await api.close();
    }
  });
});

describe("stakpak-gitops redact", () => {
  const dir = mkdtempSync(join(tmpdir(), "stakpak-redact-cli-"));
  const file = join(dir, "deploy.env");
  writeFileSync(file, `# deploy settings\nREGION=eu-west-1\nGITHUB_TOKEN=${GITHUB_TOKEN}\nAWS_SECRET_ACCESS_KEY=${AWS_SECRET}\n`);
  const clean = join(dir, "clean.txt");
  writeFileSync(clean, "nothing to see here\n");

  it("writes the redacted text and says what it found on stderr", async () => {
    const { code, stdout, stderr } = await cli(["redact", file], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# deploy settings\nREGION=eu-west-1\nGITHUB_TOKEN=\[\[SECRET:github-pat:[0-9a-f]+\]\]\nAWS_SECRET_ACCESS_KEY=\[\[SECRET:aws-secret-access-key:[0-9a-f]+\]\]\n$/);
    expect(stderr).toContain("Redacted 2 secrets (github-pat, aws-secret-access-key)");
  });

  it("--json lists rule, line and column, never the value", async () => {
    const { code, stdout } = await cli(["redact", "deploy.env", "--json"], dir);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.findings.map((f: { rule: string; line: number; column: number }) => [f.rule, f.line, f.column])).toEqual([
      ["github-pat", 3, 14],
      ["aws-secret-access-key", 4, 23],
    ]);
    expectNoLeak(stdout, "--json");
  });

  it("--fail-on-find exits 1 when something was found and 0 when not", async () => {
    expect((await cli(["redact", file, "--fail-on-find"], dir)).code).toBe(1);
    expect((await cli(["redact", clean, "--fail-on-find"], dir)).code).toBe(0);
  });

  it("reads standard input with -, through the built CLI", async () => {
    const child = execFile(process.execPath, [join(REPO, "bin", "stakpak-gitops.js"), "redact", "-"], { env: { PATH: process.env.PATH } });
    child.stdin!.end(`token: ${GITHUB_TOKEN}\n`);
    const stdout = await new Promise<string>((resolveOut, reject) => {
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      child.on("close", (code) => (code === 0 ? resolveOut(out) : reject(new Error(`exit ${code}`))));
    });
    expect(stdout).toMatch(/^token: \[\[SECRET:github-pat:[0-9a-f]+\]\]\n$/);
  });

  it("a missing file is a clear error with exit 2 and no stack trace", async () => {
    const { code, stdout, stderr } = await cli(["redact", "nope.txt"], dir);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Cannot read nope.txt: no such file.");
    expect(stderr).toContain("Hint:");
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("hides the values a terraform plan marks sensitive, given --plan-json, in the text plan", async () => {
    const plan = JSON.parse(readFileSync(join(FIXTURES, "plans", "mixed-actions.json"), "utf8"));
    const planPath = join(dir, "plan.json");
    writeFileSync(planPath, JSON.stringify(plan));
    const text = readFileSync(join(FIXTURES, "plans", "mixed-actions.txt"), "utf8");
    const textPath = join(dir, "plan.txt");
    // terraform prints a sensitive value in clear when it flows into an unmarked attribute.
    const sensitive = "s3cr3t-sensitive-value";
    writeFileSync(textPath, `${text}\n  + leaked = "${sensitive}"\n`);
    const before = await cli(["redact", textPath], dir);
    expect(before.stdout).toContain(sensitive);
    plan.variables = { ...(plan.variables ?? {}), leaky: { value: sensitive } };
    plan.configuration.root_module.variables = { ...(plan.configuration.root_module.variables ?? {}), leaky: { sensitive: true } };
    writeFileSync(planPath, JSON.stringify(plan));
    const after = await cli(["redact", textPath, "--plan-json", planPath], dir);
    expect(after.stdout).not.toContain(sensitive);
    expect(after.stdout).toContain("[[SECRET:terraform-sensitive:");
    // The plan JSON itself, redacted directly, loses the value too.
    const json = await cli(["redact", planPath], dir);
    expect(json.stdout).not.toContain(sensitive);
  });

  it("--list-rules names every rule", async () => {
    const { stdout } = await cli(["redact", "--list-rules"], dir);
    expect(stdout.trim().split("\n").length).toBeGreaterThanOrEqual(120);
    expect(stdout).toMatch(/^github-pat\s+GitHub classic personal access token$/m);
  });
});
