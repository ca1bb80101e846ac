import { isBot } from "../github/authorization/pull-request-origin.js";
import { addReaction } from "../github/add-reaction.js";
import { AGENT_COMMAND, commandSpec } from "../config/command-table.js";
import { parseCommentCommands, type ParsedCommand, type ParseResult } from "../github/commands/parse-comment.js";
import { renderCommandErrors } from "../github/commands/render-command-errors.js";
import { postReply } from "../github/post-reply.js";
import type { ActionContext, CommandOutcome } from "./action-context.js";
import { acceptPullRequest } from "./accept-pull-request.js";
import { authorizeCommands } from "./authorize-commands.js";
import { checkedOutCommit, checkoutOrReply } from "./checkout-head.js";
import { runAgentCommand } from "./agent-command.js";
import { UserError } from "../user-error.js";
import type { IssueCommentPayload } from "./read-event.js";
import { runCommands } from "./run-commands.js";

/** The commands of a comment, or of the `command` input when it overrides them. */
export function commentCommands(ctx: Pick<ActionContext, "inputs">, body: string): ParseResult {
  return ctx.inputs.command ? parseCommentCommands(ctx.inputs.command, { prefix: "" }) : parseCommentCommands(body, { prefix: ctx.inputs.prefix });
}

/** What of a comment on an issue is read: agent requests, and the errors of lines meant as one. */
export function agentRequestsOnly(parsed: ParseResult): ParseResult {
  return { commands: parsed.commands.filter((c) => c.name === AGENT_COMMAND), errors: parsed.errors.filter((e) => e.command === AGENT_COMMAND) };
}

/**
 * `issue_comment`: event → parse → authorize → acknowledge (eyes) → pin the head (forks refused)
 * → check it out → run the commands in order. On an issue, an agent request works from the
 * default branch's checkout and ends with a pull request; other commands there, comments by bots
 * (this one included) and comments without a command are ignored with a notice.
 */
export async function handleComment(ctx: ActionContext, payload: IssueCommentPayload): Promise<CommandOutcome[]> {
  const notice = (text: string): CommandOutcome[] => {
    ctx.sink.notice(ctx.redactor.redact(text));
    return [];
  };
  if (payload.action !== "created") return notice(`issue_comment ${payload.action}: only new comments are read (edited comments are not run again).`);
  const author = payload.comment.user ?? payload.sender;
  if (isBot(author) || isBot(payload.sender)) return notice(`Comment by ${author.login}: comments of bots are never commands.`);

  let parsed = commentCommands(ctx, payload.comment.body ?? "");
  if (!payload.issue.pull_request) {
    // On an issue only the agent is asked: it starts a branch and a pull request.
    parsed = agentRequestsOnly(parsed);
    if (parsed.commands.length === 0 && parsed.errors.length === 0) return notice(`Comment on issue #${payload.issue.number}: only requests for the agent are read on issues; the other commands work on pull requests.`);
  }
  if (parsed.commands.length === 0 && parsed.errors.length === 0) return notice("The comment holds no command.");
  const pr = { owner: ctx.repository.owner, repo: ctx.repository.repo, issueNumber: payload.issue.number };
  if (parsed.errors.length > 0) {
    await postReply(ctx.client, pr, ctx.redactor.redact(renderCommandErrors(parsed.errors, { prefix: ctx.inputs.prefix })));
    await addReaction(ctx.client, { owner: pr.owner, repo: pr.repo, commentId: payload.comment.id }, "confused");
    return [{ command: "(comment)", ok: true, runs: [], lines: ["the comment's commands are invalid; nothing was run"] }];
  }

  const actor = { login: author.login, association: payload.comment.author_association };
  const authorized = await authorizeCommands(ctx, actor, parsed.commands);
  if (!authorized.allowed) {
    await postReply(ctx.client, pr, ctx.redactor.redact(authorized.reply));
    return [{ command: "(comment)", ok: !authorized.checkFailed, runs: [], lines: [authorized.checkFailed ? "who may run these commands could not be checked; nothing was run" : `@${actor.login} may not run these commands; nothing was run`] }];
  }
  await addReaction(ctx.client, { owner: pr.owner, repo: pr.repo, commentId: payload.comment.id }, "eyes");

  if (!payload.issue.pull_request) {
    const command = parsed.commands[0] as ParsedCommand;
    const startSha = await checkedOutCommit(ctx.workspace);
    if (!startSha) throw new UserError({ summary: "the workspace is not a git checkout of the default branch", where: ctx.workspace, hint: "add `actions/checkout` before this step" });
    return [await runAgentCommand(ctx, { target: { kind: "issue", issueNumber: payload.issue.number, startSha }, command, actor, commentBody: payload.comment.body ?? undefined })];
  }

  const canonicals = parsed.commands.map((c) => c.canonical);
  const runsCode = parsed.commands.some((c) => commandSpec(c.name).runsCode);
  const accepted = await acceptPullRequest(ctx, payload.issue.number, { canonicals, runsCode });
  if (!accepted.accepted) {
    await postReply(ctx.client, pr, ctx.redactor.redact(accepted.reply));
    return [{ command: "(comment)", ok: accepted.why !== "moved", runs: [], lines: [`not run: the pull request is ${accepted.why === "fork" ? "from a fork" : accepted.why}`] }];
  }
  if (runsCode && !(await checkoutOrReply(ctx, accepted.pr))) return [{ command: "(comment)", ok: false, runs: [], lines: ["the pinned commit could not be checked out"] }];
  const batch = { pr: accepted.pr, commands: parsed.commands, actor, rules: authorized.rules, trigger: "comment" as const, commentBody: payload.comment.body ?? undefined };
  return runCommands(ctx, batch);
}
