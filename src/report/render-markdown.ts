import type { ProjectRun } from "../iac/project-run.js";
import { DETAIL_LEVELS, type DetailLevel } from "./detail-levels.js";
import { escapeText } from "./escape-markdown.js";
import { formatCount, plural } from "./format-count.js";
import { MarkdownBuilder } from "./markdown-builder.js";
import { isQuiet, prepareRun, renderRunSection, type PreparedRun, type SectionLayout } from "./render-run-section.js";
import { renderSummaryTable } from "./render-summary-table.js";

export interface MarkdownReportOptions {
  /** Hard cap on the result's length; GitHub rejects comments over 65,536 characters. */
  maxChars?: number;
  title?: string;
}

export const DEFAULT_MAX_CHARS = 65_000;
const DEFAULT_TITLE = "Plan report";

/**
 * The plan report a reviewer reads in a pull request: per project a headline, a warning naming
 * what is destroyed or replaced, the changed resources (dangerous first, instances grouped),
 * attribute changes, outputs, drift, warnings and the full plan. Several projects get one summary
 * table linking to a folded section each; a project without changes is one line. When it does not fit `maxChars`, detail is shed level by level (see
 * `DETAIL_LEVELS`) and every cut says what it left out; the result is always whole markdown.
 */
export function renderMarkdownReport(runs: ProjectRun[], options: MarkdownReportOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const prepared = runs.map(prepareRun);
  const layouts = sectionLayouts(prepared);
  const header = `${renderHeader(prepared, layouts, options.title ?? DEFAULT_TITLE).trimEnd()}\n\n`;

  for (const [index, level] of DETAIL_LEVELS.entries()) {
    const top = index === 0 ? header : `${header}${shortenedNote(maxChars)}\n\n`;
    const sections = renderAllAt(prepared, layouts, level, maxChars - top.length);
    if (!sections) continue;
    let spare = maxChars - top.length - totalLength(sections);
    // Levels apply to every section alike; give the room left back to sections in order, so a
    // small project next to a huge one keeps its detail.
    for (const [i, p] of prepared.entries()) {
      for (let finer = index - 1; finer >= 0; finer--) {
        const current = sections[i] as string;
        const better = renderSection(p, layouts[i]!, DETAIL_LEVELS[finer]!, spare + current.length);
        if (better === null) break;
        spare += current.length - better.length;
        sections[i] = better;
      }
    }
    const text = `${top}${sections.join("")}`.trimEnd() + "\n";
    if (text.length <= maxChars) return text;
  }
  return renderWhatFits(prepared, layouts, header, maxChars);
}

/** Alone, a project is a heading; among several, a folded section under an anchor (quiet ones have none). */
function sectionLayouts(prepared: readonly PreparedRun[]): SectionLayout[] {
  if (prepared.length < 2) return prepared.map(() => ({ anchor: null }));
  return prepared.map((p, i) => ({ anchor: anchorFor(p, i) }));
}

/** A link target GitHub keeps (it prefixes `user-content-` and scrolls to it): ASCII, unique by position. */
function anchorFor(p: PreparedRun, index: number): string {
  const slug = `${p.run.project} ${p.run.environment ?? ""}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `project-${index + 1}${slug ? `-${slug}` : ""}`;
}

/** Every section at one level, or null as soon as they stop fitting in `budget`. */
function renderAllAt(prepared: readonly PreparedRun[], layouts: readonly SectionLayout[], level: DetailLevel, budget: number): string[] | null {
  const sections: string[] = [];
  let left = budget;
  for (const [i, p] of prepared.entries()) {
    const section = renderSection(p, layouts[i]!, level, left);
    if (section === null) return null;
    left -= section.length;
    sections.push(section);
  }
  return sections;
}

/** One section, or null if it does not fit in `budget` (rendering stops early in that case). */
function renderSection(p: PreparedRun, layout: SectionLayout, level: DetailLevel, budget: number): string | null {
  if (budget <= 0) return null;
  const b = new MarkdownBuilder(budget);
  renderRunSection(b, p, level, layout);
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

function renderHeader(prepared: readonly PreparedRun[], layouts: readonly SectionLayout[], title: string): string {
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
  // Quiet projects are one line below, with nothing to link to.
  renderSummaryTable(b, prepared, prepared.map((p, i) => (isQuiet(p) ? null : layouts[i]?.anchor ?? null)));
  return b.toString();
}

/**
 * Last resort, when even headline-only sections of every project do not fit (hundreds of
 * projects, or a tiny `maxChars`): whole headline sections while they fit, then a count of the
 * rest. Cuts fall only between lines of plain text, so nothing is left open.
 */
function renderWhatFits(prepared: readonly PreparedRun[], layouts: readonly SectionLayout[], header: string, maxChars: number): string {
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
  for (const [i, p] of prepared.entries()) {
    const section = new MarkdownBuilder();
    renderRunSection(section, p, headlines, layouts[i]);
    if (b.length + section.length > budget) break;
    b.line(section.toString().trimEnd()).line();
    shown++;
  }
  const left = prepared.length - shown;
  if (left > 0) b.block(`_… ${plural(left, "more project")} not shown to fit ${formatCount(maxChars)} characters._`);
  const text = `${b.toString().trim()}\n`;
  return text.length <= maxChars ? text : text.slice(0, text.lastIndexOf("\n", maxChars - 1) + 1);
}
