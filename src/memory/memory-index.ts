import MiniSearch from "minisearch";
import { Minimatch } from "minimatch";
import type { MemoryRecord } from "./memory-record.js";

/** A memory found for a query, with its BM25+ score (path boost included) and where it lives. */
export interface MemoryHit {
  memory: MemoryRecord;
  score: number;
  /** The store it came from (`acme/infra`, `acme/knowledge`), when several were searched. */
  origin: string | undefined;
  /** The files of the run its `paths` globs match (the reason it was boosted). */
  matchedPaths: string[];
}

export interface MemorySearchOptions {
  /** Files the run touches or reads: memories whose `paths` match one are boosted. */
  paths?: readonly string[];
  limit?: number;
}

/** How much a memory about the files at hand counts over one that only shares words. */
const PATH_BOOST = 2;

/**
 * Words too common to tell memories apart ("add the bucket to staging" must not match every
 * memory that says "the"). BM25 weighs them down but, combined with OR, they still let every
 * memory in.
 */
const STOP_WORDS = new Set(
  "a an and are as at be but by can do does for from has have how i if in into is it its me my no not of on or our so than that the their them then there these they this to too us was we were what when where which who why will with you your add make use".split(" "),
);

function indexTerm(term: string): string | null {
  const lower = term.toLowerCase();
  return STOP_WORDS.has(lower) ? null : lower;
}
const DEFAULT_LIMIT = 5;

interface Indexed {
  id: string;
  title: string;
  body: string;
  tags: string;
}

/**
 * BM25+ ranking (minisearch) over title, body and tags, the title and tags weighted over the
 * body, prefix and light fuzzy matching for long terms (`bucket` finds `buckets`). A memory
 * whose `paths` globs match a file of the run is boosted: what was learned about these files
 * comes first. Built once per run; searching is in memory.
 */
export class MemoryIndex {
  readonly #search: MiniSearch<Indexed>;
  readonly #memories = new Map<string, { memory: MemoryRecord; origin: string | undefined }>();
  /** Each memory's globs, compiled the first time a search needs them. */
  readonly #globs = new Map<string, Minimatch[]>();

  constructor(memories: Iterable<MemoryRecord | { memory: MemoryRecord; origin: string }>) {
    this.#search = new MiniSearch<Indexed>({
      fields: ["title", "body", "tags"],
      idField: "id",
      processTerm: indexTerm,
      searchOptions: { boost: { title: 3, tags: 2 }, prefix: (term) => term.length >= 4, fuzzy: (term) => (term.length >= 6 ? 0.15 : false), combineWith: "OR" },
    });
    const docs: Indexed[] = [];
    for (const entry of memories) {
      const { memory, origin } = "memory" in entry ? entry : { memory: entry, origin: undefined };
      // The first store's memory wins an id clash (the repository's own over the shared one).
      if (this.#memories.has(memory.id)) continue;
      this.#memories.set(memory.id, { memory, origin });
      docs.push({ id: memory.id, title: memory.title, body: memory.body, tags: memory.tags.join(" ") });
    }
    this.#search.addAll(docs);
  }

  get size(): number {
    return this.#memories.size;
  }

  get(id: string): MemoryHit | undefined {
    const found = this.#memories.get(id);
    return found ? { memory: found.memory, origin: found.origin, score: 0, matchedPaths: [] } : undefined;
  }

  /** The best memories for `query`, best first. An empty query ranks by path match alone. */
  search(query: string, options: MemorySearchOptions = {}): MemoryHit[] {
    const paths = options.paths ?? [];
    const limit = options.limit ?? DEFAULT_LIMIT;
    const matched = (memory: MemoryRecord): string[] => {
      if (memory.paths.length === 0 || paths.length === 0) return [];
      let globs = this.#globs.get(memory.id);
      if (!globs) this.#globs.set(memory.id, (globs = memory.paths.map((glob) => new Minimatch(glob, { dot: true, matchBase: !glob.includes("/") }))));
      return paths.filter((file) => globs.some((glob) => glob.match(file)));
    };
    const hits: MemoryHit[] = [];
    if (query.trim()) {
      for (const result of this.#search.search(query)) {
        const found = this.#memories.get(String(result.id));
        if (!found) continue;
        const matchedPaths = matched(found.memory);
        hits.push({ memory: found.memory, origin: found.origin, score: result.score * (matchedPaths.length > 0 ? PATH_BOOST : 1), matchedPaths });
      }
    } else {
      for (const found of this.#memories.values()) {
        const matchedPaths = matched(found.memory);
        if (matchedPaths.length > 0) hits.push({ memory: found.memory, origin: found.origin, score: matchedPaths.length, matchedPaths });
      }
    }
    return hits.sort((a, b) => b.score - a.score || a.memory.id.localeCompare(b.memory.id)).slice(0, limit);
  }
}
