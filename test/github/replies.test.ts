import { ProbotOctokit } from "probot";
import { describe, expect, expectTypeOf, it } from "vitest";
import { addReaction } from "../../src/github/add-reaction.js";
import type { GitHubClient } from "../../src/github/create-octokit.js";
import { COMMENT_BODY_LIMIT } from "../../src/github/github-limits.js";
import { postReply } from "../../src/github/post-reply.js";
import { Redactor } from "../../src/redact/redactor.js";
import { fake } from "../../src/redact/rules/fake-token.js";
import { findStructureProblems } from "../report/markdown-structure.js";
import { BOT, PR, issueComment, redacted, testClient, useGitHubApi, user } from "./github-api-mock.js";

const REPO = `/repos/${PR.owner}/${PR.repo}`;

function reaction(id: number, content: string): Record<string, unknown> {
  return { id, node_id: `REA_${id}`, user: user(BOT), content, created_at: "2025-05-01T10:00:00Z" };
}

describe("postReply", () => {
  const github = useGitHubApi();

  it("comments on a pull request or an issue", async () => {
    github.api().post(`${REPO}/issues/42/comments`).reply(201, issueComment(1, BOT, "x")).post(`${REPO}/issues/7/comments`).reply(201, issueComment(2, BOT, "y"));
    const client = testClient();
    expect(await postReply(client, PR, redacted("Usage: `/stakpak plan [-p PROJECT]`"))).toEqual({ id: 1, url: "https://github.com/acme/infra/pull/42#issuecomment-1" });
    await postReply(client, { owner: PR.owner, repo: PR.repo, issueNumber: 7 }, redacted("not available in this version"));
    expect(github.recorded.map((r) => [r.path, r.body])).toEqual([
      [`${REPO}/issues/42/comments`, { body: "Usage: `/stakpak plan [-p PROJECT]`" }],
      [`${REPO}/issues/7/comments`, { body: "not available in this version" }],
    ]);
  });

  it("sends what the redactor made of the text, and cuts a body over the limit", async () => {
    const token = `ghp_${fake("reply", 36)}`;
    github.api().post(`${REPO}/issues/42/comments`).times(2).reply(201, issueComment(3, BOT, "x"));
    const client = testClient();
    await postReply(client, PR, new Redactor().redact(`The token \`${token}\` was refused.`));
    await postReply(client, PR, redacted(`\`\`\`text\n${"line\n".repeat(20_000)}\`\`\`\n`));
    const [small, big] = github.recorded.map((r) => (r.body as { body: string }).body);
    expect(small).toMatch(/^The token `\[\[SECRET:github-pat:[0-9a-f]+\]\]` was refused\.$/);
    expect(big?.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
    expect(findStructureProblems(big ?? "")).toEqual([]);
  });

  it("only takes Redacted text (checked by tsc: the call below must not compile)", () => {
    // Never called; tsc fails the build if a plain string is ever accepted.
    // @ts-expect-error a plain string would skip redaction
    const send = (): unknown => postReply(testClient(), PR, "plain text");
    expect(send).toBeTypeOf("function");
  });
});

describe("addReaction", () => {
  const github = useGitHubApi();

  it("reacts to a conversation comment or a review comment", async () => {
    github
      .api()
      .post(`${REPO}/issues/comments/555/reactions`, { content: "eyes" })
      .reply(201, reaction(9, "eyes"))
      .post(`${REPO}/pulls/comments/556/reactions`, { content: "rocket" })
      .reply(200, reaction(10, "rocket"));
    const client = testClient();
    expect(await addReaction(client, { owner: PR.owner, repo: PR.repo, commentId: 555 }, "eyes")).toEqual({ id: 9 });
    expect(await addReaction(client, { owner: PR.owner, repo: PR.repo, commentId: 556, kind: "review_comment" }, "rocket")).toEqual({ id: 10 });
  });

  it("works with a Probot context's octokit", async () => {
    expectTypeOf<InstanceType<typeof ProbotOctokit>>().toExtend<GitHubClient>();
    github.api().post(`${REPO}/issues/comments/557/reactions`, { content: "eyes" }).reply(201, reaction(11, "eyes"));
    const probot = new ProbotOctokit({ auth: { token: "ghs_probot" }, retry: { enabled: false }, throttle: { enabled: false } });
    expect(await addReaction(probot, { owner: PR.owner, repo: PR.repo, commentId: 557 }, "eyes")).toEqual({ id: 11 });
  });
});
