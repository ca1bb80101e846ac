import type { Rulebook } from "./rulebook.js";

/**
 * Progressive disclosure: what the system prompt says of the applicable rulebooks. Most are
 * listed by id and description, for the agent to read with `read_rulebook` when it needs one;
 * those marked `always` are inlined whole instead.
 */
export interface RulebookIndex {
  /** `- <id>: <description>`, one per listed rulebook, in the order given. */
  listed: string[];
  /** The `always` rulebooks, in the order given, to inline. */
  inlined: Rulebook[];
}

/** The index of rulebooks already chosen and ordered by applicableRulebooks. */
export function rulebookIndex(applicable: readonly Rulebook[]): RulebookIndex {
  return {
    listed: applicable.filter((r) => !r.always).map((r) => `- ${r.id}: ${r.description}`),
    inlined: applicable.filter((r) => r.always),
  };
}
