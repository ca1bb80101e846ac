import { planExitCode, planProjects } from "../core/plan-projects.js";
import { appendJobSummary } from "../github/job-summary.js";
import { parseCommentCommands } from "../github/commands/parse-comment.js";
import type { Redactor } from "../redact/redactor.js";
import { renderMarkdownReport } from "../report/render-markdown.js";
import { UserError } from "../user-error.js";
import type { ActionSink, CommandOutcome } from "./action-context.js";
import type { ActionInputs } from "./action-inputs.js";

/**
 * An event without a pull request (push, schedule, ...) with `command: plan`: plans the checked-out
 * workspace as the CLI would and writes the report to the job summary. Nothing is posted to
 * GitHub, and nothing but `plan` runs without a pull request to answer on.
 */
export async function planWorkspace(options: { inputs: ActionInputs; repoRoot: string; env: NodeJS.ProcessEnv; redactor: Redactor; sink: ActionSink; eventName: string }): Promise<CommandOutcome[]> {
  const { inputs, redactor, sink } = options;
  const { commands, errors } = parseCommentCommands(inputs.command ?? "", { prefix: "" });
  const other = commands.filter((c) => c.name !== "plan");
  if (errors.length > 0 || other.length > 0 || commands.length === 0) {
    throw new UserError({
      summary: `on ${options.eventName} events the \`command\` input may only hold plan commands`,
      detail: [...errors.map((e) => `${e.where}: ${e.summary}`), ...other.map((c) => `${c.canonical}: needs a pull request`)].join("\n"),
      where: "with: command",
      hint: "apply and deploy run from a pull request comment, where they are authorized and their requirements checked",
    });
  }
  const outcomes: CommandOutcome[] = [];
  for (const command of commands) {
    const outcome = await planProjects({
      repoRoot: options.repoRoot,
      configPath: inputs.config,
      project: command.project ?? inputs.project,
      env: command.env ?? inputs.environment,
      targets: command.targets,
      redactor,
      processEnv: options.env,
      onProgress: (line) => sink.info(line),
    });
    await appendJobSummary(redactor.redact(renderMarkdownReport(outcome.runs)));
    outcomes.push({ command: command.canonical, ok: planExitCode(outcome.runs) !== 1, runs: outcome.runs, lines: [] });
  }
  return outcomes;
}
