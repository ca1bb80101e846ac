import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { startScriptedModel, toolCalls, type ScriptedModel } from "../support/scripted-model.js";
import { ACTION_TOKEN, commentPayload, gitWorkspace, samePullRequest, SECRETS, terraformProjectFiles, useActionHarness } from "./action-harness.js";
import { ISSUE_BRANCH, LOGS_TF_FORMATTED, MODEL_KEY, mirrorWorkspace, modelInputs, REQUEST, writeAndFinishScript } from "./agent-fixture.js";

/**
 * Issue 10, items 1 and 7: a request for the agent in a comment, in the Action, against the fake
 * GitHub API and a scripted model on 127.0.0.1, with a real terraform project holding secrets.
 */
describe("the agent in the Action", () => {
  const h = useActionHarness();
  let model: ScriptedModel | undefined;
  afterEach(async () => {
    await model?.close();
    model = undefined;
  });

  const issueComment = (body: string, login = "alice") => commentPayload(body, { fixture: "issue_comment.created.issue.json", login });

  it("on an issue: a progress comment edited in place, a stakpak/<issue>-<slug> branch committed through the Git data API, a pull request closing the issue, its plan review, and the transcript", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    api.addIssue({ number: 17, title: "Access logs for staging", body: `We need them. The old token was ${SECRETS.githubToken}.` });
    api.state.permissions.set("alice", "write");
    mirrorWorkspace(api, ws, "main");
    model = await startScriptedModel(writeAndFinishScript(), { apiKey: MODEL_KEY });

    const report = await h.run({ eventName: "issue_comment", payload: issueComment(`/stakpak ${REQUEST}`), workspace: ws.dir, inputs: modelInputs(model.baseUrl) });
    expect(report.failures).toEqual([]);

    // One progress comment on the issue, created first and edited to its end.
    const onIssue = api.state.comments.filter((c) => c.issueNumber === 17);
    expect(onIssue).toHaveLength(1);
    const progress = onIssue[0]!;
    expect(progress.body).toContain("stakpak agent finished");
    expect(progress.body).toContain("Added `terraform_data.access_logs`");
    expect(api.calls("PATCH", new RegExp(`/issues/comments/${progress.id}$`)).length).toBeGreaterThanOrEqual(1);
    expect(api.state.reactions).toEqual([{ commentId: 2050000102, content: "eyes" }]);

    // The branch holds the base commit and the agent's file, formatted; nothing else changed.
    const branchFiles = api.git.filesAt(ISSUE_BRANCH);
    expect(branchFiles["logs.tf"]).toBe(LOGS_TF_FORMATTED);
    expect(branchFiles["main.tf"]).toBe(readFileSync(`${ws.dir}/main.tf`, "utf8"));
    const head = api.git.refs.get(`heads/${ISSUE_BRANCH}`)!;
    expect(api.git.commit(head)).toMatchObject({ parents: [ws.sha], message: "Add a private access logs bucket for staging" });
    expect(api.git.refs.get("heads/main")).toBe(ws.sha);

    // The pull request links the issue and links back from the progress comment.
    const pull = [...api.state.pulls.values()].find((p) => p.headRef === ISSUE_BRANCH)!;
    expect(pull).toMatchObject({ baseRef: "main", headSha: head, title: "Add a private access logs bucket for staging" });
    expect(pull.body).toContain("Closes #17");
    expect(progress.body).toContain(`[#${pull.number}](https://github.com/acme/infra/pull/${pull.number})`);

    // The usual plan review, on the new pull request's head: 3 resources there were, 1 the agent added.
    const status = api.state.comments.filter((c) => c.issueNumber === pull.number && c.body.includes('"cmd":"plan"'));
    expect(status).toHaveLength(1);
    expect(status[0]?.body).toContain("4 to add");
    expect(status[0]?.body).toContain("**Next step:** comment `/stakpak apply -p ");
    expect(status[0]?.body).toContain("the pull request is not approved");
    expect(api.state.reviewsPosted.map((r) => r.commit_id)).toEqual([head]);

    // The redacted transcript: a file for the artifact, and the job summary.
    const transcriptPath = report.outputs["transcript-path"]!;
    expect(transcriptPath.startsWith(h.temp())).toBe(true);
    const transcript = readFileSync(transcriptPath, "utf8");
    expect(transcript).toContain("→ write_file");
    expect(readFileSync(`${h.temp()}/summary.md`, "utf8")).toContain("stakpak agent: finished after 4 model calls");

    // No secret reached the model, GitHub, the transcript or the log; the model's key went only to the model.
    const everything = [...model.rawBodies, ...api.sentTexts(), transcript, ...report.log, ...report.notices, ...report.warnings].join("\n");
    for (const secret of [...Object.values(SECRETS), ACTION_TOKEN, MODEL_KEY]) expect(everything).not.toContain(secret);
    expect(model.authorizations.every((a) => a === `Bearer ${MODEL_KEY}`)).toBe(true);
    expect(api.requests.every((r) => r.headers.authorization === `token ${ACTION_TOKEN}`)).toBe(true);
    // The issue's body reached the model as data, redacted.
    expect(model.rawBodies[0]).toContain("We need them.");
    expect(api.unknownRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  }, 120_000);

  it("on an issue, dispatched by the App: starts from the default branch commit the App pinned", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const pinned = ws.sha;
    const api = h.api();
    api.addIssue({ number: 17 });
    mirrorWorkspace(api, ws, "main");
    api.state.comments.push({ id: 2050000102, node_id: "IC_2", issueNumber: 17, body: `/stakpak ${REQUEST}`, user: { login: "alice" }, author_association: "MEMBER", minimized: false });
    // The workflow's checkout is a later commit of the default branch: the Action goes back to the pinned one.
    ws.commit({ "later.tf": "# a later commit\n" });
    model = await startScriptedModel(writeAndFinishScript(), { apiKey: MODEL_KEY });
    const inputs = { command: `agent ${REQUEST}`, trigger: "comment", pr_number: "17", head_sha: pinned, comment_id: "2050000102", requested_by: "alice" };
    const payload = { inputs, repository: commentPayload("").repository, sender: { login: "stakpak[bot]", type: "Bot" } };
    const report = await h.run({ eventName: "workflow_dispatch", payload, workspace: ws.dir, inputs: { ...modelInputs(model.baseUrl), "app-bot": "stakpak[bot]" } });
    expect(report.failures).toEqual([]);
    const head = api.git.refs.get(`heads/${ISSUE_BRANCH}`)!;
    expect(api.git.commit(head)?.parents).toEqual([pinned]);
    expect(Object.keys(api.git.filesAt(head))).not.toContain("later.tf");
    expect([...api.state.pulls.values()].some((p) => p.headRef === ISSUE_BRANCH)).toBe(true);
  }, 120_000);

  it("a second request with the same words on the same issue commits on its branch and links the pull request already open", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    api.addIssue({ number: 17 });
    api.state.permissions.set("alice", "write");
    mirrorWorkspace(api, ws, "main");
    model = await startScriptedModel(writeAndFinishScript(), { apiKey: MODEL_KEY });
    expect((await h.run({ eventName: "issue_comment", payload: issueComment(`/stakpak ${REQUEST}`), workspace: ws.dir, inputs: modelInputs(model.baseUrl) })).failures).toEqual([]);
    await model.close();
    const first = api.git.refs.get(`heads/${ISSUE_BRANCH}`)!;

    const again = writeAndFinishScript();
    again[1] = toolCalls({ name: "write_file", arguments: { path: "logs_retention.tf", content: 'resource "terraform_data" "logs_retention" {\n  input = { days = 90 }\n}\n' } });
    model = await startScriptedModel(again, { apiKey: MODEL_KEY });
    const report = await h.run({ eventName: "issue_comment", payload: issueComment(`/stakpak ${REQUEST}`), workspace: ws.dir, inputs: modelInputs(model.baseUrl) });
    expect(report.failures).toEqual([]);
    const head = api.git.refs.get(`heads/${ISSUE_BRANCH}`)!;
    expect(api.git.commit(head)?.parents).toEqual([first]);
    const pulls = [...api.state.pulls.values()].filter((p) => p.headRef === ISSUE_BRANCH);
    expect(pulls).toHaveLength(1);
    const replies = api.state.comments.filter((c) => c.issueNumber === 17 && c.body.includes("stakpak agent finished"));
    expect(replies).toHaveLength(2);
    expect(replies[1]?.body).toContain(`[#${pulls[0]!.number}]`);
  }, 120_000);

  it("on a pull request: one commit on its branch, on the pinned head, then its plan review", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    samePullRequest(api, ws);
    mirrorWorkspace(api, ws, "feature/logs");
    model = await startScriptedModel(writeAndFinishScript(), { apiKey: MODEL_KEY });

    const report = await h.run({ eventName: "issue_comment", payload: commentPayload(`/stakpak ask ${REQUEST}`), workspace: ws.dir, inputs: modelInputs(model.baseUrl) });
    expect(report.failures).toEqual([]);
    const head = api.git.refs.get("heads/feature/logs")!;
    expect(head).not.toBe(ws.sha);
    expect(api.git.commit(head)?.parents).toEqual([ws.sha]);
    expect(api.git.filesAt(head)["logs.tf"]).toBe(LOGS_TF_FORMATTED);
    expect(api.calls("POST", /\/pulls$/)).toEqual([]);
    const progress = api.state.comments.find((c) => c.issueNumber === 42 && c.body.includes("stakpak agent"))!;
    expect(progress.body).toContain("stakpak agent finished");
    expect(progress.body).toContain(`Commit: [\`${head.slice(0, 7)}\`]`);
    expect(api.state.reviewsPosted.map((r) => r.commit_id)).toEqual([head]);
  }, 120_000);

  it("does not commit over a push made while it worked, and says why", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    samePullRequest(api, ws);
    mirrorWorkspace(api, ws, "feature/logs");
    const pushed = api.git.seedBranch("feature/logs", { "main.tf": "# pushed meanwhile\n" }, ws.sha);
    model = await startScriptedModel(writeAndFinishScript(), { apiKey: MODEL_KEY });

    const report = await h.run({ eventName: "issue_comment", payload: commentPayload(`/stakpak ${REQUEST}`), workspace: ws.dir, inputs: modelInputs(model.baseUrl) });
    expect(report.failures).toHaveLength(1);
    expect(api.git.refs.get("heads/feature/logs")).toBe(pushed);
    const progress = api.state.comments.find((c) => c.body.includes("stakpak agent"))!;
    expect(progress.body).toContain("stakpak agent failed");
    expect(progress.body).toContain("feature/logs moved on while the agent worked");
    expect(api.state.reviewsPosted).toEqual([]);
  }, 120_000);

  it("refuses a reader (agent needs write by default) and runs no model", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    api.addIssue({ number: 17 });
    api.state.permissions.set("mallory", "read");
    model = await startScriptedModel([], { apiKey: MODEL_KEY });
    const report = await h.run({ eventName: "issue_comment", payload: issueComment(`/stakpak ${REQUEST}`, "mallory"), workspace: ws.dir, inputs: modelInputs(model.baseUrl) });
    expect(report.failures).toEqual([]);
    expect(api.state.comments.map((c) => c.body).join("\n")).toContain("@mallory may not run `agent");
    expect(model.requests).toEqual([]);
    expect(api.git.refs.size).toBe(0);
  });

  it("explains a missing API key in the progress comment, and fails the step", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    api.addIssue({ number: 17 });
    api.state.permissions.set("alice", "write");
    const report = await h.run({ eventName: "issue_comment", payload: issueComment(`/stakpak ${REQUEST}`), workspace: ws.dir });
    expect(report.failures).toHaveLength(1);
    const progress = api.state.comments.find((c) => c.body.includes("stakpak agent"))!;
    expect(progress.body).toContain("stakpak agent failed");
    const shown = progress.body.replace(/\\(?=[_*\\])/g, "");
    expect(shown).toContain("No API key for the model: OPENAI_API_KEY is not set.");
    expect(shown).toContain("Hint: set OPENAI_API_KEY (in the Action: the openai-api-key input from a secret)");
    expect(shown).toContain("`llm: { api_key_env: ... }`");
  });

  it("reads the model from the default branch's llm:, and the issue's other commands are not run", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    api.addIssue({ number: 17 });
    api.state.permissions.set("alice", "write");
    api.state.contents.set("main:.stakpak/config.yml", "version: 1\nllm:\n  model: team-model\n  max_steps: 1\n");
    mirrorWorkspace(api, ws, "main");
    model = await startScriptedModel([toolCalls({ name: "list_files", arguments: {} })], { apiKey: MODEL_KEY });
    const inputs = modelInputs("");
    delete inputs.model;
    inputs["openai-base-url"] = model.baseUrl;
    const report = await h.run({ eventName: "issue_comment", payload: issueComment(`/stakpak ${REQUEST}`), workspace: ws.dir, inputs });
    expect(model.requests.map((r) => r.model)).toEqual(["team-model"]);
    const progress = api.state.comments.find((c) => c.body.includes("stakpak agent"))!;
    expect(progress.body).toContain("stakpak agent stopped");
    expect(report.failures).toHaveLength(1);
    expect(api.git.refs.has(`heads/${ISSUE_BRANCH}`)).toBe(false);

    const other = await h.run({ eventName: "issue_comment", payload: issueComment("/stakpak plan"), workspace: ws.dir });
    expect(other.notices.join("\n")).toContain("only requests for the agent are read on issues");
  });
});
