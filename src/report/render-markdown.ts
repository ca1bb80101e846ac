import type { ProjectRun } from "../iac/project-run.js";
import { emptyPlanCounts, PLAN_COUNT_KEYS, type PlanSummary } from "../iac/plan-model.js";
import { DETAIL_LEVELS, type DetailLevel } from "./detail-levels.js";
import { escapeText } from "./escape-markdown.js";
import { formatCount, plural } from "./format-count.js";
import { MarkdownBuilder } from "./markdown-builder.js";
import { terraformHeadlineText } from "./plan-headline.js";
import { prepareRun, renderRunSection, runTitle, type PreparedRun } from "./render-run-section.js";

export interface MarkdownReportOptions {
  /** Hard cap on the result's length; GitHub rejects comments over 65,536 characters. */
  maxChars?: number;
  title?: string;
}

export const DEFAULT_MAX_CHARS = 65_000;
const DEFAULT_TITLE = "Plan report";

/**
 * The plan report a reviewer reads in a pull request: per project a headline, the changed
 * resources (dangerous first), attribute changes, outputs, drift, warnings, a diagram and the
 * full plan. When it does not fit `maxChars`, detail is shed level by level (see
 * `DETAIL_LEVELS`) and every cut says what it left out; the result is always whole markdown.
 */
export function renderMarkdownReport(runs: ProjectRun[], options: MarkdownReportOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const prepared = runs.map(prepareRun);
  const header = `${renderHeader(prepared, options.title ?? DEFAULT_TITLE).trimEnd()}\n\n`;

  for (const [index, level] of DETAIL_LEVELS.entries()) {
    const top = index === 0 ? header : `${header}${shortenedNote(maxChars)}\n\n`;
    const sections = renderAllAt(prepared, level, maxChars - top.length);
    if (!sections) continue;
    let spare = maxChars - top.length - totalLength(sections);
    // Levels apply to every section alike; give the room left back to sections in order, so a
    // small project next to a huge one keeps its detail.
    for (const [i, p] of prepared.entries()) {
      for (let finer = index - 1; finer >= 0; finer--) {
        const current = sections[i] as string;
        const better = renderSection(p, DETAIL_LEVELS[finer]!, spare + current.length);
        if (better === null) break;
        spare += current.length - better.length;
        sections[i] = better;
      }
    }
    const text = `${top}${sections.join("")}`.trimEnd() + "\n";
    if (text.length <= maxChars) return text;
  }
  return renderWhatFits(prepared, header, maxChars);
}

/** Every section at one level, or null as soon as they stop fitting in `budget`. */
function renderAllAt(prepared: readonly PreparedRun[], level: DetailLevel, budget: number): string[] | null {
  const sections: string[] = [];
  let left = budget;
  for (const p of prepared) {
    const section = renderSection(p, level, left);
    if (section === null) return null;
    left -= section.length;
    sections.push(section);
  }
  return sections;
}

/** One section, or null if it does not fit in `budget` (rendering stops early in that case). */
function renderSection(p: PreparedRun, level: DetailLevel, budget: number): string | null {
  if (budget <= 0) return null;
  const b = new MarkdownBuilder(budget);
  renderRunSection(b, p, level);
  return b.overflowed ? null : b.toString();
}

function totalLength(parts: readonly string[]): number {
  let n = 0;
  for (const part of parts) n += part.length;
  return n;
}

function shortenedNote(maxChars: number): string {
  return `> ✂️ Shortened to fit ${formatCount(maxChars)} characters; each section says what it left out.`;
}

function renderHeader(prepared: readonly PreparedRun[], title: string): string {
  const b = new MarkdownBuilder();
  b.block(`## ${escapeText(title)}`);
  if (prepared.length === 0) return b.line("_No projects were planned._").toString();
  if (prepared.length === 1) return b.toString();

  const failed = prepared.filter((p) => p.headline.failed).length;
  const dangerous = prepared.filter((p) => p.headline.dangerous).length;
  const unchanged = prepared.filter((p) => p.headline.icon === "✅").length;
  const changed = prepared.length - failed - unchanged;
  const parts = [`${formatCount(changed)} with changes`, `${formatCount(unchanged)} without changes`];
  if (failed > 0) parts.push(`❌ ${formatCount(failed)} failed`);
  if (dangerous > 0) parts.push(`⚠️ ${formatCount(dangerous)} destroying or replacing resources`);
  b.block(`**${plural(prepared.length, "project")}:** ${parts.join(", ")}`);

  const total = totalSummary(prepared);
  if (total) b.block(`**Terraform total:** ${terraformHeadlineText(total)}`);

  b.line("| | Project | Result |").line("| --- | --- | --- |");
  for (const p of prepared) b.line(`| ${p.headline.icon} | ${escapeText(runTitle(p.run))} | ${escapeText(p.headline.text)} |`);
  return b.toString();
}

/** Sum of the terraform summaries, when there are at least two to add up. */
function totalSummary(prepared: readonly PreparedRun[]): PlanSummary | null {
  const plans = prepared.flatMap((p) => (p.run.plan && !p.headline.failed ? [p.run.plan.summary] : []));
  if (plans.length < 2) return null;
  const total: PlanSummary = { ...emptyPlanCounts(), hasChanges: false };
  for (const s of plans) {
    for (const key of PLAN_COUNT_KEYS) total[key] += s[key];
    total.hasChanges ||= s.hasChanges;
  }
  return total;
}

/**
 * Last resort, when even headline-only sections of every project do not fit (hundreds of
 * projects, or a tiny `maxChars`): whole headline sections while they fit, then a count of the
 * rest. Cuts fall only between lines of plain text, so nothing is left open.
 */
function renderWhatFits(prepared: readonly PreparedRun[], header: string, maxChars: number): string {
  const headlines = DETAIL_LEVELS[DETAIL_LEVELS.length - 1]!;
  // Room for the closing "… N more projects not shown" line.
  const budget = maxChars - 100;
  const b = new MarkdownBuilder();
  for (const line of header.trimEnd().split("\n")) {
    if (b.length + line.length + 1 > budget) break;
    b.line(line);
  }
  b.line();
  let shown = 0;
  for (const p of prepared) {
    const section = new MarkdownBuilder();
    renderRunSection(section, p, headlines);
    if (b.length + section.length > budget) break;
    b.line(section.toString().trimEnd()).line();
    shown++;
  }
  const left = prepared.length - shown;
  if (left > 0) b.block(`_… ${plural(left, "more project")} not shown to fit ${formatCount(maxChars)} characters._`);
  const text = `${b.toString().trim()}\n`;
  return text.length <= maxChars ? text : text.slice(0, text.lastIndexOf("\n", maxChars - 1) + 1);
}
