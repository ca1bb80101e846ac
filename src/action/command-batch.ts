import type { AuthorizationRules } from "../config/authorization-rules.js";
import type { Actor } from "../github/authorization/authorize.js";
import type { ParsedCommand } from "../github/commands/parse-comment.js";
import { postReply } from "../github/post-reply.js";
import type { ActionContext } from "./action-context.js";
import type { PinnedPullRequest } from "./accept-pull-request.js";

/** Commands accepted for one pull request, to run in order: what every event handler hands to `runCommands`. */
export interface CommandBatch {
  pr: PinnedPullRequest;
  commands: ParsedCommand[];
  /** Who asked; null for autoplan (a push, no person's request). */
  actor: Actor | null;
  /** Who may run what (from the default branch): also who may approve a plan Warden wants approved. */
  rules: AuthorizationRules;
  /** `autoplan` for pull_request events and the App's autoplan dispatches. */
  trigger: "comment" | "autoplan";
  /** The comment that asked (given to the agent as data); absent for autoplan. */
  commentBody?: string | undefined;
}

/** Posts a reply on the pull request, redacted. */
export async function reply(ctx: ActionContext, pr: PinnedPullRequest, markdown: string): Promise<void> {
  await postReply(ctx.client, pr.ref, ctx.redactor.redact(markdown));
}
