import { posix } from "node:path";
import { minimatch } from "minimatch";
import { discoverProjects } from "../config/discover-projects.js";
import { loadConfig } from "../config/load-config.js";
import type { Project } from "../config/project.js";
import { selectProjects, type SelectedProject } from "../config/select-projects.js";
import type { PullRequestRef } from "../github/pull-request-ref.js";
import type { ActionContext } from "./action-context.js";

/** GitHub lists at most this many files of a pull request; with more, which projects changed cannot be told. */
export const PULL_REQUEST_FILES_LIMIT = 3000;

export interface TargetSelection {
  /** The (project, environment) pairs to work on; empty when the pull request changes no project. */
  selected: SelectedProject[];
  /** How they were chosen, for the log and replies. */
  why: string;
}

/** The projects of the checked-out head: the config's, or those discovered. */
export async function loadProjects(ctx: Pick<ActionContext, "repoRoot" | "inputs">): Promise<Project[]> {
  const config = await loadConfig(ctx.repoRoot, ctx.inputs.config);
  return config ? config.projects : discoverProjects(ctx.repoRoot);
}

/**
 * Whether a changed file (repository-relative) marks the project changed: one of its
 * `when_modified` globs, taken relative to the project's dir (`../modules/**` reaches out of it),
 * matches the file's path relative to that dir. A renamed file counts under both names.
 */
export function projectTouchedBy(project: Pick<Project, "dir" | "whenModified">, files: readonly string[], workingDirectory = "."): boolean {
  const root = posix.normalize(workingDirectory.replace(/\\/g, "/")).replace(/\/+$/, "");
  return files.some((file) => {
    const inRoot = root === "." ? file : posix.relative(root, file);
    const rel = project.dir === "." ? inRoot : posix.relative(project.dir, inRoot);
    return project.whenModified.some((glob) => minimatch(rel, glob, { dot: true }));
  });
}

/** Paths the pull request adds, changes, removes or renames (both names of a rename). */
export async function changedFiles(ctx: Pick<ActionContext, "client">, pr: PullRequestRef): Promise<{ files: string[]; complete: boolean }> {
  const listed = await ctx.client.paginate(ctx.client.rest.pulls.listFiles, { owner: pr.owner, repo: pr.repo, pull_number: pr.pullNumber, per_page: 100 });
  const files = listed.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
  return { files, complete: listed.length < PULL_REQUEST_FILES_LIMIT };
}

/**
 * What a command works on: the project it names (`-p`), or else the projects whose files the pull
 * request changes; in the environment it names (`-e`, `deploy <env>`) or all of theirs. Unknown
 * names are errors (from `selectProjects`), so nothing is silently skipped.
 */
export async function selectTargets(ctx: ActionContext, pr: PullRequestRef, filter: { project: string | undefined; env: string | undefined }): Promise<TargetSelection> {
  const projects = await loadProjects(ctx);
  if (filter.project !== undefined) {
    return { selected: selectProjects(projects, { project: filter.project, env: filter.env }), why: `project \`${filter.project}\`` };
  }
  const { files, complete } = await changedFiles(ctx, pr);
  const touched = complete ? projects.filter((p) => projectTouchedBy(p, files, ctx.inputs.workingDirectory)) : projects;
  const why = complete ? `the projects whose files this pull request changes (${touched.map((p) => p.name).join(", ") || "none"})` : `every project (the pull request changes more than ${PULL_REQUEST_FILES_LIMIT} files)`;
  if (touched.length === 0) return { selected: [], why };
  if (filter.env !== undefined && !touched.some((p) => Object.hasOwn(p.environments, filter.env as string))) return { selected: [], why: `${why}, in environment \`${filter.env}\`` };
  return { selected: selectProjects(touched, { env: filter.env }), why };
}
