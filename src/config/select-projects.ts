import path from "node:path";
import { UserError } from "../user-error.js";
import { closestName } from "./closest-word.js";
import type { EnvironmentConfig, Project } from "./project.js";
import { isInside, normalizeRelative } from "./repo-paths.js";

export interface ProjectSelection {
  dirs?: readonly string[] | undefined;
  project?: string | undefined;
  env?: string | undefined;
}

/** One unit of work: a project in one of its environments (null when it has none). */
export interface SelectedProject {
  project: Project;
  environment: string | null;
  environmentConfig: EnvironmentConfig | null;
}

/** `did you mean \`network\`?` for a name close to (or the start of) one of the valid ones. */
function didYouMean(name: string, valid: readonly string[]): string | undefined {
  const guess = closestName(name, valid);
  return guess === undefined ? undefined : `did you mean \`${guess}\`?`;
}

function list(values: readonly string[]): string {
  return values.length > 0 ? values.join(", ") : "(none)";
}

/** Whether `dir` (relative to the repository root, or absolute) is the project's dir or contains it. */
function dirContains(dir: string, project: Project): boolean {
  if (path.isAbsolute(dir)) return isInside(dir, project.absDir);
  const wanted = normalizeRelative(dir);
  return wanted === "." || project.dir === wanted || project.dir.startsWith(`${wanted}/`);
}

function byDirs(projects: readonly Project[], dirs: readonly string[]): Project[] {
  const kept = projects.filter((p) => dirs.some((d) => dirContains(d, p)));
  if (kept.length === 0) {
    throw new UserError({
      summary: `no project in ${dirs.join(", ")}`,
      detail: `project dirs: ${list(projects.map((p) => p.dir))}`,
      hint: "give a project dir or a dir that contains projects, relative to the repository root",
      exitCode: 2,
    });
  }
  return kept;
}

function byName(projects: readonly Project[], name: string): Project[] {
  const kept = projects.filter((p) => p.name === name);
  if (kept.length === 0) {
    throw new UserError({
      summary: `unknown project \`${name}\``,
      detail: `projects: ${list(projects.map((p) => p.name))}`,
      hint: didYouMean(name, projects.map((p) => p.name)) ?? "use one of the project names listed above",
      exitCode: 2,
    });
  }
  return kept;
}

function environmentsOf(project: Project): [string, EnvironmentConfig][] {
  return Object.entries(project.environments);
}

/**
 * The (project, environment) pairs to work on. Filters apply in order: dirs, project name, env.
 * Without `env` every environment of each project is selected; with it, only projects that
 * define that environment. A filter that matches nothing is an error naming the valid choices,
 * since silently planning nothing looks like "no changes".
 */
export function selectProjects(projects: readonly Project[], selection: ProjectSelection = {}): SelectedProject[] {
  let kept = [...projects];
  if (selection.dirs && selection.dirs.length > 0) kept = byDirs(kept, selection.dirs);
  if (selection.project !== undefined) kept = byName(kept, selection.project);

  const env = selection.env;
  if (env === undefined) {
    return kept.flatMap((project): SelectedProject[] => {
      const envs = environmentsOf(project);
      if (envs.length === 0) return [{ project, environment: null, environmentConfig: null }];
      return envs.map(([environment, environmentConfig]) => ({ project, environment, environmentConfig }));
    });
  }

  const selected = kept.flatMap((project): SelectedProject[] => {
    // hasOwn: an env named `constructor` must not find Object.prototype's.
    const environmentConfig = Object.hasOwn(project.environments, env) ? project.environments[env] : undefined;
    return environmentConfig ? [{ project, environment: env, environmentConfig }] : [];
  });
  if (selected.length === 0) {
    const known = [...new Set(kept.flatMap((p) => Object.keys(p.environments)))];
    const scope = selection.project !== undefined ? `project \`${selection.project}\`` : "the selected projects";
    throw new UserError({
      summary: `unknown environment \`${env}\` for ${scope}`,
      detail: `environments: ${list(known)}`,
      hint: known.length > 0 ? (didYouMean(env, known) ?? "use one of the environments listed above") : "define `environments:` for the project in .stakpak/config.yml, or leave out the environment",
      exitCode: 2,
    });
  }
  return selected;
}
