import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHubApi } from "../support/fake-github-api.js";
import { terraformTestEnv } from "../support/terraform-fixture.js";
import { ACTION_TOKEN, commentPayload, FIRST_PLAN_HEADLINE, gitWorkspace, runDist, samePullRequest, SECRETS, terraformProjectFiles } from "./action-harness.js";

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
});
