import type { OutputChange, ResourceAction } from "../iac/plan-model.js";
import { ACTION_STYLES } from "./action-style.js";
import { cellCode } from "./escape-markdown.js";
import { plural } from "./format-count.js";
import { formatPlanValue } from "./format-plan-value.js";
import type { MarkdownBuilder } from "./markdown-builder.js";

const OUTPUT_STYLES: Partial<Record<ResourceAction, { symbol: string; word: string }>> = {
  create: ACTION_STYLES.create,
  update: ACTION_STYLES.update,
  delete: ACTION_STYLES.delete,
};

/** Pipes inside our own cell markup (code spans included) must be escaped for GFM tables. */
function cell(markdown: string): string {
  return markdown.replace(/\|/g, "\\|");
}

function changeCell(oc: OutputChange, valueChars: number): string {
  const after = formatPlanValue(oc.after, valueChars);
  if (oc.before.kind === "absent") return cell(after);
  return cell(`${formatPlanValue(oc.before, valueChars)} → ${after}`);
}

/** Output changes as a table; a sensitive output shows `(sensitive)` on both sides. Returns rows left out. */
export function renderOutputs(b: MarkdownBuilder, outputs: readonly OutputChange[], maxRows: number, valueChars: number): number {
  if (outputs.length === 0) return 0;
  b.block(`**Outputs** (${plural(outputs.length, "change")})`);
  const shown = Math.min(outputs.length, maxRows);
  if (shown > 0) {
    b.line("| Action | Output | Change |").line("| --- | --- | --- |");
    for (let i = 0; i < shown && !b.overflowed; i++) {
      const oc = outputs[i] as OutputChange;
      const style = OUTPUT_STYLES[oc.action] ?? { symbol: "~", word: oc.action };
      b.line(`| \`${style.symbol}\` ${style.word} | ${cellCode(oc.name)} | ${changeCell(oc, valueChars)} |`);
    }
    b.line();
  }
  const omitted = outputs.length - shown;
  if (omitted > 0) b.block(`_… ${plural(omitted, "more output change")} not shown._`);
  return omitted;
}
