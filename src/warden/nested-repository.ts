import { existsSync } from "node:fs";
import { posix } from "node:path";
import type { Invocation } from "./classifier.js";
import { agentCanWrite, isWithin, type Workspace } from "./workspace-paths.js";

/**
 * Where git finds a repository, as git does: walking up from the directory it runs in, the first
 * directory holding `.git` (a directory, or a file naming one), or itself a bare repository.
 */
function repositoryAbove(cwd: string): string | null {
  let dir = posix.normalize(cwd);
  for (;;) {
    if (existsSync(posix.join(dir, ".git"))) return dir;
    // A bare repository: git takes the directory itself for a git dir when HEAD, objects and refs are there.
    if (existsSync(posix.join(dir, "HEAD")) && (existsSync(posix.join(dir, "objects")) || existsSync(posix.join(dir, "commondir"))) && existsSync(posix.join(dir, "refs"))) return dir;
    if (dir === "/") return null;
    dir = posix.dirname(dir);
  }
}

/**
 * The repository git would use from `cwd` when it is one the agent can write (a nested clone, a
 * `git init` in a subdirectory or in /tmp) rather than the workspace's own: its `.git/config`
 * names programs git runs on a plain `git status` (core.fsmonitor, core.pager, aliases, hooks).
 * Needs the file system: only asked when Warden judges a real workspace (`followSymlinks`).
 */
export function foreignRepository(cwd: string, workspace: Workspace): string | null {
  const found = repositoryAbove(cwd);
  if (found === null) return null;
  const roots = [workspace.root, ...(workspace.rootAliases ?? [])];
  if (roots.some((r) => found === r || found === posix.join(r, ".git"))) return null;
  // A repository above the workspace (the workspace is a subdirectory of a checkout) is not the agent's.
  if (roots.some((r) => isWithin(found, r))) return null;
  return agentCanWrite(found, workspace) ? found : null;
}

/**
 * Why a command that runs git where it is (git itself, gh) would pick up a repository the agent
 * can write, or null: that repository's config and hooks are programs git runs. Only judged
 * against a real workspace, when the file system can be asked; a directory known only at run
 * time may be any.
 */
export function nestedRepositoryWhy(inv: Invocation, workspace: Workspace): string | null {
  if (!workspace.followSymlinks || inv.command.context.location.kind === "remote") return null;
  const cwds = inv.command.context.cwds;
  if (cwds === null) return "runs git in a directory known only at run time, whose repository's config and hooks may be the agent's";
  for (const cwd of cwds) {
    const repository = foreignRepository(cwd, workspace);
    if (repository) return `runs git in ${repository}, a repository other than the workspace's, whose config and hooks (core.fsmonitor, core.pager, aliases) are programs the agent may have written`;
  }
  return null;
}
