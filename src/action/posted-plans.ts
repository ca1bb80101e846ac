import { authenticatedLogin, sameLogin } from "../github/authenticated-login.js";
import type { GitHubClient } from "../github/create-octokit.js";
import type { PullRequestRef } from "../github/pull-request-ref.js";
import { parseStatusMarker } from "../github/status-marker.js";

/** The status-comment commands whose comments hold a plan. */
const PLAN_COMMANDS = new Set(["plan", "autoplan"]);

/**
 * The plans the bot posted for the pull request's head commit: the body of the latest `plan` or
 * `autoplan` status comment per project and environment (keyed like `runKey`). Only the bot's
 * own comments count; anyone can write a comment that looks like one.
 */
export async function postedPlans(client: GitHubClient, pr: PullRequestRef, fallbackLogin: string): Promise<Map<string, string>> {
  const bot = await authenticatedLogin(client, fallbackLogin);
  const comments = await client.paginate(client.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.pullNumber, per_page: 100 });
  const plans = new Map<string, { id: number; body: string }>();
  for (const comment of comments) {
    if (!sameLogin(comment.user?.login, bot)) continue;
    const marker = parseStatusMarker(comment.body);
    if (!marker || marker.part !== 1 || !PLAN_COMMANDS.has(marker.cmd) || marker.sha !== pr.headSha.toLowerCase()) continue;
    const key = marker.env ? `${marker.project}/${marker.env}` : marker.project;
    const seen = plans.get(key);
    if (!seen || comment.id > seen.id) plans.set(key, { id: comment.id, body: comment.body ?? "" });
  }
  return new Map([...plans].map(([key, value]) => [key, value.body]));
}
