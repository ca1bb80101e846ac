import nock from "nock";
import { afterEach, beforeEach, expect } from "vitest";
import { createOctokit, type GitHubClient } from "../../src/github/create-octokit.js";
import { nockRequestProblems } from "../support/github-openapi.js";
import type { PullRequestRef } from "../../src/github/pull-request-ref.js";
import { Redactor, type Redacted } from "../../src/redact/redactor.js";

export const API = "https://api.github.com";

export const PR: PullRequestRef = { owner: "acme", repo: "infra", pullNumber: 42, headSha: "0123456789abcdef0123456789abcdef01234567" };

export const BOT = "stakpak-gitops[bot]";

/** Every request nock answered: method, path and parsed JSON body. */
export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

/**
 * No real network in these tests; every request is recorded (after nock matched it) so tests can
 * assert on what was sent, bodies included.
 */
export function useGitHubApi(): { recorded: Recorded[]; api: (baseUrl?: string) => nock.Scope } {
  const recorded: Recorded[] = [];
  // Every request must be one GitHub takes (its REST OpenAPI description), answered with a status the operation has.
  const violations: string[] = [];
  const onRequest = (req: { method: string; path: string }, interceptor: { statusCode?: number | null }, body: string): void => {
    const parsed = body ? (JSON.parse(body) as unknown) : undefined;
    recorded.push({ method: req.method, path: req.path, body: parsed });
    violations.push(...nockRequestProblems(req.method, req.path.replace(/^\/api\/v3(?=\/)/, ""), parsed, interceptor.statusCode));
  };
  /** The API host, with every request it answers recorded. */
  const api = (baseUrl = API): nock.Scope => nock(baseUrl).on("request", onRequest);
  const unmatched: string[] = [];
  const onNoMatch = (req: { method?: string; path?: string; href?: string }): void => {
    unmatched.push(`${req.method ?? "?"} ${req.path ?? req.href ?? "?"}`);
  };
  beforeEach(() => {
    recorded.length = 0;
    unmatched.length = 0;
    violations.length = 0;
    nock.disableNetConnect();
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending, "every GitHub API call the test set up was made").toEqual([]);
    expect(unmatched, "no GitHub API call the test did not expect").toEqual([]);
    expect(violations, "requests GitHub would not take, or statuses it would not answer").toEqual([]);
  });
  return { recorded, api };
}

/** A client that retries fast and does not pace writes: the same plugins, milliseconds instead of seconds. */
export function testClient(baseUrl?: string): GitHubClient {
  return createOctokit({
    token: "ghs_testtoken",
    baseUrl: baseUrl ?? API,
    secondMs: 1,
    paceWrites: false,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

const redactor = new Redactor();

/** Test text as the publishing functions take it. */
export function redacted(text: string): Redacted {
  return redactor.redact(text);
}

/** A GitHub user object as the REST API returns it. */
export function user(login: string, type: "User" | "Bot" = login.endsWith("[bot]") ? "Bot" : "User"): Record<string, unknown> {
  return { login, id: login.length * 1000 + 7, node_id: `U_${login}`, type, site_admin: false, html_url: `https://github.com/${login.replace("[bot]", "")}` };
}

/** An issue comment as `GET /repos/{owner}/{repo}/issues/{n}/comments` returns it. */
export function issueComment(id: number, login: string, body: string): Record<string, unknown> {
  return {
    id,
    node_id: `IC_kwDO${id}`,
    url: `${API}/repos/${PR.owner}/${PR.repo}/issues/comments/${id}`,
    html_url: `https://github.com/${PR.owner}/${PR.repo}/pull/${PR.pullNumber}#issuecomment-${id}`,
    issue_url: `${API}/repos/${PR.owner}/${PR.repo}/issues/${PR.pullNumber}`,
    body,
    user: user(login),
    created_at: "2025-05-01T10:00:00Z",
    updated_at: "2025-05-01T10:00:00Z",
    author_association: login.endsWith("[bot]") ? "NONE" : "MEMBER",
    reactions: { url: "", total_count: 0 },
  };
}

/** Every request body sent, as one string, to search for what must never be sent. */
export function allBodies(recorded: readonly Recorded[]): string {
  return recorded.map((r) => JSON.stringify(r.body ?? null)).join("\n");
}
