import { PLACEHOLDER_PREFIX } from "../redact/placeholder.js";
import type { Redactor } from "../redact/redactor.js";
import { UserError } from "../user-error.js";
import type { MemoryRecord } from "./memory-record.js";

/** A memory that cannot be stored: a secret would reach the knowledge branch. */
export class MemoryRefusedError extends UserError {
  constructor(readonly memoryId: string, field: string) {
    super({
      summary: `memory ${memoryId} was not stored: its ${field} still holds a secret after redaction`,
      hint: "write the note without the value (say where the secret lives: a variable, a secret store), then add it again",
    });
    this.name = "MemoryRefusedError";
  }
}

const PLACEHOLDER = /\[\[SECRET:[^\]\n]{1,100}\]\]/g;

/**
 * A memory as it may be stored: every field redacted, and placeholders (meaningful only inside
 * one run) replaced by `[redacted]`. Redacted once more afterwards: anything found then is a
 * secret in a form the first pass left, and the memory is refused rather than stored.
 */
export function redactMemory(memory: MemoryRecord, redactor: Redactor): MemoryRecord {
  const clean = (text: string, field: string): string => {
    const once = redactor.redact(text).text.replace(PLACEHOLDER, "[redacted]");
    if (once.includes(PLACEHOLDER_PREFIX) || redactor.redact(once).text !== once) throw new MemoryRefusedError(memory.id, field);
    return once;
  };
  return {
    ...memory,
    title: clean(memory.title, "title"),
    body: clean(memory.body, "body"),
    tags: memory.tags.map((t) => clean(t, "tags")),
    paths: memory.paths.map((p) => clean(p, "paths")),
    source: memory.source === null ? null : clean(memory.source, "source"),
    author: clean(memory.author, "author"),
  };
}
