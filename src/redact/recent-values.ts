/** Slots of a memory; a power of two. */
const SLOTS = 1024;
/** Below this V8 copies a substring; from it on a substring points into the whole text it was cut from. */
const SLICE_MIN_LENGTH = 13;
/** Longer values are not remembered (rare; each would hold its length in memory). */
const MAX_LENGTH = 256;

/**
 * The last results of a pure check on strings, remembered by value: the checks every candidate
 * secret goes through (entropy, the not-a-secret shapes) cost about a microsecond each, and half
 * the candidates of a text are values another rule has just checked (`slack_token: xoxb-…` is
 * slack-bot-token's and generic-token's; logs repeat the same values). Direct-mapped: one slot per
 * hash of the length and four characters, so a lookup is a few character reads and one string
 * comparison, and a newer value simply takes an older one's slot.
 */
export class RecentValues<T> {
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly results: (T | undefined)[] = new Array<T | undefined>(SLOTS).fill(undefined);

  constructor() {
    memories.push(this);
  }

  /** The remembered result for this value, or undefined. */
  get(value: string): T | undefined {
    const slot = slotOf(value);
    return this.keys[slot] === value ? this.results[slot] : undefined;
  }

  forget(): void {
    this.keys.fill(undefined);
    this.results.fill(undefined);
  }

  set(value: string, result: T): void {
    if (value.length > MAX_LENGTH) return;
    const slot = slotOf(value);
    this.keys[slot] = own(value);
    this.results[slot] = result;
  }
}

const memories: RecentValues<unknown>[] = [];

/**
 * Empties every memory. A new scanner starts with them empty: what one run checked does not make
 * the next one look faster than it is (the bench redacts the same corpus with a new redactor per turn).
 */
export function forgetRecentValues(): void {
  for (const memory of memories) memory.forget();
}

function slotOf(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  const h = Math.imul(n, 0x9e3779b1) ^ Math.imul(value.charCodeAt(0), 0x85ebca6b) ^ Math.imul(value.charCodeAt(n - 1), 0xc2b2ae35) ^ Math.imul(value.charCodeAt(n >>> 1), 0x27d4eb2f) ^ value.charCodeAt(n >>> 2);
  return (h ^ (h >>> 15)) & (SLOTS - 1);
}

/**
 * The value as a string of its own: a key that is a substring of a scanned text would keep the
 * whole text alive while remembered. Concatenated, then cut, V8 makes a flat copy first.
 */
function own(value: string): string {
  return value.length < SLICE_MIN_LENGTH ? value : ` ${value}`.slice(1);
}
