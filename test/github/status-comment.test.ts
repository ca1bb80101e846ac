import { describe, expect, it } from "vitest";
import { authenticatedLogin } from "../../src/github/authenticated-login.js";
import { COMMENT_BODY_LIMIT } from "../../src/github/github-limits.js";
import { upsertStatusComment } from "../../src/github/status-comment.js";
import { formatStatusMarker, parseStatusMarker, type StatusKey } from "../../src/github/status-marker.js";
import { findStructureProblems } from "../report/markdown-structure.js";
import { BOT, PR, issueComment, redacted, testClient, useGitHubApi, type Recorded } from "./github-api-mock.js";

const KEY: StatusKey = { cmd: "plan", project: "network", env: "staging" };
const OLD_SHA = "fedcba9876543210fedcba9876543210fedcba98";
const COMMENTS = `/repos/${PR.owner}/${PR.repo}/issues/${PR.pullNumber}/comments`;
const marker = (fields: Partial<StatusKey> & { sha?: string; part?: number } = {}): string => formatStatusMarker({ ...KEY, sha: PR.headSha, part: 1, ...fields });

function created(id: number, body: string): Record<string, unknown> {
  return issueComment(id, BOT, body);
}

describe("status marker", () => {
  it("is an HTML comment holding JSON, with the part only after the first", () => {
    expect(marker()).toBe(`<!-- stakpak:{"cmd":"plan","project":"network","env":"staging","sha":"${PR.headSha}"} -->`);
    expect(formatStatusMarker({ cmd: "plan", project: "dns", env: null, sha: "abc1234", part: 2 })).toBe('<!-- stakpak:{"cmd":"plan","project":"dns","env":null,"sha":"abc1234","part":2} -->');
  });

  it("reads back what it writes, and a name cannot end the HTML comment", () => {
    const tricky = { cmd: "plan", project: "a-->b <x>", env: "prod", sha: "abc1234", part: 3 };
    const text = formatStatusMarker(tricky);
    expect(text.indexOf("-->")).toBe(text.length - 3);
    expect(parseStatusMarker(`${text}\n## Plan`)).toEqual(tricky);
  });

  it("finds the marker anywhere, tolerates spacing and unknown keys, and rejects what is not one", () => {
    expect(parseStatusMarker(`text\n<!--stakpak:{"cmd":"plan","project":"x","env":null,"sha":"ABCDEF1","v":2}-->`)).toEqual({ cmd: "plan", project: "x", env: null, sha: "abcdef1", part: 1 });
    expect(parseStatusMarker("<!-- stakpak:{not json} -->")).toBeNull();
    expect(parseStatusMarker('<!-- stakpak:{"cmd":"plan","project":"x","env":null} -->')).toBeNull();
    expect(parseStatusMarker('<!-- stakpak:{"cmd":"plan","project":"x","env":null,"sha":"not-a-sha"} -->')).toBeNull();
    expect(parseStatusMarker('<!-- stakpak:{"cmd":"plan","project":"x","env":null,"sha":"abc1234","part":0} -->')).toBeNull();
    expect(parseStatusMarker("no marker")).toBeNull();
    expect(parseStatusMarker(null)).toBeNull();
  });
});

describe("upsertStatusComment", () => {
  const github = useGitHubApi();
  const body = redacted("## Plan report\n\n⚠️ **Plan: 1 to add, 0 to change, 0 to replace, 1 to destroy**\n");
  const sent = (r: Recorded): string => (r.body as { body: string }).body;

  it("posts a new comment with the marker on its first line when there is none", async () => {
    github
      .api()
      .get(COMMENTS)
      .query({ per_page: "100" })
      .reply(200, [issueComment(1, "octocat", "/stakpak plan"), issueComment(2, BOT, `${marker({ project: "dns" })}\nother project`)])
      .post(COMMENTS)
      .reply(201, created(3, "x"));
    const result = await upsertStatusComment(testClient(), PR, KEY, body, { botLogin: BOT });
    expect(result).toMatchObject({ created: 1, updated: 0, deleted: 0, minimized: 0, comments: [{ id: 3, part: 1 }] });
    const post = github.recorded.find((r) => r.method === "POST");
    expect(sent(post as Recorded)).toBe(`${marker()}\n${body.text}`);
  });

  it("edits the bot's comment for the same commit in place, and sends nothing when it is unchanged", async () => {
    const existing = issueComment(5, BOT, `${marker()}\nan older body`);
    github
      .api()
      .get(COMMENTS)
      .query(true)
      .reply(200, [existing])
      .patch(`/repos/${PR.owner}/${PR.repo}/issues/comments/5`)
      .reply(200, created(5, "x"))
      .get(COMMENTS)
      .query(true)
      .reply(200, [issueComment(5, BOT, `${marker()}\n${body.text}`)]);
    const client = testClient();
    expect(await upsertStatusComment(client, PR, KEY, body, { botLogin: BOT })).toMatchObject({ created: 0, updated: 1 });
    expect(sent(github.recorded[1] as Recorded)).toBe(`${marker()}\n${body.text}`);
    expect(await upsertStatusComment(client, PR, KEY, body, { botLogin: BOT })).toMatchObject({ created: 0, updated: 0, unchanged: 1, comments: [{ id: 5 }] });
    expect(github.recorded.map((r) => r.method)).toEqual(["GET", "PATCH", "GET"]);
  });

  it("hides the bot's comments for the same key on older commits, and touches nobody else's", async () => {
    const comments = [
      issueComment(10, BOT, `${marker({ sha: OLD_SHA })}\nold plan`),
      issueComment(11, BOT, `${marker({ sha: OLD_SHA, part: 2 })}\nold plan, part 2`),
      // A person quoting the bot's marker, and another bot: never touched.
      issueComment(12, "mallory", `${marker({ sha: OLD_SHA })}\nfake`),
      issueComment(13, "other-app[bot]", `${marker({ sha: OLD_SHA })}\nnot ours`),
      // Same project, another command or environment: a different status comment.
      issueComment(14, BOT, `${marker({ sha: OLD_SHA, cmd: "apply" })}\napply result`),
      issueComment(15, BOT, `${marker({ sha: OLD_SHA, env: "prod" })}\nprod plan`),
    ];
    github
      .api()
      .get(COMMENTS)
      .query(true)
      .reply(200, comments)
      .post(COMMENTS)
      .reply(201, created(16, "x"))
      .post("/graphql")
      .reply(200, { data: { nodes: [{ id: "IC_kwDO10", isMinimized: false }, { id: "IC_kwDO11", isMinimized: true }] } })
      .post("/graphql")
      .reply(200, { data: { m0: { minimizedComment: { isMinimized: true } } } });
    const result = await upsertStatusComment(testClient(), PR, KEY, body, { botLogin: "Stakpak-GitOps[bot]" });
    expect(result).toMatchObject({ created: 1, minimized: 1 });
    const [query, mutation] = github.recorded.filter((r) => r.path === "/graphql").map((r) => r.body as { query: string; variables: Record<string, unknown> });
    expect(query?.variables).toEqual({ ids: ["IC_kwDO10", "IC_kwDO11"] });
    expect(mutation?.query).toContain("minimizeComment(input: { subjectId: $id0, classifier: OUTDATED })");
    expect(mutation?.variables).toEqual({ id0: "IC_kwDO10" });
  });

  it("splits a body over GitHub's limit into numbered comments, and deletes parts a shorter body no longer needs", async () => {
    const long = redacted(`## Plan report\n\n<details><summary>Full plan</summary>\n\n\`\`\`text\n${Array.from({ length: 3_500 }, (_, i) => `  # terraform_data.r${i} will be created`).join("\n")}\n\`\`\`\n\n</details>\n`);
    github
      .api()
      .get(COMMENTS)
      .query(true)
      .reply(200, [issueComment(20, BOT, `${marker()}\nv1`), issueComment(21, BOT, `${marker({ part: 2 })}\nv1 part 2`), issueComment(22, BOT, `${marker({ part: 3 })}\nv1 part 3`), issueComment(23, BOT, `${marker({ part: 4 })}\nv1 part 4`)])
      .patch(/\/issues\/comments\/2[0-2]$/)
      .times(3)
      .reply(200, (uri) => created(Number(uri.split("/").pop()), "x"))
      .delete(`/repos/${PR.owner}/${PR.repo}/issues/comments/23`)
      .reply(204);
    const result = await upsertStatusComment(testClient(), PR, KEY, long, { botLogin: BOT, title: redacted("Plan · network (staging)") });
    expect(result).toMatchObject({ created: 0, updated: 3, deleted: 1 });
    expect(result.comments.map((c) => [c.id, c.part])).toEqual([
      [20, 1],
      [21, 2],
      [22, 3],
    ]);
    const bodies = github.recorded.filter((r) => r.method === "PATCH").map(sent);
    for (const [i, text] of bodies.entries()) {
      expect(text.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
      expect(parseStatusMarker(text)).toMatchObject({ ...KEY, part: i + 1 });
      expect(findStructureProblems(text)).toEqual([]);
    }
    expect(bodies[1]).toContain("**Plan · network (staging)** · part 2 of 3 (continued)");
  });

  it("posts without touching earlier comments when it cannot tell its own login", async () => {
    github
      .api()
      .post("/graphql")
      .reply(200, { data: null, errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }] })
      .get("/user")
      .reply(403, { message: "Resource not accessible by integration" })
      .post(COMMENTS)
      .reply(201, created(30, "x"));
    const client = testClient();
    const login = await authenticatedLogin(client);
    expect(login).toBeNull();
    expect(await upsertStatusComment(client, PR, KEY, body, { botLogin: login })).toMatchObject({ created: 1, minimized: 0 });
    expect(github.recorded.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /graphql", "GET /user", `POST ${COMMENTS}`]);
  });
});

describe("authenticatedLogin", () => {
  const github = useGitHubApi();

  it("asks GraphQL's viewer once per client", async () => {
    github.api().post("/graphql").reply(200, { data: { viewer: { login: BOT } } });
    const client = testClient();
    expect(await authenticatedLogin(client)).toBe(BOT);
    expect(await authenticatedLogin(client)).toBe(BOT);
    expect(github.recorded).toHaveLength(1);
  });

  it("falls back to GET /user, then to the login it is given", async () => {
    github
      .api()
      .post("/graphql")
      .reply(200, { data: null, errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }] })
      .get("/user")
      .reply(200, { login: "ci-user", id: 1, type: "User" })
      .post("/graphql")
      .reply(200, { data: null, errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }] })
      .get("/user")
      .reply(403, { message: "Resource not accessible by integration" });
    expect(await authenticatedLogin(testClient())).toBe("ci-user");
    expect(await authenticatedLogin(testClient(), "github-actions[bot]")).toBe("github-actions[bot]");
  });
});
