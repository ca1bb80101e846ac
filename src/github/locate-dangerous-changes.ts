import { join, posix } from "node:path";
import type { ProjectRun } from "../iac/project-run.js";
import { locateResourceBlocks } from "../iac/locate-resource-blocks.js";
import type { ResourceChange } from "../iac/plan-model.js";
import { sortByDanger } from "../report/action-style.js";

/** Destroyed or replaced resources declared by one block (several with count/for_each). */
export interface DangerousBlock {
  run: ProjectRun;
  changes: ResourceChange[];
  /** The block in the checked-out tree, repository-relative; null when it is gone (a destroy of removed code) or in a remote module. */
  location: { path: string; line: number; endLine: number } | null;
}

/** What a reviewer must look at twice: resources the plan destroys or replaces. */
export function isDangerous(change: ResourceChange): boolean {
  return change.mode === "managed" && (change.action === "delete" || change.action === "replace");
}

/**
 * Finds the .tf block behind each destroy and replace of the terraform runs, in the repository
 * checked out at `repoRoot` (project dirs are relative to it). Instances of one block
 * (`aws_instance.web[0]`, `[1]`) are grouped; blocks come in the report's order (destroys,
 * then replaces that destroy first, then the others).
 */
export async function locateDangerousChanges(runs: readonly ProjectRun[], repoRoot: string): Promise<DangerousBlock[]> {
  const blocks: DangerousBlock[] = [];
  for (const run of runs) {
    const changes = sortByDanger(run.plan?.resourceChanges.filter(isDangerous) ?? []);
    if (changes.length === 0) continue;
    const located = await locateResourceBlocks(join(repoRoot, run.dir), changes.map((c) => c.address));
    const byBlock = new Map<string, DangerousBlock>();
    for (const change of changes) {
      const found = located.get(change.address);
      const path = found ? repoPath(run.dir, found.file) : null;
      const location = found && path ? { path, line: found.line, endLine: found.endLine } : null;
      // Unlocated changes group by their block address (module path, type, name) too.
      const key = location ? `${location.path}:${location.line}` : `?${change.module ?? ""}.${change.type}.${change.name}`;
      const block = byBlock.get(key);
      if (block) block.changes.push(change);
      else byBlock.set(key, { run, changes: [change], location });
    }
    blocks.push(...byBlock.values());
  }
  return blocks;
}

/** A project file's path from the repository root; null when it lies outside (or the dir is absolute). */
function repoPath(dir: string, file: string): string | null {
  if (posix.isAbsolute(dir) || /^[A-Za-z]:[\\/]/.test(dir)) return null;
  const path = posix.normalize(posix.join(dir.split("\\").join("/"), file));
  return path.startsWith("../") || path === ".." ? null : path;
}
