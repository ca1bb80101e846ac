import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/cli-io.js";
import { runCli } from "../../src/cli/main.js";
import { Redactor } from "../../src/redact/redactor.js";
import { API_KEY, SECRETS, makeAgentRepo } from "../planner/agent-fixture.js";
import { startScriptedModel, toolCalls, type ScriptedModel } from "../support/scripted-model.js";

const LOGS_TF = 'resource "terraform_data" "access_logs" {\n  input = "private"\n}\n';

function captureIo(cwd: string, env: NodeJS.ProcessEnv): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, cwd, env, redactor: new Redactor(), stdout: (t) => out.push(t.text), stderr: (t) => err.push(t.text) };
}

function agentScript(): ReturnType<typeof toolCalls>[] {
  return [
    toolCalls({ name: "edit_file", arguments: { path: "infra/staging/db.auto.tfvars", old_text: '"\n', new_text: '" # rotated quarterly\n' } }),
    toolCalls({ name: "write_file", arguments: { path: "infra/staging/logs.tf", content: LOGS_TF } }),
    toolCalls({ name: "run_command", arguments: { command: "ls infra/staging" } }),
    toolCalls({ name: "finish", arguments: { summary: "Added access logs.", commit_message: "staging: access logs" } }),
  ];
}

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

describe("stakpak-gitops agent", () => {
  const state = mkdtempSync(join(tmpdir(), "stakpak-agent-state-"));
  const env = (m: ScriptedModel): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, XDG_STATE_HOME: state, OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: m.baseUrl, OPENAI_MODEL: "scripted-model", TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE });

  it("writes the change in the working tree and prints the summary, the redacted diff and the plan", async () => {
    const root = makeAgentRepo();
    model = await startScriptedModel(agentScript(), { apiKey: API_KEY });
    const io = captureIo(root, env(model));
    const code = await runCli(["agent", "add access logs to staging"], io);
    const out = io.out.join("");
    expect(code).toBe(0);
    expect(readFileSync(join(root, "infra/staging/logs.tf"), "utf8")).toBe(LOGS_TF);
    expect(out).toContain("## Done\n\nAdded access logs.");
    expect(out).toMatch(/```diff\ndiff --git a\/infra\/staging\/db.auto.tfvars b\/infra\/staging\/db.auto.tfvars[\s\S]*-db_password = "\[\[SECRET:/);
    expect(out).toContain("+++ b/infra/staging/logs.tf");
    expect(out).toContain("terraform_data.access_logs");
    expect(out + io.err.join("")).not.toContain(SECRETS.dbPassword);
    // The command was judged and logged outside the working tree, in the run's state folder.
    const logLine = /audit log (\S+): 2 entries/.exec(io.err.join(""));
    expect(logLine?.[1]?.startsWith(state)).toBe(true);
    // The secret stayed in the file the agent edited.
    expect(readFileSync(join(root, "infra/staging/db.auto.tfvars"), "utf8")).toBe(`db_password = "${SECRETS.dbPassword}" # rotated quarterly\n`);
  }, 60_000);

  it("--remember keeps what the run proposed on the knowledge branch, and the next run finds it", async () => {
    const root = makeAgentRepo();
    const proposal = toolCalls({
      name: "propose_memories",
      arguments: { memories: [{ title: "Staging access logs go to acme-staging-access-logs", body: "Every staging bucket logs to acme-staging-access-logs; logs.tf holds the bucket.", tags: ["s3"], paths: ["infra/staging/**"] }] },
    });
    model = await startScriptedModel([...agentScript(), proposal], { apiKey: API_KEY });
    const io = captureIo(root, env(model));
    expect(await runCli(["agent", "--remember", "add access logs to staging"], io)).toBe(0);
    const added = /- added (m[0-9a-f]{6}) \(stakpak\/knowledge:memories\/m[0-9a-f]{6}\.md\)/.exec(io.out.join(""));
    expect(added, io.out.join("")).not.toBeNull();
    await model.close();

    // The next run, on the same repository: the memory is in its first prompt, with its id.
    model = await startScriptedModel([toolCalls({ name: "finish", arguments: { summary: `Already there [mem:${added![1]}].`, commit_message: "none" } })], { apiKey: API_KEY });
    expect(await runCli(["agent", "check the staging access logs bucket"], captureIo(root, env(model)))).toBe(0);
    const opening = String(model.requests[0]!.messages.find((m) => m.role === "user")?.content);
    expect(opening).toContain(`team memory [mem:${added![1]}] Staging access logs go to acme-staging-access-logs`);
    expect(model.requests[0]!.tools?.some((t) => t.type === "function" && t.function.name === "search_memory")).toBe(true);
  }, 60_000);

  it("--dry-run prints the diff and writes nothing", async () => {
    const root = makeAgentRepo();
    model = await startScriptedModel(agentScript(), { apiKey: API_KEY });
    const io = captureIo(root, env(model));
    const code = await runCli(["agent", "--dry-run", "add access logs to staging"], io);
    expect(code).toBe(0);
    expect(io.out.join("")).toContain("## Diff (dry run: nothing was written)");
    expect(existsSync(join(root, "infra/staging/logs.tf"))).toBe(false);
    expect(readFileSync(join(root, "infra/staging/db.auto.tfvars"), "utf8")).toBe(`db_password = "${SECRETS.dbPassword}"\n`);
  }, 60_000);

  it("without a key: exit 2 and an error naming OPENAI_API_KEY and llm:", async () => {
    const root = makeAgentRepo();
    const io = captureIo(root, { PATH: process.env.PATH });
    const code = await runCli(["agent", "add logs"], io);
    expect(code).toBe(2);
    const err = io.err.join("");
    expect(err).toMatch(/No API key for the model: OPENAI_API_KEY is not set/);
    expect(err).toContain("api_key_env");
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("exit 1 when the agent stops at its step limit; exit 2 for a bad --max-steps", async () => {
    const root = makeAgentRepo();
    const list = toolCalls({ name: "list_files", arguments: {} });
    model = await startScriptedModel([list, list], { apiKey: API_KEY });
    const io = captureIo(root, env(model));
    expect(await runCli(["agent", "--max-steps", "1", "look around"], io)).toBe(1);
    expect(io.out.join("")).toMatch(/## Stopped\n\nThe agent used its 1 steps/);
    const bad = captureIo(root, env(model));
    expect(await runCli(["agent", "--max-steps", "zero", "x"], bad)).toBe(2);
  });
});
