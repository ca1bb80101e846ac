import type { CatalogEntry } from "./classifier.js";
import type { ShellWord } from "./shell-word.js";

/** A catalog entry that owns a list of verbs: exact words, or `prefix-*`. */
export interface VerbFamily extends CatalogEntry {
  verbs: readonly string[];
}

export function verbMatches(verb: string, pattern: string): boolean {
  return pattern.endsWith("*") ? verb.startsWith(pattern.slice(0, -1)) : verb === pattern;
}

/** The first family (in table order) that owns this verb. */
export function familyOf(verb: string, families: readonly VerbFamily[]): VerbFamily | undefined {
  return families.find((f) => f.verbs.some((p) => verbMatches(verb, p)));
}

export interface CommandPath {
  /** The words before the verb (`compute instances`). */
  groups: ShellWord[];
  verb: ShellWord | undefined;
  family: VerbFamily | undefined;
  /** Positionals after the verb (usually resource names). */
  after: ShellWord[];
}

/**
 * For CLIs whose commands are `GROUP... VERB` (gcloud, az): the verb is the first positional any
 * family owns; a positional that is not literal before it hides the verb, so nothing is guessed.
 */
export function splitCommandPath(positionals: readonly ShellWord[], families: readonly VerbFamily[]): CommandPath {
  const groups: ShellWord[] = [];
  for (let i = 0; i < positionals.length; i++) {
    const w = positionals[i] as ShellWord;
    if (!w.literal) return { groups, verb: w, family: undefined, after: positionals.slice(i + 1) };
    const family = familyOf(w.text, families);
    if (family) return { groups, verb: w, family, after: positionals.slice(i + 1) };
    groups.push(w);
  }
  return { groups, verb: undefined, family: undefined, after: [] };
}
