import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { runAction } from "../../src/action/run-action.js";
import { Redactor, type Redacted } from "../../src/redact/redactor.js";
import { isUserError } from "../../src/user-error.js";
import { ALNUM, BASE64, fake } from "../../src/redact/rules/fake-token.js";
import { FakeGitHubApi } from "../support/fake-github-api.js";
import { terraformTestEnv } from "../support/terraform-fixture.js";

export const REPO_ROOT = join(import.meta.dirname, "..", "..");
const WEBHOOKS = join(REPO_ROOT, "test", "fixtures", "webhooks");

/** The token the Action is given: it must never appear in anything it sends or writes. */
export const ACTION_TOKEN = `ghs_${fake("action-token", 36, ALNUM)}`;
/** Secrets the terraform project holds (tfvars of non-sensitive variables, and a sensitive one). */
export const SECRETS = {
  githubToken: `ghp_${fake("e2e-github-token", 36, ALNUM)}`,
  awsSecretKey: fake("e2e-aws-secret-key", 40, BASE64),
  dbPassword: `Pw-${fake("e2e-db-password", 24, ALNUM)}`,
};

/** A small terraform project (terraform_data only: no provider to download) holding the secrets above. */
export function terraformProjectFiles(extra: Record<string, string> = {}): Record<string, string> {
  return {
    "main.tf": [
      'variable "github_token" { type = string }',
      'variable "aws_secret_access_key" { type = string }',
      'variable "db_password" {',
      "  type      = string",
      "  sensitive = true",
      "}",
      "",
      'resource "terraform_data" "ci" {',
      '  input = { token = var.github_token, region = "eu-west-1" }',
      "}",
      "",
      'resource "terraform_data" "backup" {',
      "  input = { aws_secret_access_key = var.aws_secret_access_key }",
      "}",
      "",
      'resource "terraform_data" "db" {',
      "  input = { password = var.db_password }",
      "}",
      "",
      'output "db_password" {',
      "  value     = var.db_password",
      "  sensitive = true",
      "}",
      "",
    ].join("\n"),
    "terraform.tfvars": `github_token = "${SECRETS.githubToken}"\naws_secret_access_key = "${SECRETS.awsSecretKey}"\ndb_password = "${SECRETS.dbPassword}"\n`,
    ...extra,
  };
}

/** The headline the project above plans to (nothing applied yet). */
export const FIRST_PLAN_HEADLINE = "Plan: 3 to add";

function git(dir: string, args: string[]): string {
  return execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], { cwd: dir, encoding: "utf8", stdio: "pipe" }).trim();
}

export interface Workspace {
  dir: string;
  sha: string;
  /** Commits more files; returns the new head. */
  commit(files: Record<string, string>, message?: string): string;
  /** Moves the checkout to another commit (as a later push would leave it). */
  checkout(sha: string): void;
}

/** A git work tree holding `files`, committed: the Action's GITHUB_WORKSPACE. */
export function gitWorkspace(files: Record<string, string>): Workspace {
  const dir = mkdtempSync(join(tmpdir(), "stakpak-action-ws-"));
  git(dir, ["init", "-q"]);
  const write = (more: Record<string, string>): void => {
    for (const [path, text] of Object.entries(more)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  const commit = (more: Record<string, string>, message = "change"): string => {
    write(more);
    git(dir, ["add", "-A"]);
    git(dir, ["commit", "-q", "--allow-empty", "-m", message]);
    return git(dir, ["rev-parse", "HEAD"]);
  };
  write({ ".gitignore": ".terraform/\n*.tfstate*\n.terraform.lock.hcl\n" });
  const ws: Workspace = { dir, sha: commit(files, "initial"), commit: (f, m) => (ws.sha = commit(f, m)), checkout: (sha) => void git(dir, ["checkout", "-q", "--detach", sha]) };
  return ws;
}

/** A webhook payload from test/fixtures/webhooks (a fresh copy). */
export function webhook(name: string): any {
  return JSON.parse(readFileSync(join(WEBHOOKS, name), "utf8"));
}

export function commentPayload(body: string, options: { login?: string; association?: string; fixture?: string } = {}): any {
  const payload = webhook(options.fixture ?? "issue_comment.created.pull-request.json");
  payload.comment.body = body;
  if (options.login) {
    payload.comment.user.login = options.login;
    payload.sender.login = options.login;
  }
  if (options.association) payload.comment.author_association = options.association;
  return payload;
}

/** Everything the Action reported through its sink. */
export interface ActionReport {
  outputs: Record<string, string>;
  notices: string[];
  warnings: string[];
  failures: string[];
  log: string[];
  masked: string[];
}

export interface RunOptions {
  eventName: string;
  payload: unknown;
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/**
 * The fake GitHub API for a test file (started once, its state reset per test) and a way to run
 * the Action in this process against it, with fast retries and no write pacing.
 */
export function useActionHarness(): { api: () => FakeGitHubApi; run: (options: RunOptions) => Promise<ActionReport>; temp: () => string } {
  let api = new FakeGitHubApi();
  let temp = "";
  beforeAll(() => terraformTestEnv());
  beforeEach(async () => {
    api = await new FakeGitHubApi().start();
    temp = mkdtempSync(join(tmpdir(), "stakpak-action-tmp-"));
    vi.stubEnv("GITHUB_STEP_SUMMARY", join(temp, "summary.md"));
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await api.close();
  });
  afterAll(() => undefined);

  const run = async (options: RunOptions): Promise<ActionReport> => {
    const eventPath = join(temp, "event.json");
    writeFileSync(eventPath, JSON.stringify(options.payload));
    const inputs: Record<string, string> = { "github-token": ACTION_TOKEN, ...options.inputs };
    const env: NodeJS.ProcessEnv = {
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "acme/infra",
      GITHUB_RUN_ID: "777",
      GITHUB_WORKSPACE: options.workspace,
      RUNNER_TEMP: temp,
      ...options.env,
    };
    const report: ActionReport = { outputs: {}, notices: [], warnings: [], failures: [], log: [], masked: [] };
    const text = (r: Redacted) => r.text;
    await runAction({
      env,
      getInput: (name) => inputs[name] ?? "",
      redactor: new Redactor(),
      client: { secondMs: 1, paceWrites: false },
      sink: {
        info: (l) => report.log.push(text(l)),
        notice: (l) => report.notices.push(text(l)),
        warning: (l) => report.warnings.push(text(l)),
        setOutput: (name, value) => (report.outputs[name] = text(value)),
        fail: (m) => report.failures.push(text(m)),
        mask: (v) => report.masked.push(v),
      },
    }).catch((err: unknown) => {
      report.failures.push(`thrown: ${isUserError(err) ? err.format() : (err as Error).stack}`);
    });
    return report;
  };
  return { api: () => api, run, temp: () => temp };
}

export interface DistResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  outputFile: string;
  summary: string;
}

/** Runs the built dist/index.js as the runner would: inputs as INPUT_* variables, files for outputs and the summary. */
export async function runDist(options: RunOptions & { apiUrl: string; temp: string }): Promise<DistResult> {
  const eventPath = join(options.temp, "event.json");
  const outputFile = join(options.temp, "github-output.txt");
  const summaryFile = join(options.temp, "step-summary.md");
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const inputs: Record<string, string> = { "github-token": ACTION_TOKEN, "working-directory": ".", ...options.inputs };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE,
    CHECKPOINT_DISABLE: "1",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: "acme/infra",
    GITHUB_RUN_ID: "777",
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: options.temp,
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    ...options.env,
  };
  const child = spawn(process.execPath, [join(REPO_ROOT, "dist", "index.js")], { cwd: options.workspace, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const outputText = readFileSync(outputFile, "utf8");
  return { code, stdout, stderr, outputs: parseOutputFile(outputText), outputFile: outputText, summary: readFileSync(summaryFile, "utf8") };
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<DELIMITER`, the value, `DELIMITER`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = /^([^<]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!head) continue;
    const [, name, delimiter] = head;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
    outputs[name as string] = value.join("\n");
  }
  return outputs;
}

/** Sets up the fake API for pull request #42 of acme/infra at the workspace's head, changing these files, with alice a writer. */
export function samePullRequest(api: FakeGitHubApi, ws: Workspace, files: string[] = ["main.tf", "terraform.tfvars"]): void {
  api.addPull({ number: 42, headSha: ws.sha, files: files.map((filename) => ({ filename, status: "modified", patch: "@@ -1,1 +1,2 @@\n a\n+b" })) });
  api.state.permissions.set("alice", "write");
}
