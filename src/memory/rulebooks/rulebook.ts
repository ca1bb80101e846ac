import type { CommandName } from "../../config/command-table.js";

/** Where a repository keeps its rulebooks, relative to its root: one markdown file per rulebook. */
export const RULEBOOK_DIR = ".stakpak/rulebooks";

/** The origin of the rulebooks of the repository being worked on (a shared set is named by its repository). */
export const REPOSITORY_ORIGIN = "repository";

/** A rulebook's text the model reads in one call; a longer one should be split by topic. */
export const MAX_RULEBOOK_CHARS = 16_000;

/** Commands a rulebook may be for: every command of the comment-command table (`review` among them). */
export type RulebookCommand = CommandName | "review";

/** One file of rulebook text, from wherever the caller read it (a directory, the GitHub API). */
export interface RulebookFile {
  /** The file's path as the user knows it, e.g. `.stakpak/rulebooks/tagging.md`; problems name it. */
  path: string;
  text: string;
}

/** The files of one origin: the repository's own, or a shared repository's. */
export interface RulebookSource {
  /** `repository` (REPOSITORY_ORIGIN) for the repository's own, otherwise a name such as `acme/platform-rulebooks`. */
  origin: string;
  files: readonly RulebookFile[];
}

/**
 * One standard operating procedure of the team: a markdown file with YAML front matter, reviewed
 * like code. The agent sees its id and description, and reads the body when it needs it (or has
 * it inlined when `always`).
 */
export interface Rulebook {
  /** Lowercase name, unique across every origin: what `read_rulebook` takes. */
  id: string;
  /** One line: when to read it. */
  description: string;
  /** minimatch globs of repository paths; empty means it applies whatever the run touches. */
  appliesTo: readonly string[];
  /** Commands it is for; empty means every command. */
  commands: readonly RulebookCommand[];
  /** Higher first. */
  priority: number;
  /** Inlined whole in the agent's system prompt instead of listed. */
  always: boolean;
  /** The markdown after the front matter, without leading blank lines or trailing whitespace. */
  body: string;
  origin: string;
  /** The path it was read from (RulebookFile.path). */
  path: string;
}

/** The rulebooks a run carries, by id: what `read_rulebook` reads from. */
export class RulebookSet {
  readonly #byId = new Map<string, Rulebook>();

  constructor(rulebooks: readonly Rulebook[]) {
    for (const rulebook of rulebooks) {
      // The loader reports duplicates to the user; reaching here with one is a bug in the caller.
      if (this.#byId.has(rulebook.id)) throw new Error(`internal: two rulebooks with the id ${rulebook.id}`);
      this.#byId.set(rulebook.id, rulebook);
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Every rulebook, in the order given. */
  get all(): Rulebook[] {
    return [...this.#byId.values()];
  }

  /** Ids in alphabetical order, for messages. */
  get ids(): string[] {
    return [...this.#byId.keys()].sort();
  }

  get(id: string): Rulebook | undefined {
    return this.#byId.get(id);
  }
}
