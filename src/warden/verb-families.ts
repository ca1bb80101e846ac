import type { CatalogEntry } from "./classifier.js";
import { EFFECT_RANK } from "./operation.js";
import type { ShellWord } from "./shell-word.js";

/** A catalog entry that owns a list of verbs: exact words, or `prefix-*`. */
export interface VerbFamily extends CatalogEntry {
  verbs: readonly string[];
}

export function verbMatches(verb: string, pattern: string): boolean {
  return pattern.endsWith("*") ? verb.startsWith(pattern.slice(0, -1)) : verb === pattern;
}

/** The first family (in table order) whose patterns match the whole verb. */
function wholeFamilyOf(verb: string, families: readonly VerbFamily[]): VerbFamily | undefined {
  return families.find((f) => f.verbs.some((p) => verbMatches(verb, p)));
}

/** A family that has this one word as a verb of its own (`delete`, or `delete-*` read as `delete`). */
function wordFamily(word: string, families: readonly VerbFamily[], effect: VerbFamily["effect"]): VerbFamily | undefined {
  return families.find((f) => f.effect === effect && f.verbs.some((p) => p.replace(/-?\*$/, "") === word && !p.replace(/-?\*$/, "").includes("-")));
}

/**
 * The family that owns this verb, judged by every word of it (split at `-` and `_`), not only
 * the first: a destroy word anywhere (`admin-delete-user`, `bulk_remove`) makes it that family's
 * destroy, and a write word a write. A verb that starts by reading (`list-deleted`,
 * `describe-export-tasks`) reads what the rest names.
 */
export function familyOf(verb: string, families: readonly VerbFamily[]): VerbFamily | undefined {
  const whole = wholeFamilyOf(verb, families);
  if (whole?.effect === "read" || whole?.effect === "destroy") return whole;
  const words = verb.split(/[-_]/).filter(Boolean);
  if (words.length < 2) return whole;
  const destroy = words.map((w) => wordFamily(w, families, "destroy")).find(Boolean);
  if (destroy) return destroy;
  return whole ?? words.map((w) => wordFamily(w, families, "write")).find(Boolean);
}

/** A word that is exactly a verb of some family (not by a `prefix-*` pattern): `delete` in `az lock delete`. */
function exactVerb(word: string, families: readonly VerbFamily[]): VerbFamily | undefined {
  return families.find((f) => f.verbs.includes(word));
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
 * A verb path can hold several verb words:
 * - `groupWords` are verbs that also name a command group (`az lock list`, `gcloud run services
 *   list`): followed by another verb, they are the group;
 * - any later word that is exactly a verb of a worse family makes it that (`az lock delete`):
 *   a destroy word anywhere in the path is a destroy.
 */
export function splitCommandPath(positionals: readonly ShellWord[], families: readonly VerbFamily[], groupWords: readonly string[] = []): CommandPath {
  const groups: ShellWord[] = [];
  for (let i = 0; i < positionals.length; i++) {
    const w = positionals[i] as ShellWord;
    if (!w.literal) return { groups, verb: w, family: undefined, after: positionals.slice(i + 1) };
    const family = familyOf(w.text, families);
    const laterVerb = () => positionals.slice(i + 1).some((p) => p.literal && familyOf(p.text, families));
    if (!family || (groupWords.includes(w.text) && laterVerb())) {
      groups.push(w);
      continue;
    }
    let at = i;
    let worst = family;
    for (let j = i + 1; j < positionals.length; j++) {
      const next = positionals[j] as ShellWord;
      const later = next.literal ? exactVerb(next.text, families) : undefined;
      if (later && EFFECT_RANK[later.effect] > EFFECT_RANK[worst.effect]) {
        at = j;
        worst = later;
      }
    }
    return { groups: [...groups, ...positionals.slice(i, at)], verb: positionals[at], family: worst, after: positionals.slice(at + 1) };
  }
  return { groups, verb: undefined, family: undefined, after: [] };
}
