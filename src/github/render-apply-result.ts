import type { ProjectRun, RunFailure } from "../iac/project-run.js";
import { codeBlock, escapeText, escapeTextKeepingCode, inlineCode } from "../report/escape-markdown.js";
import { headlineMarkdown, runHeadline } from "../report/plan-headline.js";
import { runTitle } from "../report/render-run-section.js";

/** One project's apply as publishing needs it (the shape of core's `ApplyRun`, so this layer does not depend on core). */
export interface ApplyResult {
  dir: string;
  status: "applied" | "failed";
  /** terraform's own count line, parsed; null when it printed none. */
  counts: { imported: number; added: number; changed: number; destroyed: number } | null;
  /** terraform's output (not redacted: render, then redact). */
  output: string;
  error?: RunFailure | undefined;
  durationMs: number;
}

/** Lines of terraform's output kept in the collapsed section. */
const MAX_OUTPUT_LINES = 400;

/**
 * The status comment of one project's apply: what changed, in the plan's own headline (the
 * function the report uses, so both say it the same way), or why it failed: terraform's error in
 * full view, never inside a collapsed section; only the whole output is collapsed.
 */
export function renderApplyResult(run: ProjectRun, result: ApplyResult): string {
  const title = escapeText(runTitle(run));
  const planned = headlineMarkdown(runHeadline(run));
  const lines: string[] = [];
  if (result.status === "applied") {
    lines.push(`### ✅ Applied: ${title}`, "", `${planned} — applied.`, "", `<sub>${[countsText(result.counts), inlineCode(result.dir), seconds(result.durationMs)].join(" · ")}</sub>`);
    if (result.output.trim()) lines.push("", ...collapsed(result.output));
    return `${lines.join("\n")}\n`;
  }
  const error = result.error;
  lines.push(`### ❌ Apply failed: ${title}`, "", `**${escapeTextKeepingCode(error?.summary ?? "terraform apply failed")}**`);
  const detail = error?.detail?.trim();
  if (detail) lines.push("", codeBlock(tailLines(detail, 60), "text"));
  if (error?.where) lines.push("", `Where: ${inlineCode(error.where)}`);
  if (error?.hint) lines.push("", escapeTextKeepingCode(error.hint));
  lines.push("", `The plan it was applying: ${planned}`, "", `<sub>${[inlineCode(result.dir), seconds(result.durationMs)].join(" · ")}</sub>`);
  // The output is the error again when terraform printed nothing else.
  if (result.output.trim() && result.output.trim() !== detail) lines.push("", ...collapsed(result.output));
  return `${lines.join("\n")}\n`;
}

/** A project whose apply did not start because an earlier one failed (applying stops at the first failure). */
export function renderApplyNotRun(run: ProjectRun, reason: string): string {
  return `### ⏭️ Not applied: ${escapeText(runTitle(run))}\n\n${escapeTextKeepingCode(reason)}\n\nThe plan it would have applied: ${headlineMarkdown(runHeadline(run))}\n`;
}

function countsText(c: ApplyResult["counts"]): string {
  if (!c) return "terraform printed no counts";
  return `terraform: ${c.imported ? `${c.imported} imported, ` : ""}${c.added} added, ${c.changed} changed, ${c.destroyed} destroyed`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function collapsed(output: string): string[] {
  return ["<details><summary>terraform apply output</summary>", "", codeBlock(tailLines(output.trim(), MAX_OUTPUT_LINES), "text"), "", "</details>"];
}

function tailLines(text: string, max: number): string {
  const lines = text.split("\n");
  return lines.length <= max ? text : [`… ${lines.length - max} earlier lines left out …`, ...lines.slice(-max)].join("\n");
}
