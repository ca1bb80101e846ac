import type { ApplyRun } from "../core/apply-project.js";
import type { ProjectRun } from "../iac/project-run.js";
import { authenticatedLogin } from "../github/authenticated-login.js";
import { publishCheckRun } from "../github/check-run.js";
import type { ParsedCommand } from "../github/commands/parse-comment.js";
import { appendJobSummary } from "../github/job-summary.js";
import { runKey } from "../github/plan-verdict.js";
import { renderApplyNotRun, renderApplyResult } from "../github/render-apply-result.js";
import { checkRunName } from "../github/render-check-run.js";
import { renderFooter, safeUrl } from "../github/render-footer.js";
import { upsertStatusComment } from "../github/status-comment.js";
import { headlineMarkdown, runHeadline } from "../report/plan-headline.js";
import { renderMarkdownReport } from "../report/render-markdown.js";
import { isUserError } from "../user-error.js";
import type { ActionContext } from "./action-context.js";
import type { CommandBatch } from "./command-batch.js";
import { ACTIONS_BOT } from "./plan-command.js";

/**
 * The result of each project's apply (or why it was not applied) as its status comment
 * (`cmd: apply`/`deploy`, edited in place), then a check run that links to it, and a section of
 * the job summary; every text redacted. The result is posted once on the pull request, in the
 * status comment; the check carries the outcome and the links. A target that cannot be
 * published is a warning: the apply happened either way.
 */
export async function publishApplyResults(ctx: ActionContext, batch: CommandBatch, command: ParsedCommand, ready: ReadonlyArray<{ run: ProjectRun }>, applied: readonly ApplyRun[]): Promise<void> {
  const botLogin = await authenticatedLogin(ctx.client, ACTIONS_BOT);
  const sha = batch.pr.ref.headSha;
  const sections: string[] = [];
  for (const [i, plan] of ready.entries()) {
    const result = applied[i];
    const body = result ? renderApplyResult(plan.run, result) : renderApplyNotRun(plan.run, `Not applied: an earlier project's apply failed (\`${runKey(applied[applied.length - 1] ?? plan.run)}\`).`);
    sections.push(body);
    const key = { cmd: command.name, project: plan.run.project, env: plan.run.environment };
    const text = ctx.redactor.redact(`${body}\n${renderFooter(command.name, sha, ctx.runUrl)}`);
    let statusUrl: string | undefined;
    try {
      statusUrl = (await upsertStatusComment(ctx.client, batch.pr.ref, key, text, { botLogin })).comments[0]?.url;
    } catch (err) {
      if (!isUserError(err)) throw err;
      ctx.sink.warning(ctx.redactor.redact(`Could not post the ${command.name} result of ${runKey(plan.run)}: ${err.format()}`));
    }
    const headline = runHeadline(plan.run).text;
    const outcome = result?.status === "applied" ? "Applied" : result ? "Apply failed" : "Not applied";
    try {
      await publishCheckRun(ctx.client, batch.pr.ref, {
        name: ctx.redactor.redact(checkRunName(command.name, plan.run)),
        conclusion: result?.status === "applied" ? "success" : "failure",
        title: ctx.redactor.redact(result?.status === "failed" ? `Apply failed · ${result.error?.summary ?? ""}` : `${outcome} · ${headline}`),
        summary: ctx.redactor.redact(applyCheckSummary(outcome, plan.run, result?.status === "failed" ? result.error?.summary : undefined, statusUrl, ctx.runUrl)),
        detailsUrl: ctx.runUrl,
      });
    } catch (err) {
      if (!isUserError(err)) throw err;
      ctx.sink.warning(ctx.redactor.redact(`Could not publish the ${command.name} check of ${runKey(plan.run)}: ${err.format()}`));
    }
  }
  await appendJobSummary(ctx.redactor.redact(`## stakpak ${command.canonical}\n\n${sections.join("\n\n")}\n\n${renderMarkdownReport(ready.map((p) => p.run))}`));
}

/** The apply check's summary: the outcome in the plan's words, the error's one line, and where the rest is. */
function applyCheckSummary(outcome: string, run: ProjectRun, error: string | undefined, statusUrl: string | undefined, runUrl: string | undefined): string {
  const where = [statusUrl ? `[the status comment](${safeUrl(statusUrl)}) on the pull request` : "", runUrl ? `[the workflow run](${safeUrl(runUrl)})` : ""].filter(Boolean);
  const lines = [`**${outcome}:** ${headlineMarkdown(runHeadline(run))}`];
  if (error) lines.push("", `Error: ${error.replace(/\s+/g, " ")}`);
  lines.push("", where.length > 0 ? `The result and terraform's output: ${where.join("; ")}.` : "The result and terraform's output are in the pull request's status comment.");
  return `${lines.join("\n")}\n`;
}
