import { describe, expect, it } from "vitest";
import { createOctokit } from "../../src/github/create-octokit.js";
import { GitHubApiError } from "../../src/github/github-api-error.js";
import { UserError } from "../../src/user-error.js";
import { API, PR, issueComment, testClient, useGitHubApi } from "./github-api-mock.js";

const COMMENTS = `/repos/${PR.owner}/${PR.repo}/issues/${PR.pullNumber}/comments`;

describe("createOctokit", () => {
  const github = useGitHubApi();

  it("authenticates with the token and names itself in the user agent", async () => {
    let headers: Record<string, string | string[]> = {};
    github
      .api()
      .get(COMMENTS)
      .reply(function () {
        headers = this.req.headers;
        return [200, []];
      });
    await testClient().rest.issues.listComments({ owner: PR.owner, repo: PR.repo, issue_number: PR.pullNumber });
    expect(headers.authorization).toBe("token ghs_testtoken");
    expect(String(headers["user-agent"])).toMatch(/^stakpak-gitops\/\d+\.\d+\.\d+/);
  });

  it("retries a 502 and a 503, then succeeds", async () => {
    github.api().get(COMMENTS).reply(502, { message: "Server Error" }).get(COMMENTS).reply(503, "").get(COMMENTS).reply(200, [issueComment(1, "octocat", "hi")]);
    const { data } = await testClient().rest.issues.listComments({ owner: PR.owner, repo: PR.repo, issue_number: PR.pullNumber });
    expect(data.map((c) => c.id)).toEqual([1]);
    expect(github.recorded.map((r) => r.method)).toEqual(["GET", "GET", "GET"]);
  });

  it("gives up on a persistent 5xx after 3 retries with a UserError that says what to do", async () => {
    github.api().post(COMMENTS).times(4).reply(500, { message: "Server Error" });
    const err = await testClient()
      .rest.issues.createComment({ owner: PR.owner, repo: PR.repo, issue_number: PR.pullNumber, body: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(err).toMatchObject({ status: 500, where: `POST ${COMMENTS}` });
    expect((err as UserError).summary).toBe("GitHub API failed with 500 after retrying.");
    expect((err as UserError).hint).toContain("githubstatus.com");
    expect(github.recorded).toHaveLength(4);
  });

  it("retries a dropped connection like a 5xx", async () => {
    github.api().get(COMMENTS).replyWithError({ code: "ECONNRESET", message: "socket hang up" }).get(COMMENTS).reply(200, []);
    const { data } = await testClient().rest.issues.listComments({ owner: PR.owner, repo: PR.repo, issue_number: PR.pullNumber });
    expect(data).toEqual([]);
    expect(github.recorded).toHaveLength(2);
  });

  it("waits out a secondary rate limit for the time GitHub gives in retry-after, then retries", async () => {
    github
      .api()
      .post(COMMENTS)
      .reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" }, { "retry-after": "30" })
      .post(COMMENTS)
      .reply(201, issueComment(7, "stakpak-gitops[bot]", "x"));
    const started = performance.now();
    const { data } = await testClient().rest.issues.createComment({ owner: PR.owner, repo: PR.repo, issue_number: PR.pullNumber, body: "x" });
    expect(data.id).toBe(7);
    // 30 "seconds" of 1 ms each in the test client.
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(github.recorded).toHaveLength(2);
  });

  it("retries a primary rate limit (429 and 403 with no requests remaining) until the reset", async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 2);
    const limited = { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset, "x-ratelimit-limit": "5000" };
    github
      .api()
      .get(COMMENTS)
      .reply(403, { message: "API rate limit exceeded for installation ID 123." }, limited)
      .get(COMMENTS)
      .reply(429, { message: "API rate limit exceeded for installation ID 123." }, limited)
      .get(COMMENTS)
      .reply(200, []);
    const { data } = await testClient().rest.issues.listComments({ owner: PR.owner, repo: PR.repo, issue_number: PR.pullNumber });
    expect(data).toEqual([]);
    expect(github.recorded).toHaveLength(3);
  });

  it("fails with a UserError after a few rate-limited retries", async () => {
    github.api().post(COMMENTS).times(4).reply(429, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "1" });
    const err = await testClient()
      .rest.issues.createComment({ owner: PR.owner, repo: PR.repo, issue_number: PR.pullNumber, body: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect((err as GitHubApiError).summary).toBe("GitHub API secondary rate limit exceeded after retrying.");
    expect((err as GitHubApiError).hint).toMatch(/concurrency/);
    // The first try and three retries.
    expect(github.recorded).toHaveLength(4);
  });

  it("does not wait an hour for a primary limit: fails at once and says when it resets", async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    github.api().get(COMMENTS).reply(403, { message: "API rate limit exceeded for user ID 1." }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) });
    const err = await testClient()
      .rest.issues.listComments({ owner: PR.owner, repo: PR.repo, issue_number: PR.pullNumber })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect((err as GitHubApiError).hint).toContain(new Date(reset * 1000).toISOString().slice(0, 16));
    expect(github.recorded).toHaveLength(1);
  });

  it("does not retry a 404 or a 422, and names the missing permission on a 403", async () => {
    github
      .api()
      .post(`/repos/${PR.owner}/${PR.repo}/check-runs`)
      .reply(403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/checks/runs#create-a-check-run", status: "403" })
      .get(COMMENTS)
      .reply(404, { message: "Not Found" });
    const client = testClient();
    const forbidden = await client.rest.checks.create({ owner: PR.owner, repo: PR.repo, name: "x", head_sha: PR.headSha }).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ status: 403, summary: `GitHub refused POST /repos/acme/infra/check-runs (403).` });
    expect((forbidden as GitHubApiError).hint).toContain("`checks: write`");
    const missing = await client.rest.issues.listComments({ owner: PR.owner, repo: PR.repo, issue_number: PR.pullNumber }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404 });
    expect(github.recorded).toHaveLength(2);
  });

  it("talks to GitHub Enterprise Server through the API base URL, GraphQL included", async () => {
    const ghes = "https://ghe.acme.test";
    github.api(ghes).get(`/api/v3${COMMENTS}`).reply(200, []).post("/api/graphql").reply(200, { data: { viewer: { login: "stakpak-gitops[bot]" } } });
    const client = testClient(`${ghes}/api/v3/`);
    await client.rest.issues.listComments({ owner: PR.owner, repo: PR.repo, issue_number: PR.pullNumber });
    const result = await client.graphql<{ viewer: { login: string } }>("query { viewer { login } }");
    expect(result.viewer.login).toBe("stakpak-gitops[bot]");
    expect(github.recorded.map((r) => r.path)).toEqual([`/api/v3${COMMENTS}`, "/api/graphql"]);
  });

  it("takes the API URL from GITHUB_API_URL, else uses api.github.com", () => {
    const previous = process.env.GITHUB_API_URL;
    try {
      process.env.GITHUB_API_URL = "https://ghe.acme.test/api/v3";
      expect(createOctokit({ token: "t" }).request.endpoint.DEFAULTS.baseUrl).toBe("https://ghe.acme.test/api/v3");
      expect(createOctokit({ token: "t", baseUrl: "https://other.test/api/v3/" }).request.endpoint.DEFAULTS.baseUrl).toBe("https://other.test/api/v3");
      delete process.env.GITHUB_API_URL;
      expect(createOctokit({ token: "t" }).request.endpoint.DEFAULTS.baseUrl).toBe(API);
    } finally {
      if (previous === undefined) delete process.env.GITHUB_API_URL;
      else process.env.GITHUB_API_URL = previous;
    }
  });
});
