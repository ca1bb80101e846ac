/**
 * Where a pull request's code comes from, and who sent an event: the two checks made before
 * anything runs with the repository's secrets.
 */

/** The parts of a pull request (REST or webhook shape) the fork check reads. */
export interface PullRequestRepos {
  head: { repo: { full_name: string } | null };
  base: { repo: { full_name: string } };
}

/**
 * A pull request from a fork: its head lives in another repository, or in one that was deleted
 * (`head.repo` is null). Its code must never run with this repository's secrets: workflows
 * started from a comment (`issue_comment`, or the App's `workflow_dispatch`) run in the base
 * repository's context with its secrets, and actions/checkout's fork guard only covers
 * `pull_request` events.
 */
export function isForkPullRequest(pr: PullRequestRepos): boolean {
  return pr.head.repo === null || pr.head.repo.full_name.toLowerCase() !== pr.base.repo.full_name.toLowerCase();
}

/** The sender of a webhook (`sender`, `comment.user`). */
export interface GitHubUser {
  login: string;
  type?: string | undefined;
}

/** A bot, this App included: `type: "Bot"` or a `[bot]` login. Their comments are never commands. */
export function isBot(user: GitHubUser | null | undefined): boolean {
  if (!user) return true;
  return user.type === "Bot" || user.login.toLowerCase().endsWith("[bot]");
}
