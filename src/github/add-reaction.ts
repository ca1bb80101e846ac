import type { GitHubClient } from "./create-octokit.js";

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export interface CommentRef {
  owner: string;
  repo: string;
  commentId: number;
  /** Where the command was written: a conversation comment (default) or a review comment on a diff line. */
  kind?: "issue_comment" | "review_comment";
}

/**
 * Reacts to a comment (`eyes` on receipt, `rocket` when done, `confused` on a bad command).
 * Reacting twice with the same content is harmless: GitHub returns the existing reaction.
 */
export async function addReaction(client: GitHubClient, comment: CommentRef, content: ReactionContent): Promise<{ id: number }> {
  const params = { owner: comment.owner, repo: comment.repo, comment_id: comment.commentId, content };
  const { data } =
    comment.kind === "review_comment" ? await client.rest.reactions.createForPullRequestReviewComment(params) : await client.rest.reactions.createForIssueComment(params);
  return { id: data.id };
}
