import { isForkPullRequest } from "../github/authorization/pull-request-origin.js";
import { renderClosedRefusal, renderForkRefusal } from "../github/commands/render-refusals.js";
import type { PullRequestRef } from "../github/pull-request-ref.js";
import type { ActionContext } from "./action-context.js";
import { renderHeadMoved } from "./render-action-replies.js";

/** A pull request accepted for work: same repository, open, its head commit pinned. */
export interface PinnedPullRequest {
  ref: PullRequestRef;
  /** Login of the pull request's author (who may not approve their own apply). */
  author: string;
  baseRef: string;
  /** The branch the pull request's commits are on (where the agent commits on a pull request). */
  headRef: string;
}

export type Acceptance = { accepted: true; pr: PinnedPullRequest } | { accepted: false; why: "fork" | "closed" | "moved"; reply: string };

export interface AcceptOptions {
  /** The commands asked for (canonical, without prefix), for the replies. */
  canonicals: readonly string[];
  /** Some of them run the pull request's code (plan, apply): refused on forks. */
  runsCode: boolean;
  /** The head commit pinned earlier (by the App, or the autoplan event): refused when the pull request moved on. */
  expectedHeadSha?: string | undefined;
}

/**
 * Reads the pull request and pins its head commit now: what runs is that commit, whatever is
 * pushed later. A fork's head is refused before anything is checked out, since a comment's
 * workflow runs with this repository's secrets (actions/checkout's fork guard covers only
 * `pull_request` runs). A closed pull request, or one whose head moved since `expectedHeadSha`
 * was pinned, is refused too.
 */
export async function acceptPullRequest(ctx: ActionContext, pullNumber: number, options: AcceptOptions): Promise<Acceptance> {
  const { data: pr } = await ctx.client.rest.pulls.get({ owner: ctx.repository.owner, repo: ctx.repository.repo, pull_number: pullNumber });
  if (options.runsCode && isForkPullRequest(pr)) {
    return { accepted: false, why: "fork", reply: renderForkRefusal({ prefix: ctx.inputs.prefix, canonicals: options.canonicals, headRepo: pr.head.repo?.full_name ?? null }) };
  }
  if (pr.state !== "open") {
    return { accepted: false, why: "closed", reply: renderClosedRefusal({ prefix: ctx.inputs.prefix, canonicals: options.canonicals, state: pr.merged ? "merged" : "closed" }) };
  }
  if (options.expectedHeadSha && pr.head.sha.toLowerCase() !== options.expectedHeadSha.toLowerCase()) {
    return {
      accepted: false,
      why: "moved",
      reply: renderHeadMoved({ prefix: ctx.inputs.prefix, canonicals: options.canonicals, pinned: options.expectedHeadSha, head: pr.head.sha }),
    };
  }
  return {
    accepted: true,
    pr: {
      ref: { owner: ctx.repository.owner, repo: ctx.repository.repo, pullNumber, headSha: pr.head.sha.toLowerCase() },
      author: pr.user?.login ?? "",
      baseRef: pr.base.ref,
      headRef: pr.head.ref,
    },
  };
}
