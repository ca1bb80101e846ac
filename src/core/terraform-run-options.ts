import type { TerraformProject } from "../config/project.js";
import type { TerraformRunOptions } from "../iac/terraform.js";

/** The terraform options of a project in one environment, shared by plan and apply so both run in the same workspace. */
export function terraformRunOptionsFor(project: TerraformProject, environment: string | null): TerraformRunOptions {
  const env = environment !== null && Object.hasOwn(project.environments, environment) ? project.environments[environment] : undefined;
  return {
    dir: project.absDir,
    displayDir: project.dir,
    workspace: env?.workspace ?? undefined,
    varFiles: env?.varFiles,
    backendConfig: env?.backendConfig,
    initArgs: project.terraform.initArgs,
    lockTimeout: project.terraform.lockTimeout,
    timeoutMs: project.terraform.timeoutMs,
    passEnv: project.terraform.passEnv,
  };
}
