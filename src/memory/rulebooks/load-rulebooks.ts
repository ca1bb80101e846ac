import { ConfigError, type ConfigProblem } from "../../config/config-error.js";
import { parseRulebook } from "./parse-rulebook.js";
import { REPOSITORY_ORIGIN, RULEBOOK_DIR, RulebookSet, type Rulebook, type RulebookSource } from "./rulebook.js";

export interface RulebookCheck {
  /** The rulebooks without problems, in source then file order; of two with one id, the first. */
  rulebooks: Rulebook[];
  /** Every problem of every file, in source then file then line order. */
  problems: ConfigProblem[];
}

/** How a file is named in problems: its path for the repository's own, `origin:path` for a shared one. */
export function shownRulebookPath(origin: string, path: string): string {
  return origin === REPOSITORY_ORIGIN ? path : `${origin}:${path}`;
}

/**
 * Parses and checks rulebooks from any number of origins: the repository's directory, the
 * default branch's files fetched through the API, a shared repository. Texts come in, so the
 * caller decides where they are read from; ids must be unique across every origin.
 */
export function checkRulebooks(sources: readonly RulebookSource[]): RulebookCheck {
  const rulebooks: Rulebook[] = [];
  const problems: ConfigProblem[] = [];
  const firstById = new Map<string, { file: string; line: number }>();

  for (const source of sources) {
    for (const file of source.files) {
      const shown = shownRulebookPath(source.origin, file.path);
      const parsed = parseRulebook(file, source.origin, shown);
      const fileProblems = [...parsed.problems];
      const id = parsed.id;
      if (id !== null) {
        const first = firstById.get(id);
        if (first) {
          fileProblems.push({
            file: shown,
            ...parsed.idPosition,
            key: "id",
            message: `the id \`${id}\` is already taken by ${first.file}:${first.line}`,
            hint: "rulebook ids are unique across the repository's and the shared rulebooks: rename one of them, or merge the two",
          });
        } else {
          firstById.set(id, { file: shown, line: parsed.idPosition.line });
        }
      }
      problems.push(...fileProblems.sort((a, b) => a.line - b.line || a.column - b.column));
      if (parsed.rulebook && fileProblems.length === 0) rulebooks.push(parsed.rulebook);
    }
  }
  return { rulebooks, problems };
}

/**
 * The rulebooks of the sources, or a ConfigError listing every problem (printed like the
 * config's: file:line:column, key, hint; exit code 2). `where` names them in the summary.
 */
export function loadRulebooks(sources: readonly RulebookSource[], where = RULEBOOK_DIR): RulebookSet {
  const { rulebooks, problems } = checkRulebooks(sources);
  if (problems.length > 0) throw new ConfigError(where, problems, "the rulebooks");
  return new RulebookSet(rulebooks);
}
