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
 * body, prefix matching for longer words (`bucket` finds `buckets`). A memory
 * whose `paths` globs match a file of the run is boosted: what was learned about these files
 * comes first. Built once per run; searching is in memory.
 */
export class MemoryIndex {
  readonly #search: MiniSearch<Indexed>;
  readonly #memories = new Map<string, { memory: MemoryRecord; origin: string | undefined }>();
  /** Each distinct `paths` glob, compiled once, with the memories that name it. */
  readonly #globs = new Map<string, { glob: Minimatch; ids: string[] }>();
  /** In how many memories each (processed) term occurs: what a query term is worth. */
  readonly #documentFrequency = new Map<string, number>();

  constructor(memories: Iterable<MemoryRecord | { memory: MemoryRecord; origin: string }>) {
    this.#search = new MiniSearch<Indexed>({
      fields: ["title", "body", "tags"],
      idField: "id",
      processTerm: indexTerm,
      searchOptions: { boost: { title: 3, tags: 2 }, prefix: (term) => term.length >= 5, combineWith: "OR" },
    });
    const docs: Indexed[] = [];
    for (const entry of memories) {
      const { memory, origin } = "memory" in entry ? entry : { memory: entry, origin: undefined };
      // The first store's memory wins an id clash (the repository's own over the shared one).
      if (this.#memories.has(memory.id)) continue;
      this.#memories.set(memory.id, { memory, origin });
      const doc = { id: memory.id, title: memory.title, body: memory.body, tags: memory.tags.join(" ") };
      docs.push(doc);
      for (const term of new Set(terms(`${doc.title} ${doc.body} ${doc.tags}`))) this.#documentFrequency.set(term, (this.#documentFrequency.get(term) ?? 0) + 1);
      for (const glob of memory.paths) {
        let entry = this.#globs.get(glob);
        if (!entry) this.#globs.set(glob, (entry = { glob: new Minimatch(glob, { dot: true, matchBase: !glob.includes("/") }), ids: [] }));
        entry.ids.push(memory.id);
      }
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
    const limit = options.limit ?? DEFAULT_LIMIT;
    const aboutPaths = this.#matchPaths(options.paths ?? []);
    const hits: MemoryHit[] = [];
    const words = this.#telling(query);
    if (words.length > 0) {
      for (const result of this.#search.search(words.join(" "))) {
        const found = this.#memories.get(String(result.id));
        if (!found) continue;
        const matchedPaths = aboutPaths.get(found.memory.id) ?? [];
        hits.push({ memory: found.memory, origin: found.origin, score: result.score * (matchedPaths.length > 0 ? PATH_BOOST : 1), matchedPaths });
      }
    } else if (!query.trim()) {
      for (const [id, matchedPaths] of aboutPaths) {
        const found = this.#memories.get(id)!;
        hits.push({ memory: found.memory, origin: found.origin, score: matchedPaths.length, matchedPaths });
      }
    }
    return hits.sort((a, b) => b.score - a.score || a.memory.id.localeCompare(b.memory.id)).slice(0, limit);
  }

  /**
   * The query's words that tell memories apart. A word in more than a fifth of the memories
   * scores next to nothing under BM25 yet makes the search score most of the index (the cost of
   * a search is the memories its words occur in), so it is left out while rarer words remain;
   * when all are that common, the two rarest stay.
   */
  #telling(query: string): string[] {
    const words = [...new Set(terms(query))];
    const common = Math.max(20, this.size / 5);
    const frequency = (word: string) => this.#documentFrequency.get(word) ?? 0;
    const telling = words.filter((word) => frequency(word) <= common);
    return telling.length > 0 ? telling : words.sort((a, b) => frequency(a) - frequency(b)).slice(0, 2);
  }

  /** The memories whose globs match a file of the run, with those files: each distinct glob tested once. */
  #matchPaths(paths: readonly string[]): Map<string, string[]> {
    const matched = new Map<string, string[]>();
    if (paths.length === 0) return matched;
    for (const { glob, ids } of this.#globs.values()) {
      const files = paths.filter((file) => glob.match(file));
      if (files.length === 0) continue;
      for (const id of ids) matched.set(id, [...new Set([...(matched.get(id) ?? []), ...files])]);
    }
    return matched;
  }
}

const tokenize: (text: string) => string[] = MiniSearch.getDefault("tokenize");

/** A text's terms as the index holds them (the tokenizer and processTerm minisearch is given). */
function terms(text: string): string[] {
  return tokenize(text).flatMap((token) => {
    const term = indexTerm(token);
    return term ? [term] : [];
  });
}
