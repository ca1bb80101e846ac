import { accessSync, constants } from "node:fs";
import path from "node:path";

/**
 * Where the sandbox looks for its own tools (bwrap, unshare, sh): the system's directories, never
 * the PATH of the command it runs, which the caller (or the agent, through a line variable) chose.
 */
export const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The absolute path of an executable in SYSTEM_PATH, or null. */
export function findSystemProgram(name: string): string | null {
  for (const dir of SYSTEM_PATH.split(":")) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return null;
}
