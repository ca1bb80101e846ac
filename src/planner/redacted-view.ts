import { statSync, type Stats } from "node:fs";
import type { Redactor } from "../redact/redactor.js";
import type { RepoFiles, RepoPath } from "./repo-files.js";

/** Files larger than this are not searched (generated state, bundles); read_file still reads them in parts. */
export const MAX_SEARCHED_BYTES = 1024 * 1024;

interface CachedView {
  mtimeMs: number;
  size: number;
  text: string | null;
}

/**
 * The redacted text of repository files, as the model may see them, cached by modification time
 * and size: a search runs over what the model could read anyway, never over the secrets (a regular
 * expression on the real text would answer questions about a secret one bit at a time).
 */
export class RedactedViews {
  readonly #files: RepoFiles;
  readonly #redactor: Redactor;
  readonly #cache = new Map<string, CachedView>();

  constructor(files: RepoFiles, redactor: Redactor) {
    this.#files = files;
    this.#redactor = redactor;
  }

  /** The redacted text, or null for a binary or oversized file. */
  async text(file: RepoPath): Promise<string | null> {
    // Synchronous for the same reason as RepoFiles.walk: one stat per file of a search.
    let info: Stats | undefined;
    try {
      info = statSync(file.abs);
    } catch {
      info = undefined;
    }
    if (!info?.isFile()) return null;
    const cached = this.#cache.get(file.abs);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.text;
    let text: string | null = null;
    if (info.size <= MAX_SEARCHED_BYTES) {
      const raw = await this.#files.read(file);
      text = raw.slice(0, 8192).includes("\0") ? null : this.#redactor.redact(raw).text;
    }
    this.#cache.set(file.abs, { mtimeMs: info.mtimeMs, size: info.size, text });
    return text;
  }
}
