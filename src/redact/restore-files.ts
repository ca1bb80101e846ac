import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, readlink, realpath, rename, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../user-error.js";
import { PLACEHOLDER_PREFIX } from "./placeholder.js";

/** Why a file was not restored. */
export type FileRestoreRefusal = "missing" | "outside-workspace" | "git-directory" | "symlink" | "not-regular" | "hard-link" | "tracked" | "too-large" | "git-failed";

/** A file the vault will not put secrets into, and why (`reason`, for code; the rest for a person). */
export class FileRestoreError extends UserError {
  readonly reason: FileRestoreRefusal;

  constructor(reason: FileRestoreRefusal, fields: { summary: string; where: string; hint: string; detail?: string }) {
    super(fields);
    this.name = "FileRestoreError";
    this.reason = reason;
  }
}

export interface RestoreFilesOptions {
  /** The repository (or work tree) the command runs in: only untracked files inside it are restored. */
  workspace: string;
  /** Relative paths are taken from here (the workspace by default). */
  cwd?: string;
}

/** Files restored for one command. `putBack` must run when it ends (in a `finally`). */
export interface RestoredFiles {
  /** Real paths of the files that held placeholders and now hold the secrets. */
  readonly paths: readonly string[];
  /**
   * Writes every file's placeholder version back (temp file and rename, so a link or a symlink
   * the command put in its place is replaced, never written through). Returns the files the
   * command changed or replaced meanwhile: their changes are dropped, since they may hold the secret.
   */
  putBack(): Promise<{ changed: string[] }>;
}

/** Restoring a file the size of a log or a binary is not what placeholders are for. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

interface Candidate {
  given: string;
  real: string;
  text: string;
  mode: number;
  uid: number;
  gid: number;
}

interface Written {
  real: string;
  original: string;
  mode: number;
  uid: number;
  gid: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/**
 * Puts secrets back into files a command will read, for the time it runs only. Each file must be
 * a regular file with one link, not a symlink, inside the workspace, outside `.git`, and not
 * tracked by the workspace's git repository: the restored version is a new file renamed over the
 * old (the old inode, which a hard link elsewhere could share, is never written), and `putBack`
 * renames the placeholder version over it again. Every file is checked and restored in memory
 * before any is written: a refusal or an unknown placeholder leaves every file as it was.
 */
export async function restoreFiles(files: readonly string[], options: RestoreFilesOptions, restore: (text: string, where: string) => string): Promise<RestoredFiles> {
  const root = await workspaceRoot(options.workspace);
  const base = path.resolve(options.workspace, options.cwd ?? ".");
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const candidate = await readCandidate(root, base, file);
    if (candidate && !seen.has(candidate.real)) {
      seen.add(candidate.real);
      candidates.push(candidate);
    }
  }
  await refuseTracked(root, candidates);
  const restored = candidates.map((c) => ({ ...c, restored: restore(c.text, c.given) })).filter((c) => c.restored !== c.text);

  const written: Written[] = [];
  try {
    for (const c of restored) {
      const stat = await replaceFile(c.real, c.restored, c);
      written.push({ real: c.real, original: c.text, mode: c.mode, uid: c.uid, gid: c.gid, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs });
    }
  } catch (err) {
    await putBackAll(written);
    throw err;
  }
  let done = false;
  return {
    paths: written.map((w) => w.real),
    async putBack() {
      if (done) return { changed: [] };
      done = true;
      return putBackAll(written);
    },
  };
}

async function putBackAll(written: readonly Written[]): Promise<{ changed: string[] }> {
  const changed: string[] = [];
  const failed: { path: string; message: string }[] = [];
  for (const w of written) {
    const now = await lstat(w.real).catch(() => null);
    if (!now || now.ino !== w.ino || now.size !== w.size || now.mtimeMs !== w.mtimeMs) changed.push(w.real);
    try {
      await replaceFile(w.real, w.original, w);
    } catch (err) {
      failed.push({ path: w.real, message: (err as Error).message });
    }
  }
  if (failed.length > 0) {
    throw new UserError({
      summary: "A file restored for a command could not be put back to its placeholder version.",
      detail: failed.map((f) => `${f.path}: ${f.message}`).join("\n"),
      where: failed[0]!.path,
      hint: "delete the file or write the placeholder version back by hand before committing anything",
    });
  }
  return { changed };
}

async function workspaceRoot(workspace: string): Promise<string> {
  try {
    return await realpath(workspace);
  } catch {
    throw new FileRestoreError("missing", { summary: `The workspace does not exist: ${workspace}`, where: workspace, hint: "restore files only into an existing workspace" });
  }
}

function inside(root: string, real: string): boolean {
  return real.startsWith(`${root}${path.sep}`);
}

/** Checks one file and reads it; null when it holds no placeholder (nothing to restore). */
async function readCandidate(root: string, base: string, file: string): Promise<Candidate | null> {
  const wanted = path.resolve(base, file);
  const refuse = (reason: FileRestoreRefusal, summary: string, hint: string): FileRestoreError => new FileRestoreError(reason, { summary, where: wanted, hint });
  const info = await lstat(wanted).catch(() => null);
  if (!info) throw refuse("missing", `A file to restore does not exist: ${file}`, "write it before running the command");
  if (info.isSymbolicLink()) throw refuse("symlink", `Secrets are never restored through a symbolic link: ${file}`, "restore into the file itself, not a link to it");
  // A FIFO is refused here, before anything opens it (opening one blocks until a writer comes).
  if (!info.isFile()) throw refuse("not-regular", `Secrets are only restored into regular files; ${file} is not one.`, "write the placeholders into a plain file");
  const dir = await realpath(path.dirname(wanted)).catch(() => "");
  const real = path.join(dir, path.basename(wanted));
  if (!inside(root, real)) throw refuse("outside-workspace", `Secrets are only restored into files inside the workspace; ${file} is outside it.`, `write it under ${root}`);
  if (path.relative(root, real).split(path.sep).includes(".git")) throw refuse("git-directory", `Secrets are never restored into git's own files: ${file}`, "write the placeholders into a file of the work tree");

  let handle: FileHandle;
  try {
    // O_NOFOLLOW: a symlink swapped in since the lstat fails here; O_NONBLOCK: so does a FIFO's wait.
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP") throw refuse("symlink", `Secrets are never restored through a symbolic link: ${file}`, "restore into the file itself, not a link to it");
    throw refuse("missing", `A file to restore cannot be opened: ${file} (${(err as Error).message})`, "write it before running the command");
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw refuse("not-regular", `Secrets are only restored into regular files; ${file} is not one.`, "write the placeholders into a plain file");
    if (stat.nlink > 1) throw refuse("hard-link", `Secrets are never restored into a file with more than one hard link: ${file} has ${stat.nlink}.`, "write the placeholders into a new file (a hard link shares its content with a file elsewhere)");
    // What was opened, whatever happened to the path meanwhile (a directory swapped for a symlink).
    const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => null);
    if (opened !== null && (!inside(root, opened) || path.relative(root, opened).split(path.sep).includes(".git"))) throw refuse("outside-workspace", `Secrets are only restored into files inside the workspace; ${file} is outside it.`, `write it under ${root}`);
    if (stat.size > MAX_FILE_BYTES) throw refuse("too-large", `A file to restore is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB: ${file}`, "put the placeholders into a small configuration file");
    const text = await handle.readFile("utf8");
    if (!text.includes(PLACEHOLDER_PREFIX)) return null;
    return { given: file, real: opened ?? real, text, mode: stat.mode & 0o777, uid: stat.uid, gid: stat.gid };
  } finally {
    await handle.close();
  }
}

/** Refuses any file the workspace's repository tracks (or has staged): a restored one could be committed. */
async function refuseTracked(root: string, candidates: readonly Candidate[]): Promise<void> {
  if (candidates.length === 0) return;
  const relative = candidates.map((c) => path.relative(root, c.real));
  // Literal pathspecs (a name with `*` is that name); no fsmonitor or other program from the
  // repository's config; git's own environment only.
  const args = ["-c", "core.fsmonitor=false", "-c", `safe.directory=${root}`, "--literal-pathspecs", "-C", root, "ls-files", "-z", "--", ...relative];
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
  const result = await new Promise<{ stdout: string; stderr: string; error: Error | null }>((resolve) => {
    execFile("git", args, { env, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => resolve({ stdout, stderr, error }));
  });
  if (result.error) {
    if (/not a git repository/i.test(result.stderr)) return;
    throw new FileRestoreError("git-failed", {
      summary: "Could not ask git whether the files to restore are tracked, so none is restored.",
      where: root,
      detail: (result.stderr || result.error.message).trim(),
      hint: "secrets are only put into untracked files; make sure git is installed and the workspace is a readable repository",
    });
  }
  const tracked = new Set(result.stdout.split("\0").filter(Boolean));
  for (const [i, c] of candidates.entries()) {
    if (tracked.has(relative[i]!)) {
      throw new FileRestoreError("tracked", {
        summary: `Secrets are never restored into a file git tracks: ${c.given}`,
        where: c.real,
        hint: "write the placeholders into an untracked (ideally git-ignored) file, so the restored version cannot be committed",
      });
    }
  }
}

/** Writes text to a new file beside `target` and renames it over `target` (never following a link there). */
async function replaceFile(target: string, text: string, owner: { mode: number; uid: number; gid: number }): Promise<{ ino: number; size: number; mtimeMs: number }> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.stakpak-tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, owner.mode);
  let stat;
  try {
    try {
      await handle.writeFile(text, "utf8");
      await handle.chmod(owner.mode);
      if (process.getuid?.() === 0) await handle.chown(owner.uid, owner.gid);
      await handle.sync();
      stat = await handle.stat();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  return { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
}
