import { readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { readJsonl } from "../support/read-jsonl.js";

/** Command examples taken from public documentation, labelled by what the tool's documentation says they do. */
export const REAL_WORLD_DIR = join(import.meta.dirname, "..", "fixtures", "warden", "real-world");

const caseSchema = z.strictObject({
  command: z.string().min(1),
  /** The real effect, from the tool's documentation: not what Warden says. */
  effect: z.enum(["read", "write", "destroy", "unknown"]),
  /**
   * The change stays on this machine and nothing anyone else relies on: files inside the workspace
   * (a download into it, a checkout), a tool's own cache, unused local images.
   */
  local: z.literal(true).optional(),
  /** `owner/repo:path` of the public page the example comes from. */
  source: z.string().regex(/^[\w.-]+\/[\w.-]+:\S+$/),
  /** Why the label is what it is, where that is not obvious from the command. */
  note: z.string().min(1).optional(),
});
export type RealWorldCase = z.infer<typeof caseSchema> & { file: string; line: number };

/** Every case of every `*.jsonl` file; a malformed line fails loudly with its file and line number. */
export function loadRealWorldCorpus(dir = REAL_WORLD_DIR): RealWorldCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((file) => readJsonl(join(dir, file), caseSchema).map((c) => ({ ...c, file })));
}
