import type { Diagnostic } from "../iac/plan-model.js";
import { escapeText, inlineCode, truncateText } from "./escape-markdown.js";
import { plural } from "./format-count.js";
import type { MarkdownBuilder } from "./markdown-builder.js";

const DETAIL_CHARS = 500;

const HEADINGS: Record<Diagnostic["severity"], { title: string; icon: string }> = {
  error: { title: "Errors", icon: "❌" },
  warning: { title: "Warnings", icon: "⚠️" },
};

/** One list item per diagnostic: summary, where, then the detail on one line. */
export function renderDiagnostics(
  b: MarkdownBuilder,
  diagnostics: readonly Diagnostic[],
  severity: Diagnostic["severity"],
  maxItems: number,
): number {
  const items = diagnostics.filter((d) => d.severity === severity);
  if (items.length === 0) return 0;
  const { title, icon } = HEADINGS[severity];
  b.block(`**${title}** (${plural(items.length, severity === "error" ? "error" : "warning")} from \`terraform validate\`)`);
  const shown = Math.min(items.length, maxItems);
  for (let i = 0; i < shown && !b.overflowed; i++) {
    const d = items[i] as Diagnostic;
    const where = d.where ? ` at ${inlineCode(d.where)}` : "";
    const detail = d.detail.trim() ? ` — ${escapeText(truncateText(d.detail.trim(), DETAIL_CHARS))}` : "";
    b.line(`- ${icon} **${escapeText(d.summary)}**${where}${detail}`);
  }
  const omitted = items.length - shown;
  if (omitted > 0) b.line(`- _… ${plural(omitted, `more ${severity}`)} not shown._`);
  b.line();
  return omitted;
}
