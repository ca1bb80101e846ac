import type { ProjectRun } from "../iac/project-run.js";
import { runKey, type PlanVerdict } from "../github/plan-verdict.js";
import { judgePlan, type PlanDecision } from "../warden/judge-plan.js";
import type { WardenPolicy } from "../warden/policy.js";

export interface JudgedRun {
  verdict: PlanVerdict;
  decision: PlanDecision;
}

/** Reasons listed per plan at most: the strictest first. */
const MAX_REASONS = 10;

/**
 * Warden's plan gate on each plan that succeeded, keyed like `runKey`. A failed plan has no
 * verdict (there is nothing to apply). The reasons are the plan's and those of each resource
 * not simply allowed, strictest first.
 */
export function judgeRuns(runs: readonly ProjectRun[], policy: WardenPolicy): Map<string, JudgedRun> {
  const judged = new Map<string, JudgedRun>();
  for (const run of runs) {
    const plan = run.plan ?? run.kube;
    if (run.status === "error" || !plan) continue;
    const decision = judgePlan(plan, policy, { environment: run.environment });
    const flagged = decision.resources.filter((r) => r.decision !== "allow").sort((a, b) => rank(b.decision) - rank(a.decision));
    const reasons = decision.decision === "allow" ? [] : flagged.length > 0 ? flagged.slice(0, MAX_REASONS).map((r) => `\`${r.address}\`: ${r.reason} (${r.rule})`) : [`${decision.reason} (${decision.rule})`];
    if (flagged.length > MAX_REASONS) reasons.push(`and ${flagged.length - MAX_REASONS} more`);
    judged.set(runKey(run), { verdict: { verdict: decision.decision, reasons }, decision });
  }
  return judged;
}

function rank(decision: PlanDecision["decision"]): number {
  return decision === "deny" ? 2 : decision === "require_approval" ? 1 : 0;
}

export function verdictsOf(judged: ReadonlyMap<string, JudgedRun>): Map<string, PlanVerdict> {
  return new Map([...judged].map(([key, j]) => [key, j.verdict]));
}
