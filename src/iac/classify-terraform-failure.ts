import { join } from "node:path";
import { UserError } from "../user-error.js";
import { readTerraformErrors, type TerraformErrorBlock } from "./read-terraform-errors.js";
import type { RunResult } from "./run-process.js";
import { tail } from "./run-process.js";
import { terraformFailureKind } from "./terraform-failure-kinds.js";

/** A summary longer than this is cut in the summary line; the whole of it opens the detail. */
const MAX_SUMMARY_CHARS = 160;
const DETAIL_LINES = 60;

/** A failed terraform command, classified: `kind` is a TERRAFORM_FAILURE_KINDS id, or `failed`. */
export class TerraformFailure extends UserError {
  readonly kind: string;
  /** init found errors in the configuration: `terraform validate` explains them best. */
  readonly invalidConfiguration: boolean;

  constructor(fields: ConstructorParameters<typeof UserError>[0] & { kind: string; invalidConfiguration?: boolean }) {
    super(fields);
    this.name = "TerraformFailure";
    this.kind = fields.kind;
    this.invalidConfiguration = fields.invalidConfiguration ?? false;
  }
}

export interface FailedStep {
  /** `init`, `plan`, `workspace select staging`... */
  step: string;
  /** The directory as people see it (repository-relative in reports). */
  dir: string;
  /** What to do when terraform's error is of no known kind. */
  fallbackHint: string;
}

/**
 * A failed terraform command as one error, stated once: terraform's first error is the summary
 * (with the step, so a plan-time error is never taken for a validation failure), the place it
 * names is `where`, the rest of its text is the detail, and the hint is the one of its kind.
 */
export function classifyTerraformFailure(failed: FailedStep, result: Pick<RunResult, "exitCode" | "stdout" | "stderr">): TerraformFailure {
  const output = (result.stderr.trim() || result.stdout.trim()).replace(/\r/g, "");
  const blocks = readTerraformErrors(output);
  const first = blocks[0];
  if (!first) {
    return new TerraformFailure({
      kind: "failed",
      summary: `terraform ${failed.step} failed in ${failed.dir} (exit code ${result.exitCode}).`,
      where: failed.dir,
      detail: tail(output, DETAIL_LINES),
      hint: failed.fallbackHint,
    });
  }
  const kind = terraformFailureKind(first);
  // init's "problems with the configuration" opens the list; the error worth naming comes next.
  const named = kind?.invalidConfiguration ? (blocks[1] ?? first) : first;
  const cut = named.summary.length > MAX_SUMMARY_CHARS;
  const summary = cut ? `${named.summary.slice(0, MAX_SUMMARY_CHARS - 1).trimEnd()}…` : named.summary;
  const others = blocks.filter((b) => b !== named && b !== first);
  const detail = [cut ? named.summary : "", named.body, ...others.map(blockText)].filter((part) => part.trim() !== "").join("\n\n");
  return new TerraformFailure({
    kind: kind?.id ?? "failed",
    invalidConfiguration: kind?.invalidConfiguration === true,
    summary: `terraform ${failed.step} in ${failed.dir}: ${summary}`,
    where: named.where ? joinWhere(failed.dir, named.where) : failed.dir,
    ...(detail ? { detail: tail(tidy(detail), DETAIL_LINES) } : {}),
    hint: kind ? kind.hint({ dir: failed.dir, step: failed.step, error: named }) : failed.fallbackHint,
  });
}

/** Trailing blanks dropped and blank runs folded to one (terraform's Lock Info ends in both). */
function tidy(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n");
}

function blockText(block: TerraformErrorBlock): string {
  return block.body ? `Error: ${block.summary}\n\n${block.body}` : `Error: ${block.summary}`;
}

function joinWhere(dir: string, where: string): string {
  const [file = "", line = ""] = where.split(":");
  return `${join(dir, file)}:${line}`;
}
