import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { terraformApply, type TerraformRunOptions } from "../iac/terraform.js";
export { terraformRunOptionsFor } from "./terraform-run-options.js";
import { isUserError, UserError } from "../user-error.js";
import type { RunFailure } from "../iac/project-run.js";

/** A saved plan file sealed at plan time: what `applySavedPlan` checks before it applies anything. */
export interface SealedPlan {
  planFile: string;
  sha256: string;
  bytes: number;
  /** The commit the plan was made on (the workspace's HEAD at plan time). */
  commit: string;
}

/** sha256 and size of a plan file. */
export async function hashPlanFile(planFile: string): Promise<{ sha256: string; bytes: number }> {
  const content = await readFile(planFile);
  return { sha256: createHash("sha256").update(content).digest("hex"), bytes: content.length };
}

/** Records a plan file's hash right after terraform wrote it. */
export async function sealPlanFile(planFile: string, commit: string): Promise<SealedPlan> {
  return { planFile, commit, ...(await hashPlanFile(planFile)) };
}

/**
 * Throws unless the plan file is still exactly what was sealed: a missing, truncated or
 * rewritten plan is never applied.
 */
export async function verifySealedPlan(sealed: SealedPlan, where: string): Promise<void> {
  let now: { sha256: string; bytes: number };
  try {
    now = await hashPlanFile(sealed.planFile);
  } catch (err) {
    throw new UserError({ summary: "the saved plan file is gone; nothing was applied", detail: (err as Error).message, where, hint: "Plan again, then apply." });
  }
  if (now.bytes === 0 || now.sha256 !== sealed.sha256 || now.bytes !== sealed.bytes) {
    throw new UserError({
      summary: "the saved plan file changed since it was made; nothing was applied",
      detail: `sealed sha256 ${sealed.sha256} (${sealed.bytes} bytes), now ${now.sha256} (${now.bytes} bytes)`,
      where,
      hint: "Something rewrote or truncated the plan between plan and apply. Plan again, then apply.",
    });
  }
}

/** What `terraform apply` reported: `Apply complete! Resources: 1 imported, 2 added, 0 changed, 1 destroyed.` */
export interface AppliedCounts {
  imported: number;
  added: number;
  changed: number;
  destroyed: number;
}

export interface ApplyRun {
  project: string;
  environment: string | null;
  dir: string;
  status: "applied" | "failed";
  /** Parsed from terraform's last line; null when it did not print one (a failure). */
  counts: AppliedCounts | null;
  /** terraform's output (not redacted: render, then redact). */
  output: string;
  error?: RunFailure;
  durationMs: number;
}

export interface ApplyTarget {
  project: string;
  environment: string | null;
  dir: string;
  run: TerraformRunOptions;
  sealed: SealedPlan;
}

export function parseAppliedCounts(output: string): AppliedCounts | null {
  const line = /Apply complete! Resources: ([^\n]*)/.exec(output)?.[1];
  if (!line) return null;
  const count = (word: string): number => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  return { imported: count("imported"), added: count("added"), changed: count("changed"), destroyed: count("destroyed") };
}

/**
 * `terraform apply PLANFILE` for one project and environment, after checking that the plan
 * file is the one sealed at plan time. A failed apply (terraform's error, a changed plan file)
 * becomes a `failed` run with terraform's output, never an exception.
 */
export async function applySavedPlan(target: ApplyTarget): Promise<ApplyRun> {
  const started = performance.now();
  const base = { project: target.project, environment: target.environment, dir: target.dir };
  try {
    await verifySealedPlan(target.sealed, target.dir);
    const result = await terraformApply(target.run, target.sealed.planFile);
    const output = `${result.stdout}${result.stderr ? `\n${result.stderr}` : ""}`.trim();
    return { ...base, status: "applied", counts: parseAppliedCounts(output), output, durationMs: performance.now() - started };
  } catch (err) {
    if (!isUserError(err)) throw err;
    return {
      ...base,
      status: "failed",
      counts: null,
      output: err.detail ?? "",
      error: { summary: err.summary, detail: err.detail, where: err.where, hint: err.hint },
      durationMs: performance.now() - started,
    };
  }
}

