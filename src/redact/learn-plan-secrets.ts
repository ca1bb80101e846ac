import type { ProjectRun } from "../iac/project-run.js";
import type { PlanValue } from "../iac/plan-model.js";
import type { Redactor } from "./redactor.js";

/**
 * Finds the secrets in planned values that terraform did not mark sensitive (a token in a
 * tfvars file, a password in a `terraform_data` input) and registers each as a known value, so
 * the report hides it wherever it is rendered: a table cell, an attribute list, a diagram, far
 * from the name that gave it away. Each attribute is shown to the rules as `name = value`, the
 * way they recognise an assignment.
 */
export function learnPlanSecrets(redactor: Redactor, runs: readonly ProjectRun[]): void {
  for (const run of runs) {
    const lines: string[] = [];
    for (const rc of [...(run.plan?.resourceChanges ?? []), ...(run.plan?.resourceDrift ?? [])]) {
      for (const attribute of rc.attributes) {
        for (const value of [attribute.before, attribute.after]) pushAssignment(lines, attribute.path, value);
      }
    }
    for (const output of run.plan?.outputChanges ?? []) {
      for (const value of [output.before, output.after]) pushAssignment(lines, output.name, value);
    }
    if (run.planText) lines.push(run.planText);
    if (run.kube?.rawDiff) lines.push(run.kube.rawDiff);
    if (run.error) lines.push(run.error.summary, run.error.detail ?? "");
    redactor.learn(lines.join("\n"));
  }
}

function pushAssignment(lines: string[], path: string, value: PlanValue): void {
  if (value.kind !== "known") return;
  // The last segment of `input.tags["db_password"]` is the name a rule recognises.
  const name = /(?:\.|\[")?([\w-]+)"?\]?$/.exec(path)?.[1] ?? path;
  lines.push(`${name} = ${JSON.stringify(value.value)}`);
}
