import type { Actor } from "../github/authorization/authorize.js";
import { sameLogin } from "../github/authenticated-login.js";
import { isBot } from "../github/authorization/pull-request-origin.js";
import { AGENT_COMMAND, commandSpec } from "../config/command-table.js";
import { parseCommentCommands } from "../github/commands/parse-comment.js";
import type { DispatchRequest } from "../github/commands/workflow-dispatch.js";
import { postReply } from "../github/post-reply.js";
import { isUserError, UserError } from "../user-error.js";
import { runAgentCommand } from "./agent-command.js";
import { renderUserErrorReply } from "./render-action-replies.js";
import type { ActionContext, CommandOutcome } from "./action-context.js";
import { acceptPullRequest } from "./accept-pull-request.js";
import { authorizeCommands } from "./authorize-commands.js";
import { checkoutOrReply, checkoutPinnedHead } from "./checkout-head.js";
import { checkDispatch } from "./check-dispatch.js";
import type { RepositoryDispatchPayload, WorkflowDispatchPayload } from "./read-event.js";
import { runCommands } from "./run-commands.js";
import { DEFAULT_AUTHORIZATION_RULES } from "../config/authorization-rules.js";


/**
 * Who the dispatched commands are for, checked again here (the workflow trusts nothing it is
 * handed): with a comment id, the comment's author, and the comment must hold every dispatched
 * command; without one, whoever dispatched (the event's sender), who must not be a bot.
 */
async function dispatchActor(ctx: ActionContext, request: DispatchRequest, sender: { login: string; type?: string | undefined }): Promise<{ actor: Actor; commentBody?: string }> {
  // A bot's dispatch without comment_id was refused by checkDispatch.
  if (request.commentId === undefined) return { actor: { login: sender.login, association: "NONE" } };
  const { data: comment } = await ctx.client.rest.issues.getComment({ owner: ctx.repository.owner, repo: ctx.repository.repo, comment_id: request.commentId });
  const login = comment.user?.login ?? "";
  const onPull = comment.issue_url.endsWith(`/issues/${request.pullNumber}`);
  const written = new Set(parseCommentCommands(comment.body ?? "", { prefix: ctx.inputs.prefix }).commands.map((c) => c.canonical));
  const strays = request.commands.filter((c) => !written.has(c.canonical));
  if (!onPull || strays.length > 0 || login.toLowerCase() !== request.inputs.requested_by.toLowerCase()) {
    throw new UserError({
      summary: `comment ${request.commentId} does not ask for what was dispatched`,
      detail: [
        onPull ? "" : `the comment is not on pull request #${request.pullNumber}`,
        login.toLowerCase() === request.inputs.requested_by.toLowerCase() ? "" : `the comment is by ${login}, not ${request.inputs.requested_by}`,
        ...strays.map((c) => `not in the comment: ${c.canonical}`),
      ]
        .filter(Boolean)
        .join("\n"),
      where: "dispatch inputs",
      hint: `the workflow runs only commands a comment asked for; check that the Action's prefix input matches the App's (${ctx.inputs.prefix})`,
    });
  }
  return { actor: { login, association: comment.author_association }, commentBody: comment.body ?? "" };
}

/**
 * The App's bot when it sent the dispatch: only a token of that App can make a dispatch whose
 * sender is its bot, and the App dispatches only what it authorized (with its own token, which
 * can read team membership; the workflow's GITHUB_TOKEN cannot).
 */
function sentByApp(ctx: ActionContext, sender: { login: string; type?: string | undefined }): string | undefined {
  const app = ctx.inputs.appBot;
  return app && isBot(sender) && sameLogin(sender.login, app) ? sender.login : undefined;
}

/**
 * `workflow_dispatch` (what the App starts, see workflow-dispatch.ts) and `repository_dispatch`
 * (event type `stakpak`, the same fields in `client_payload`): the inputs are checked with the
 * App's schema, the commands parsed again with the same grammar, the actor authorized again,
 * and the pull request's head must still be the commit the App pinned.
 */
export async function handleDispatch(ctx: ActionContext, payload: WorkflowDispatchPayload | RepositoryDispatchPayload): Promise<CommandOutcome[]> {
  const checked = checkDispatch(payload, ctx.inputs);
  if (!checked.handled) {
    ctx.sink.notice(ctx.redactor.redact(checked.notice));
    return [];
  }
  const { request } = checked;
  const canonicals = request.commands.map((c) => c.canonical);
  const pr = { owner: ctx.repository.owner, repo: ctx.repository.repo, issueNumber: request.pullNumber };

  let actor: Actor | null = null;
  let commentBody: string | undefined;
  let rules = DEFAULT_AUTHORIZATION_RULES;
  if (request.inputs.trigger !== "autoplan") {
    ({ actor, commentBody } = await dispatchActor(ctx, request, payload.sender));
    const authorized = await authorizeCommands(ctx, actor, request.commands, { authorizedByApp: sentByApp(ctx, payload.sender) });
    if (!authorized.allowed) {
      await postReply(ctx.client, pr, ctx.redactor.redact(authorized.reply));
      const why = authorized.checkFailed ? "who may run these commands could not be checked" : `@${actor.login} may not run these commands`;
      return [{ command: canonicals.join("; "), ok: !authorized.checkFailed, runs: [], lines: [`${why}; nothing was run`] }];
    }
    rules = authorized.rules;
  }

  const agentRequest = request.commands.find((c) => c.name === AGENT_COMMAND);
  if (agentRequest && actor) {
    const { data: issue } = await ctx.client.rest.issues.get({ owner: pr.owner, repo: pr.repo, issue_number: request.pullNumber });
    // An agent request on an issue: the App pinned the default branch's head, which the branch starts from.
    if (!issue.pull_request) {
      try {
        await checkoutPinnedHead(ctx.workspace, request.inputs.head_sha, { token: ctx.inputs.githubToken, serverUrl: ctx.env.GITHUB_SERVER_URL });
      } catch (err) {
        if (!isUserError(err)) throw err;
        await postReply(ctx.client, pr, ctx.redactor.redact(renderUserErrorReply({ prefix: ctx.inputs.prefix, outcome: "Nothing was run" }, err)));
        return [{ command: agentRequest.canonical, ok: false, runs: [], lines: ["the pinned commit could not be checked out"] }];
      }
      return [await runAgentCommand(ctx, { target: { kind: "issue", issueNumber: request.pullNumber, startSha: request.inputs.head_sha }, command: agentRequest, actor, commentBody })];
    }
  }

  const runsCode = request.commands.some((c) => commandSpec(c.name).runsCode);
  const accepted = await acceptPullRequest(ctx, request.pullNumber, { canonicals, runsCode, expectedHeadSha: request.inputs.head_sha });
  if (!accepted.accepted) {
    if (request.inputs.trigger === "autoplan") ctx.sink.notice(ctx.redactor.redact(`autoplan of #${request.pullNumber} skipped: the pull request is ${accepted.why}.`));
    else await postReply(ctx.client, pr, ctx.redactor.redact(accepted.reply));
    return [{ command: canonicals.join("; "), ok: accepted.why !== "moved" || request.inputs.trigger === "autoplan", runs: [], lines: [`not run: the pull request is ${accepted.why}`] }];
  }
  if (runsCode && !(await checkoutOrReply(ctx, accepted.pr))) return [{ command: canonicals.join("; "), ok: false, runs: [], lines: ["the pinned commit could not be checked out"] }];
  return runCommands(ctx, { pr: accepted.pr, commands: request.commands, actor, rules, trigger: request.inputs.trigger, commentBody });
}
