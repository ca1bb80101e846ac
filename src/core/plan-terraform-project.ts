import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { readPlanJson } from "../iac/parse-plan-json.js";
import {
  invalidConfiguration,
  terraformInit,
  terraformPlan,
  terraformSelectWorkspace,
  terraformShowJson,
  terraformShowText,
  terraformValidate,
  type TerraformRunOptions,
} from "../iac/terraform.js";
import type { ProjectRun } from "../iac/project-run.js";

export interface TerraformTarget {
  project: string;
  environment: string | null;
  /** Directory as shown to people (relative to the repository root). */
  dir: string;
  run: TerraformRunOptions;
  /** Keep the saved plan file (for a later apply); by default it is deleted after rendering. */
  keepPlanFile?: boolean;
  /** Called with each value the plan marks sensitive (the run's redactor learns them). */
  onSensitiveValue?: ((value: string) => void) | undefined;
  /** Where to save the plan (with `keepPlanFile`); a new temporary directory by default. */
  planFile?: string | undefined;
}

export interface TerraformProjectRun extends ProjectRun {
  /** Path of the saved plan, when `keepPlanFile` was set and the plan succeeded. */
  planFile?: string;
}

/**
 * init → workspace → validate → plan → show, for one project and environment. Expected failures
 * (a syntax error, a missing variable, a locked state) are thrown as UserErrors.
 */
export async function planTerraformProject(target: TerraformTarget): Promise<TerraformProjectRun> {
  const started = performance.now();
  const base = { project: target.project, environment: target.environment, dir: target.dir, tool: "terraform" as const };
  await terraformInit(target.run);
  if (target.run.workspace) await terraformSelectWorkspace(target.run, target.run.workspace);

  const diagnostics = await terraformValidate(target.run);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw invalidConfiguration(target.run, errors);

  const { planFile, exitCode } = await terraformPlan(target.run, target.planFile);
  try {
    const { plan, maskText } = readPlanJson(await terraformShowJson(target.run, planFile), `plan of ${target.dir}`, {
      onSensitiveValue: target.onSensitiveValue,
    });
    const planText = maskText(await terraformShowText(target.run, planFile));
    const run: TerraformProjectRun = {
      ...base,
      // terraform's exit code is the authority: it also counts changes the JSON summary cannot see.
      status: exitCode === 2 ? "changes" : "no-changes",
      plan,
      planText,
      diagnostics,
      durationMs: performance.now() - started,
    };
    if (target.keepPlanFile) run.planFile = planFile;
    return run;
  } finally {
    if (!target.keepPlanFile) await rm(target.planFile ? planFile : dirname(planFile), { recursive: true, force: true });
  }
}
