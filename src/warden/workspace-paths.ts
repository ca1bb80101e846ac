import { realpathSync } from "node:fs";
import { posix } from "node:path";
import type { ShellContext } from "./shell-command.js";
import type { ShellWord } from "./shell-word.js";

/**
 * Stands in for `~` so that paths stay absolute and `~/../..` normalizes like the real thing. It
 * can never be inside a workspace, which is the point: the home directory is not the workspace.
 */
export const HOME_DIR = "/~home";

/** Where the agent may change files freely. Paths are absolute, POSIX. */
export interface Workspace {
  root: string;
  /** Other spellings of the root (its real path when it sits under a symbolic link). */
  rootAliases?: readonly string[];
  /** Scratch directories (the system temp dir, /tmp). */
  temp: readonly string[];
  /**
   * Resolve symbolic links of paths that exist, so a link inside the workspace that points
   * outside is judged by where it points. Off for purely lexical judgement (the corpus).
   */
  followSymlinks?: boolean;
}

export type PathScope =
  /** Inside the workspace (not its root, not its .git). */
  | "workspace"
  /** The workspace root itself: removing it loses the work. */
  | "workspace-root"
  /** The repository's .git: removing it loses history; writing there (hooks, config) plants code git will run. */
  | "git-dir"
  | "temp"
  /** /dev/null, /dev/stdout, /dev/fd/N: writing there changes nothing. */
  | "discard"
  /** Any other device: writing there can wipe a disk. */
  | "device"
  | "outside"
  /** The path is not known statically (a variable, or a cwd that is not known). */
  | "unknown";

const DISCARD = /^\/dev\/(null|zero|stdout|stderr|stdin|tty|fd\/\d+)$|^\/proc\/self\/fd\/\d+$/;

/** `~`, `~/x` become paths under HOME_DIR; `~user` too (someone else's home is outside as well). */
function expandTilde(p: string): string {
  if (!p.startsWith("~")) return p;
  const slash = p.indexOf("/");
  return slash === -1 ? HOME_DIR : posix.join(HOME_DIR, p.slice(slash));
}

/** A directory after `cd p` from `cwd`. */
export function resolveAgainst(cwd: string, p: string): string {
  const expanded = expandTilde(p);
  return posix.normalize(posix.isAbsolute(expanded) ? expanded : posix.join(cwd, expanded));
}

/**
 * Every absolute path a word may name, one per possible cwd; null when unknown. A glob segment
 * that starts with `.` (`.*`) may match `..` in some shells, so it is judged as `..`.
 */
export function possiblePaths(context: ShellContext, word: ShellWord): string[] | null {
  if (!word.literal) return null;
  let text = word.text;
  if (word.glob) {
    text = text
      .split("/")
      .map((seg) => (/[*?[]/.test(seg) && seg.startsWith(".") ? ".." : seg))
      .join("/");
  }
  const expanded = expandTilde(text);
  if (posix.isAbsolute(expanded)) return [posix.normalize(expanded)];
  if (context.cwds === null) return null;
  return context.cwds.map((cwd) => posix.normalize(posix.join(cwd, expanded)));
}

export function isWithin(dir: string, p: string): boolean {
  return p === dir || p.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}

export function pathScope(abs: string, workspace: Workspace, remote: boolean): PathScope {
  if (DISCARD.test(abs)) return "discard";
  if (abs.startsWith("/dev/")) return "device";
  if (remote) return "outside";
  const root = [workspace.root, ...(workspace.rootAliases ?? [])].find((r) => isWithin(r, abs));
  const inside = root !== undefined || workspace.temp.some((t) => isWithin(t, abs) && abs !== t);
  const real = inside && workspace.followSymlinks ? realPathOf(abs) : abs;
  if (real !== abs) return pathScope(real, { ...workspace, followSymlinks: false }, false);
  if (abs === root) return "workspace-root";
  if (root !== undefined) {
    const rel = abs.slice(root.length + 1);
    return rel === ".git" || rel.startsWith(".git/") ? "git-dir" : "workspace";
  }
  if (workspace.temp.some((t) => isWithin(t, abs) && abs !== t)) return "temp";
  return "outside";
}

/** The path with symbolic links resolved, as far as it exists (a new file in a linked dir counts too). */
function realPathOf(abs: string): string {
  let existing = abs;
  const rest: string[] = [];
  while (existing !== "/") {
    try {
      const real = realpathSync(existing);
      return rest.length === 0 ? real : posix.join(real, ...rest.reverse());
    } catch {
      rest.push(posix.basename(existing));
      existing = posix.dirname(existing);
    }
  }
  return abs;
}

/** The worst scope over every path a word may name ("unknown" when it cannot be known). */
export function wordScopes(context: ShellContext, word: ShellWord, workspace: Workspace): PathScope[] {
  const paths = possiblePaths(context, word);
  if (paths === null) return ["unknown"];
  return paths.map((p) => pathScope(p, workspace, context.location.kind === "remote"));
}


/**
 * Whether the agent may have put files at `abs`: the workspace (its root and .git included) and
 * the temp dirs, themselves included (a file directly in /tmp is the agent's too). Devices and
 * paths whose real place is unknown count as writable: nothing proves otherwise.
 */
export function agentCanWrite(abs: string, workspace: Workspace): boolean {
  const scope = pathScope(abs, workspace, false);
  if (scope === "discard") return false;
  if (scope !== "outside") return true;
  return workspace.temp.some((t) => isWithin(t, abs));
}

/**
 * Whether a value naming a path, or a `:` list of paths, may lead to files the agent wrote
 * (configuration, modules, plugins). Empty means "none" to every tool that reads such a value.
 */
export function reachesAgentFiles(context: ShellContext, value: ShellWord, workspace: Workspace): boolean {
  if (!value.literal) return true;
  for (const part of value.text.split(":")) {
    if (part === "") continue;
    const paths = possiblePaths(context, { ...value, text: part });
    if (paths === null || paths.some((p) => agentCanWrite(p, workspace))) return true;
  }
  return false;
}
