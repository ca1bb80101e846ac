import { describe, expect, it } from "vitest";
import { PINNED_SHA, commentEvent, fixture, restPullRequest, useAppHarness } from "./app-harness.js";

describe("App: issue_comment.created on a pull request", () => {
  const gh = useAppHarness();

  it("plan: acknowledges with eyes and dispatches the workflow on the default branch with the head SHA pinned at acceptance", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "write");
    gh.eyes();
    gh.pullRequest(restPullRequest("same-repo"));
    gh.dispatch();

    await gh.receive("issue_comment", commentEvent("Ready for a plan.\n/stakpak plan -p network"));

    expect(gh.dispatches()).toEqual([
      {
        ref: "main",
        inputs: {
          command: "plan -p network",
          trigger: "comment",
          pr_number: "42",
          head_sha: PINNED_SHA,
          comment_id: "2050000101",
          requested_by: "alice",
        },
      },
    ]);
    expect(gh.replies()).toEqual([]);
    // Acknowledged before the pull request was read and the workflow started.
    const order = gh.recorded.map((r) => `${r.method} ${r.path.split("?")[0]}`);
    expect(order.indexOf("POST /repos/acme/infra/issues/comments/2050000101/reactions")).toBeLessThan(order.indexOf("GET /repos/acme/infra/pulls/42"));
  });

  it("runs several commands of one comment in order: one dispatch holding them all", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "maintain");
    gh.eyes();
    gh.pullRequest(restPullRequest("same-repo"));
    gh.reply();
    gh.dispatch();

    await gh.receive("issue_comment", commentEvent("/stakpak plan -p network -e staging\n/stakpak help\n/stakpak deploy staging -p network --target 'aws_s3_bucket.logs'"));

    expect(gh.dispatches().map((d) => d.inputs.command)).toEqual(["plan -p network -e staging\ndeploy staging -p network --target aws_s3_bucket.logs"]);
    expect(gh.replies()).toHaveLength(1);
    expect(gh.replies()[0]).toContain("#### stakpak commands");
    // The permission was asked once for three commands.
    expect(gh.recorded.filter((r) => r.path.includes("/permission"))).toHaveLength(1);
  });

  it("refuses an unauthorized user: a reply says what was needed, nothing runs, no reaction", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "write");
    gh.reply();

    await gh.receive("issue_comment", commentEvent("/stakpak plan\n/stakpak apply"));

    expect(gh.replies()).toHaveLength(1);
    const reply = gh.replies()[0]!;
    expect(reply).toContain("Nothing was run");
    expect(reply).toContain("`/stakpak apply`: @alice may not run `apply`: it needs maintain (or admin) permission on the repository; @alice has write permission");
    expect(reply).not.toContain("`/stakpak plan`:");
    expect(gh.dispatches()).toEqual([]);
    expect(gh.recorded.some((r) => r.path.includes("/reactions"))).toBe(false);
  });

  it("refuses a user with no permission at all (404 from the permission API)", async () => {
    gh.token();
    gh.config(undefined);
    gh.api().get("/repos/acme/infra/collaborators/alice/permission").reply(404, { message: "Not Found" });
    gh.reply();

    await gh.receive("issue_comment", commentEvent("/stakpak plan"));

    expect(gh.replies()[0]).toContain("@alice has no permission on the repository");
    expect(gh.dispatches()).toEqual([]);
  });

  it("follows authorization: in .stakpak/config.yml of the default branch", async () => {
    gh.token();
    gh.config("version: 1\nauthorization:\n  plan: [team:platform]\n");
    gh.api().get("/orgs/acme/teams/platform/memberships/alice").reply(404, { message: "Not Found" });
    gh.reply();

    await gh.receive("issue_comment", commentEvent("/stakpak plan"));

    expect(gh.replies()[0]).toContain("it needs membership of the team `platform`");
    expect(gh.replies()[0]).toContain("`authorization:` in `.stakpak/config.yml` on the default branch");
    expect(gh.dispatches()).toEqual([]);
  });

  it("refuses everything when the authorization section is broken, listing the problems", async () => {
    gh.token();
    gh.config("authorization:\n  plan: [writers]\n");
    gh.reply();

    await gh.receive("issue_comment", commentEvent("/stakpak plan"));

    expect(gh.replies()[0]).toContain(".stakpak/config.yml:2:10  authorization.plan[0]: `writers` is not a role");
    expect(gh.dispatches()).toEqual([]);
  });

  it("refuses a pull request from a fork, explaining why, and never dispatches", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "admin");
    gh.eyes(2050000104);
    gh.pullRequest(restPullRequest("fork"), 43);
    gh.reply(43);

    await gh.receive("issue_comment", commentEvent("/stakpak plan", "issue_comment.created.fork-pull-request.json"));

    expect(gh.dispatches()).toEqual([]);
    const reply = gh.replies()[0]!;
    expect(reply).toContain("comes from the fork `mallory/infra`");
    expect(reply).toContain("secrets");
    expect(reply).toContain("actions/checkout");
  });

  it("treats a pull request whose head repository was deleted as a fork", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "admin");
    gh.eyes(2050000104);
    gh.pullRequest(restPullRequest("deleted-fork"), 43);
    gh.reply(43);

    await gh.receive("issue_comment", commentEvent("/stakpak apply", "issue_comment.created.fork-pull-request.json"));

    expect(gh.replies()[0]).toContain("a fork that no longer exists");
    expect(gh.dispatches()).toEqual([]);
  });

  it("refuses to plan a closed pull request", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "write");
    gh.eyes();
    gh.pullRequest({ ...restPullRequest("same-repo"), state: "closed", merged: true });
    gh.reply();

    await gh.receive("issue_comment", commentEvent("/stakpak plan"));

    expect(gh.replies()[0]).toContain("This pull request is merged");
    expect(gh.dispatches()).toEqual([]);
  });

  it("answers a bad command with usage and runs nothing, without asking GitHub anything else", async () => {
    gh.token();
    gh.reply();

    await gh.receive("issue_comment", commentEvent("/stakpak plan\n/stakpak aply -p network\n/stakpak plan --project"));

    expect(gh.recorded.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /app/installations/4242/access_tokens", "POST /repos/acme/infra/issues/42/comments"]);
    const reply = gh.replies()[0]!;
    expect(reply).toContain("Nothing was run: this comment has 2 problems");
    expect(reply).toContain("did you mean `/stakpak apply`?");
    expect(reply).toContain("usage: `/stakpak plan [-p PROJECT] [-e ENV] [--target ADDR]...`");
    expect(reply).toContain("`/stakpak deploy <env> [-p PROJECT] [--target ADDR]...`");
  });

  it("says an unavailable command is not available in this version", async () => {
    gh.token();
    gh.reply();

    await gh.receive("issue_comment", commentEvent("/stakpak drift -e production"));

    expect(gh.replies()[0]).toContain("`/stakpak drift` is not available in this version");
    expect(gh.dispatches()).toEqual([]);
  });

  it("answers help directly, listing who may run each command, without reading the pull request or dispatching", async () => {
    gh.token();
    gh.config("authorization:\n  apply: [team:platform]\n");
    gh.eyes();
    gh.reply();

    await gh.receive("issue_comment", commentEvent("/stakpak help"));

    const reply = gh.replies()[0]!;
    expect(reply).toContain("| `/stakpak apply [-p PROJECT] [-e ENV] [--target ADDR]...` |");
    expect(reply).toContain("membership of the team `platform`");
    expect(reply).not.toContain("review");
    expect(gh.recorded.some((r) => r.path.includes("/pulls/"))).toBe(false);
    expect(gh.dispatches()).toEqual([]);
  });

  it("ignores its own comments and other bots', whatever they say", async () => {
    const own = fixture("issue_comment.created.by-bot.json");
    own.comment.body = "/stakpak apply";
    await gh.receive("issue_comment", own);

    const renovate = commentEvent("/stakpak apply");
    renovate.comment.user.login = "renovate[bot]";
    renovate.sender.login = "renovate[bot]";
    await gh.receive("issue_comment", renovate);

    const typedBot = commentEvent("/stakpak plan");
    typedBot.sender.type = "Bot";
    await gh.receive("issue_comment", typedBot);

    // No token, no call: nothing was asked of GitHub.
    expect(gh.recorded).toEqual([]);
  });

  it("ignores comments on issues and comments with no command", async () => {
    await gh.receive("issue_comment", fixture("issue_comment.created.issue.json"));
    await gh.receive("issue_comment", commentEvent("LGTM, thanks! `/stakpak plan` later.\n> /stakpak apply"));
    expect(gh.recorded).toEqual([]);
  });

  it("unlock releases the locks this pull request holds, and only those", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "maintain");
    gh.eyes();
    gh.api()
      .get("/repos/acme/infra/labels")
      .query({ per_page: 100, page: 1 })
      .reply(200, [
        { name: "bug", description: "Something is broken" },
        { name: "stakpak-lock/network/production", description: "PR #42 · network/production · 3f9c2a7 · @alice" },
        { name: "stakpak-lock/network/staging", description: "PR #42 · network/staging · 3f9c2a7 · @alice" },
        { name: "stakpak-lock/dns/production", description: "PR #7 · dns/production · 0a0a0a0 · @bob" },
      ]);
    gh.api().delete("/repos/acme/infra/labels/stakpak-lock%2Fnetwork%2Fproduction").reply(204);
    gh.reply();

    await gh.receive("issue_comment", commentEvent("/stakpak unlock -e production"));

    expect(gh.replies()[0]).toBe(":unlock: Released 1 lock held by this pull request:\n\n- `network/production`");
    expect(gh.dispatches()).toEqual([]);
  });

  it("retries a 5xx from the API (Probot's octokit has the retry plugin)", async () => {
    gh.token();
    gh.config(undefined);
    gh.api().get("/repos/acme/infra/collaborators/alice/permission").reply(502, { message: "Bad Gateway" });
    gh.permission("alice", "write");
    gh.eyes();
    gh.pullRequest(restPullRequest("same-repo"));
    gh.dispatch(500);
    gh.dispatch(503);
    gh.dispatch(204);

    await gh.receive("issue_comment", commentEvent("/stakpak plan"));

    expect(gh.dispatches()).toHaveLength(3);
    expect(gh.dispatches()[2].inputs.head_sha).toBe(PINNED_SHA);
    expect(gh.replies()).toEqual([]);
  });

  it("waits out a secondary rate limit and retries (Probot's default would only log it)", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "write");
    gh.eyes();
    gh.pullRequest(restPullRequest("same-repo"));
    gh.api()
      .post("/repos/acme/infra/actions/workflows/stakpak.yml/dispatches")
      .reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, { "retry-after": "2" });
    gh.dispatch(204);

    await gh.receive("issue_comment", commentEvent("/stakpak plan"));

    expect(gh.dispatches()).toHaveLength(2);
    expect(gh.replies()).toEqual([]);
  });

  it("replies with the fix when the workflow cannot be dispatched", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "write");
    gh.eyes();
    gh.pullRequest(restPullRequest("same-repo"));
    gh.dispatch(404);
    gh.reply();

    await gh.receive("issue_comment", commentEvent("/stakpak plan"));

    expect(gh.replies()[0]).toContain("Could not start the workflow `stakpak.yml` on `main` (HTTP 404)");
    expect(gh.replies()[0]).toContain("`.github/workflows/stakpak.yml`");
  });

  it("redacts what it echoes back: a token pasted in a command never reaches the reply", async () => {
    const token = `ghp_${"Zq8R".repeat(9)}`;
    gh.token();
    gh.reply();

    await gh.receive("issue_comment", commentEvent(`/stakpak plan --token ${token}`));

    expect(gh.replies()[0]).toContain("unknown flag `--token`");
    expect(JSON.stringify(gh.recorded)).not.toContain(token);
  });
});

describe("App: a configured prefix and workflow", () => {
  const gh = useAppHarness({ prefix: "/infra", workflowFile: "gitops.yaml" });

  it("reads only its prefix and dispatches its workflow", async () => {
    gh.token();
    gh.config(undefined);
    gh.permission("alice", "write");
    gh.eyes();
    gh.pullRequest(restPullRequest("same-repo"));
    gh.api().post("/repos/acme/infra/actions/workflows/gitops.yaml/dispatches").reply(204);

    await gh.receive("issue_comment", commentEvent("/stakpak apply\n/infra plan"));

    expect(gh.recorded.find((r) => r.path.endsWith("/dispatches"))?.body.inputs.command).toBe("plan");
  });
});
