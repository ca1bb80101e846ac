import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { secondaryRateLimit } from "../support/fake-github-api.js";
import { commentPayload, FIRST_PLAN_HEADLINE, gitWorkspace, samePullRequest, terraformProjectFiles, useActionHarness } from "./action-harness.js";

/** issue_comment in the Action: parse → authorize → eyes → pin (forks refused) → run, against the fake API. */
describe("issue_comment", () => {
  const h = useActionHarness();

  it("refuses a user without the permission the command needs, and runs nothing", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    samePullRequest(h.api(), ws);
    h.api().state.permissions.set("mallory", "read");
    const report = await h.run({ eventName: "issue_comment", payload: commentPayload("/stakpak plan", { login: "mallory", association: "CONTRIBUTOR" }), workspace: ws.dir });
    expect(report.failures).toEqual([]);
    const [reply, ...more] = h.api().state.comments;
    expect(more).toEqual([]);
    expect(reply?.body).toContain("Nothing was run");
    expect(reply?.body).toContain("@mallory may not run `plan`");
    expect(h.api().state.reactions).toEqual([]);
    expect(h.api().state.checkRuns).toEqual([]);
    expect(h.api().calls("GET", /\/pulls\/42$/)).toEqual([]);
    expect(existsSync(join(ws.dir, ".terraform"))).toBe(false);
  });

  it("fails the step when a team: role cannot be checked with GITHUB_TOKEN, and passes a writer who needs no team", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    samePullRequest(h.api(), ws);
    h.api().state.contents.set("main:.stakpak/config.yml", "version: 1\nauthorization:\n  plan: [permission:admin, team:platform]\n");
    const report = await h.run({ eventName: "issue_comment", payload: commentPayload("/stakpak plan"), workspace: ws.dir });
    expect(report.failures).toHaveLength(1);
    expect(report.outputs["plan-summary"]).toBe("who may run these commands could not be checked; nothing was run");
    const reply = h.api().state.comments.at(-1)?.body ?? "";
    expect(reply).toContain("`team:acme/platform` cannot be checked with the workflow's GITHUB_TOKEN");
    expect(reply).toContain("actions/create-github-app-token");
    // The permission was asked first (it is cheaper); only the team could not be.
    expect(h.api().calls("GET", /collaborators\/alice\/permission/)).toHaveLength(1);
    expect(h.api().state.checkRuns).toEqual([]);

    h.api().state.permissions.set("alice", "admin");
    h.api().state.comments.length = 0;
    const allowed = await h.run({ eventName: "issue_comment", payload: commentPayload("/stakpak plan"), workspace: ws.dir });
    expect(allowed.failures).toEqual([]);
    expect(h.api().calls("GET", /teams/)).toEqual([]);
  }, 60_000);

  it("refuses a fork's pull request before checking anything out", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    api.addPull({ number: 43, headSha: "c".repeat(40), headRepo: "mallory/infra" });
    api.state.permissions.set("alice", "maintain");
    const payload = commentPayload("/stakpak plan", { fixture: "issue_comment.created.fork-pull-request.json" });
    payload.comment.user.login = "alice";
    payload.sender.login = "alice";
    const report = await h.run({ eventName: "issue_comment", payload, workspace: ws.dir });
    expect(report.failures).toEqual([]);
    expect(api.state.comments).toHaveLength(1);
    expect(api.state.comments[0]?.body).toContain("the fork `mallory/infra`");
    expect(api.state.comments[0]?.body).toContain("refused on forks");
    expect(api.state.checkRuns).toEqual([]);
    expect(existsSync(join(ws.dir, ".terraform"))).toBe(false);
  });

  it("answers a bad command with its usage and runs nothing", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    samePullRequest(h.api(), ws);
    const report = await h.run({ eventName: "issue_comment", payload: commentPayload("/stakpak plan --force\n/stakpak deploy"), workspace: ws.dir });
    expect(report.failures).toEqual([]);
    const body = h.api().state.comments[0]?.body ?? "";
    expect(body).toContain("Nothing was run: this comment has 2 problems");
    expect(body).toContain("unknown flag `--force`");
    // The hint writes the usage out, so it is not repeated on a usage line.
    expect(body).toContain("write `/stakpak deploy <env> [-p PROJECT] [--target ADDR]...`");
    expect(body).not.toContain("usage: `/stakpak deploy");
    expect(h.api().state.reactions).toEqual([{ commentId: 2050000101, content: "confused" }]);
    expect(h.api().calls("GET", /collaborators/)).toEqual([]);
  });

  it("ignores comments of bots and comments without a command, with a notice", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const bot = await h.run({ eventName: "issue_comment", payload: commentPayload("/stakpak plan", { login: "github-actions[bot]" }), workspace: ws.dir });
    expect(bot.notices.join()).toContain("comments of bots are never commands");
    const chat = await h.run({ eventName: "issue_comment", payload: commentPayload("looks good, `/stakpak plan` later"), workspace: ws.dir });
    expect(chat.notices.join()).toContain("no command");
    expect(h.api().requests).toEqual([]);
    expect(chat.outputs).toEqual({ "has-changes": "false", "plan-summary": "", "report-path": "" });
  });

  it("plans the pinned head even when the checkout is elsewhere, and retries 5xx and a secondary rate limit", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const pinned = ws.sha;
    ws.commit({ "later.tf": "# not planned\n" });
    ws.checkout(pinned);
    const other = ws.commit({ "other.tf": 'resource "terraform_data" "stray" {}\n' });
    ws.checkout(other);
    const api = h.api();
    api.addPull({ number: 42, headSha: pinned, files: [{ filename: "main.tf" }] });
    api.state.permissions.set("alice", "write");
    api.fail({ method: "GET", path: /\/pulls\/42$/, status: 502, times: 2 });
    api.fail({ method: "POST", path: /\/check-runs$/, ...secondaryRateLimit(1) });
    api.fail({ method: "POST", path: /\/issues\/42\/comments$/, status: 500 });

    const report = await h.run({ eventName: "issue_comment", payload: commentPayload("/stakpak plan"), workspace: ws.dir });
    expect(report.failures).toEqual([]);
    // The pin (retried), then the next step's read of what an apply would still need.
    expect(api.calls("GET", /\/pulls\/42$/).map((r) => r.status)).toEqual([502, 502, 200, 200]);
    expect(api.calls("POST", /\/check-runs$/).map((r) => r.status)).toEqual([403, 201]);
    expect(api.calls("POST", /\/issues\/42\/comments$/).map((r) => r.status)).toEqual([500, 201]);
    const status = api.state.comments.find((c) => c.body.includes('"cmd":"plan"'));
    expect(status?.body).toContain(FIRST_PLAN_HEADLINE);
    expect(status?.body).toContain(`"sha":"${pinned}"`);
    expect(status?.body).not.toContain("stray");
    expect(report.outputs["has-changes"]).toBe("true");
  }, 60_000);

  it("reports an API that keeps failing as a failed step", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    samePullRequest(h.api(), ws);
    h.api().fail({ method: "GET", path: /\/collaborators\//, status: 503, times: 10 });
    const report = await h.run({ eventName: "issue_comment", payload: commentPayload("/stakpak plan"), workspace: ws.dir });
    expect(h.api().calls("GET", /\/collaborators\//).map((r) => r.status)).toEqual([503, 503, 503, 503]);
    expect(h.api().state.comments[0]?.body).toContain("could not check who may run these commands");
    expect(h.api().state.checkRuns).toEqual([]);
    expect(report.outputs["has-changes"]).toBe("false");
  });

  it("runs help on a pull request without pinning anything", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    samePullRequest(h.api(), ws);
    await h.run({ eventName: "issue_comment", payload: commentPayload("/stakpak help"), workspace: ws.dir });
    expect(h.api().state.comments[0]?.body).toContain("#### stakpak commands");
    expect(h.api().state.reactions).toEqual([{ commentId: 2050000101, content: "eyes" }]);
  });
});
