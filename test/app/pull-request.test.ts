import { describe, expect, it } from "vitest";
import { FORK_NOTICE_MARKER } from "../../src/github/commands/render-refusals.js";
import { fixture, useAppHarness } from "./app-harness.js";

const HEAD = "3f9c2a7d1e8b4c6f0a5d9e2b7c4f1a8d6e3b0c95";

describe("App: pull_request events", () => {
  const gh = useAppHarness();

  it.each(["opened", "synchronize", "reopened"])("%s on a same-repository pull request dispatches an autoplan at the pushed head", async (action) => {
    gh.token();
    gh.dispatch();

    await gh.receive("pull_request", fixture(`pull_request.${action}.json`));

    expect(gh.dispatches()).toEqual([
      { ref: "main", inputs: { command: "plan", trigger: "autoplan", pr_number: "42", head_sha: HEAD, comment_id: "", requested_by: "alice" } },
    ]);
    expect(gh.replies()).toEqual([]);
  });

  it("does not dispatch for a fork: it posts one explanatory comment", async () => {
    gh.token();
    gh.api().get("/repos/acme/infra/issues/43/comments").query({ per_page: 100, page: 1 }).reply(200, []);
    gh.reply(43);

    await gh.receive("pull_request", fixture("pull_request.opened.fork.json"));

    expect(gh.dispatches()).toEqual([]);
    const [notice] = gh.replies();
    expect(notice?.startsWith(FORK_NOTICE_MARKER)).toBe(true);
    expect(notice).toContain("this one comes from the fork `mallory/infra`");
    expect(notice).toContain("secrets");
  });

  it("posts the fork notice only once: a push to the fork finds it and stays quiet", async () => {
    gh.token();
    gh.api()
      .get("/repos/acme/infra/issues/43/comments")
      .query({ per_page: 100, page: 1 })
      .reply(200, [
        { id: 1, body: `${FORK_NOTICE_MARKER}\nnotice`, user: { login: "stakpak-gitops[bot]", type: "Bot" } },
        { id: 2, body: "thanks!", user: { login: "mallory", type: "User" } },
      ]);

    await gh.receive("pull_request", fixture("pull_request.synchronize.fork.json"));

    expect(gh.replies()).toEqual([]);
    expect(gh.dispatches()).toEqual([]);
  });

  it("does not take a human's copy of the marker for the notice", async () => {
    gh.token();
    gh.api()
      .get("/repos/acme/infra/issues/43/comments")
      .query({ per_page: 100, page: 1 })
      .reply(200, [{ id: 2, body: `quoting ${FORK_NOTICE_MARKER}`, user: { login: "mallory", type: "User" } }]);
    gh.reply(43);

    await gh.receive("pull_request", fixture("pull_request.synchronize.fork.json"));

    expect(gh.replies()).toHaveLength(1);
  });

  it("logs but does not comment when the autoplan cannot be dispatched (no noise on every push)", async () => {
    gh.token();
    gh.dispatch(404);

    await gh.receive("pull_request", fixture("pull_request.synchronize.json"));

    expect(gh.dispatches()).toHaveLength(1);
    expect(gh.replies()).toEqual([]);
  });
});
