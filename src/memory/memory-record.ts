import { z } from "zod";

/** A memory's id: `m` and 6 hex digits (`[mem:m3fa9c1]` in answers and reviews). */
export const MEMORY_ID_PATTERN = /^m[0-9a-f]{6}$/;

/**
 * One memory: a markdown file `memories/<id>.md` on the knowledge branch, its YAML front matter
 * these fields, its body the text. Everything in it was redacted before it was written.
 */
export const memoryFrontMatterSchema = z.strictObject({
  id: z.string().regex(MEMORY_ID_PATTERN, "an id is `m` and 6 hex digits, e.g. m3fa9c1"),
  title: z.string().min(1).max(200),
  tags: z.array(z.string().min(1).max(60)).max(20).default([]),
  /** minimatch globs of the files it is about (`infra/staging/**`), relative to the repository root. */
  paths: z.array(z.string().min(1)).max(20).default([]),
  /** Where it came from: the run, pull request or issue (a URL), or null when added by hand. */
  source: z.string().nullable().default(null),
  /** Login of who added it (or whose run proposed it). */
  author: z.string().min(1),
  /** ISO 8601 timestamps. */
  created: z.string().datetime({ offset: true }),
  updated: z.string().datetime({ offset: true }),
});

export type MemoryFrontMatter = z.infer<typeof memoryFrontMatterSchema>;

export interface MemoryRecord extends MemoryFrontMatter {
  body: string;
}

/** What one write does to the branch: memories put (added or replaced by id) and removed. */
export interface MemoryChange {
  put: readonly MemoryRecord[];
  remove: readonly string[];
}

export interface MemoryWriteResult {
  /** The commit the change made, or null when it changed nothing. */
  commit: string | null;
  /** Tries it took (the ref moved under the others). */
  attempts: number;
  /** Where a person can look at each changed memory (a file URL on GitHub, `ref:path` locally). */
  links: ReadonlyMap<string, string>;
}

/**
 * The knowledge branch of one repository, behind one interface for both backends (local git
 * plumbing, GitHub's Git data API). Reads never touch a work tree; writes are compare-and-swap
 * on the ref: when it moved, the current memories are read again and `change` applied again.
 */
export interface MemoryStore {
  /** `owner/name` or the local repository path, for messages. */
  readonly where: string;
  readonly branch: string;
  /** Every memory on the branch; empty when the branch does not exist yet. */
  list(): Promise<MemoryRecord[]>;
  get(id: string): Promise<MemoryRecord | null>;
  /**
   * Applies the change `plan` makes from the memories as they are now; called again with the new
   * ones when the ref moved meanwhile. Each memory is redacted, and refused (MemoryRefusedError)
   * when a known secret remains in it.
   */
  write(plan: (current: ReadonlyMap<string, MemoryRecord>) => MemoryChange, message: string): Promise<MemoryWriteResult>;
}
