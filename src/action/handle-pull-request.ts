import { DEFAULT_AUTHORIZATION_RULES } from "../config/authorization-rules.js";
import { isForkPullRequest } from "../github/authorization/pull-request-origin.js";
import { releasePullRequestLocks } from "../github/commands/lock-labels.js";
import { parseCommentCommands, type ParsedCommand } from "../github/commands/parse-comment.js";
import { UserError } from "../user-error.js";
import type { ActionContext, CommandOutcome } from "./action-context.js";
import { acceptPullRequest } from "./accept-pull-request.js";
import { checkoutOrReply } from "./checkout-head.js";
import type { PullRequestPayload } from "./read-event.js";
import { runCommands } from "./run-commands.js";

/** The pull_request actions that autoplan. */
export const AUTOPLAN_ACTIONS: ReadonlySet<string> = new Set(["opened", "synchronize", "reopened"]);

/** What autoplan runs: `plan`, or the `command` input when it names plan commands (`plan -e staging`). */
function autoplanCommands(ctx: ActionContext): ParsedCommand[] {
  const { commands, errors } = parseCommentCommands(ctx.inputs.command ?? "plan", { prefix: "" });
  const bad = commands.filter((c) => c.name !== "plan");
  if (errors.length > 0 || bad.length > 0 || commands.length === 0) {
    throw new UserError({
      summary: "on pull_request events the `command` input may only hold plan commands",
      detail: [...errors.map((e) => `${e.where}: ${e.summary}`), ...bad.map((c) => `${c.canonical}: not a plan`)].join("\n"),
      where: "with: command",
      hint: "autoplan plans; apply and deploy are asked for in a comment, where they are authorized",
    });
  }
  return commands;
}

/**
 * `pull_request`: opened, synchronize and reopened autoplan the projects whose files changed
 * (each project's `when_modified` globs against the files GitHub lists for the pull request);
 * closed releases the pull request's locks. Forks are not planned: their runs get no secrets.
 */
export async function handlePullRequest(ctx: ActionContext, payload: PullRequestPayload): Promise<CommandOutcome[]> {
  const notice = (text: string): CommandOutcome[] => {
    ctx.sink.notice(ctx.redactor.redact(text));
    return [];
  };
  const number = payload.pull_request.number;
  const repository = { owner: ctx.repository.owner, repo: ctx.repository.repo };
  if (payload.action === "closed") {
    const released = await releasePullRequestLocks(ctx.client, repository, number);
    return notice(`Pull request #${number} closed: released ${released.length} lock(s)${released.length ? ` (${released.map((l) => l.label).join(", ")})` : ""}.`);
  }
  if (!AUTOPLAN_ACTIONS.has(payload.action)) return notice(`pull_request ${payload.action}: nothing to do (autoplan runs on opened, synchronize and reopened).`);
  if (isForkPullRequest(payload.pull_request)) {
    return notice(`Pull request #${number} comes from ${payload.pull_request.head.repo?.full_name ?? "a deleted fork"}: forks are not planned, since planning runs their code with this repository's secrets.`);
  }
  const commands = autoplanCommands(ctx);
  const accepted = await acceptPullRequest(ctx, number, { canonicals: commands.map((c) => c.canonical), runsCode: true, expectedHeadSha: payload.pull_request.head.sha });
  if (!accepted.accepted) return notice(`autoplan of #${number} skipped: the pull request is ${accepted.why === "moved" ? "at a newer commit (its own event plans it)" : accepted.why}.`);
  if (!(await checkoutOrReply(ctx, accepted.pr))) return [{ command: "autoplan", ok: false, runs: [], lines: ["the pinned commit could not be checked out"] }];
  return runCommands(ctx, { pr: accepted.pr, commands, actor: null, rules: DEFAULT_AUTHORIZATION_RULES, trigger: "autoplan" });
}
