import type { Redacted } from "../redact/redacted.js";
import type { GitHubClient } from "./create-octokit.js";
import { COMMENT_BODY_LIMIT } from "./github-limits.js";
import { issueNumberOf, type IssueRef, type PullRequestRef } from "./pull-request-ref.js";
import { truncateMarkdown } from "./split-markdown.js";

/**
 * Posts a plain comment on a pull request or an issue: a reply to a command (usage, "not
 * available", why a fork is refused). A reply is never split; one over GitHub's limit is cut.
 */
export async function postReply(client: GitHubClient, target: PullRequestRef | IssueRef, body: Redacted): Promise<{ id: number; url: string }> {
  const text = truncateMarkdown(body.text, COMMENT_BODY_LIMIT, "_✂️ Cut to fit a comment._");
  const { data } = await client.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: issueNumberOf(target), body: text });
  return { id: data.id, url: data.html_url };
}
