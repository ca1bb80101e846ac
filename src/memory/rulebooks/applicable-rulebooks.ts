import type { Rulebook } from "./rulebook.js";
import { matchesRulebookGlob } from "./rulebook-glob.js";

/** What a run is about, for choosing its rulebooks. */
export interface RulebookScope {
  /** The command being run: `agent`, `review`, `plan`, ... */
  command: string;
  /**
   * Repository paths the run touches or considers (changed files of a pull request, files the
   * agent is asked about). Undefined when not known: then `applies_to` does not narrow the set.
   * An empty list is known to be empty: only rulebooks without `applies_to` apply.
   */
  paths?: readonly string[] | undefined;
}

/** Higher priority first, then by id. */
export function byPriority(a: Rulebook, b: Rulebook): number {
  return b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether one rulebook applies: it is for the command (or every command) and about one of the paths (or any path). */
export function appliesTo(rulebook: Rulebook, scope: RulebookScope): boolean {
  if (rulebook.commands.length > 0 && !rulebook.commands.some((c) => c === scope.command)) return false;
  if (rulebook.appliesTo.length === 0 || scope.paths === undefined) return true;
  return scope.paths.some((file) => rulebook.appliesTo.some((glob) => matchesRulebookGlob(file, glob)));
}

/** The rulebooks that apply to a run, by priority then id. */
export function applicableRulebooks(all: readonly Rulebook[], scope: RulebookScope): Rulebook[] {
  return all.filter((r) => appliesTo(r, scope)).sort(byPriority);
}
