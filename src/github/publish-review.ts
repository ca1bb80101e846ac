import type { Redacted } from "../redact/redacted.js";
import type { GitHubClient } from "./create-octokit.js";
import { isGitHubApiError } from "./github-api-error.js";
import type { PullRequestRef } from "./pull-request-ref.js";

export type ReviewEvent = "COMMENT" | "REQUEST_CHANGES";

export interface ReviewComment {
  /** Repository-relative path of a file in the pull request. */
  path: string;
  /** A line the diff shows: new-file number on the RIGHT, old-file number of a removed line on the LEFT. */
  line: number;
  side: "RIGHT" | "LEFT";
  body: Redacted;
}

export interface ReviewDraft {
  body: Redacted;
  event: ReviewEvent;
  comments: readonly ReviewComment[];
  /**
   * The body to send if GitHub refuses the inline comments (a line it no longer counts as part
   * of the diff): it should list what the comments said. Default: `body`.
   */
  bodyWithoutComments?: Redacted;
}

export interface ReviewResult {
  id: number;
  url: string;
  /** What was submitted: COMMENT when REQUEST_CHANGES was refused (the bot opened the pull request itself). */
  event: ReviewEvent;
  inlineComments: number;
}

/**
 * Submits a review on the pull request's planned commit, with its inline comments. Two refusals
 * are worked around rather than lost: GitHub does not let an author request changes on their own
 * pull request (the review is then a comment; the body still says why), and it rejects a whole
 * review when one inline comment's line is not in the diff (sent again with `bodyWithoutComments`).
 */
export async function publishReview(client: GitHubClient, pr: PullRequestRef, draft: ReviewDraft): Promise<ReviewResult> {
  let event = draft.event;
  let comments = draft.comments;
  let body = draft.body;
  for (let attempt = 0; ; attempt++) {
    try {
      const { data } = await client.rest.pulls.createReview({
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pullNumber,
        commit_id: pr.headSha,
        event,
        body: body.text,
        comments: comments.map((c) => ({ path: c.path, line: c.line, side: c.side, body: c.body.text })),
      });
      return { id: data.id, url: data.html_url, event, inlineComments: comments.length };
    } catch (err) {
      if (!isGitHubApiError(err) || err.status !== 422 || attempt >= 2) throw err;
      const message = `${err.summary}\n${err.detail ?? ""}`;
      if (event === "REQUEST_CHANGES" && /own pull request/i.test(message)) event = "COMMENT";
      else if (comments.length > 0) {
        client.log.warn(`GitHub refused the review's inline comments; posting them in the review body. (${(err.detail ?? "").split("\n").join("; ")})`);
        comments = [];
        body = draft.bodyWithoutComments ?? draft.body;
      } else throw err;
    }
  }
}
