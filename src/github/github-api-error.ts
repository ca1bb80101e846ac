import { UserError } from "../user-error.js";

/**
 * A GitHub API call that failed for good (after the retries `createOctokit` makes), told so the
 * person running the bot knows what to change: the token's permissions, the API URL, or to wait.
 * Keeps the HTTP status so callers can still tell "not found" from "forbidden".
 */
export class GitHubApiError extends UserError {
  readonly status: number;

  constructor(fields: { status: number; summary: string; detail?: string; where: string; hint?: string }) {
    super(fields);
    this.name = "GitHubApiError";
    this.status = fields.status;
  }
}

export function isGitHubApiError(err: unknown): err is GitHubApiError {
  return err instanceof GitHubApiError;
}

/** The parts of an @octokit/request-error `RequestError` this module reads. */
interface RequestErrorLike {
  status: number;
  message: string;
  request: { method: string; url: string };
  response?: { headers: Record<string, string | number | undefined>; data?: unknown } | undefined;
}

function isRequestError(err: unknown): err is RequestErrorLike {
  const e = err as Partial<RequestErrorLike> | null;
  return typeof e === "object" && e !== null && typeof e.status === "number" && typeof e.request === "object" && e.request !== null;
}

/** The permission a GitHub App or GITHUB_TOKEN needs for each endpoint the bot writes to. */
const PERMISSIONS: ReadonlyArray<[RegExp, string]> = [
  [/\/check-runs(\/|$)/, "checks: write"],
  [/\/pulls\/\d+\/(reviews|comments)|\/pulls\/comments\//, "pull-requests: write"],
  [/\/issues\/(\d+\/)?comments|\/reactions/, "pull-requests: write (and issues: write for issue comments)"],
  [/\/issues\/\d+\/labels(\/|$)/, "pull-requests: write (labels on a pull request)"],
  [/\/graphql$/, "pull-requests: write (minimizing comments)"],
  [/\/actions\//, "actions: write"],
];

/** Turns an octokit failure into a `GitHubApiError`; anything else (a bug, an abort) is returned unchanged. */
export function toGitHubApiError(err: unknown): unknown {
  if (!isRequestError(err) || err instanceof GitHubApiError) return err;
  const { method, url } = err.request;
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/\?.*$/, "");
  const where = `${method} ${path}`;
  const headers = err.response?.headers ?? {};
  const message = apiMessage(err);
  // The two plugins count retries differently; whether there were any is what a reader needs.
  const retried = Number((err.request as { request?: { retryCount?: number } }).request?.retryCount ?? 0) > 0;
  const after = retried ? " after retrying" : "";

  if (err.status === 429 || (err.status === 403 && (/rate limit/i.test(message) || headers["x-ratelimit-remaining"] === "0"))) {
    const secondary = /secondary rate/i.test(message);
    const reset = Number(headers["x-ratelimit-reset"]);
    const resetAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString().replace(/\.\d+Z$/, "Z") : null;
    return new GitHubApiError({
      status: err.status,
      summary: `GitHub API ${secondary ? "secondary " : ""}rate limit exceeded${after}.`,
      detail: message,
      where,
      hint: secondary
        ? "GitHub asks integrations to slow down; run fewer plans at once (the workflow's concurrency settings) and re-run the job."
        : `The token's hourly request quota is used up${resetAt ? ` until ${resetAt}` : ""}; re-run the job after that, or use a GitHub App token (its quota grows with the installation).`,
    });
  }
  if (err.status >= 500 || err.status === 0) {
    return new GitHubApiError({
      status: err.status,
      summary: `GitHub API failed with ${err.status}${after}.`,
      detail: message,
      where,
      hint: "GitHub may be having an incident (https://www.githubstatus.com); re-run the job. On GitHub Enterprise Server, check that the API URL (GITHUB_API_URL) is reachable from the runner.",
    });
  }
  if (err.status === 401) {
    return new GitHubApiError({
      status: 401,
      summary: "GitHub rejected the token (401).",
      detail: message,
      where,
      hint: "Pass a valid token in the `github-token` input (the default `${{ github.token }}` works), and check it has not expired.",
    });
  }
  if (err.status === 403 || err.status === 404) {
    const permission = PERMISSIONS.find(([pattern]) => pattern.test(path))?.[1];
    return new GitHubApiError({
      status: err.status,
      summary: `GitHub refused ${where} (${err.status}).`,
      detail: message,
      where,
      hint: permission
        ? `Give the token \`${permission}\` (the workflow's \`permissions:\` block, or the GitHub App's permissions), and check that it can see this repository.`
        : "Check that the token can see this repository and has the permissions the workflow's `permissions:` block lists.",
    });
  }
  return new GitHubApiError({ status: err.status, summary: `GitHub API request failed (${err.status}).`, detail: message, where });
}

/** GitHub's own message, plus the field errors of a 422. */
function apiMessage(err: RequestErrorLike): string {
  const data = err.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const parts = [typeof data?.message === "string" ? data.message : err.message];
  if (Array.isArray(data?.errors)) {
    for (const e of data.errors) parts.push(typeof e === "string" ? e : typeof e?.message === "string" ? e.message : JSON.stringify(e));
  }
  return parts.join("\n");
}
