import type { ApplyRun } from "../core/apply-project.js";
import type { ProjectRun } from "../iac/project-run.js";
import { authenticatedLogin } from "../github/authenticated-login.js";
import { publishCheckRun } from "../github/check-run.js";
import type { ParsedCommand } from "../github/commands/parse-comment.js";
import { appendJobSummary } from "../github/job-summary.js";
import { runKey } from "../github/plan-verdict.js";
import { checkRunName } from "../github/render-check-run.js";
import { renderFooter } from "../github/render-footer.js";
import { upsertStatusComment } from "../github/status-comment.js";
import { runHeadline } from "../report/plan-headline.js";
import { renderMarkdownReport } from "../report/render-markdown.js";
import { isUserError } from "../user-error.js";
import type { ActionContext } from "./action-context.js";
import type { CommandBatch } from "./command-batch.js";
import { ACTIONS_BOT } from "./plan-command.js";
import { renderApplyRun, renderNotApplied } from "./render-action-replies.js";

/**
 * The result of each project's apply (or why it was not applied) as its status comment
 * (`cmd: apply`/`deploy`, edited in place), a check run, and a section of the job summary; every
 * text redacted. A target that cannot be published is a warning: the apply happened either way.
 */
export async function publishApplyResults(ctx: ActionContext, batch: CommandBatch, command: ParsedCommand, ready: ReadonlyArray<{ run: ProjectRun }>, applied: readonly ApplyRun[]): Promise<void> {
  const botLogin = await authenticatedLogin(ctx.client, ACTIONS_BOT);
  const sha = batch.pr.ref.headSha;
  const sections: string[] = [];
  for (const [i, plan] of ready.entries()) {
    const result = applied[i];
    const headline = runHeadline(plan.run).text;
    const body = result
      ? renderApplyRun(result, { headline })
      : renderNotApplied({ project: plan.run.project, environment: plan.run.environment, reason: `an earlier project's apply failed (${runKey(applied[applied.length - 1] ?? plan.run)})` });
    sections.push(body);
    const key = { cmd: command.name, project: plan.run.project, env: plan.run.environment };
    const text = ctx.redactor.redact(`${body}\n\n${renderFooter(command.name, sha, ctx.runUrl)}`);
    try {
      await upsertStatusComment(ctx.client, batch.pr.ref, key, text, { botLogin });
    } catch (err) {
      if (!isUserError(err)) throw err;
      ctx.sink.warning(ctx.redactor.redact(`Could not post the ${command.name} result of ${runKey(plan.run)}: ${err.format()}`));
    }
    try {
      await publishCheckRun(ctx.client, batch.pr.ref, {
        name: ctx.redactor.redact(checkRunName(command.name, plan.run)),
        conclusion: result?.status === "applied" ? "success" : "failure",
        title: ctx.redactor.redact(result?.status === "applied" ? `Applied · ${headline}` : result ? `Apply failed · ${result.error?.summary ?? ""}` : "Not applied"),
        summary: ctx.redactor.redact(body),
        text: ctx.redactor.redact(renderMarkdownReport([plan.run], { maxChars: 60_000 })),
        detailsUrl: ctx.runUrl,
      });
    } catch (err) {
      if (!isUserError(err)) throw err;
      ctx.sink.warning(ctx.redactor.redact(`Could not publish the ${command.name} check of ${runKey(plan.run)}: ${err.format()}`));
    }
  }
  await appendJobSummary(ctx.redactor.redact(`## stakpak ${command.canonical}\n\n${sections.join("\n\n")}\n\n${renderMarkdownReport(ready.map((p) => p.run))}`));
}
