import { lstat, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { MountStep, NetworkAccess, SandboxLayout } from "./isolation-types.js";

export interface LayoutOptions {
  /** The workspace's real path. */
  workspace: string;
  /** The real path the program starts in, inside the workspace. */
  cwd: string;
  /** Paths to hide (from hiddenPathCandidates); missing ones are skipped. */
  hide: readonly string[];
  network: NetworkAccess;
  /** Whether the program may write in the workspace (`.git` is read-only either way). */
  workspaceWritable: boolean;
}

/** Inside a (or equal to it)? Both real, absolute paths. */
export function isWithin(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent === "/" ? "/" : `${parent}${path.sep}`);
}

/** The uid and gid inside: the caller's own when it is not root (its files stay its own), else 1000. */
export function sandboxIdentity(): { uid: number; gid: number } {
  const uid = process.getuid?.() ?? 1000;
  const gid = process.getgid?.() ?? 1000;
  return uid === 0 ? { uid: 1000, gid: 1000 } : { uid, gid: gid === 0 ? 1000 : gid };
}

interface Hidden {
  path: string;
  dir: boolean;
}

async function resolveHidden(candidates: readonly string[]): Promise<Hidden[]> {
  const found = new Map<string, Hidden>();
  for (const candidate of candidates) {
    try {
      const real = await realpath(candidate);
      if (real === "/") continue;
      found.set(real, { path: real, dir: (await stat(real)).isDirectory() });
    } catch {
      // Not on this machine: nothing to hide.
    }
  }
  return [...found.values()];
}

/** Drops what another hidden directory of the same group already covers; parents first. */
function outermost(items: Hidden[]): Hidden[] {
  const dirs = items.filter((h) => h.dir);
  return items
    .filter((h) => !dirs.some((d) => d.path !== h.path && isWithin(h.path, d.path)))
    .sort((a, b) => a.path.length - b.path.length);
}

function hideStep(h: Hidden): MountStep {
  return h.dir ? { kind: "hide-dir", path: h.path } : { kind: "hide-file", path: h.path };
}

/**
 * The mounts, in the order they must be made: hidden paths outside the workspace (or containing
 * it: the workspace is bound back over them), the workspace, hidden paths inside it, then `.git`
 * read-only on top.
 */
export async function buildSandboxLayout(options: LayoutOptions, identity = sandboxIdentity()): Promise<SandboxLayout> {
  const { workspace } = options;
  const hidden = await resolveHidden(options.hide);
  const inside = hidden.filter((h) => h.path !== workspace && isWithin(h.path, workspace));
  const around = hidden.filter((h) => !inside.includes(h));
  const mounts: MountStep[] = [
    ...outermost(around).map(hideStep),
    { kind: "workspace", path: workspace, writable: options.workspaceWritable },
    ...outermost(inside).map(hideStep),
  ];
  const git = await gitPath(workspace);
  if (git) mounts.push({ kind: "read-only", path: git });
  return { mounts, cwd: options.cwd, network: options.network, ...identity };
}

/** The workspace's `.git` (a directory, or a worktree's file), resolved; null when absent or outside. */
async function gitPath(workspace: string): Promise<string | null> {
  const candidate = path.join(workspace, ".git");
  try {
    await lstat(candidate);
    const real = await realpath(candidate);
    // Outside the workspace it is read-only like the rest of the machine.
    return real !== workspace && isWithin(real, workspace) ? real : null;
  } catch {
    return null;
  }
}
