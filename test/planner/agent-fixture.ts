import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { resolveLlmSettings, type LlmSettings } from "../../src/config/llm-settings.js";
import type { MemoryIndex } from "../../src/memory/memory-index.js";
import { runAgent, type AgentOutcome } from "../../src/planner/agent-loop.js";
import { runAgentRequest, type AgentResult } from "../../src/planner/agent-request.js";
import type { AgentStep } from "../../src/planner/agent-run.js";
import { createAgentRun } from "../../src/planner/create-agent-run.js";
import { createModelClient } from "../../src/planner/model-client.js";
import type { AgentPrompt, UntrustedText } from "../../src/planner/prompt.js";
import { ToolTable } from "../../src/planner/tool-table.js";
import { Redactor } from "../../src/redact/redactor.js";
import { createWarden } from "../../src/warden/warden.js";
import { terraformTestEnv } from "../support/terraform-fixture.js";
import type { ScriptedModel } from "../support/scripted-model.js";

/** Secrets of the fixture repository: none may ever appear in a request to the model. */
export const SECRETS = {
  dbPassword: "Zq8#vLm2!pR7wK4tXs9d",
  awsSecret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ4aB8cD2e",
  envToken: "ghp_R4nd0mT0k3nF0rTh3F1xtur3Repo0123456789",
};

export const API_KEY = "sk-test-scripted-0123456789abcdefABCDEF";

/** A real git repository with a terraform project (terraform_data only) and secrets in its files. */
export function makeAgentRepo(): string {
  terraformTestEnv();
  const root = mkdtempSync(join(tmpdir(), "stakpak-agent-"));
  const files: Record<string, string> = {
    "infra/staging/main.tf": [
      'variable "environment" {',
      '  type    = string',
      '  default = "staging"',
      "}",
      "",
      'resource "terraform_data" "network" {',
      '  input = { name = "net-${var.environment}" }',
      "}",
      "",
    ].join("\n"),
    "infra/staging/db.auto.tfvars": `db_password = "${SECRETS.dbPassword}"\n`,
    "infra/staging/variables.tf": 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n',
    "docs/setup.md": `# Setup\n\nexport AWS_SECRET_ACCESS_KEY=${SECRETS.awsSecret}\n`,
    ".github/workflows/ci.yml": "name: ci\non: push\njobs: {}\n",
  };
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init");
  return root;
}

export interface AgentHarness {
  outcome: AgentOutcome;
  steps: AgentStep[];
  root: string;
}

type ScriptedOptions = { settings?: Partial<LlmSettings>; context?: UntrustedText[]; request?: string; memories?: MemoryIndex };

/** What both doors into the agent share: the environment, the redactor, Warden, the settings and the prompt. */
async function scriptedSetup(model: ScriptedModel, root: string, options: ScriptedOptions) {
  const env = { PATH: process.env.PATH, HOME: root, SCRIPTED_KEY: API_KEY, GITHUB_TOKEN: SECRETS.envToken, TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE };
  const redactor = new Redactor();
  redactor.addKnownValue("github-token", SECRETS.envToken);
  const warden = await createWarden({ workspace: root });
  const settings = resolveLlmSettings({ base_url: model.baseUrl, model: "scripted-model", api_key_env: "SCRIPTED_KEY", max_retries: 1 }, {}, { callTimeoutMs: 20_000, ...options.settings });
  const prompt: AgentPrompt = {
    request: redactor.redact(options.request ?? "add a terraform_data resource for access logs to staging"),
    requester: "@alice on issue #12 of acme/infra",
    context: options.context ?? [],
    guidance: [],
  };
  return { env, redactor, warden, settings, prompt, client: createModelClient(settings, env) };
}

/** Runs the agent on a repository against the scripted model, with the real components. */
export async function runScriptedAgent(model: ScriptedModel, root: string, options: ScriptedOptions = {}): Promise<AgentHarness> {
  const { env, redactor, warden, settings, prompt, client } = await scriptedSetup(model, root, options);
  const steps: AgentStep[] = [];
  const run = await createAgentRun({ repoRoot: root, redactor, warden, env, onStep: (s) => steps.push(s), sandbox: { timeoutMs: 20_000 } });
  const outcome = await runAgent({ client, settings, tools: new ToolTable(), run, prompt });
  return { outcome, steps, root };
}

/** The whole request as the CLI and the Action run it: the loop, then the changed files and their diff. */
export async function runScriptedRequest(model: ScriptedModel, root: string, options: ScriptedOptions = {}): Promise<AgentResult> {
  const { env, redactor, warden, settings, prompt, client } = await scriptedSetup(model, root, options);
  return runAgentRequest({ repoRoot: root, redactor, warden, env, sandbox: { timeoutMs: 20_000 }, prompt, client, settings, memories: options.memories });
}

/** The tool message the model got for its latest call, as the next request carries it. */
export function lastToolResult(request: { messages: readonly { role: string; content?: unknown }[] }): string {
  const tools = request.messages.filter((m) => m.role === "tool");
  return String(tools[tools.length - 1]?.content ?? "");
}
