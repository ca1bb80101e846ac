import { join } from "node:path";
import { z } from "zod";
import { parseWardenPolicy } from "../../src/warden/load-policy.js";
import type { WardenPolicy } from "../../src/warden/policy.js";
import { readJsonl } from "../support/read-jsonl.js";

export const CORPUS_FILE = join(import.meta.dirname, "..", "fixtures", "warden", "commands.jsonl");

const entrySchema = z.strictObject({
  command: z.string(),
  expect: z.enum(["allow", "require_approval", "deny"]),
  effect: z.enum(["read", "write", "destroy", "unknown"]),
  kind: z.enum(["plain", "evasion", "lookalike"]),
  note: z.string().min(1),
  /** The environment being deployed when the command is checked. */
  env: z.string().optional(),
});
export type CorpusEntry = z.infer<typeof entrySchema>;

/** The labelled commands; a malformed line fails loudly with its line number. */
export function loadCorpus(file = CORPUS_FILE): CorpusEntry[] {
  return readJsonl(file, entrySchema, file);
}

/** The policy the corpus is labelled against: the built-in defaults plus two environments. */
export const CORPUS_POLICY: WardenPolicy = parseWardenPolicy('environments:\n  production: ["*prod*"]\n  staging: ["*staging*", "stg-*"]\n', "corpus-policy.yml");

/** The workspace the corpus commands run in (paths are judged lexically; nothing is touched). */
export const CORPUS_WORKSPACE = "/work/repo";
