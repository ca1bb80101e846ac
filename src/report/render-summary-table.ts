import type { ProjectRun } from "../iac/project-run.js";
import { ACTION_STYLES } from "./action-style.js";
import { escapeText } from "./escape-markdown.js";
import { formatCount, plural } from "./format-count.js";
import type { MarkdownBuilder } from "./markdown-builder.js";
import { kubeCounts } from "./plan-headline.js";
import type { PreparedRun } from "./render-run-section.js";

/** Destroy, replace, change, add: the columns, in the headline's order. */
interface Counts {
  destroy: number;
  replace: number;
  change: number;
  add: number;
}

const COLUMNS: ReadonlyArray<[keyof Counts, string]> = [
  ["destroy", `${ACTION_STYLES.delete.marker} −`],
  ["replace", `${ACTION_STYLES["replace-delete-first"].marker} ±`],
  ["change", `${ACTION_STYLES.update.marker} ~`],
  ["add", `${ACTION_STYLES.create.marker} +`],
];

function countsOf(run: ProjectRun): Counts | null {
  if (run.status === "error" || run.error) return null;
  if (run.plan) {
    const s = run.plan.summary;
    return { destroy: s.destroy, replace: s.replace, change: s.change, add: s.add };
  }
  if (run.kube) {
    const c = kubeCounts(run.kube);
    return { destroy: c.delete, replace: 0, change: c.update, add: c.create };
  }
  return null;
}

/** What the four columns do not say: imports, moves, outputs, drift, a failure, "no changes". */
function notes(p: PreparedRun): string {
  const { run, headline } = p;
  if (headline.failed) return escapeText(headline.text);
  if (headline.icon === "✅") return "no changes";
  const parts: string[] = [];
  if (run.plan) {
    const s = run.plan.summary;
    if (s.import > 0) parts.push(`${formatCount(s.import)} to import`);
    if (s.move > 0) parts.push(`${formatCount(s.move)} to move`);
    if (s.forget > 0) parts.push(`${formatCount(s.forget)} to forget`);
    if (s.outputChanges > 0) parts.push(plural(s.outputChanges, "output change"));
    if (s.invoke > 0) parts.push(`${plural(s.invoke, "action")} to invoke`);
    if (s.drifted > 0) parts.push(`${formatCount(s.drifted)} drifted`);
    if (run.plan.unrecognizedParts.length > 0) parts.push("parts not read");
  }
  if (run.kube) parts.push("kubernetes");
  return parts.join(", ");
}

function cell(n: number | undefined): string {
  return n ? formatCount(n) : "";
}

/**
 * One row per project, linked to its section when it has one: the whole pull request at a
 * glance. A total row follows when there are several projects.
 */
export function renderSummaryTable(b: MarkdownBuilder, prepared: readonly PreparedRun[], anchors: ReadonlyArray<string | null>): void {
  b.line(`| | Project | Environment | ${COLUMNS.map(([, title]) => title).join(" | ")} | Notes |`);
  b.line(`| --- | --- | --- | ${COLUMNS.map(() => "---:").join(" | ")} | --- |`);
  const total: Counts = { destroy: 0, replace: 0, change: 0, add: 0 };
  for (const [i, p] of prepared.entries()) {
    const counts = countsOf(p.run);
    if (counts) for (const [key] of COLUMNS) total[key] += counts[key];
    const anchor = anchors[i];
    const name = escapeText(p.run.project);
    const project = anchor ? `[${name}](#${anchor})` : name;
    const env = p.run.environment ? escapeText(p.run.environment) : "";
    b.line(`| ${p.headline.icon} | ${project} | ${env} | ${COLUMNS.map(([key]) => cell(counts?.[key])).join(" | ")} | ${notes(p)} |`);
  }
  if (prepared.length > 1) b.line(`| | **Total** | | ${COLUMNS.map(([key]) => `**${cell(total[key])}**`.replace("****", "")).join(" | ")} | |`);
  b.line();
}
