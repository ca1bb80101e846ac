import { codeBlock, escapeHtml } from "./escape-markdown.js";
import { formatCount } from "./format-count.js";
import type { MarkdownBuilder } from "./markdown-builder.js";
import { shortenHeadTail } from "./shorten-text.js";

/**
 * The plan text in a collapsed block. The fence is longer than any backtick run in the text, so
 * no resource name or value can close it. Returns the characters left out.
 */
export function renderFullPlan(b: MarkdownBuilder, planText: string | undefined, maxChars: number, summary = "Full plan"): number {
  if (!planText || planText.trim() === "") return 0;
  if (maxChars <= 0) {
    b.block(`_${escapeHtml(summary)} (${formatCount(planText.length)} characters) left out to fit the size limit._`);
    return planText.length;
  }
  const text = planText.trimEnd();
  // A 5 MB plan text at the "full" level cannot fit; say so before copying and scanning it.
  if (Math.min(text.length, maxChars) > b.remaining) {
    b.overflow();
    return 0;
  }
  const shortened = shortenHeadTail(text, maxChars);
  b.line(`<details><summary>${escapeHtml(summary)}</summary>`).line();
  b.line(codeBlock(shortened.text, "text")).line();
  b.line("</details>").line();
  return shortened.omittedChars;
}
