import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { receiveHandedVariables } from "../../src/action/relaunch-scrubbed.js";
import { handedInput, scrubEnvironment } from "../../src/action/scrubbed-environment.js";
import { parseOutputFile, REPO_ROOT } from "./action-harness.js";

/** The bot's credentials as the runner hands them to the step. None may reach terraform or its parent. */
const SECRETS = {
  GITHUB_TOKEN: "ghs_scrubGithubToken0123456789abcdefABCDEF",
  ACTIONS_RUNTIME_TOKEN: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.runtimeTokenScrubTest",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidcRequestTokenScrubTest0123456789",
  OPENAI_API_KEY: "sk-proj-scrubOpenaiKey0123456789abcdefABCDEF",
  "INPUT_GITHUB-TOKEN": "ghs_scrubInputToken0123456789abcdefABCDEFG",
  "INPUT_OPENAI-API-KEY": "sk-proj-scrubInputOpenai0123456789abcdefAB",
};

/** A `terraform` that records its environment, its parent's initial environment and command line, and fails. */
function fakeTerraform(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const script = [
    "#!/bin/sh",
    `env > ${join(dir, "terraform-env.txt")}`,
    `cat /proc/$PPID/environ | tr '\\0' '\\n' > ${join(dir, "parent-environ.txt")}`,
    `tr '\\0' ' ' < /proc/$PPID/cmdline > ${join(dir, "parent-cmdline.txt")}`,
    'echo "fake terraform: no real run" >&2',
    "exit 1",
    "",
  ].join("\n");
  writeFileSync(join(bin, "terraform"), script);
  chmodSync(join(bin, "terraform"), 0o755);
  return bin;
}

/** The Action's entry (src/action/main.ts under tsx) as the runner starts dist/index.js: a real process, inputs as INPUT_*. */
async function runActionProcess(env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const loader = pathToFileURL(join(REPO_ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
  const child = spawn(process.execPath, ["--import", loader, join(REPO_ROOT, "src", "action", "main.ts")], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

describe("the Action's scrubbed environment", () => {
  it("terraform and its parent (the relaunched Action) hold none of the bot's credentials; the cloud's and TF_* pass", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stakpak-scrub-"));
    const workspace = join(dir, "ws");
    mkdirSync(workspace);
    writeFileSync(join(workspace, "main.tf"), 'resource "terraform_data" "x" {}\n');
    const bin = fakeTerraform(dir);
    const temp = join(dir, "runner-temp");
    mkdirSync(temp);
    writeFileSync(join(temp, "event.json"), "{}");
    writeFileSync(join(temp, "output.txt"), "");
    writeFileSync(join(temp, "summary.md"), "");
    const env: Record<string, string> = {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      HOME: process.env.HOME ?? "/root",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: "push",
      GITHUB_EVENT_PATH: join(temp, "event.json"),
      GITHUB_OUTPUT: join(temp, "output.txt"),
      GITHUB_STEP_SUMMARY: join(temp, "summary.md"),
      GITHUB_REPOSITORY: "acme/infra",
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
      ACTIONS_RUNTIME_URL: "https://pipelines.actions.example/abc/",
      ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/oidc",
      INPUT_COMMAND: "plan",
      "INPUT_WORKING-DIRECTORY": ".",
      AWS_SECRET_ACCESS_KEY: "awsSecretForTheStepScrubTest0123456789abc",
      TF_VAR_region: "eu-west-1",
      UNRELATED_SETTING: "not-for-terraform",
      ...SECRETS,
    };
    const result = await runActionProcess(env, workspace);

    // The relaunched Action ran with its inputs (handed over on stdin): it planned and reported the failure.
    const terraformEnv = readFileSync(join(dir, "terraform-env.txt"), "utf8");
    const parentEnv = readFileSync(join(dir, "parent-environ.txt"), "utf8");
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain("::error::Not everything succeeded: plan.");
    expect(readFileSync(join(temp, "summary.md"), "utf8")).toContain("terraform init failed");
    expect(parseOutputFile(readFileSync(join(temp, "output.txt"), "utf8"))["has-changes"]).toBe("false");

    // terraform's parent is the relaunched Action, not the launcher the runner started.
    expect(readFileSync(join(dir, "parent-cmdline.txt"), "utf8")).toContain("--stakpak-scrubbed");
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(terraformEnv, `${name} in terraform's environment`).not.toContain(value);
      expect(parentEnv, `${name} in /proc/<terraform's parent>/environ`).not.toContain(value);
    }
    expect(parentEnv).not.toMatch(/^(?:INPUT_|ACTIONS_|OPENAI_|GITHUB_TOKEN=)/m);
    // terraform gets only its allowlist: the step's cloud credentials and TF_* yes, the Action's own files and the rest no.
    expect(terraformEnv).toContain(`AWS_SECRET_ACCESS_KEY=${env.AWS_SECRET_ACCESS_KEY}`);
    expect(terraformEnv).toContain("TF_VAR_region=eu-west-1");
    expect(terraformEnv).toContain("TF_IN_AUTOMATION=1");
    expect(terraformEnv).not.toMatch(/^(?:UNRELATED_SETTING|GITHUB_OUTPUT|GITHUB_EVENT_PATH|RUNNER_TEMP)=/m);
    // The Action itself still has what it needs.
    expect(parentEnv).toMatch(/^GITHUB_OUTPUT=/m);
    expect(parentEnv).toMatch(/^GITHUB_STEP_SUMMARY=/m);
    // The tokens are masked in the runner's log even though the relaunched process never had them in its environment.
    expect(result.stdout).toContain(`::add-mask::${SECRETS.GITHUB_TOKEN}`);
    expect(result.stdout).toContain(`::add-mask::${SECRETS["INPUT_GITHUB-TOKEN"]}`);
  }, 60_000);

  it("forwards the runner's cancel (SIGTERM) to the relaunched Action and exits with its status", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stakpak-scrub-"));
    const workspace = join(dir, "ws");
    mkdirSync(workspace);
    writeFileSync(join(workspace, "main.tf"), "");
    const bin = join(dir, "bin");
    mkdirSync(bin);
    // terraform records its parent (the relaunched Action) and waits to be cancelled.
    writeFileSync(join(bin, "terraform"), `#!/bin/sh\necho $$ > ${join(dir, "terraform.pid")}\necho $PPID > ${join(dir, "action.pid")}\nexec sleep 30\n`);
    chmodSync(join(bin, "terraform"), 0o755);
    writeFileSync(join(dir, "event.json"), "{}");
    const loader = pathToFileURL(join(REPO_ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
    const launcher = spawn(process.execPath, ["--import", loader, join(REPO_ROOT, "src", "action", "main.ts")], {
      cwd: workspace,
      env: { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: process.env.HOME ?? "/root", GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: join(dir, "event.json"), GITHUB_WORKSPACE: workspace, RUNNER_TEMP: dir, INPUT_COMMAND: "plan", ...SECRETS },
      stdio: ["ignore", "ignore", "ignore"],
    });
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => launcher.on("close", (code, signal) => resolve({ code, signal })));
    const pidFile = join(dir, "action.pid");
    for (let waited = 0; !existsSync(pidFile) || readFileSync(pidFile, "utf8").trim() === ""; waited += 50) {
      if (waited > 30_000) throw new Error("the relaunched Action never started terraform");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const actionPid = Number(readFileSync(pidFile, "utf8").trim());
    expect(actionPid).not.toBe(launcher.pid);
    launcher.kill("SIGTERM");
    // The relaunched Action died of the forwarded SIGTERM: 128 + 15, passed on by the launcher.
    expect(await closed).toEqual({ code: 143, signal: null });
    expect(() => process.kill(actionPid, 0)).toThrow();
    // terraform outlives a killed Action (as it would without the relaunch); end the sleep this test started.
    process.kill(Number(readFileSync(join(dir, "terraform.pid"), "utf8").trim()), "SIGKILL");
  }, 60_000);

  it("removes inputs, runtime tokens, OpenAI variables and GitHub tokens, and hands them over as the inputs @actions/core reads", async () => {
    const { env, removed } = scrubEnvironment({ ...SECRETS, "INPUT_WORKING-DIRECTORY": " infra ", INPUT_MODE: "run", GITHUB_OUTPUT: "/o", AWS_REGION: "eu-west-1", GH_TOKEN: "gho_x" });
    expect(Object.keys(env).sort()).toEqual(["AWS_REGION", "GITHUB_OUTPUT"]);
    expect(Object.keys(removed).sort()).toEqual([...Object.keys(SECRETS), "GH_TOKEN", "INPUT_MODE", "INPUT_WORKING-DIRECTORY"].sort());
    expect(handedInput(removed, "github-token")).toBe(SECRETS["INPUT_GITHUB-TOKEN"]);
    expect(handedInput(removed, "working-directory")).toBe("infra");
    expect(handedInput(removed, "prefix")).toBe("");

    const stdin = new PassThrough();
    stdin.end(JSON.stringify(removed));
    expect(await receiveHandedVariables(stdin)).toEqual(removed);
    const bad = new PassThrough();
    bad.end("not json");
    await expect(receiveHandedVariables(bad)).rejects.toThrow(/did not receive its inputs/);
  });
});
