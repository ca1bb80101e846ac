import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Redactor } from "../../redact/redactor.js";
import { UserError } from "../../user-error.js";
import { formatMemoryFile, MEMORY_DIR, memoryPath, parseMemoryFile } from "../memory-file.js";
import type { MemoryChange, MemoryRecord, MemoryStore, MemoryWriteResult } from "../memory-record.js";
import { redactMemory } from "../redact-memory.js";

export const DEFAULT_KNOWLEDGE_BRANCH = "stakpak/knowledge";
const ZERO = "0".repeat(40);
const MAX_ATTEMPTS = 30;

/** The bot's identity for commits, when the machine's git has none (a runner, a container). */
const IDENTITY = { GIT_AUTHOR_NAME: "stakpak-gitops", GIT_AUTHOR_EMAIL: "stakpak-gitops@users.noreply.github.com", GIT_COMMITTER_NAME: "stakpak-gitops", GIT_COMMITTER_EMAIL: "stakpak-gitops@users.noreply.github.com" };

interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function git(repo: string, args: readonly string[], input?: Buffer | string, env: Record<string, string> = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // No index, no work tree: plumbing on the object database and one ref only.
    const child = spawn("git", ["-C", repo, ...args], { env: { ...process.env, GIT_TERMINAL_PROMPT: "0", ...env }, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.on("error", (error) => reject(new UserError({ summary: `cannot run git: ${error.message}`, hint: "install git" })));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: err.trim() }));
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
  });
}

async function gitOk(repo: string, args: readonly string[], input?: Buffer | string, env?: Record<string, string>): Promise<string> {
  const result = await git(repo, args, input, env);
  if (result.code !== 0) throw new UserError({ summary: `git ${args[0]} failed in ${repo}`, detail: result.stderr, where: repo, hint: "check that it is a git repository you may write to" });
  return result.stdout.toString("utf8");
}

export interface GitMemoryStoreOptions {
  /** A git repository (its work tree or a bare one). */
  repo: string;
  branch?: string;
  /** Every memory written is redacted with it; without one, writes are refused. */
  redactor?: Redactor;
}

interface Snapshot {
  commit: string | null;
  /** Root tree entries other than `memories/`, kept as they are. */
  others: string[];
  /** Path in memories/ → blob sha. */
  blobs: Map<string, string>;
  memories: Map<string, MemoryRecord>;
}

/**
 * The knowledge branch of a local repository, through git plumbing only: ls-tree and one
 * `cat-file --batch` to read, hash-object, mktree, commit-tree and `update-ref <ref> <new> <old>`
 * (the compare-and-swap) to write. The work tree, the index and HEAD are never touched.
 */
export class GitMemoryStore implements MemoryStore {
  readonly where: string;
  readonly branch: string;
  readonly #repo: string;
  readonly #redactor: Redactor | undefined;

  private constructor(options: GitMemoryStoreOptions) {
    this.#repo = options.repo;
    this.where = options.repo;
    this.branch = options.branch ?? DEFAULT_KNOWLEDGE_BRANCH;
    this.#redactor = options.redactor;
  }

  static open(options: GitMemoryStoreOptions): GitMemoryStore {
    return new GitMemoryStore(options);
  }

  get #ref(): string {
    return `refs/heads/${this.branch}`;
  }

  async list(): Promise<MemoryRecord[]> {
    return [...(await this.#read()).memories.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<MemoryRecord | null> {
    return (await this.#read()).memories.get(id) ?? null;
  }

  async write(plan: (current: ReadonlyMap<string, MemoryRecord>) => MemoryChange, message: string): Promise<MemoryWriteResult> {
    const redactor = this.#redactor;
    if (!redactor) throw new UserError({ summary: "a memory store without a redactor cannot write", hint: "open the store with the run's redactor" });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const snapshot = await this.#read();
      const change = plan(snapshot.memories);
      const put = change.put.map((m) => redactMemory(m, redactor));
      const removed = change.remove.filter((id) => snapshot.blobs.has(memoryPath(id)));
      if (put.length === 0 && removed.length === 0) return { commit: null, attempts: attempt, links: new Map() };
      const blobs = new Map(snapshot.blobs);
      for (const id of removed) blobs.delete(memoryPath(id));
      const shas = await this.#hashObjects(put.map(formatMemoryFile));
      put.forEach((m, i) => blobs.set(memoryPath(m.id), shas[i]!));
      const memoriesTree = (
        await gitOk(this.#repo, ["mktree", "-z"], [...blobs].map(([p, sha]) => `100644 blob ${sha}\t${path.posix.basename(p)}\0`).join(""))
      ).trim();
      const rootEntries = [...snapshot.others, ...(blobs.size > 0 ? [`040000 tree ${memoriesTree}\t${MEMORY_DIR}`] : [])];
      const root = (await gitOk(this.#repo, ["mktree", "-z"], rootEntries.map((e) => `${e}\0`).join(""))).trim();
      const commit = (await gitOk(this.#repo, ["commit-tree", root, ...(snapshot.commit ? ["-p", snapshot.commit] : []), "-m", message], undefined, IDENTITY)).trim();
      const swapped = await git(this.#repo, ["update-ref", this.#ref, commit, snapshot.commit ?? ZERO]);
      if (swapped.code === 0) {
        const links = new Map<string, string>();
        for (const m of put) links.set(m.id, `${this.branch}:${memoryPath(m.id)}`);
        for (const id of removed) links.set(id, `${this.branch} (removed ${memoryPath(id)})`);
        return { commit, attempts: attempt, links };
      }
      // The ref moved (another writer): read again, apply again, after a jittered pause.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
    throw new UserError({ summary: `the knowledge branch ${this.branch} kept moving: ${MAX_ATTEMPTS} tries did not land the change`, where: this.where, hint: "try again; many writers at once settle within seconds" });
  }

  /** Blobs for many texts with one hash-object process (files in a temp folder, --stdin-paths). */
  async #hashObjects(texts: readonly string[]): Promise<string[]> {
    if (texts.length === 0) return [];
    const dir = await mkdtemp(path.join(tmpdir(), "stakpak-memory-"));
    try {
      const files = await Promise.all(texts.map(async (text, i) => {
        const file = path.join(dir, `${i}.md`);
        await writeFile(file, text);
        return file;
      }));
      return (await gitOk(this.#repo, ["hash-object", "-w", "--stdin-paths"], files.join("\n") + "\n")).trim().split("\n");
    } finally {
      if (dir.startsWith(tmpdir())) await rm(dir, { recursive: true, force: true });
    }
  }

  async #read(): Promise<Snapshot> {
    const head = await git(this.#repo, ["rev-parse", "--verify", "-q", `${this.#ref}^{commit}`]);
    if (head.code !== 0) return { commit: null, others: [], blobs: new Map(), memories: new Map() };
    const commit = head.stdout.toString("utf8").trim();
    const others: string[] = [];
    let memoriesTree: string | null = null;
    for (const entry of (await gitOk(this.#repo, ["ls-tree", "-z", commit])).split("\0").filter(Boolean)) {
      const [meta, name] = entry.split("\t");
      if (name === MEMORY_DIR) memoriesTree = meta!.split(" ")[2]!;
      else others.push(entry);
    }
    const blobs = new Map<string, string>();
    if (memoriesTree) {
      for (const entry of (await gitOk(this.#repo, ["ls-tree", "-z", memoriesTree])).split("\0").filter(Boolean)) {
        const [meta, name] = entry.split("\t");
        const [, type, sha] = meta!.split(" ");
        if (type === "blob" && name!.endsWith(".md")) blobs.set(`${MEMORY_DIR}/${name}`, sha!);
      }
    }
    const memories = new Map<string, MemoryRecord>();
    const paths = [...blobs.keys()];
    const texts = await this.#catBlobs(paths.map((p) => blobs.get(p)!));
    paths.forEach((p, i) => {
      const memory = parseMemoryFile(texts[i]!, `${this.branch}:${p}`);
      memories.set(memory.id, memory);
    });
    return { commit, others, blobs, memories };
  }

  /** Many blobs through one `cat-file --batch`: `<sha> blob <size>\n<content>\n` each. */
  async #catBlobs(shas: readonly string[]): Promise<string[]> {
    if (shas.length === 0) return [];
    const out = (await git(this.#repo, ["cat-file", "--batch"], shas.join("\n") + "\n")).stdout;
    const texts: string[] = [];
    let at = 0;
    for (let i = 0; i < shas.length; i++) {
      const newline = out.indexOf(10, at);
      const header = out.subarray(at, newline).toString("utf8").split(" ");
      const size = Number(header[2]);
      if (header[1] !== "blob" || !Number.isFinite(size)) throw new UserError({ summary: `the knowledge branch ${this.branch} is damaged: ${shas[i]} is not a blob`, where: this.where });
      texts.push(out.subarray(newline + 1, newline + 1 + size).toString("utf8"));
      at = newline + 1 + size + 1;
    }
    return texts;
  }
}
