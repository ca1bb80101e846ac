import { describe, expect, it } from "vitest";
import { findOperation, responseSchema, schemaProblems } from "../support/github-openapi.js";
import { MAIN_SHA, PINNED_SHA, commentEvent, restGitRef, restPullRequest, useAppHarness } from "./app-harness.js";

const ON_ISSUE = "issue_comment.created.issue.json";
/** The comment of the issue fixture (issue #17). */
const ISSUE_COMMENT_ID = 2050000102;
const REQUEST = "add a private S3 bucket for access logs to staging";

describe("App: a request for the agent", () => {
  const gh = useAppHarness();

  it("on an issue: authorizes, reacts, pins the default branch's head and dispatches with the issue's number", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "write");
    gh.eyes(ISSUE_COMMENT_ID);
    gh.branchHead();
    gh.dispatch();

    await gh.receive("issue_comment", commentEvent(`Could the bot do this?\n/stakpak ${REQUEST}`, ON_ISSUE));

    expect(gh.dispatches()).toEqual([
      {
        ref: "main",
        inputs: {
          command: `agent ${REQUEST}`,
          trigger: "comment",
          pr_number: "17",
          head_sha: MAIN_SHA,
          comment_id: String(ISSUE_COMMENT_ID),
          requested_by: "alice",
        },
      },
    ]);
    expect(gh.replies()).toEqual([]);
    const order = gh.recorded.map((r) => `${r.method} ${r.path}`);
    // Acknowledged before the branch was read; an issue is never fetched as a pull request.
    expect(order.indexOf(`POST /repos/acme/infra/issues/comments/${ISSUE_COMMENT_ID}/reactions`)).toBeLessThan(order.indexOf("GET /repos/acme/infra/git/ref/heads/main"));
    expect(order.some((line) => line.includes("/pulls/"))).toBe(false);
  });

  it("answers the default branch's head as GitHub documents a git reference", () => {
    const op = findOperation("GET", "/repos/acme/infra/git/ref/heads%2Fmain");
    expect(op?.template).toBe("/repos/{owner}/{repo}/git/ref/{ref}");
    expect(op?.params.ref).toBe("heads/main");
    expect(schemaProblems(responseSchema(op!, 200)!, restGitRef("main", MAIN_SHA), "git-ref")).toEqual([]);
    // The check can fail: a reference without its object is not one.
    expect(schemaProblems(responseSchema(op!, 200)!, { ...restGitRef("main", MAIN_SHA), object: undefined }, "git-ref")).not.toEqual([]);
  });

  it("passes the request as typed, apostrophes and quotes included, and `ask` is the same request", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "admin");
    gh.eyes(ISSUE_COMMENT_ID);
    gh.branchHead();
    gh.dispatch();

    await gh.receive("issue_comment", commentEvent(`/stakpak ask don't make the "logs" bucket public`, ON_ISSUE));

    expect(gh.dispatches()[0]?.inputs.command).toBe(`agent don't make the "logs" bucket public`);
  });

  it("on a same-repository pull request: goes like the other workflow commands, the pull request's head pinned", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "write");
    gh.eyes();
    gh.pullRequest(restPullRequest("same-repo"));
    gh.dispatch();

    await gh.receive("issue_comment", commentEvent(`/stakpak ${REQUEST}`));

    expect(gh.dispatches().map((d) => [d.inputs.command, d.inputs.pr_number, d.inputs.head_sha])).toEqual([[`agent ${REQUEST}`, "42", PINNED_SHA]]);
    expect(gh.recorded.some((r) => r.path.includes("/git/ref/"))).toBe(false);
  });

  it("on a pull request from a fork: refused, never dispatched", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "admin");
    gh.eyes(2050000104);
    gh.pullRequest(restPullRequest("fork"), 43);
    gh.reply(43);

    await gh.receive("issue_comment", commentEvent(`/stakpak ${REQUEST}`, "issue_comment.created.fork-pull-request.json"));

    expect(gh.dispatches()).toEqual([]);
    expect(gh.replies()[0]).toContain(`:no_entry: Not run: \`/stakpak agent ${REQUEST}\`. This pull request comes from the fork \`mallory/infra\``);
  });

  it("refuses a user with read permission by default (the agent needs write)", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "read");
    gh.reply(17);

    await gh.receive("issue_comment", commentEvent(`/stakpak ${REQUEST}`, ON_ISSUE));

    expect(gh.replies()).toHaveLength(1);
    expect(gh.replies()[0]).toContain(`\`/stakpak agent ${REQUEST}\`: @alice may not run \`agent\`: it needs write (or maintain, admin) permission on the repository; @alice has read permission`);
    expect(gh.dispatches()).toEqual([]);
    expect(gh.recorded.some((r) => r.path.includes("/reactions") || r.path.includes("/git/ref/"))).toBe(false);
  });

  it("follows `authorization: agent` of the default branch: triage may, when the config says so", async () => {
    gh.token();
    gh.config("version: 1\nauthorization:\n  agent: [permission:triage]\n");
    gh.permission("alice", "triage");
    gh.eyes(ISSUE_COMMENT_ID);
    gh.branchHead();
    gh.dispatch();

    await gh.receive("issue_comment", commentEvent(`/stakpak ${REQUEST}`, ON_ISSUE));

    expect(gh.dispatches()).toHaveLength(1);
    expect(gh.replies()).toEqual([]);
  });

  it("follows `authorization: agent` of the default branch: a writer outside the team listed may not", async () => {
    gh.token();
    gh.config("version: 1\nauthorization:\n  agent: [team:platform]\n");
    gh.api().get("/orgs/acme/teams/platform/memberships/alice").reply(404, { message: "Not Found" });
    gh.reply(17);

    await gh.receive("issue_comment", commentEvent(`/stakpak ${REQUEST}`, ON_ISSUE));

    expect(gh.replies()[0]).toContain("@alice may not run `agent`: it needs membership of the team `platform`");
    expect(gh.dispatches()).toEqual([]);
  });

  it("on an issue: a request with another command gets the usage reply, without asking GitHub anything else", async () => {
    gh.token();
    gh.reply(17);

    await gh.receive("issue_comment", commentEvent(`/stakpak ${REQUEST}\n/stakpak plan`, ON_ISSUE));

    expect(gh.recorded.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /app/installations/4242/access_tokens", "POST /repos/acme/infra/issues/17/comments"]);
    expect(gh.replies()[0]).toContain("a request for the agent must be the only command of its comment");
    expect(gh.replies()[0]).toContain("put the request in a comment of its own");
  });

  it("on an issue: `ask` without a request gets the usage reply", async () => {
    gh.token();
    gh.reply(17);

    await gh.receive("issue_comment", commentEvent("/stakpak ask", ON_ISSUE));

    expect(gh.replies()[0]).toContain("`ask` needs `<request>`");
  });

  it("on an issue: leaves the other commands alone, bad ones and help included", async () => {
    await gh.receive("issue_comment", commentEvent("/stakpak plan -p network", ON_ISSUE));
    await gh.receive("issue_comment", commentEvent("/stakpak plna", ON_ISSUE));
    await gh.receive("issue_comment", commentEvent("/stakpak", ON_ISSUE));
    expect(gh.recorded).toEqual([]);
  });

  it("on an issue: says so when the default branch's head cannot be read, and dispatches nothing", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "write");
    gh.eyes(ISSUE_COMMENT_ID);
    gh.branchHead(MAIN_SHA, "main", 404);
    gh.reply(17);

    await gh.receive("issue_comment", commentEvent(`/stakpak ${REQUEST}`, ON_ISSUE));

    expect(gh.replies()[0]).toContain("Nothing was run: could not read the head commit of main");
    expect(gh.dispatches()).toEqual([]);
  });
});
