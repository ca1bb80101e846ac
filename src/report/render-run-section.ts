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
import { renderDiagnostics } from "./render-diagnostics.js";
import { renderFullPlan } from "./render-full-plan.js";
import { renderKubeDetails } from "./render-kube-section.js";
import { renderMermaid } from "./render-mermaid.js";
import { renderOutputs } from "./render-outputs.js";
import { changeDetailsCell, driftDetailsCell, renderResourceTable } from "./render-resource-table.js";

/** What every detail level needs, computed once per run (sorting 10,000 rows once, not per level). */
export interface PreparedRun {
  run: ProjectRun;
  headline: Headline;
  rows: ResourceChange[];
  drift: ResourceChange[];
  /** Data sources read are not changes to infrastructure; they stay out of the diagram. */
  diagramRows: ResourceChange[];
}

export function prepareRun(run: ProjectRun): PreparedRun {
  const rows = run.plan ? sortByDanger(run.plan.resourceChanges) : [];
  return {
    run,
    headline: runHeadline(run),
    rows,
    drift: run.plan ? sortByDanger(run.plan.resourceDrift) : [],
    diagramRows: rows.filter((rc) => rc.action !== "read"),
  };
}

export function runTitle(run: ProjectRun): string {
  return run.environment ? `${run.project} · ${run.environment}` : run.project;
}

export function renderRunSection(b: MarkdownBuilder, prepared: PreparedRun, level: DetailLevel): void {
  const { run, headline } = prepared;
  b.block(`### ${headline.icon} ${escapeText(runTitle(run))}`);
  b.block(metaLine(run));
  b.block(headlineMarkdown(headline));
  if (headline.failed) renderFailure(b, run, level);
  else if (run.kube) renderKubeDetails(b, run.kube, level);
  else renderTerraformDetails(b, prepared, level);
  if (!headline.failed) renderDiagnostics(b, run.diagnostics, "warning", level.diagnostics);
  if (!run.kube) renderFullPlan(b, run.planText, level.planTextChars);
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
  renderUnrecognizedParts(b, plan.unrecognizedParts);
  renderResourceTable(b, prepared.rows, level.tableRows, changeDetailsCell);
  renderAttributeChanges(b, prepared.rows, level);
  renderActionInvocations(b, plan.actionInvocations, level.tableRows, level.valueChars);
  renderOutputs(b, plan.outputChanges, level.outputRows, level.valueChars);
  if (prepared.drift.length > 0) {
    b.block(`**Drift**: ${plural(prepared.drift.length, "resource")} changed outside Terraform since the last apply`);
    renderResourceTable(b, prepared.drift, level.driftRows, driftDetailsCell, "Changed outside Terraform");
  }
  if (level.mermaidNodes > 0 && prepared.diagramRows.length > 0) {
    b.line(`<details><summary>Diagram (${escapeHtml(plural(prepared.diagramRows.length, "resource"))})</summary>`).line();
    renderMermaid(b, prepared.diagramRows, level.mermaidNodes);
    b.line("</details>").line();
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
