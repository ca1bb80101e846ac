import { constants, unlinkSync } from "node:fs";
import { lstat, mkdir, open, realpath, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../user-error.js";
import { AUDIT_GENESIS, hashAuditLine, type AuditLogHead } from "./audit-chain.js";
import { defaultAuditLogPath } from "./audit-log-path.js";
import type { Decision } from "./decide.js";
import type { PlanDecision } from "./judge-plan.js";
import { verifyAuditLog } from "./verify-audit-log.js";

/** One line of the audit log. Every text field went through the redactor before it was written. */
export type AuditEntry =
  | {
      time: string;
      kind: "decision";
      command: string;
      decision: Decision["decision"];
      rule: string;
      reason: string;
      environment: string | null;
      operations: { target: string; service: string; verb: string; effect: string; decision: string; rule: string }[];
    }
  | {
      time: string;
      kind: "execution";
      command: string;
      argv: string[];
      cwd: string;
      /** Names (never values) of the variables the process got. */
      env: string[];
      exitCode: number | null;
      timedOut: boolean;
      truncated: boolean;
      durationMs: number;
    }
  | {
      time: string;
      kind: "plan";
      file: string;
      tool: PlanDecision["tool"];
      environment: string | null;
      decision: PlanDecision["decision"];
      rule: string;
      reason: string;
      resources: { address: string; action: string; decision: string; rule: string }[];
    };

/** What a line holds besides the entry: its place in the hash chain (see audit-chain.ts). */
export type AuditLine = AuditEntry & { seq: number; prev: string };

type WithoutTime<T> = T extends unknown ? Omit<T, "time"> : never;

export interface AuditLogOptions {
  /** The workspace root: a log inside it is refused, since the commands an agent runs may edit the workspace. */
  workspace?: string | undefined;
}

/** A log that cannot be used is a bad argument (`--audit FILE`), like the CLI's other usage errors. */
const REFUSED_EXIT_CODE = 2;

// Read and write: the existing lines are read through the same descriptor the entries go to (no
// second open a swap could redirect), and O_RDWR does not block on a FIFO as O_WRONLY would.
const OPEN_FLAGS = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;
const LOCK_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Lock files this process holds, removed when it exits normally; after a crash the next run finds the pid gone. */
const heldLocks = new Set<string>();
let exitHookInstalled = false;

function holdLock(lock: string): void {
  heldLocks.add(lock);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const held of heldLocks) {
      try {
        unlinkSync(held);
      } catch {
        // Already gone.
      }
    }
  });
}

async function releaseLock(lock: string): Promise<void> {
  heldLocks.delete(lock);
  await unlink(lock).catch(() => undefined);
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function refused(file: string, summary: string, hint: string, detail?: string): UserError {
  return new UserError({ summary, where: file, hint, exitCode: REFUSED_EXIT_CODE, ...(detail ? { detail } : {}) });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid in a lock file; null when it cannot be trusted to name a dead process (unreadable, a symlink, empty). */
async function lockOwner(lock: string): Promise<number | null> {
  try {
    const handle = await open(lock, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const pid = Number((await handle.readFile("utf8")).trim());
      return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/**
 * One run owns one log: the chain links each entry to the one before, so two writers would fork
 * it. The owner holds `<file>.lock` (created with O_EXCL, holding its pid); another writer, in this
 * process or another, is refused while that pid lives.
 */
async function acquireLock(file: string): Promise<string> {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, LOCK_FLAGS, 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      holdLock(lock);
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
        throw refused(file, `cannot lock the audit log ${file}: ${(err as Error).message}`, "give a file in a folder this user can write");
      }
    }
    const owner = await lockOwner(lock);
    if (owner === null || processIsAlive(owner)) {
      throw refused(
        file,
        `the audit log ${file} is being written by another run${owner === null ? "" : ` (pid ${owner})`}`,
        `one run owns one audit log (its entries form one hash chain): give each run its own file, as the default does. Remove ${lock} only if no process is writing the log.`,
      );
    }
    // The owner died without removing its lock: take the log over.
    await unlink(lock).catch(() => undefined);
  }
  throw refused(file, `cannot lock the audit log ${file}`, `remove ${lock} if no process is writing the log`);
}

interface OpenLog {
  handle: FileHandle;
  lock: string;
  dev: number;
  ino: number;
  head: AuditLogHead;
}

/**
 * An append-only JSON Lines file of Warden's decisions and the commands run, made so the commands
 * it records cannot rewrite it:
 * - never inside the workspace (`options.workspace`), by default in the run's state folder
 *   (`defaultAuditLogPath`, `AuditLog.forRun`);
 * - opened once, O_APPEND|O_NOFOLLOW, mode 0600; a symlink, a file with a second hard link or
 *   anything but a regular file is refused, then and before every append; entries go to the open
 *   descriptor, and the path must still name it, so a rename, a replacement or a removal stops
 *   the run instead of sending entries elsewhere;
 * - each line carries `seq` and `prev`, the SHA-256 of the line before, so `warden audit verify`
 *   reports an edit, a removal or a reordering (a cut tail or an edited last line shows against
 *   the count and last hash the run reports: `head`);
 * - one writer: `<file>.lock`; an existing log is continued only when its chain verifies.
 * Each entry is one write, so a reader never sees half a line from this writer.
 */
export class AuditLog {
  readonly file: string;
  readonly #redact: (text: string) => string;
  readonly #workspace: string | undefined;
  #opened: Promise<OpenLog> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #head: AuditLogHead = { entries: 0, lastHash: AUDIT_GENESIS };
  #closed = false;

  /** @throws UserError when `file` is inside `options.workspace`. The file is opened by the first append. */
  constructor(file: string, redact: (text: string) => string, options: AuditLogOptions = {}) {
    this.file = path.resolve(file);
    this.#redact = redact;
    this.#workspace = options.workspace === undefined ? undefined : path.resolve(options.workspace);
    if (this.#workspace !== undefined && isInside(this.file, this.#workspace)) throw this.#insideWorkspace();
  }

  /** A log for this run in its state folder (see `defaultAuditLogPath`). */
  static forRun(env: Readonly<Record<string, string | undefined>>, redact: (text: string) => string, options: AuditLogOptions = {}): AuditLog {
    return new AuditLog(defaultAuditLogPath(env), redact, options);
  }

  /** Entries written so far and the last line's hash: what the run reports, so a cut tail shows. */
  get head(): AuditLogHead {
    return { ...this.#head };
  }

  /** Appends one entry. Appends are written in call order, even when the caller does not await each one. */
  append(entry: WithoutTime<AuditEntry>): Promise<void> {
    const written = this.#queue.then(() => this.#write(entry));
    this.#queue = written.catch(() => undefined);
    return written;
  }

  decision(decision: Decision, environment: string | null): Promise<void> {
    return this.append({
      kind: "decision",
      command: decision.command,
      decision: decision.decision,
      rule: decision.rule,
      reason: decision.reason,
      environment,
      operations: decision.operations.map((op) => ({ target: op.target, service: op.service, verb: op.verb, effect: op.effect, decision: op.decision, rule: op.rule })),
    });
  }

  plan(file: string, decision: PlanDecision): Promise<void> {
    return this.append({
      kind: "plan",
      file,
      tool: decision.tool,
      environment: decision.environment,
      decision: decision.decision,
      rule: decision.rule,
      reason: decision.reason,
      resources: decision.resources.map((r) => ({ address: r.address, action: r.action, decision: r.decision, rule: r.rule })),
    });
  }

  /** Waits for pending appends, closes the file and releases the lock; later appends fail. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    const opened = await this.#opened?.catch(() => undefined);
    if (!opened) return;
    await opened.handle.close().catch(() => undefined);
    await releaseLock(opened.lock);
  }

  #insideWorkspace(): UserError {
    return refused(
      this.file,
      `the audit log ${this.file} is inside the workspace ${this.#workspace ?? ""}`,
      `commands the agent runs may edit the workspace (sed -i, truncate, ln -sf), so the log must live outside it: leave the path out to use the run's state folder (${path.dirname(defaultAuditLogPath(process.env))}), or give one outside the workspace`,
    );
  }

  async #write(entry: WithoutTime<AuditEntry>): Promise<void> {
    if (this.#closed) throw new Error(`audit log ${this.file} is closed`);
    this.#opened ??= this.#open();
    const log = await this.#opened;
    await this.#checkStillOurs(log);
    const body = this.#redact(JSON.stringify({ time: new Date().toISOString(), ...entry }));
    if (!body.startsWith('{"') || body.includes("\n")) throw new Error("the redactor changed the shape of an audit entry");
    // The chain fields are added after redaction: a 64-hex hash must never be mistaken for a secret.
    const line = `{"seq":${log.head.entries},"prev":"${log.head.lastHash}",${body.slice(1)}`;
    const bytes = Buffer.from(line, "utf8");
    const record = Buffer.concat([bytes, Buffer.from("\n")]);
    for (let offset = 0; offset < record.length; ) {
      const { bytesWritten } = await log.handle.write(record, offset, record.length - offset);
      offset += bytesWritten;
    }
    log.head = { entries: log.head.entries + 1, lastHash: hashAuditLine(bytes) };
    this.#head = log.head;
  }

  async #open(): Promise<OpenLog> {
    const dir = path.dirname(this.file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (this.#workspace !== undefined) {
      // Lexically outside is not enough: a symlinked folder may lead back into the workspace.
      const workspace = await realpath(this.#workspace).catch(() => this.#workspace as string);
      if (isInside(path.join(await realpath(dir), path.basename(this.file)), workspace)) throw this.#insideWorkspace();
    }
    const lock = await acquireLock(this.file);
    try {
      const handle = await this.#openFile();
      try {
        const stats = await handle.stat();
        this.#checkFile(stats);
        await handle.chmod(0o600);
        const head = stats.size === 0 ? { entries: 0, lastHash: AUDIT_GENESIS } : this.#continueChain(await handle.readFile());
        this.#head = head;
        return { handle, lock, dev: stats.dev, ino: stats.ino, head };
      } catch (err) {
        await handle.close();
        throw err;
      }
    } catch (err) {
      await releaseLock(lock);
      throw err;
    }
  }

  async #openFile(): Promise<FileHandle> {
    try {
      return await open(this.file, OPEN_FLAGS, 0o600);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ELOOP") throw refused(this.file, `the audit log ${this.file} is a symbolic link`, "a link could send the entries anywhere: remove it, or give the real path");
      if (code === "EISDIR") throw refused(this.file, `the audit log ${this.file} is a directory`, "give a file path");
      throw refused(this.file, `cannot open the audit log ${this.file}: ${(err as Error).message}`, "give a file in a folder this user can write");
    }
  }

  #checkFile(stats: { isFile(): boolean; nlink: number }): void {
    if (!stats.isFile()) throw refused(this.file, `the audit log ${this.file} is not a regular file`, "give the path of a regular file (or of none: it is created)");
    if (stats.nlink !== 1) {
      throw refused(this.file, `the audit log ${this.file} has ${stats.nlink} hard links`, "another name for the same file could be read or rewritten from elsewhere: remove the other links, or give a new file");
    }
  }

  #continueChain(bytes: Buffer): AuditLogHead {
    const verified = verifyAuditLog(bytes);
    if (verified.problems.length > 0) {
      throw refused(
        this.file,
        `the audit log ${this.file} is damaged, so no entry can be chained to it`,
        `keep it as evidence (\`stakpak-gitops warden audit verify ${this.file}\` shows what changed) and give this run a new file`,
        verified.problems.map((p) => p.message).join("\n"),
      );
    }
    return { entries: verified.entries, lastHash: verified.lastHash };
  }

  /** The path must still name the descriptor the entries go to, with no other name. */
  async #checkStillOurs(log: OpenLog): Promise<void> {
    const [held, named] = await Promise.all([log.handle.stat(), lstat(this.file).catch(() => null)]);
    if (!named || named.ino !== log.ino || named.dev !== log.dev) {
      throw refused(this.file, `the audit log ${this.file} was moved, removed or replaced while this run was writing it`, "something outside Warden's control changed the run's state folder; the entries written so far are in the file the run opened");
    }
    this.#checkFile(held);
  }
}
