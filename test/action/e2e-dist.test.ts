import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHubApi } from "../support/fake-github-api.js";
import { terraformTestEnv } from "../support/terraform-fixture.js";
import { startScriptedModel } from "../support/scripted-model.js";
import { ACTION_TOKEN, commentPayload, FIRST_PLAN_HEADLINE, gitWorkspace, runDist, samePullRequest, SECRETS, terraformProjectFiles } from "./action-harness.js";
import { ISSUE_BRANCH, LOGS_TF_FORMATTED, MODEL_KEY, mirrorWorkspace, modelInputs, REQUEST, writeAndFinishScript } from "./agent-fixture.js";

/**
 * Issue 5, item 9: the built dist/index.js, run as the runner runs it, on an `issue_comment`
 * "/stakpak plan" of a same-repository pull request, against a GitHub API played by an HTTP
 * server on 127.0.0.1, with a real terraform project holding secrets.
 */
describe("dist/index.js end to end", () => {
  let api: FakeGitHubApi;
  let temp: string;
  beforeAll(() => terraformTestEnv());
  beforeEach(async () => {
    api = await new FakeGitHubApi().start();
    temp = mkdtempSync(join(tmpdir(), "stakpak-e2e-"));
  });
  afterEach(async () => api.close());

  it("plans on /stakpak plan and posts the headline, with no secret anywhere", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    samePullRequest(api, ws);
    const result = await runDist({ eventName: "issue_comment", payload: commentPayload("/stakpak plan"), workspace: ws.dir, apiUrl: api.url, temp });
    expect(result.stderr).toBe("");
    expect(result.code, result.stdout).toBe(0);

    // Acknowledged, planned on the pinned head, and published: status comment, review, check run.
    expect(api.state.reactions).toEqual([{ commentId: 2050000101, content: "eyes" }]);
    const status = api.state.comments.filter((c) => c.body.includes('"cmd":"plan"'));
    expect(status).toHaveLength(1);
    expect(status[0]?.body).toContain(FIRST_PLAN_HEADLINE);
    expect(status[0]?.body).toContain(`"sha":"${ws.sha}"`);
    expect(api.state.reviewsPosted).toHaveLength(1);
    expect(api.state.reviewsPosted[0]).toMatchObject({ event: "COMMENT", commit_id: ws.sha });
    expect(api.state.reviewsPosted[0]?.body).toContain(FIRST_PLAN_HEADLINE);
    expect(api.state.checkRuns).toHaveLength(1);
    expect(api.state.checkRuns[0]).toMatchObject({ head_sha: ws.sha, conclusion: "neutral" });
    expect(result.summary).toContain(FIRST_PLAN_HEADLINE);
    expect(result.outputs["has-changes"]).toBe("true");
    expect(result.outputs["plan-summary"]).toContain(FIRST_PLAN_HEADLINE);
    const reportPath = result.outputs["report-path"] as string;
    expect(reportPath.startsWith(temp)).toBe(true);
    const report = readFileSync(reportPath, "utf8");
    expect(report).toContain(FIRST_PLAN_HEADLINE);
    // The non-sensitive variables' values are in the plan, so the redactor had something to hide.
    expect(status[0]?.body).toMatch(/token/);

    // No secret in anything sent to GitHub, written for the runner, or logged (masking commands aside).
    const everything = [
      ...api.sentTexts(),
      ...api.state.comments.map((c) => c.body),
      ...api.state.reviewsPosted.map((r) => JSON.stringify(r)),
      ...api.state.checkRuns.map((c) => JSON.stringify(c)),
      result.summary,
      result.outputFile,
      report,
      result.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n"),
      result.stderr,
    ].join("\n");
    for (const secret of [...Object.values(SECRETS), ACTION_TOKEN]) expect(everything).not.toContain(secret);
    // The token went only where it belongs: the Authorization header.
    expect(api.requests.every((r) => r.headers.authorization === `token ${ACTION_TOKEN}`)).toBe(true);
    expect(api.unknownRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  }, 120_000);

  it("answers a request for the agent on an issue: HCL that validates and plans, a pull request, the progress comment edited, no secret anywhere", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    api.addIssue({ number: 17, title: "Access logs for staging", body: `Use the token ${SECRETS.githubToken} if needed.` });
    api.state.permissions.set("alice", "write");
    mirrorWorkspace(api, ws, "main");
    const model = await startScriptedModel(writeAndFinishScript(), { apiKey: MODEL_KEY });
    try {
      const payload = commentPayload(`/stakpak ${REQUEST}`, { fixture: "issue_comment.created.issue.json" });
      const result = await runDist({ eventName: "issue_comment", payload, workspace: ws.dir, apiUrl: api.url, temp, inputs: modelInputs(model.baseUrl) });
      expect(result.stderr).toBe("");
      expect(result.code, result.stdout).toBe(0);

      // The agent's plan ran real terraform (validate and plan) on the HCL it wrote, formatted.
      const planResults = model.requests.flatMap((r) => r.messages).filter((m) => m.role === "tool").map((m) => String(m.content));
      expect(planResults.some((c) => c.includes("4 to add"))).toBe(true);
      expect(api.git.filesAt(ISSUE_BRANCH)["logs.tf"]).toBe(LOGS_TF_FORMATTED);
      const pull = [...api.state.pulls.values()].find((p) => p.headRef === ISSUE_BRANCH)!;
      expect(pull.body).toContain("Closes #17");
      const progress = api.state.comments.filter((c) => c.issueNumber === 17);
      expect(progress).toHaveLength(1);
      expect(progress[0]?.body).toContain("stakpak agent finished");
      expect(api.calls("PATCH", new RegExp(`/issues/comments/${progress[0]?.id}$`)).length).toBeGreaterThanOrEqual(1);
      expect(api.state.comments.some((c) => c.issueNumber === pull.number && c.body.includes("4 to add"))).toBe(true);
      expect(result.outputs["transcript-path"]).toBe(join(temp, "transcript.md"));
      expect(result.summary).toContain("stakpak agent: finished");

      const everything = [
        ...model.rawBodies,
        ...api.sentTexts(),
        readFileSync(join(temp, "transcript.md"), "utf8"),
        result.summary,
        result.outputFile,
        result.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n"),
      ].join("\n");
      for (const secret of [...Object.values(SECRETS), ACTION_TOKEN, MODEL_KEY]) expect(everything).not.toContain(secret);
      expect(api.unknownRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    } finally {
      await model.close();
    }
  }, 180_000);
});
