import { codeBlock, escapeHtml } from "./escape-markdown.js";
import { formatCount } from "./format-count.js";
import type { MarkdownBuilder } from "./markdown-builder.js";
import { shortenHeadTail } from "./shorten-text.js";

/** An indented `+`, `-` or `~` marker of a terraform plan line: `      + id = (known after apply)`. */
const INDENTED_MARKER = /^( +)([-+~])(?= |$)/gm;

/**
 * GitHub colours a ```diff``` line by its first character (`+` green, `-` red, `!` orange), and
 * terraform indents its markers. Each marker moves to column 0 and the indent follows it, so
 * every line keeps its length and its text; `~` becomes `!`, the diff mark for "changed".
 * `-/+` and `+/-` already start the line; `<=` reads are left uncoloured on purpose.
 */
export function diffColoured(planText: string): string {
  return planText.replace(INDENTED_MARKER, (_, indent: string, marker: string) => `${marker === "~" ? "!" : marker}${indent}`);
}

/**
 * The plan text in a collapsed block, coloured as a diff. The fence is longer than any backtick
 * run in the text, so no resource name or value can close it. The text is the redacted plan the
 * run holds; nothing here reads any other. Returns the characters left out.
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
  b.line(codeBlock(diffColoured(shortened.text), "diff")).line();
  b.line("</details>").line();
  return shortened.omittedChars;
}
