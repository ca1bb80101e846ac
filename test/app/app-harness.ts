import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import nock from "nock";
import { Probot } from "probot";
import { afterEach, beforeEach, expect } from "vitest";
import { appOctokit, createStakpakApp, type StakpakAppOptions } from "../../src/app.js";
import { nockRequestProblems } from "../support/github-openapi.js";

export const API = "https://api.github.com";
export const APP_ID = 1234567;
export const INSTALLATION_ID = 4242;
export const SECRET = "test-webhook-secret-9f2c";
/** The head commit the REST API reports when the App fetches the pull request (the webhook never carries it for comments). */
export const PINNED_SHA = "7a1e0c3b9d2f4e6a8c0b1d3f5e7a9c2b4d6f8e01";
/** The default branch's head commit, where an agent request on an issue starts. */
export const MAIN_SHA = "c0ffee0d15ea5e0b0a7d00d1e5c0de5eed5a1e01";

/** A real RSA key, as GitHub issues for an App; Probot signs its JWTs with it. */
export const PRIVATE_KEY = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
}).privateKey;

const FIXTURES = new URL("../fixtures/webhooks/", import.meta.url);

/** A webhook payload from test/fixtures/webhooks (a fresh copy each time, free to edit). */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8")) as T;
}

/** The `issue_comment.created` payload of a same-repository pull request, with this comment body. */
export function commentEvent(body: string, name = "issue_comment.created.pull-request.json"): any {
  const payload = fixture(name);
  payload.comment.body = body;
  return payload;
}

/** A pull request as `GET /repos/{owner}/{repo}/pulls/{n}` returns it (the webhook's shape), head at PINNED_SHA. */
export function restPullRequest(from: "same-repo" | "fork" | "deleted-fork" = "same-repo"): any {
  const pr = fixture(from === "same-repo" ? "pull_request.opened.json" : "pull_request.opened.fork.json").pull_request;
  pr.head.sha = PINNED_SHA;
  if (from === "deleted-fork") pr.head.repo = null;
  return pr;
}

/** A branch's reference as `GET /repos/{owner}/{repo}/git/ref/{ref}` returns it (GitHub's `git-ref` schema). */
export function restGitRef(branch: string, sha: string) {
  return {
    ref: `refs/heads/${branch}`,
    node_id: "REF_kwDOKbwDeK9yZWZzL2hlYWRzL21haW4",
    url: `https://api.github.com/repos/acme/infra/git/refs/heads/${branch}`,
    object: { type: "commit", sha, url: `https://api.github.com/repos/acme/infra/git/commits/${sha}` },
  };
}

export interface Recorded {
  method: string;
  path: string;
  body: any;
}

/**
 * nock for the GitHub API: no real network; every answered request is recorded with its body;
 * every mock set up must be used. Each test gets a new Probot (so no installation token is cached
 * between tests), with the App's Octokit (Probot's, retry and throttling plugins): retries wait
 * milliseconds instead of seconds, and write pacing is off.
 */
export function useAppHarness(options: Partial<StakpakAppOptions> = {}) {
  const recorded: Recorded[] = [];
  const state: { probot: Probot } = { probot: undefined as unknown as Probot };
  // Every request the App makes must be one GitHub takes (its REST OpenAPI description), answered with a status the operation has.
  const violations: string[] = [];
  const onRequest = (req: { method: string; path: string }, interceptor: { statusCode?: number | null }, body: string) => {
    const parsed = body ? JSON.parse(body) : undefined;
    recorded.push({ method: req.method, path: decodeURIComponent(req.path), body: parsed });
    violations.push(...nockRequestProblems(req.method, req.path, parsed, interceptor.statusCode));
  };
  const api = () => nock(API).on("request", onRequest);

  beforeEach(async () => {
    recorded.length = 0;
    violations.length = 0;
    nock.disableNetConnect();
    state.probot = new Probot({
      appId: APP_ID,
      privateKey: PRIVATE_KEY,
      secret: SECRET,
      logLevel: (process.env.LOG_LEVEL as "fatal" | undefined) ?? "fatal",
      Octokit: appOctokit({ secondMs: 1, paceWrites: false }),
    });
    await state.probot.load(createStakpakApp(options));
  });

  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending, "every GitHub API call set up was made").toEqual([]);
    expect(violations, "requests GitHub would not take, or statuses it would not answer").toEqual([]);
  });

  const receive = (name: "issue_comment" | "pull_request", payload: unknown) =>
    state.probot.receive({ id: `delivery-${Math.random().toString(16).slice(2)}`, name, payload } as never);

  return {
    recorded,
    api,
    receive,
    get probot() {
      return state.probot;
    },
    /** The installation token exchange Probot makes before its first call for an event. */
    token() {
      api()
        .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
        .reply(201, { token: "ghs_installationtoken", expires_at: "2099-01-01T00:00:00Z", permissions: { issues: "write" }, repository_selection: "all" });
    },
    /** `.stakpak/config.yml` on the default branch: text, or absent (404 for both names). */
    config(text: string | undefined) {
      if (text === undefined) {
        api()
          .get((uri) => decodeURIComponent(uri).startsWith("/repos/acme/infra/contents/.stakpak/config.yml?ref=main"))
          .reply(404, { message: "Not Found" });
        api()
          .get((uri) => decodeURIComponent(uri).startsWith("/repos/acme/infra/contents/.stakpak/config.yaml?ref=main"))
          .reply(404, { message: "Not Found" });
      } else {
        api()
          .get((uri) => decodeURIComponent(uri).startsWith("/repos/acme/infra/contents/.stakpak/config.yml?ref=main"))
          .reply(200, text, { "content-type": "application/vnd.github.raw; charset=utf-8" });
      }
    },
    permission(login: string, role: string) {
      const legacy = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      api().get(`/repos/acme/infra/collaborators/${login}/permission`).reply(200, { permission: legacy, role_name: role, user: { login } });
    },
    eyes(commentId = 2050000101) {
      api().post(`/repos/acme/infra/issues/comments/${commentId}/reactions`, { content: "eyes" }).reply(201, { id: 1, content: "eyes" });
    },
    pullRequest(pr: unknown, number = 42) {
      api().get(`/repos/acme/infra/pulls/${number}`).reply(200, pr as nock.Body);
    },
    /** The head of a branch (`heads%2Fmain`: the ref is one path parameter). */
    branchHead(sha = MAIN_SHA, branch = "main", status = 200) {
      api()
        .get(`/repos/acme/infra/git/ref/heads%2F${branch}`)
        .reply(status, status === 200 ? restGitRef(branch, sha) : { message: "Not Found", documentation_url: "https://docs.github.com/rest/git/refs#get-a-reference", status: String(status) });
    },
    dispatch(status = 204) {
      api().post("/repos/acme/infra/actions/workflows/stakpak.yml/dispatches").reply(status, status === 204 ? undefined : { message: "failed" });
    },
    reply(number = 42) {
      api().post(`/repos/acme/infra/issues/${number}/comments`).reply(201, { id: 99, body: "" });
    },
    /** Bodies of the comments the App posted. */
    replies(): string[] {
      return recorded.filter((r) => r.method === "POST" && /\/issues\/\d+\/comments$/.test(r.path)).map((r) => r.body.body as string);
    },
    dispatches(): any[] {
      return recorded.filter((r) => r.path.endsWith("/dispatches")).map((r) => r.body);
    },
  };
}
