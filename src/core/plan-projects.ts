import { join, resolve } from "node:path";
import { discoverProjects } from "../config/discover-projects.js";
import { loadConfig } from "../config/load-config.js";
import type { KubernetesEnvironment, Project, TerraformEnvironment } from "../config/project.js";
import { selectProjects } from "../config/select-projects.js";
import { learnEnvironmentSecrets } from "../redact/learn-environment-secrets.js";
import { learnPlanSecrets } from "../redact/learn-plan-secrets.js";
import { sensitiveValueLearner } from "../redact/learn-terraform-sensitive-values.js";
import type { Redacted } from "../redact/redacted.js";
import { resolveRedactConfig } from "../redact/redact-config.js";
import type { Redactor } from "../redact/redactor.js";
import { isUserError, UserError } from "../user-error.js";
import { planKubernetesProject } from "./plan-kubernetes-project.js";
import { planTerraformProject } from "./plan-terraform-project.js";
import { terraformRunOptionsFor } from "./terraform-run-options.js";
import type { ProjectRun } from "../iac/project-run.js";

/** kubectl diff talks to one API server; it should not take as long as a terraform plan may. */
const KUBECTL_TIMEOUT_MS = 5 * 60_000;

export interface PlanRequest {
  /** Repository root: where `.stakpak/config.yml` lives and project dirs are relative to. */
  repoRoot: string;
  configPath?: string | undefined;
  /** Keep the projects inside these directories (relative to repoRoot or absolute). */
  dirs?: readonly string[] | undefined;
  project?: string | undefined;
  env?: string | undefined;
  /** Keep only the projects with these names (autoplan: those whose files changed). */
  projects?: readonly string[] | undefined;
  /** terraform `-target` addresses. */
  targets?: readonly string[] | undefined;
  /** Keep each terraform plan file in this directory, for an apply (runs then carry `planFile`). */
  planDir?: string | undefined;
  /** The run's redactor: the config's `redact:` section is applied to it, progress goes through it. */
  redactor: Redactor;
  /** Environment whose variables named in `redact.env` hold secrets (default: process.env). */
  processEnv?: NodeJS.ProcessEnv | undefined;
  /** One line per step, for a terminal or a log; already redacted. */
  onProgress?: ((line: Redacted) => void) | undefined;
}

export interface PlanOutcome {
  /** The config file used, or null when projects were discovered. */
  configFile: string | null;
  runs: ProjectRun[];
}

/**
 * The main job, shared by the CLI, the Action and the App: find the projects, plan each one in
 * each environment, and return the runs for rendering. A project that fails to plan becomes an
 * `error` run so the others are still reported; a bad config or selection throws.
 */
export async function planProjects(request: PlanRequest): Promise<PlanOutcome> {
  const config = await loadConfig(request.repoRoot, request.configPath);
  if (config) {
    const redact = resolveRedactConfig(config.redact, config.file);
    request.redactor.configure({ disabledRules: redact.disabledRules, allow: redact.allow });
    if (redact.envNames.length) learnEnvironmentSecrets(request.redactor, request.processEnv ?? process.env, redact.envNames);
  }
  const progress = (line: string): void => request.onProgress?.(request.redactor.redact(line));
  const dirs = (request.dirs ?? []).map((d) => resolve(request.repoRoot, d));
  const projects = config ? config.projects : await discoverProjects(request.repoRoot, dirs);
  const named = request.projects ? new Set(request.projects) : null;
  const selected = selectProjects(projects, { dirs, project: request.project, env: request.env }).filter((s) => !named || named.has(s.project.name));
  if (selected.length === 0) {
    throw new UserError({
      summary: `No Terraform or Kubernetes project found${dirs.length ? ` in ${(request.dirs ?? []).join(", ")}` : ""}.`,
      where: config?.file ?? request.repoRoot,
      hint: config
        ? "The directories given hold none of the projects in the config; check `dir` in .stakpak/config.yml."
        : "Point the command at a directory holding *.tf files or a kustomization.yaml, or list projects in .stakpak/config.yml.",
    });
  }

  const runs: ProjectRun[] = [];
  for (const { project, environment, environmentConfig } of selected) {
    const label = environment ? `${project.name} (${environment})` : project.name;
    progress(`Planning ${label} in ${project.dir} with ${project.tool}…`);
    const run = await planOne(project, environment, environmentConfig, request);
    progress(`  ${run.status === "error" ? "failed" : run.status} in ${(run.durationMs / 1000).toFixed(1)}s`);
    runs.push(run);
  }
  // Secrets terraform did not mark sensitive are hidden wherever the report renders them.
  learnPlanSecrets(request.redactor, runs);
  return { configFile: config?.file ?? null, runs };
}

async function planOne(
  project: Project,
  environment: string | null,
  environmentConfig: TerraformEnvironment | KubernetesEnvironment | null,
  request: Pick<PlanRequest, "targets" | "planDir" | "redactor">,
): Promise<ProjectRun> {
  const started = performance.now();
  try {
    if (project.tool === "terraform") {
      return await planTerraformProject({
        project: project.name,
        environment,
        dir: project.dir,
        run: { ...terraformRunOptionsFor(project, environment), targets: request.targets },
        onSensitiveValue: sensitiveValueLearner(request.redactor),
        ...(request.planDir ? { keepPlanFile: true, planFile: join(request.planDir, `${project.name}__${environment ?? "_"}.tfplan`) } : {}),
      });
    }
    const env = environmentConfig as KubernetesEnvironment | null;
    return await planKubernetesProject({
      project: project.name,
      environment,
      dir: env?.dir ? `${project.dir}/${env.dir}` : project.dir,
      absDir: env?.absDir ?? project.absDir,
      context: env?.context ?? undefined,
      namespace: env?.namespace ?? undefined,
      kubeconfig: env?.kubeconfig ?? undefined,
      timeoutMs: KUBECTL_TIMEOUT_MS,
    });
  } catch (err) {
    if (!isUserError(err)) throw err;
    return {
      project: project.name,
      environment,
      dir: project.dir,
      tool: project.tool,
      status: "error",
      diagnostics: [],
      error: { summary: err.summary, detail: err.detail, where: err.where, hint: err.hint },
      durationMs: performance.now() - started,
    };
  }
}

/** Like terraform's -detailed-exitcode: 1 if any plan failed, else 2 if anything changes, else 0. */
export function planExitCode(runs: readonly ProjectRun[]): 0 | 1 | 2 {
  if (runs.some((r) => r.status === "error")) return 1;
  if (runs.some((r) => r.status === "changes")) return 2;
  return 0;
}
