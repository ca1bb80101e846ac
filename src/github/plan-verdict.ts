import type { ProjectRun } from "../iac/project-run.js";

/**
 * What Warden decided about one project's plan, in the few words publishing needs (so this layer
 * does not depend on Warden's own types): `deny` requests changes on the pull request and fails
 * the check run; `require_approval` says a person must approve before apply.
 */
export interface PlanVerdict {
  verdict: "allow" | "require_approval" | "deny";
  reasons: string[];
}

/** The key of a run in the verdicts map: `project/env`, or `project` when it has no environments. */
export function runKey(run: Pick<ProjectRun, "project" | "environment">): string {
  return run.environment ? `${run.project}/${run.environment}` : run.project;
}
