import { retry } from "@octokit/plugin-retry";
import { throttling, type ThrottlingOptions } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { toGitHubApiError } from "./github-api-error.js";

const StakpakOctokit = Octokit.plugin(retry, throttling);

/**
 * The GitHub client every publishing function takes: `.rest`, `.graphql`, `.paginate`, `.log`.
 * `createOctokit` makes one; a Probot context's `octokit` (same plugins) fits too.
 */
export type GitHubClient = Pick<InstanceType<typeof StakpakOctokit>, "rest" | "graphql" | "paginate" | "request" | "hook" | "log">;

export interface GitHubLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface CreateOctokitOptions {
  token: string;
  /**
   * REST API root: `https://ghe.example.com/api/v3` on GitHub Enterprise Server (GraphQL then
   * goes to `/api/graphql`). Default: GITHUB_API_URL (set in every Actions job), else
   * `https://api.github.com`.
   */
  baseUrl?: string | undefined;
  /** Rate-limit retries (primary or secondary) before giving up with a `GitHubApiError`. Default 3. */
  maxRateLimitRetries?: number;
  /** Longest wait for a rate limit to reset that is worth retrying, in seconds. Default 300. */
  maxRateLimitWaitSeconds?: number;
  /** Retries of a 5xx or a network failure (waits 1, 4, 9 s). Default 3. */
  maxServerErrorRetries?: number;
  /** Milliseconds in one of GitHub's "retry after N seconds"; tests shrink it. Default 1000. */
  secondMs?: number;
  /**
   * GitHub's recommended pacing (one write at a time, a second apart, three between comments).
   * Default true; only tests that play the API turn it off.
   */
  paceWrites?: boolean;
  log?: GitHubLog | undefined;
  userAgent?: string | undefined;
}

/** Runs every job at once: stands in for the throttling plugin's pacing groups when it is off. */
const UNPACED = {
  key: () => ({
    schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => Promise.resolve().then(() => job(...args)),
  }),
};

/**
 * An authenticated client with the retry and throttling plugins: 5xx answers and network failures
 * are retried, rate limits (primary and secondary) wait the time GitHub asks and retry a few
 * times, and what still fails is thrown as a `GitHubApiError` (a `UserError` with a hint).
 */
export function createOctokit(options: CreateOctokitOptions): GitHubClient {
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 3;
  const maxWait = options.maxRateLimitWaitSeconds ?? 300;
  const secondMs = options.secondMs ?? 1000;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, octokit: { log: GitHubLog }, retryCount: number): boolean => {
      const again = retryCount < maxRateLimitRetries && retryAfter <= maxWait;
      octokit.log.warn(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: ${again ? `retrying in ${retryAfter} s (retry ${retryCount + 1} of ${maxRateLimitRetries})` : retryAfter > maxWait ? `it resets in ${retryAfter} s, too long to wait` : "giving up"}.`,
      );
      return again;
    };
  const throttle = {
    onRateLimit: onLimit("primary"),
    onSecondaryRateLimit: onLimit("secondary"),
    retryAfterBaseValue: secondMs,
    ...(options.paceWrites === false ? { global: UNPACED, auth: UNPACED, write: UNPACED, search: UNPACED, notifications: UNPACED } : {}),
  } as unknown as ThrottlingOptions;

  const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL;
  const client = new StakpakOctokit({
    auth: options.token,
    ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, "") } : {}),
    userAgent: options.userAgent ?? `stakpak-gitops/${__STAKPAK_VERSION__}`,
    ...(options.log ? { log: options.log } : {}),
    throttle,
    retry: {
      retries: options.maxServerErrorRetries ?? 3,
      retryAfterBaseValue: secondMs,
      // Rate limits are the throttling plugin's to wait out; client errors will not change.
      doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
    },
  });
  // Registered last, so it sees each failure after both plugins gave up on it.
  client.hook.error("request", (error) => {
    throw toGitHubApiError(error);
  });
  return client;
}
