import type { ProjectRun } from "../iac/project-run.js";
import type { ResourceChange } from "../iac/plan-model.js";
import { sortByDanger } from "./action-style.js";
import type { DetailLevel } from "./detail-levels.js";
import { codeBlock, escapeHtml, escapeText, escapeTextKeepingCode, inlineCode, truncateText } from "./escape-markdown.js";
import { formatCount, formatDuration, plural } from "./format-count.js";
import type { MarkdownBuilder } from "./markdown-builder.js";
import { headlineMarkdown, runHeadline, type Headline } from "./plan-headline.js";
import { renderActionInvocations, renderUnrecognizedParts } from "./render-actions.js";
import { renderAttributeChanges } from "./render-attribute-changes.js";
import { renderDangerAlert } from "./render-danger-alert.js";
import { renderDiagnostics } from "./render-diagnostics.js";
import { renderFullPlan } from "./render-full-plan.js";
import { renderKubeDetails } from "./render-kube-section.js";
import { renderOutputs } from "./render-outputs.js";
import { changeDetailsCell, driftDetailsCell, renderResourceTable } from "./render-resource-table.js";

/** What every detail level needs, computed once per run (sorting 10,000 rows once, not per level). */
export interface PreparedRun {
  run: ProjectRun;
  headline: Headline;
  rows: ResourceChange[];
  drift: ResourceChange[];
}

export function prepareRun(run: ProjectRun): PreparedRun {
  return {
    run,
    headline: runHeadline(run),
    rows: run.plan ? sortByDanger(run.plan.resourceChanges) : [],
    drift: run.plan ? sortByDanger(run.plan.resourceDrift) : [],
  };
}

export function runTitle(run: ProjectRun): string {
  return run.environment ? `${run.project} · ${run.environment}` : run.project;
}

export interface SectionLayout {
  /**
   * In a multi-project report each section is a `<details>` under an anchor the summary table
   * links to: open when it destroys, replaces or failed, folded otherwise. Alone, it is a heading.
   */
  anchor: string | null;
}

/**
 * Nothing to review: no change, no drift, no warning, nothing unread. Such a section is one
 * line; its plan text would only repeat "No changes".
 */
export function isQuiet(prepared: PreparedRun): boolean {
  const { run, headline } = prepared;
  if (headline.icon !== "✅" || headline.failed) return false;
  if (run.diagnostics.length > 0 || prepared.drift.length > 0) return false;
  return !run.plan || run.plan.unrecognizedParts.length === 0;
}

export function renderRunSection(b: MarkdownBuilder, prepared: PreparedRun, level: DetailLevel, layout: SectionLayout = { anchor: null }): void {
  const { run, headline } = prepared;
  const quiet = isQuiet(prepared);
  if (layout.anchor !== null && quiet) {
    b.block(`${headline.icon} **${escapeText(runTitle(run))}** · ${escapeText(headline.text)} ${metaLine(run)}`);
    return;
  }
  if (layout.anchor !== null) {
    const open = headline.dangerous || headline.failed ? " open" : "";
    b.line(`<details${open}><summary><a id="${layout.anchor}"></a><strong>${headline.icon} ${escapeHtml(runTitle(run))}</strong> · ${escapeHtml(headline.text)}</summary>`).line();
    b.block(metaLine(run));
  } else {
    b.block(`### ${headline.icon} ${escapeText(runTitle(run))}`);
    b.block(`${headlineMarkdown(headline)}<br>${metaLine(run)}`);
  }
  if (headline.failed) renderFailure(b, run, level);
  else if (run.kube) renderKubeDetails(b, run.kube, level);
  else renderTerraformDetails(b, prepared, level);
  if (!headline.failed) renderDiagnostics(b, run.diagnostics, "warning", level.diagnostics);
  if (!run.kube && !quiet) renderFullPlan(b, run.planText, level.planTextChars);
  if (layout.anchor !== null) b.line("</details>").line();
}

function metaLine(run: ProjectRun): string {
  const parts = [inlineCode(run.dir)];
  if (run.plan) parts.push(`terraform ${escapeText(run.plan.terraformVersion)}`);
  else parts.push(run.tool);
  parts.push(formatDuration(run.durationMs));
  return `<sub>${parts.join(" · ")}</sub>`;
}

function renderTerraformDetails(b: MarkdownBuilder, prepared: PreparedRun, level: DetailLevel): void {
  const plan = prepared.run.plan;
  if (!plan) return;
  renderDangerAlert(b, prepared.rows);
  renderUnrecognizedParts(b, plan.unrecognizedParts);
  renderResourceTable(b, prepared.rows, level.tableRows, changeDetailsCell);
  renderAttributeChanges(b, prepared.rows, level);
  renderActionInvocations(b, plan.actionInvocations, level.tableRows, level.valueChars);
  renderOutputs(b, plan.outputChanges, level.outputRows, level.valueChars);
  if (prepared.drift.length > 0) {
    b.block(`**Drift**: ${plural(prepared.drift.length, "resource")} changed outside Terraform since the last apply`);
    renderResourceTable(b, prepared.drift, level.driftRows, driftDetailsCell, "Changed outside Terraform");
  }
}

function renderFailure(b: MarkdownBuilder, run: ProjectRun, level: DetailLevel): void {
  const error = run.error;
  if (error?.where) b.block(`at ${inlineCode(error.where)}`);
  const detail = error?.detail?.trimEnd() ?? "";
  if (detail !== "") {
    if (level.errorDetailChars > 0) b.line(codeBlock(truncateText(detail, level.errorDetailChars), "text")).line();
    else b.block(`_Error detail (${formatCount(detail.length)} characters) left out to fit the size limit._`);
  }
  if (error?.hint) b.block(`💡 **Hint:** ${escapeTextKeepingCode(error.hint)}`);
  renderDiagnostics(b, run.diagnostics, "error", Math.max(level.diagnostics, 1));
  renderDiagnostics(b, run.diagnostics, "warning", level.diagnostics);
}
