import type { Diagnostic } from "../iac/plan-model.js";
import { escapeText, inlineCode, truncateText } from "./escape-markdown.js";
import { plural } from "./format-count.js";
import type { MarkdownBuilder } from "./markdown-builder.js";

const DETAIL_CHARS = 500;

const HEADINGS: Record<Diagnostic["severity"], { title: string; icon: string }> = {
  error: { title: "Errors", icon: "❌" },
  warning: { title: "Warnings", icon: "⚠️" },
};

export interface DiagnosticsOptions {
  /**
   * The failure's summary, already shown above the list: the first diagnostic it names is not
   * listed again, so a failed plan states its error once.
   */
  stated?: string | undefined;
}

/**
 * The diagnostics of one severity that are not already stated. Every Diagnostic comes from
 * `terraform validate -json` (a failure at init or plan is a RunFailure, never a Diagnostic),
 * which is why the heading names validate.
 */
export function diagnosticsToList(diagnostics: readonly Diagnostic[], severity: Diagnostic["severity"], options: DiagnosticsOptions = {}): Diagnostic[] {
  const items = diagnostics.filter((d) => d.severity === severity);
  const stated = options.stated?.trim();
  if (!stated) return items;
  const repeated = items.findIndex((d) => d.summary.trim() !== "" && stated.includes(d.summary.trim()));
  return repeated < 0 ? items : items.filter((_, i) => i !== repeated);
}

/** One list item per diagnostic: summary, where, then the detail on one line. */
export function renderDiagnostics(
  b: MarkdownBuilder,
  diagnostics: readonly Diagnostic[],
  severity: Diagnostic["severity"],
  maxItems: number,
  options: DiagnosticsOptions = {},
): number {
  const items = diagnosticsToList(diagnostics, severity, options);
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
