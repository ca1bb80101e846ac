import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { z } from "zod";

/**
 * The records of a JSON Lines corpus file, each checked by `schema`, with its 1-based line.
 * Blank lines are skipped; a line that is not JSON or not of the schema fails loudly with
 * `file:line`, so a bad label is fixed where it stands instead of being counted silently.
 */
export function readJsonl<S extends z.ZodType>(file: string, schema: S, name = basename(file)): (z.infer<S> & { line: number })[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text.trim() !== "")
    .map(({ text, line }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        throw new Error(`${name}:${line}: not JSON (${(error as Error).message})`);
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new Error(`${name}:${line}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return { ...(parsed.data as object), line } as z.infer<S> & { line: number };
    });
}
