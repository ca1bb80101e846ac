import os from "node:os";
import path from "node:path";
import { authorizationRules, type AuthorizationRules } from "./authorization-rules.js";
import type { ResolvedTool } from "./check-on-disk.js";
import { parseDuration } from "./duration.js";
import {
  DEFAULT_LOCK_TIMEOUT,
  DEFAULT_TIMEOUT,
  DEFAULT_WHEN_MODIFIED,
  type KubernetesEnvironment,
  type Project,
  type TerraformEnvironment,
} from "./project.js";
import { normalizeRelative } from "./repo-paths.js";
import type { AuthorizationConfig, EnvironmentConfigFile, ProjectConfig } from "./schema.js";

function expandHome(p: string): string {
  return p === "~" || p.startsWith("~/") ? path.join(os.homedir(), p.slice(1)) : p;
}

function terraformEnvironment(env: EnvironmentConfigFile): TerraformEnvironment {
  return { workspace: env.workspace ?? null, varFiles: env.var_files ?? [], backendConfig: env.backend_config ?? [] };
}

function kubernetesEnvironment(env: EnvironmentConfigFile, projectAbsDir: string): KubernetesEnvironment {
  return {
    context: env.context ?? null,
    namespace: env.namespace ?? null,
    kubeconfig: env.kubeconfig ? expandHome(env.kubeconfig) : null,
    dir: env.dir ?? null,
    absDir: env.dir ? path.resolve(projectAbsDir, env.dir) : null,
  };
}

function mapValues<T, U>(record: Record<string, T> | undefined, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key, fn(value)]));
}

/** A validated project entry with its defaults filled in; `resolved` is its written or inferred tool. */
export function normalizeProject(repoRoot: string, project: ProjectConfig, resolved: ResolvedTool): Project {
  const dir = normalizeRelative(project.dir);
  const absDir = path.resolve(repoRoot, dir);
  const base = {
    name: project.name,
    dir,
    absDir,
    whenModified: project.when_modified ?? [...DEFAULT_WHEN_MODIFIED[resolved.tool]],
    toolInferred: resolved.source === "inferred",
  };
  if (resolved.tool === "kubernetes") {
    return { ...base, tool: "kubernetes", environments: mapValues(project.environments, (e) => kubernetesEnvironment(e, absDir)) };
  }
  const timeout = project.terraform?.timeout ?? DEFAULT_TIMEOUT;
  return {
    ...base,
    tool: "terraform",
    terraform: {
      lockTimeout: project.terraform?.lock_timeout ?? DEFAULT_LOCK_TIMEOUT,
      timeout,
      // The schema has already rejected durations that do not parse.
      timeoutMs: parseDuration(timeout) ?? 0,
      initArgs: project.terraform?.init_args ?? [],
      ...(project.terraform?.pass_env ? { passEnv: project.terraform.pass_env } : {}),
    },
    environments: mapValues(project.environments, terraformEnvironment),
  };
}

/** Who may run each comment command: the defaults, with the validated `authorization:` lists over them. */
export function normalizeAuthorization(section: AuthorizationConfig | undefined): AuthorizationRules {
  return authorizationRules(section);
}
