import { planExitCode, planProjects } from "../core/plan-projects.js";
import type { ParsedCommand } from "../github/commands/parse-comment.js";
import { publishPlanResults } from "../github/publish-plan.js";
import { isUserError } from "../user-error.js";
import { log, type ActionContext, type CommandOutcome } from "./action-context.js";
import { reply, type CommandBatch } from "./command-batch.js";
import { readGatePolicy } from "./gate-policy.js";
import { judgeRuns, verdictsOf } from "./judge-runs.js";
import { readLabelSettings } from "./label-settings.js";
import { planNextSteps } from "./plan-next-steps.js";
import { renderNoProjects, renderUserErrorReply } from "./render-action-replies.js";
import { selectTargets } from "./select-targets.js";

/** The login the Action's GITHUB_TOKEN posts as, when the token cannot tell it. */
export const ACTIONS_BOT = "github-actions[bot]";

/**
 * `plan` (and autoplan): the projects the command names, or those the pull request changes, are
 * planned on the pinned head; Warden's plan gate (the default branch's policy) judges each plan;
 * the results are published as status comments (each ending with the next step and what an apply
 * still needs), plan labels when configured, a review, check runs and the job summary.
 */
export async function runPlanCommand(ctx: ActionContext, batch: CommandBatch, command: ParsedCommand): Promise<CommandOutcome> {
  const name = batch.trigger === "autoplan" ? "autoplan" : command.name;
  const label = batch.trigger === "autoplan" ? "autoplan" : command.canonical;
  const filter = { project: command.project ?? ctx.inputs.project, env: command.env ?? ctx.inputs.environment };
  try {
    const targets = await selectTargets(ctx, batch.pr.ref, filter);
    log(ctx, `${label}: ${targets.why}`);
    if (targets.selected.length === 0) {
      if (batch.trigger === "autoplan") ctx.sink.notice(ctx.redactor.redact(`autoplan: nothing to plan; this pull request changes no project (${targets.why}).`));
      else await reply(ctx, batch.pr, renderNoProjects({ prefix: ctx.inputs.prefix, canonical: command.canonical, why: targets.why }));
      return { command: label, ok: true, runs: [], lines: [`${label}: no project changed`] };
    }
    const policy = await readGatePolicy(ctx.client, ctx.repository, ctx.repository.defaultBranch);
    const outcome = await planProjects({
      repoRoot: ctx.repoRoot,
      configPath: ctx.inputs.config,
      projects: [...new Set(targets.selected.map((s) => s.project.name))],
      env: filter.env,
      targets: command.targets,
      redactor: ctx.redactor,
      processEnv: ctx.env as NodeJS.ProcessEnv,
      onProgress: (line) => ctx.sink.info(line),
    });
    const verdicts = verdictsOf(judgeRuns(outcome.runs, policy));
    const nextSteps = await planNextSteps(ctx, batch, outcome.runs, verdicts);
    const labels = await readLabelSettings(ctx);
    if (labels.problem) ctx.sink.warning(ctx.redactor.redact(`Plan labels are off for this run: ${labels.problem.format()}`));
    // Labels a plan no longer earns come off only when it planned everything the pull request changes.
    const coversAllProjects = filter.project === undefined && filter.env === undefined && command.targets.length === 0;
    const published = await publishPlanResults(
      {
        client: ctx.client,
        pr: batch.pr.ref,
        command: name,
        runs: outcome.runs,
        verdicts,
        redactor: ctx.redactor,
        runUrl: ctx.runUrl,
        repoRoot: ctx.repoRoot,
        fallbackLogin: ACTIONS_BOT,
        nextSteps,
        labels: labels.settings,
        coversAllProjects,
      },
      { comment: true, review: true, checks: true, jobSummary: true, labels: true },
    );
    for (const failure of published.failures) {
      ctx.sink.warning(ctx.redactor.redact(`Could not publish the ${failure.target}${failure.key ? ` of ${failure.key}` : ""}: ${failure.error.format()}`));
    }
    return { command: label, ok: planExitCode(outcome.runs) !== 1 && published.failures.length === 0, runs: outcome.runs, lines: [] };
  } catch (err) {
    if (!isUserError(err)) throw err;
    await reply(ctx, batch.pr, renderUserErrorReply({ prefix: batch.trigger === "autoplan" ? "" : ctx.inputs.prefix, canonical: label, outcome: "failed" }, err));
    return { command: label, ok: false, runs: [], lines: [`${label}: ${err.summary}`] };
  }
}
