import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatTerraformFiles } from "../../src/planner/format-terraform.js";
import { RepoFiles } from "../../src/planner/repo-files.js";
import { Redactor } from "../../src/redact/redactor.js";
import { startScriptedModel, toolCalls, type ScriptedModel, type ScriptedTurn } from "../support/scripted-model.js";
import { API_KEY, SECRETS, lastToolResult, makeAgentRepo, runScriptedAgent, runScriptedRequest } from "./agent-fixture.js";

/** Valid HCL laid out as a hurried model writes it: no indentation, unaligned `=`, a redundant interpolation. */
const UNTIDY_LOGS_TF = 'resource "terraform_data" "access_logs" {\ninput = {\nbucket = "access-logs-staging"\nacl="private"\n}\ntriggers_replace = "${var.environment}"\n}\n';
/** The same, as `terraform fmt` writes it. */
const TIDY_LOGS_TF = 'resource "terraform_data" "access_logs" {\n  input = {\n    bucket = "access-logs-staging"\n    acl    = "private"\n  }\n  triggers_replace = var.environment\n}\n';
/** An unclosed brace: the resource block opened on line 1 never ends. */
const BROKEN_LOGS_TF = 'resource "terraform_data" "access_logs" {\n  input = { bucket = "access-logs-staging" }\n';
/** Badly formatted, but not the agent's: it must stay as the team wrote it. */
const UNTOUCHED_TF = 'locals {\nteam="platform"\n    owner = "infra"\n}\n';

const FINISH = toolCalls({ name: "finish", arguments: { summary: "Added the access-logs resource.", commit_message: "staging: add access logs" } });

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

async function script(turns: ScriptedTurn[]): Promise<ScriptedModel> {
  model = await startScriptedModel(turns, { apiKey: API_KEY });
  return model;
}

describe("terraform fmt on the files the agent wrote", () => {
  it("formats a written file before the plan, says so, and leaves a file the agent did not touch as it is", async () => {
    const root = makeAgentRepo();
    writeFileSync(join(root, "infra/staging/team.tf"), UNTOUCHED_TF);
    const m = await script([toolCalls({ name: "write_file", arguments: { path: "infra/staging/logs.tf", content: UNTIDY_LOGS_TF } }), toolCalls({ name: "plan", arguments: {} }), FINISH]);
    const { outcome } = await runScriptedAgent(m, root);
    expect(outcome.status).toBe("finished");
    expect(readFileSync(join(root, "infra/staging/logs.tf"), "utf8")).toBe(TIDY_LOGS_TF);
    expect(readFileSync(join(root, "infra/staging/team.tf"), "utf8")).toBe(UNTOUCHED_TF);
    const plan = lastToolResult(m.requests[2]!);
    // One line names the reformatted file (and only it), then the real plan follows.
    expect(plan).toMatch(/^terraform fmt reformatted infra\/staging\/logs\.tf \(/);
    expect(plan.split("\n").filter((line) => line.includes("terraform fmt"))).toHaveLength(1);
    expect(plan).not.toContain("team.tf");
    expect(plan).not.toMatch(/^Error:/);
    expect(plan).toContain("terraform_data.access_logs");
  }, 60_000);

  it("reports HCL that does not parse as an error naming the file and line, and plans the repaired file", async () => {
    const root = makeAgentRepo();
    const m = await script([
      toolCalls({ name: "write_file", arguments: { path: "infra/staging/logs.tf", content: BROKEN_LOGS_TF } }),
      toolCalls({ name: "plan", arguments: {} }),
      toolCalls({ name: "write_file", arguments: { path: "infra/staging/logs.tf", content: UNTIDY_LOGS_TF } }),
      toolCalls({ name: "plan", arguments: {} }),
      FINISH,
    ]);
    const { outcome } = await runScriptedAgent(m, root);
    const broken = lastToolResult(m.requests[2]!);
    expect(broken).toMatch(/^Error: terraform fmt could not parse infra\/staging\/logs\.tf:1; fix the syntax/);
    expect(broken).toContain("Unclosed configuration block");
    expect(broken).toMatch(/on infra\/staging\/logs\.tf line 1, in resource "terraform_data" "access_logs"/);
    expect(broken).not.toContain("<stdin>");
    // A file that does not parse is left as written: the model repairs its own text.
    const repaired = lastToolResult(m.requests[4]!);
    expect(repaired).not.toMatch(/^Error:/);
    expect(repaired).toMatch(/^terraform fmt reformatted infra\/staging\/logs\.tf/);
    expect(repaired).toContain("terraform_data.access_logs");
    expect(outcome.status).toBe("finished");
    expect(readFileSync(join(root, "infra/staging/logs.tf"), "utf8")).toBe(TIDY_LOGS_TF);
  }, 60_000);

  it("refuses to finish on HCL that does not parse, and fails the run when the repairs run out", async () => {
    const root = makeAgentRepo();
    const m = await script([toolCalls({ name: "write_file", arguments: { path: "infra/staging/logs.tf", content: BROKEN_LOGS_TF } }), FINISH, FINISH]);
    const { outcome } = await runScriptedAgent(m, root, { settings: { maxRepairs: 1 } });
    expect(lastToolResult(m.requests[2]!)).toMatch(/^Error: Not finished: the change does not validate[\s\S]*terraform fmt could not parse infra\/staging\/logs\.tf:1[\s\S]*Unclosed configuration block/);
    expect(outcome.status).toBe("failed");
    expect(outcome.finish).toBeNull();
    expect(outcome.reason?.text).toMatch(/does not validate after 1 repairs/);
  }, 60_000);

  it("formats at finish's validation, so the change and its diff are formatted even without a plan call", async () => {
    const root = makeAgentRepo();
    writeFileSync(join(root, "infra/staging/team.tf"), UNTOUCHED_TF);
    const m = await script([toolCalls({ name: "write_file", arguments: { path: "infra/staging/logs.tf", content: UNTIDY_LOGS_TF } }), FINISH]);
    const result = await runScriptedRequest(m, root);
    expect(result.outcome.status).toBe("finished");
    expect(result.files).toEqual([{ path: "infra/staging/logs.tf", content: TIDY_LOGS_TF }]);
    expect(result.diff.text).toContain("+++ b/infra/staging/logs.tf");
    expect(result.diff.text).toContain("+    acl    = \"private\"");
    expect(result.diff.text).toContain("+  triggers_replace = var.environment");
    expect(result.diff.text).not.toContain("team.tf");
    expect(result.plan?.ok).toBe(true);
    expect(result.plan?.text.text).toMatch(/^terraform fmt reformatted infra\/staging\/logs\.tf/);
  }, 60_000);

  it("formats an edited file that holds a secret, keeping the secret on disk and out of the model's view", async () => {
    const root = makeAgentRepo();
    const m = await script([
      toolCalls({ name: "edit_file", arguments: { path: "infra/staging/db.auto.tfvars", old_text: "db_password =", new_text: 'environment="staging"\ndb_password =' } }),
      toolCalls({ name: "plan", arguments: {} }),
      toolCalls({ name: "read_file", arguments: { path: "infra/staging/db.auto.tfvars" } }),
      FINISH,
    ]);
    const result = await runScriptedRequest(m, root);
    expect(result.outcome.status).toBe("finished");
    const onDisk = readFileSync(join(root, "infra/staging/db.auto.tfvars"), "utf8");
    expect(onDisk).toBe(`environment = "staging"\ndb_password = "${SECRETS.dbPassword}"\n`);
    expect(lastToolResult(m.requests[2]!)).toMatch(/^terraform fmt reformatted infra\/staging\/db\.auto\.tfvars/);
    expect(lastToolResult(m.requests[3]!)).toMatch(/environment = "staging"[\s\S]*db_password = "\[\[SECRET:/);
    expect(result.diff.text).not.toContain(SECRETS.dbPassword);
    for (const body of m.rawBodies) expect(body).not.toContain(SECRETS.dbPassword);
  }, 60_000);
});

describe("formatTerraformFiles", () => {
  it("rewrites through RepoFiles: the original of a file is what it held before the run, not the agent's first draft", async () => {
    const root = makeAgentRepo();
    const before = readFileSync(join(root, "infra/staging/main.tf"), "utf8");
    const files = await RepoFiles.open(root);
    const draft = before.replace("  default = ", "default=");
    await files.write(await files.resolve("infra/staging/main.tf"), draft);
    await files.write(await files.resolve("docs/notes.md"), "#  not  terraform\n");
    const outcome = await formatTerraformFiles(files, new Redactor(), ["infra/staging/main.tf", "docs/notes.md"]);
    expect(outcome).toEqual({ reformatted: ["infra/staging/main.tf"], problems: [], skipped: [] });
    expect(readFileSync(join(root, "infra/staging/main.tf"), "utf8")).toBe(before);
    expect(readFileSync(join(root, "docs/notes.md"), "utf8")).toBe("#  not  terraform\n");
    expect(files.originals().get("infra/staging/main.tf")).toBe(before);
  });

  it("does not write a layout that would hold something the redactor hides and the file did not", async () => {
    const root = makeAgentRepo();
    const files = await RepoFiles.open(root);
    await files.write(await files.resolve("infra/staging/logs.tf"), UNTIDY_LOGS_TF);
    // Contrived on purpose: fmt unwraps the interpolation, and the result is a value this run hides.
    const redactor = new Redactor();
    redactor.addKnownValue("deploy-key", "triggers_replace = var.environment");
    const outcome = await formatTerraformFiles(files, redactor, ["infra/staging/logs.tf"]);
    expect(outcome.reformatted).toEqual([]);
    expect(outcome.skipped).toEqual([{ file: "infra/staging/logs.tf", reason: expect.stringMatching(/secret or a placeholder the file did not hold/) }]);
    expect(readFileSync(join(root, "infra/staging/logs.tf"), "utf8")).toBe(UNTIDY_LOGS_TF);
  });
});
