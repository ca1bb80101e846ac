import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHubApi } from "../support/fake-github-api.js";

/**
 * The fake GitHub API holds itself to GitHub's descriptions (the REST OpenAPI description and the
 * GraphQL schema): these tests show it refuses what GitHub would not take or give, and answers as
 * GitHub does where it used to drift (reviews without body, the token's own reviews not listed,
 * `viewer` refused, `nodes(ids:)` never null, labels case-sensitive).
 */

let api: FakeGitHubApi;
const SHA = "a".repeat(40);

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(`${api.url}${path}`, { method, headers: { "content-type": "application/json", ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, json: text && response.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text) : text };
}

const graphql = (query: string, variables: Record<string, unknown> = {}) => call("POST", "/graphql", { query, variables });

beforeEach(async () => {
  api = await new FakeGitHubApi().start();
});
afterEach(async () => {
  api.violations.length = 0;
  await api.close();
});

describe("the fake GitHub API checks requests against GitHub's REST description", () => {
  it("takes a request GitHub takes, and sees nothing wrong", async () => {
    api.addPull({ number: 7, headSha: SHA });
    expect((await call("GET", "/repos/acme/infra/pulls/7")).status).toBe(200);
    expect((await call("POST", "/repos/acme/infra/issues/7/comments", { body: "hello" })).status).toBe(201);
    expect((await call("GET", "/repos/acme/infra/issues/7/comments?per_page=100&page=1")).status).toBe(200);
    expect(api.violations).toEqual([]);
  });

  it("flags a path that is no operation of GitHub's", async () => {
    await call("GET", "/repos/acme/infra/pull/7");
    expect(api.violations).toEqual(["GET /repos/acme/infra/pull/7: not an operation of GitHub's REST API"]);
  });

  it("flags a body without a required field, a field of the wrong type, and an unknown query parameter", async () => {
    await call("POST", "/repos/acme/infra/issues/7/comments", { text: "hello" });
    await call("POST", "/repos/acme/infra/labels", { name: 5 });
    await call("GET", "/repos/acme/infra/labels?per_page=100&pages=2");
    expect(api.violations.join("\n")).toContain("POST /repos/{owner}/{repo}/issues/{issue_number}/comments body: must have required property 'body'");
    expect(api.violations.join("\n")).toContain("POST /repos/{owner}/{repo}/labels body/name: must be string");
    expect(api.violations.join("\n")).toContain("query parameter pages is not one the operation takes");
  });

  it("flags an answer GitHub would not give: an undocumented status, a field of the wrong type", async () => {
    api.addPull({ number: 7, headSha: SHA });
    api.fail({ method: "GET", path: /pulls\/7$/, status: 201, body: {} });
    await call("GET", "/repos/acme/infra/pulls/7");
    api.fail({ method: "GET", path: /pulls\/7$/, status: 200, body: { number: "seven" } });
    await call("GET", "/repos/acme/infra/pulls/7");
    expect(api.violations[0]).toMatch(/^GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\} -> 201: not a status the operation documents/);
    expect(api.violations.join("\n")).toContain("-> 200 body/number: must be integer");
  });

  it("lets 5xx, 403, 404 and 429 through on any operation: GitHub gives them anywhere", async () => {
    api.fail({ method: "GET", path: /pulls\/7$/, status: 502 });
    await call("GET", "/repos/acme/infra/pulls/7");
    await call("GET", "/repos/acme/infra/pulls/8");
    expect(api.violations).toEqual([]);
  });

  it("close() fails with the violations", async () => {
    const other = await new FakeGitHubApi().start();
    await fetch(`${other.url}/nope`);
    await expect(other.close()).rejects.toThrow(/GET \/nope: not an operation/);
  });
});

describe("the fake GitHub API answers as GitHub does", () => {
  it("lists reviews with their body, the token's own reviews included, and dismisses them", async () => {
    api.addPull({ number: 7, headSha: SHA, reviews: [{ user: { login: "bob" }, state: "APPROVED", commitId: SHA }] });
    const posted = await call("POST", "/repos/acme/infra/pulls/7/reviews", { event: "REQUEST_CHANGES", body: "denied", commit_id: SHA });
    expect(posted.json).toMatchObject({ state: "CHANGES_REQUESTED", body: "denied", user: { login: "github-actions[bot]", type: "Bot" } });
    const listed = await call("GET", "/repos/acme/infra/pulls/7/reviews?per_page=100");
    expect(listed.json.map((r: any) => [r.user.login, r.state, r.body])).toEqual([
      ["bob", "APPROVED", ""],
      ["github-actions[bot]", "CHANGES_REQUESTED", "denied"],
    ]);
    const dismissed = await call("PUT", `/repos/acme/infra/pulls/7/reviews/${posted.json.id}/dismissals`, { message: "settled", event: "DISMISS" });
    expect(dismissed.json.state).toBe("DISMISSED");
    expect(api.violations).toEqual([]);
  });

  it("finds labels whatever the case of the name", async () => {
    await call("POST", "/repos/acme/infra/labels", { name: "stakpak-lock/App/prod", color: "b60205" });
    expect((await call("GET", `/repos/acme/infra/labels/${encodeURIComponent("stakpak-lock/app/PROD")}`)).json.name).toBe("stakpak-lock/App/prod");
    expect((await call("POST", "/repos/acme/infra/labels", { name: "STAKPAK-LOCK/app/prod" })).status).toBe(422);
    api.addPull({ number: 7, headSha: SHA });
    await call("POST", "/repos/acme/infra/issues/7/labels", { labels: ["stakpak-lock/app/prod"] });
    expect(api.state.pulls.get(7)?.labels).toEqual(["stakpak-lock/App/prod"]);
    expect((await call("DELETE", `/repos/acme/infra/labels/${encodeURIComponent("STAKPAK-LOCK/APP/PROD")}`)).status).toBe(204);
    expect(api.state.pulls.get(7)?.labels).toEqual([]);
    expect(api.violations).toEqual([]);
  });

  it("refuses an installation token GET /user, and tells its login through GraphQL viewer", async () => {
    expect((await call("GET", "/user")).status).toBe(403);
    expect((await graphql("query { viewer { login } }")).json).toEqual({ data: { viewer: { login: "github-actions[bot]" } } });
  });

  it("answers nodes(ids:) with null for an id it cannot resolve", async () => {
    await call("POST", "/repos/acme/infra/issues/7/comments", { body: "plan" });
    const id = api.state.comments[0]?.node_id;
    const { json } = await graphql("query($ids: [ID!]!) { nodes(ids: $ids) { ... on Minimizable { isMinimized } ... on Node { id } } }", { ids: [id, "IC_gone"] });
    expect(json).toEqual({ data: { nodes: [{ isMinimized: false, id }, null] } });
  });

  it("hides comments with minimizeComment, and answers partial data for one it cannot find", async () => {
    await call("POST", "/repos/acme/infra/issues/7/comments", { body: "plan" });
    const id = api.state.comments[0]?.node_id;
    const { json } = await graphql(
      "mutation($id0: ID!, $id1: ID!) { m0: minimizeComment(input: { subjectId: $id0, classifier: OUTDATED }) { minimizedComment { isMinimized } } m1: minimizeComment(input: { subjectId: $id1, classifier: OUTDATED }) { minimizedComment { isMinimized } } }",
      { id0: id, id1: "IC_gone" },
    );
    expect(json.data).toEqual({ m0: { minimizedComment: { isMinimized: true } }, m1: null });
    expect(json.errors[0]).toMatchObject({ type: "NOT_FOUND", path: ["m1"] });
    expect(api.state.comments[0]?.minimized).toBe(true);
    expect(api.violations).toEqual([]);
  });

  it("rejects a query GitHub's schema rejects", async () => {
    const { json } = await graphql("query { viewer { loginName } }");
    expect(json.errors[0].message).toContain('Cannot query field "loginName" on type "User"');
    expect(api.violations).toEqual(['GraphQL: Cannot query field "loginName" on type "User". Did you mean "login"?']);
  });

  it("answers team membership only to a token that may read members", async () => {
    api.state.teams.set("acme/platform", new Set(["Carol"]));
    expect((await call("GET", "/orgs/acme/teams/platform/memberships/carol")).status).toBe(403);
    api.state.canReadMembers = true;
    expect((await call("GET", "/orgs/acme/teams/platform/memberships/carol")).json).toMatchObject({ state: "active" });
    expect((await call("GET", "/orgs/acme/teams/platform/memberships/dave")).status).toBe(404);
    expect(api.violations).toEqual([]);
  });
});
