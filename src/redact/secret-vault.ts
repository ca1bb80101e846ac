import { randomBytes } from "node:crypto";
import { UserError } from "../user-error.js";
import { keyedHmac, randomHmacKey } from "./keyed-hmac.js";
import type { SecretSpan } from "./redaction-rule.js";
import { formatPlaceholder, PLACEHOLDER_ID, PLACEHOLDER_PREFIX, placeholderPattern } from "./placeholder.js";
import { restoreFiles, type RestoredFiles, type RestoreFilesOptions } from "./restore-files.js";

/** Hex digits a placeholder starts with; more only when two secrets of one rule would collide. */
const MIN_HEX = 4;

/**
 * Maps placeholders to the secrets they stand for, for one run. The hex of a placeholder is an
 * HMAC of the value under a key drawn when the vault is made, so it is stable within the run,
 * unrelated across runs, and says nothing about the value.
 *
 * `restore*` put the secrets back into a command's arguments, environment and files just before
 * it runs, so the LLM can use a secret it never saw. Every value handed out that way is
 * remembered: the redactor sharing this vault hides it again in whatever the command prints.
 */
export class SecretVault {
  readonly #mac = keyedHmac(randomHmacKey(randomBytes));
  readonly #placeholderOf = new Map<string, string>();
  readonly #valueOf = new Map<string, string>();
  readonly #released = new Map<string, string>();
  /** An id as it may stand in a placeholder, by id: checked once per rule, not once per secret. */
  readonly #safeIds = new Map<string, string>();
  #releasedVersion = 0;

  /** The placeholder for a secret; the same value always gets the same one within this vault. */
  placeholderFor(id: string, value: string): string {
    const existing = this.#placeholderOf.get(value);
    if (existing !== undefined) return existing;
    let safeId = this.#safeIds.get(id);
    if (safeId === undefined) this.#safeIds.set(id, (safeId = PLACEHOLDER_ID.test(id) ? id : "secret"));
    const hex = this.#mac(value);
    let length = MIN_HEX;
    let placeholder = formatPlaceholder(safeId, hex.slice(0, length));
    while (this.#valueOf.has(placeholder) && length < hex.length) {
      length++;
      placeholder = formatPlaceholder(safeId, hex.slice(0, length));
    }
    this.#placeholderOf.set(value, placeholder);
    this.#valueOf.set(placeholder, value);
    return placeholder;
  }

  get size(): number {
    return this.#valueOf.size;
  }

  /** Values released into a command (by id), which its output must not show again. */
  releasedValues(): ReadonlyMap<string, string> {
    return this.#released;
  }

  /** Changes whenever a value is released; the redactor rebuilds its matcher when it does. */
  get releasedVersion(): number {
    return this.#releasedVersion;
  }

  /**
   * For the redactor only: the text with this vault's placeholders replaced by their values, and
   * where each value now sits. Unknown placeholders stay; nothing counts as released.
   */
  withValues(text: string): { text: string; regions: SecretSpan[] } {
    const regions: SecretSpan[] = [];
    let out = "";
    let at = 0;
    for (const m of text.matchAll(placeholderPattern())) {
      const value = this.#valueOf.get(m[0]);
      if (value === undefined) continue;
      out += text.slice(at, m.index);
      regions.push({ ruleId: m[1]!, start: out.length, end: out.length + value.length });
      out += value;
      at = m.index + m[0].length;
    }
    return { text: out + text.slice(at), regions };
  }

  /** Replaces every placeholder with its secret. An unknown placeholder is an error, never passed on. */
  restore(text: string, where = "text"): string {
    if (!text.includes(PLACEHOLDER_PREFIX)) return text;
    return text.replace(placeholderPattern(), (placeholder: string, id: string) => {
      const value = this.#valueOf.get(placeholder);
      if (value === undefined) {
        throw new UserError({
          summary: `Unknown secret placeholder ${placeholder}.`,
          where,
          detail: `No secret of this run is called ${placeholder}; placeholders are only valid in the run that made them.`,
          hint: "Use a placeholder exactly as it appeared in this run's redacted output, or pass the value another way.",
        });
      }
      if (!this.#released.has(value)) {
        this.#released.set(value, id);
        this.#releasedVersion++;
      }
      return value;
    });
  }

  /** A command's argv with placeholders restored (argv[0] included). */
  restoreArgs(argv: readonly string[]): string[] {
    return argv.map((arg, i) => this.restore(arg, `argument ${i}`));
  }

  /** An environment with placeholders restored in the values (names are left as they are). */
  restoreEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) {
      if (value !== undefined) out[name] = this.restore(value, `environment variable ${name}`);
    }
    return out;
  }

  /**
   * Restores the placeholders of files a command will read, for as long as it runs: call
   * `putBack()` on the result when it ends (in a `finally`), which writes the placeholder version
   * back. Refuses (FileRestoreError) a symlink, a FIFO or other non-regular file, a file with
   * more than one hard link, a file outside the workspace or in `.git`, and one git tracks; an
   * unknown placeholder is refused as in `restore`. Nothing is written unless every file passes.
   */
  restoreFiles(paths: readonly string[], options: RestoreFilesOptions): Promise<RestoredFiles> {
    return restoreFiles(paths, options, (text, where) => this.restore(text, where));
  }


}
