import type { Redacted } from "../redact/redacted.js";
import { sameLogin } from "./authenticated-login.js";
import type { GitHubClient } from "./create-octokit.js";
import type { PullRequestRef } from "./pull-request-ref.js";
import { parseReviewMarker } from "./review-marker.js";

/**
 * Dismisses the bot's earlier "changes requested" reviews that the latest plans settle: every run
 * they were denied for (`project/env`, from the review's hidden marker) is in `settled`, planned
 * again and no longer denied. A later comment review does not lift a change request (GitHub keeps
 * a reviewer's last approving or blocking state), so without this it would block the merge for a
 * reason that is gone. A review denied for a run not planned this time stays. Branch protection
 * may reserve dismissals to some people: a refusal is logged, not thrown. Returns how many were
 * dismissed.
 */
export async function dismissOwnChangeRequests(
  client: GitHubClient,
  pr: PullRequestRef,
  botLogin: string | null,
  settled: ReadonlySet<string>,
  message: Redacted,
): Promise<number> {
  if (botLogin === null || settled.size === 0) return 0;
  const reviews = await client.paginate(client.rest.pulls.listReviews, { owner: pr.owner, repo: pr.repo, pull_number: pr.pullNumber, per_page: 100 });
  let dismissed = 0;
  for (const review of reviews) {
    if (review.state !== "CHANGES_REQUESTED" || !sameLogin(review.user?.login, botLogin)) continue;
    const marker = parseReviewMarker(review.body);
    if (!marker || !marker.denied.every((key) => settled.has(key))) continue;
    try {
      await client.rest.pulls.dismissReview({ owner: pr.owner, repo: pr.repo, pull_number: pr.pullNumber, review_id: review.id, message: message.text, event: "DISMISS" });
      dismissed++;
    } catch (err) {
      client.log.warn(`Could not dismiss the earlier "changes requested" review ${review.id}: ${(err as Error).message}`);
    }
  }
  return dismissed;
}
