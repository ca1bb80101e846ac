import path from "node:path";

/** True when `target` is `root` itself or somewhere below it (both absolute). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** `a\b/c/` -> `a/b/c`, `` -> `.`; the form project dirs are compared and reported in. */
export function normalizeRelative(p: string): string {
  const normalized = path.posix.normalize(p.replace(/\\/g, "/"));
  return normalized === "./" ? "." : normalized.replace(/\/$/, "");
}

/** Absolute on any platform: config files are shared between Linux CI and developers' machines. */
export function isAbsoluteAnywhere(p: string): boolean {
  return path.posix.isAbsolute(p) || path.win32.isAbsolute(p);
}

/** True when a relative path climbs above its starting directory (`../x`, `a/../../x`). */
export function climbsAbove(p: string): boolean {
  const normalized = normalizeRelative(p);
  return normalized === ".." || normalized.startsWith("../");
}

/** Path relative to `root` with forward slashes, `.` for the root itself. */
export function relativePosix(root: string, target: string): string {
  const rel = path.relative(root, target).split(path.sep).join("/");
  return rel === "" ? "." : rel;
}
