import { constants, readdirSync, type Dirent } from "node:fs";
import { lstat, mkdir, open, realpath, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { minimatch } from "minimatch";
import { UserError } from "../user-error.js";

/**
 * What the agent may write when `agent.writable` is not set: infrastructure code and docs. Other
 * files (package.json scripts, Makefiles, CI) can run code on the next build, so they need a
 * deliberate choice in the config.
 */
export const DEFAULT_WRITABLE: readonly string[] = [
  "**/*.tf",
  "**/*.tf.json",
  "**/*.tfvars",
  "**/*.tfvars.json",
  "**/*.tftpl",
  "**/*.hcl",
  "**/*.yaml",
  "**/*.yml",
  "**/*.md",
];

/**
 * Never written, whatever `agent.writable` says: git's own files (hooks and config run code), the
 * workflows (they hold the permissions) and the bot's config and rules (the agent can never loosen
 * its own rules).
 */
const PROTECTED_SEGMENTS = new Set([".git"]);
const PROTECTED_TOP = new Set([".github", ".stakpak"]);

/** Directories no listing or search goes into: tool caches and dependencies, not the team's code. */
export const SKIPPED_DIRS = new Set([".git", ".terraform", "node_modules", ".terragrunt-cache"]);

/** A path the agent named, checked to be inside the repository. */
export interface RepoPath {
  /** Absolute, symbolic links of existing parts resolved. */
  abs: string;
  /** Relative to the repository root, POSIX separators; "" for the root. */
  rel: string;
}

/**
 * The agent's view of the repository: every path it names is resolved against the root and must
 * stay inside it (after symbolic links); writes are allowed only on `writable` globs and never on
 * the protected folders, and go through a temporary file and a rename, never through a link.
 */
export class RepoFiles {
  readonly root: string;
  readonly #writable: readonly string[];
  /** What each written file held before this run's first write to it (null: it did not exist). */
  readonly #originals = new Map<string, string | null>();

  private constructor(root: string, writable: readonly string[]) {
    this.root = root;
    this.#writable = writable;
  }

  static async open(root: string, writable: readonly string[] = DEFAULT_WRITABLE): Promise<RepoFiles> {
    return new RepoFiles(await realpath(root), writable);
  }

  /** A path `walk` found (already inside the root, no link on the way). */
  walked(rel: string): RepoPath {
    return { abs: path.join(this.root, ...rel.split("/")), rel };
  }

  /** Resolves a path the model gave; throws a UserError the model can read when it leaves the repository. */
  async resolve(given: string): Promise<RepoPath> {
    if (given.includes("\0")) throw pathError(given, "it contains a NUL character");
    const lexical = path.resolve(this.root, given.trim() === "" ? "." : given);
    if (!inside(this.root, lexical)) throw pathError(given, "it is outside the repository");
    const abs = await realExisting(lexical);
    if (!inside(this.root, abs)) throw pathError(given, "a symbolic link on the way points outside the repository");
    return { abs, rel: toRel(this.root, abs) };
  }

  /** Why a write to this path is refused, or null when it is allowed. */
  writeRefusal(rel: string): string | null {
    const segments = rel.split("/");
    if (rel === "" || segments.some((s) => PROTECTED_SEGMENTS.has(s))) return "git's own files (.git) are never written by the agent";
    if (PROTECTED_TOP.has(segments[0]!)) return `${segments[0]}/ holds the workflows and the bot's own rules, which the agent may not change`;
    if (!this.#writable.some((glob) => minimatch(rel, glob, { dot: true }))) {
      return `it is not a file the agent may write (agent.writable: ${this.#writable.join(", ")})`;
    }
    return null;
  }

  /** Reads a regular file inside the repository as UTF-8. */
  async read(file: RepoPath): Promise<string> {
    const info = await stat(file.abs).catch(() => null);
    if (!info) throw new UserError({ summary: `No such file: ${file.rel}`, hint: "list_files shows what exists" });
    if (!info.isFile()) throw new UserError({ summary: `Not a regular file: ${file.rel}`, hint: "give the path of a file, not a directory or a device" });
    const handle = await open(file.abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      return await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  }

  /**
   * Writes a file atomically: a temporary file in the same directory, then a rename over the
   * target, so a symbolic link or a hard link at the target is replaced, never followed.
   */
  async write(file: RepoPath, content: string): Promise<void> {
    const refusal = this.writeRefusal(file.rel);
    if (refusal) throw new UserError({ summary: `Writing ${file.rel} is not allowed: ${refusal}.` });
    const existing = await lstat(file.abs).catch(() => null);
    if (existing && !existing.isFile()) throw new UserError({ summary: `${file.rel} exists and is not a regular file; it is left alone.` });
    if (!this.#originals.has(file.rel)) this.#originals.set(file.rel, existing ? await this.read(file) : null);
    const dir = path.dirname(file.abs);
    await mkdirInside(this.root, dir);
    const temp = path.join(dir, `.stakpak-${randomBytes(6).toString("hex")}.tmp`);
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, existing ? existing.mode & 0o777 : 0o644);
    try {
      await handle.writeFile(content, "utf8");
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temp, file.abs);
  }

  /** The files this run wrote, with what they held before (null for a new file), in the order first written. */
  originals(): ReadonlyMap<string, string | null> {
    return this.#originals;
  }

  /**
   * Walks the repository (skipping tool caches and symbolic links), calling `visit` with each
   * regular file's relative path. The paths need no `resolve`: they were found under the real root.
   */
  async walk(from: RepoPath, visit: (rel: string) => boolean | void): Promise<void> {
    const queue = [from.abs];
    while (queue.length > 0) {
      const dir = queue.shift()!;
      // Synchronous: a walk is thousands of tiny calls, and a thread-pool round trip each made a
      // search of 2,000 files take 300 ms of waiting. Nothing else runs while a tool works.
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        entries = [];
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const abs = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) queue.push(abs);
        } else if (entry.isFile()) {
          if (visit(toRel(this.root, abs)) === false) return;
        }
      }
    }
  }
}

function inside(root: string, abs: string): boolean {
  return abs === root || abs.startsWith(root + path.sep);
}

function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join("/");
}

/** The path with the symbolic links of its existing part resolved (the rest appended as given). */
async function realExisting(lexical: string): Promise<string> {
  let head = lexical;
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(await realpath(head), ...tail);
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return lexical;
      tail.unshift(path.basename(head));
      head = parent;
    }
  }
}

/** Creates missing directories one by one, refusing to go through a link that leaves the root. */
async function mkdirInside(root: string, dir: string): Promise<void> {
  const parts = path.relative(root, dir).split(path.sep).filter(Boolean);
  let at = root;
  for (const part of parts) {
    at = path.join(at, part);
    const info = await lstat(at).catch(() => null);
    if (info?.isDirectory()) continue;
    if (info) throw new UserError({ summary: `${toRel(root, at)} is not a directory.` });
    await mkdir(at);
  }
}

function pathError(given: string, why: string): UserError {
  return new UserError({ summary: `The path ${JSON.stringify(given)} is not usable: ${why}.`, hint: "use a path relative to the repository root, e.g. `infra/main.tf`" });
}
