import { runProcess } from "../iac/run-process.js";
import { TERRAFORM_INSTALL_HINT } from "../iac/terraform.js";
import { TERRAFORM_ENV } from "../iac/tool-environment.js";
import { placeholderPattern } from "../redact/placeholder.js";
import type { Redactor } from "../redact/redactor.js";
import type { RepoFiles } from "./repo-files.js";

/** The files `terraform fmt` formats (JSON variants are never changed by it). */
export const FORMATTED_SUFFIXES: readonly string[] = [".tf", ".tfvars", ".tftest.hcl"];

/** One file is a few kilobytes of HCL; fmt takes milliseconds, so a minute means it hangs. */
const FMT_TIMEOUT_MS = 60_000;

/** As for every terraform run (src/iac/terraform.ts): no prompts, no colour, no update check. */
const AUTOMATION_ENV: Record<string, string | undefined> = { TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1", NO_COLOR: "1" };

/** A file terraform fmt could not parse, with its diagnostic naming the file and line. */
export interface FormatProblem {
  file: string;
  /** `path:line` of the first error, when terraform names one. */
  where: string | null;
  /** terraform's diagnostic, `<stdin>` replaced by the file's path (not yet redacted). */
  message: string;
}

export interface FormatOutcome {
  /** Files rewritten in terraform's canonical format. */
  reformatted: string[];
  /** Files that do not parse: the change cannot validate until they do. */
  problems: FormatProblem[];
  /** Files whose formatted text was not written, and why (the file is left as the agent wrote it). */
  skipped: { file: string; reason: string }[];
}

/**
 * Runs the real `terraform fmt` on the Terraform files the run wrote, and only those: each file's
 * text goes to `terraform fmt -` on stdin and the canonical text comes back on stdout, so
 * terraform never opens a path in the repository (no file the agent did not touch is reformatted,
 * no link is followed) and the rewrite goes through RepoFiles like every other write of the run.
 */
export async function formatTerraformFiles(files: RepoFiles, redactor: Redactor, touched: readonly string[]): Promise<FormatOutcome> {
  const outcome: FormatOutcome = { reformatted: [], problems: [], skipped: [] };
  for (const rel of touched) {
    if (!FORMATTED_SUFFIXES.some((suffix) => rel.endsWith(suffix))) continue;
    const file = await files.resolve(rel);
    // A file a command removed or replaced after the agent wrote it has nothing to format.
    const source = await files.read(file).catch(() => null);
    if (source === null) continue;
    const result = await terraformFmt(files.root, source);
    if (result.exitCode !== 0) {
      outcome.problems.push(fmtProblem(file.rel, result.stderr || result.stdout));
      continue;
    }
    const formatted = result.stdout;
    if (formatted === source) continue;
    if (result.outputTruncated) {
      outcome.skipped.push({ file: file.rel, reason: "terraform fmt's output was too large to keep whole." });
      continue;
    }
    const refusal = files.writeRefusal(file.rel) ?? secretAddedBy(redactor, source, formatted);
    if (refusal) {
      outcome.skipped.push({ file: file.rel, reason: refusal });
      continue;
    }
    await files.write(file, formatted);
    outcome.reformatted.push(file.rel);
  }
  return outcome;
}

/** What the model reads about formatting: one line per kind of result, none when nothing happened. */
export function describeFormatting(outcome: FormatOutcome): string {
  const lines: string[] = [];
  if (outcome.reformatted.length > 0) lines.push(`terraform fmt reformatted ${outcome.reformatted.join(", ")} (the files on disk are now formatted; read them again before editing).`);
  for (const { file, reason } of outcome.skipped) lines.push(`terraform fmt's layout of ${file} was not written: ${reason}`);
  for (const problem of outcome.problems) {
    lines.push(`terraform fmt could not parse ${problem.where ?? problem.file}; fix the syntax, then plan again:`, problem.message);
  }
  return lines.join("\n");
}

function terraformFmt(cwd: string, source: string) {
  const binary = process.env.STAKPAK_TERRAFORM_BIN ?? "terraform";
  return runProcess(binary, ["fmt", "-no-color", "-"], { cwd, passEnv: TERRAFORM_ENV, env: AUTOMATION_ENV, input: source, timeoutMs: FMT_TIMEOUT_MS, installHint: TERRAFORM_INSTALL_HINT });
}

/** terraform's diagnostic for stdin, told about the real file: from the first `Error:` on (CLI config warnings dropped). */
function fmtProblem(rel: string, output: string): FormatProblem {
  const text = output.replace(/\r/g, "").replaceAll("<stdin>", rel);
  const start = text.search(/^Error: /m);
  const message = (start === -1 ? text : text.slice(start)).trim();
  const line = /on .+? line (\d+)/.exec(message)?.[1];
  return { file: rel, where: line ? `${rel}:${line}` : null, message: message || "terraform fmt failed without a message." };
}

/**
 * Why the formatted text may not be written, or null: fmt only moves text, but what is committed
 * is checked all the same. Secrets already in the file (as the redactor sees them) may stay; the
 * formatted text may hold no placeholder or secret the file did not hold before.
 */
function secretAddedBy(redactor: Redactor, before: string, after: string): string | null {
  const had = placeholderCounts(redactor.redact(before).text);
  for (const [placeholder, count] of placeholderCounts(redactor.redact(after).text)) {
    if (count > (had.get(placeholder) ?? 0)) return "it would hold a secret or a placeholder the file did not hold before.";
  }
  return null;
}

function placeholderCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [placeholder] of text.matchAll(placeholderPattern())) counts.set(placeholder, (counts.get(placeholder) ?? 0) + 1);
  return counts;
}
