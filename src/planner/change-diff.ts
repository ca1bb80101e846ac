import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Redacted } from "../redact/redacted.js";
import type { Redactor } from "../redact/redactor.js";

const run = promisify(execFile);

/**
 * The run's change as one unified diff (git's, `a/` before and `b/` after), redacted: a secret
 * already in an edited file shows as its placeholder.
 */
export async function changeDiff(originals: ReadonlyMap<string, string | null>, current: ReadonlyMap<string, string | null>, redactor: Redactor): Promise<Redacted> {
  const scratch = await mkdtemp(path.join(tmpdir(), "stakpak-diff-"));
  try {
    const parts: string[] = [];
    let n = 0;
    for (const [rel, before] of originals) {
      const after = current.get(rel) ?? null;
      if (before === after) continue;
      const left = before === null ? "/dev/null" : path.join(scratch, `${n}-a`);
      const right = after === null ? "/dev/null" : path.join(scratch, `${n}-b`);
      n++;
      if (before !== null) await writeFile(left, before);
      if (after !== null) await writeFile(right, after);
      parts.push(relabel(await gitDiff(left, right), rel, before === null, after === null));
    }
    return redactor.redact(parts.join(""));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function gitDiff(left: string, right: string): Promise<string> {
  try {
    await run("git", ["diff", "--no-index", "--no-color", "--", left, right], { maxBuffer: 64 * 1024 * 1024 });
    return "";
  } catch (error) {
    // Exit code 1 means "they differ", with the diff on stdout.
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (failed.code === 1 && typeof failed.stdout === "string") return failed.stdout;
    throw error;
  }
}

/** git names the temporary files; the reader wants the repository paths. */
function relabel(diff: string, rel: string, created: boolean, deleted: boolean): string {
  const lines = diff.split("\n");
  const out: string[] = [];
  let inHeader = true;
  for (const line of lines) {
    if (inHeader && line.startsWith("diff --git ")) out.push(`diff --git a/${rel} b/${rel}`);
    else if (inHeader && line.startsWith("--- ")) out.push(created ? "--- /dev/null" : `--- a/${rel}`);
    else if (inHeader && line.startsWith("+++ ")) {
      out.push(deleted ? "+++ /dev/null" : `+++ b/${rel}`);
      inHeader = false;
    } else out.push(line);
  }
  return out.join("\n");
}
