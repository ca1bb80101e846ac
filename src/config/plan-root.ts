import { stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../user-error.js";
import { isInside } from "./repo-paths.js";

/** Where a local run plans from: the repository root (config and project dirs are relative to it) and the DIRs, absolute. */
export interface PlanRoot {
  repoRoot: string;
  dirs: string[];
}

/** The nearest folder at or above `dir` holding `.git` (a folder, or a file in a worktree or submodule). */
export async function gitRootOf(dir: string): Promise<string | null> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (await stat(path.join(current, ".git")).then(() => true, () => false)) return current;
    if (path.dirname(current) === current) return null;
  }
}

/**
 * The repository a command line plans. DIRs inside the current directory keep it as the root, as
 * before; a DIR outside it is planned in its own repository: its git root, or the DIR itself when
 * it is in none, so `.stakpak/config.yml` and relative project dirs are read from there. DIRs of
 * two different repositories are refused rather than planned against the wrong config.
 */
export async function resolvePlanRoot(cwd: string, dirs: readonly string[]): Promise<PlanRoot> {
  const absolute = dirs.map((d) => path.resolve(cwd, d));
  const roots = new Map<string, string[]>();
  for (const [i, abs] of absolute.entries()) {
    const root = isInside(cwd, abs) ? cwd : ((await gitRootOf(abs)) ?? abs);
    roots.set(root, [...(roots.get(root) ?? []), dirs[i]!]);
  }
  if (roots.size > 1) {
    throw new UserError({
      summary: "The DIRs belong to different repositories.",
      detail: [...roots].map(([root, given]) => `${given.join(", ")}: ${root}`).join("\n"),
      hint: "plan one repository at a time: run `stakpak-gitops plan` once for each repository's DIRs",
      exitCode: 2,
    });
  }
  const [root] = roots.keys();
  return { repoRoot: root ?? cwd, dirs: absolute };
}
