import { minimatch } from "minimatch";

/**
 * Whether a repository-relative path matches a tool's `glob`. One rule for list_files and
 * search_files, so a glob the model learned on one finds the same files on the other: dot files
 * count, and a glob without a slash matches the file name at any depth (`*.tf`).
 */
export function matchesToolGlob(rel: string, glob: string | undefined): boolean {
  return glob === undefined || minimatch(rel, glob, { dot: true, matchBase: !glob.includes("/") });
}
