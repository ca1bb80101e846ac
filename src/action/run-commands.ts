import { commandSpec, type AvailableCommandName } from "../config/command-table.js";
import { releasePullRequestLocks } from "../github/commands/lock-labels.js";
import type { ParsedCommand } from "../github/commands/parse-comment.js";
import { renderHelp } from "../github/commands/render-help.js";
import { renderUnlockResult } from "../github/commands/render-unlock-result.js";
import type { ActionContext, CommandOutcome } from "./action-context.js";
import { runAgentCommand } from "./agent-command.js";
import { runApplyCommand } from "./apply-plan.js";
import { reply, type CommandBatch } from "./command-batch.js";
import { runPlanCommand } from "./plan-command.js";
import { renderSkippedCommands } from "./render-action-replies.js";

type CommandRunner = (ctx: ActionContext, batch: CommandBatch, command: ParsedCommand) => Promise<CommandOutcome>;

/** One runner per available command: adding a command to the grammar is adding its runner here. */
const RUNNERS: Record<AvailableCommandName, CommandRunner> = {
  help: async (ctx, batch, command) => {
    await reply(ctx, batch.pr, renderHelp({ prefix: ctx.inputs.prefix, rules: batch.rules }));
    return { command: command.canonical, ok: true, runs: [], lines: [] };
  },
  plan: runPlanCommand,
  agent: async (ctx, batch, command) => {
    if (!batch.actor) throw new Error("internal: an agent request without the person who asked");
    return runAgentCommand(ctx, { target: { kind: "pull", pr: batch.pr }, command, actor: batch.actor, commentBody: batch.commentBody });
  },
  apply: runApplyCommand,
  deploy: runApplyCommand,
  unlock: async (ctx, batch, command) => {
    const filter = { project: command.project, env: command.env };
    const released = await releasePullRequestLocks(ctx.client, { owner: ctx.repository.owner, repo: ctx.repository.repo }, batch.pr.ref.pullNumber, filter);
    await reply(ctx, batch.pr, renderUnlockResult(released, filter));
    return { command: command.canonical, ok: true, runs: [], lines: [`unlock: released ${released.length}`] };
  },
};

/** Commands that change infrastructure: when one does not succeed, the commands after it are not run. */
function changesInfrastructure(command: ParsedCommand): boolean {
  return command.name === "apply" || command.name === "deploy";
}

/** Runs the batch's commands in the order written. */
export async function runCommands(ctx: ActionContext, batch: CommandBatch): Promise<CommandOutcome[]> {
  const outcomes: CommandOutcome[] = [];
  for (const [i, command] of batch.commands.entries()) {
    if (!commandSpec(command.name).available) continue;
    const outcome = await RUNNERS[command.name](ctx, batch, command);
    outcomes.push(outcome);
    const rest = batch.commands.slice(i + 1);
    if (!outcome.ok && changesInfrastructure(command) && rest.length > 0) {
      await reply(ctx, batch.pr, renderSkippedCommands({ prefix: ctx.inputs.prefix, failed: command.canonical, skipped: rest.map((c) => c.canonical) }));
      outcomes.push({ command: rest.map((c) => c.canonical).join("; "), ok: false, runs: [], lines: ["not run: an earlier apply did not succeed"] });
      break;
    }
  }
  return outcomes;
}
