import { latin1Bytes, type Latin1Bytes } from "./latin1-bytes.js";

/** A value known to be secret (an environment variable's, a sensitive terraform value, one a rule found), by exact text. */
export interface KnownValue {
  /** Shown in its placeholder: the variable name, a rule id, or a label such as `terraform-sensitive`. */
  id: string;
  value: string;
}

/** Values of 7 characters or more are looked for at every fourth position of the text (see scan), of 5 or 6 at every second. */
const STRIDE_4 = 7;
const STRIDE_2 = 5;
/** Values of 4 characters are looked for at every position; shorter ones with indexOf. */
const ANCHOR = 4;

/**
 * Every value of the run known to be secret, found in text in one pass whatever their number.
 *
 * The text's bytes are read four at a time as one 32-bit word. A value of seven characters or
 * more always holds whole one of the words of any text it occurs in, its 4-gram ending 0 to 3
 * characters before its own end; so each value is indexed by its last four 4-grams, and the scan
 * tests each word of the text against a bit filter (one multiply and one load per four bytes)
 * before looking it up. Values of five or six characters are indexed by their last two 4-grams
 * and met by a pass over every other position; four-character ones (a terraform-sensitive value)
 * by a pass over every position. Each pass runs only when it has values.
 *
 * Unlike the keyword automaton (a dense table built at once), a value is added in constant time,
 * so the redactor can learn every secret it finds as it finds it: a thousand found tokens cost a
 * thousand index entries, not a thousand-state table rebuilt after each text.
 */
export class KnownValueIndex {
  /** Value i's text and id, kept apart so that learning allocates no record per form. */
  readonly #texts: string[] = [];
  readonly #ids: string[] = [];
  readonly #byValue = new Map<string, number>();
  readonly #stride4 = new AnchorTable();
  readonly #stride2 = new AnchorTable();
  readonly #everyPosition = new AnchorTable();
  /** Values shorter than the anchor (an Action input of three characters): searched with indexOf. */
  readonly #short: number[] = [];

  get size(): number {
    return this.#texts.length;
  }

  has(value: string): boolean {
    return this.#byValue.has(value);
  }

  get(index: number): KnownValue {
    return { id: this.#ids[index]!, value: this.#texts[index]! };
  }

  idOf(index: number): string {
    return this.#ids[index]!;
  }

  valueOf(index: number): string {
    return this.#texts[index]!;
  }

  /** Adds a value (the first id given for a value stays); false when it was already known. */
  add(known: KnownValue): boolean {
    if (known.value.length === 0 || this.#byValue.has(known.value)) return false;
    this.#byValue.set(known.value, this.#texts.length);
    this.#insert(known.id, known.value);
    return true;
  }

  /**
   * Adds a value and the other forms it takes (URL-encoded, maybe base64), unless the value is known;
   * the forms are not checked one by one (learning a found secret is the hot path): one that is
   * known already only makes the same place found twice, which merging spans absorbs.
   */
  addWithForms(id: string, value: string, forms: readonly string[]): boolean {
    if (value.length === 0 || this.#byValue.has(value)) return false;
    this.#byValue.set(value, this.#texts.length);
    this.#insert(id, value);
    for (const form of forms) if (form !== value && form.length > 0) this.#insert(id, form);
    return true;
  }

  #insert(id: string, value: string): void {
    const index = this.#texts.length;
    this.#texts.push(value);
    this.#ids.push(id);
    if (value.length >= STRIDE_4) {
      for (let back = 0; back < 4; back++) this.#stride4.add(wordAt(value, value.length - 4 - back), index, back);
    } else if (value.length >= STRIDE_2) {
      for (let back = 0; back < 2; back++) this.#stride2.add(wordAt(value, value.length - 4 - back), index, back);
    } else if (value.length >= ANCHOR) {
      this.#everyPosition.add(wordAt(value, value.length - 4), index, 0);
    } else {
      this.#short.push(index);
    }
  }

  /**
   * Calls onHit(valueIndex, start) for every place a known value occurs exactly, in no particular
   * order. `bytes`: the text already written by latin1Bytes, when a pass before this one wrote it.
   */
  scan(text: string, onHit: (index: number, start: number) => void, bytes?: Latin1Bytes): void {
    if (this.#texts.length === 0) return;
    for (const index of this.#short) {
      const value = this.#texts[index]!;
      for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) onHit(index, at);
    }
    const length = text.length;
    if (this.#stride4.size + this.#stride2.size + this.#everyPosition.size === 0 || length < ANCHOR) return;
    const { bytes: scratch, halves, words } = bytes ?? latin1Bytes(text);
    const check = (table: AnchorTable, key: number, end: number): void => {
      for (let e = table.head(key); e !== -1; e = table.next[e]!) {
        if (table.keyOf(e) !== key) continue;
        const index = table.value[e]!;
        const value = this.#texts[index]!;
        const start = end + table.back[e]! - value.length;
        if (start >= 0 && text.startsWith(value, start)) onHit(index, start);
      }
    };
    if (this.#stride4.size > 0) {
      const { filter, shift } = this.#stride4;
      for (let w = 0, count = length >>> 2; w < count; w++) {
        const key = words[w]!;
        const hash = Math.imul(key, 0x9e3779b1);
        const mix = Math.imul(hash, 0x85ebca6b);
        const mask = (1 << (mix >>> 27)) | (1 << ((mix >>> 22) & 31));
        if ((filter[hash >>> shift]! & mask) === mask) check(this.#stride4, key, 4 * w + 4);
      }
    }
    if (this.#stride2.size > 0) {
      const { filter, shift } = this.#stride2;
      for (let h = 0, count = (length >>> 1) - 1; h < count; h++) {
        const key = halves[h]! | (halves[h + 1]! << 16);
        const hash = Math.imul(key, 0x9e3779b1);
        const mix = Math.imul(hash, 0x85ebca6b);
        const mask = (1 << (mix >>> 27)) | (1 << ((mix >>> 22) & 31));
        if ((filter[hash >>> shift]! & mask) === mask) check(this.#stride2, key, 2 * h + 4);
      }
    }
    if (this.#everyPosition.size > 0) {
      const { filter, shift } = this.#everyPosition;
      let key = (scratch[0]! << 8) | (scratch[1]! << 16) | (scratch[2]! << 24);
      for (let i = 3; i < length; i++) {
        key = (key >>> 8) | (scratch[i]! << 24);
        const hash = Math.imul(key, 0x9e3779b1);
        const mix = Math.imul(hash, 0x85ebca6b);
        const mask = (1 << (mix >>> 27)) | (1 << ((mix >>> 22) & 31));
        if ((filter[hash >>> shift]! & mask) === mask) check(this.#everyPosition, key, i + 1);
      }
    }
  }
}

/** Four characters' low bytes from `at`, as the scan reads them from the text: one little-endian word. */
function wordAt(value: string, at: number): number {
  return (value.charCodeAt(at) & 0xff) | ((value.charCodeAt(at + 1) & 0xff) << 8) | ((value.charCodeAt(at + 2) & 0xff) << 16) | ((value.charCodeAt(at + 3) & 0xff) << 24);
}

/**
 * The filter is blocked: each key sets two bits of one 32-bit word, so a test is one load. Bits
 * per key, so a text word rarely passes in vain (each that does costs a bucket and an entry read
 * from memory); but the filter stops growing at 64 KiB, so it stays in the processor's cache:
 * measured on the bench corpus (11k known forms), 16 bits and 64 KiB beat 8 bits and 32 KiB
 * (filter misses) and 32 bits and 128 KiB (cache misses).
 */
const FILTER_BITS_PER_KEY = 16;
const MIN_FILTER_WORDS = 1 << 9;
const MAX_FILTER_WORDS = 1 << 14;
const MIN_BUCKETS = 64;

/**
 * 32-bit keys to chains of (value, how far the key ends before the value's end), behind a bit
 * filter. Buckets by the hash's top bits hold the last entry added; entries, appended in order,
 * hold their key and the next entry of the bucket. Adding touches the filter and one bucket and
 * appends: learning is bounded by memory misses, not by probing (a Map would also box most keys,
 * those above 2^30, at every lookup).
 */
class AnchorTable {
  filter = new Int32Array(MIN_FILTER_WORDS);
  /** The hash's top bits choose the filter word. */
  shift = 32 - Math.log2(MIN_FILTER_WORDS);
  /** 1 + the last entry added to each bucket; 0 for none. */
  private buckets = new Int32Array(MIN_BUCKETS);
  private bucketShift = 32 - Math.log2(MIN_BUCKETS);
  /** Entry e: its key, its value's index, how far its 4-gram ends before the value's end, the next entry of its bucket (-1: none). */
  #key = new Int32Array(MIN_BUCKETS);
  value = new Int32Array(MIN_BUCKETS);
  back = new Uint8Array(MIN_BUCKETS);
  next = new Int32Array(MIN_BUCKETS);
  private entries = 0;

  get size(): number {
    return this.entries;
  }

  add(key: number, value: number, back: number): void {
    const entry = this.entries++;
    if (entry === this.value.length) this.growEntries();
    const bucket = Math.imul(key, 0x85ebca6b) >>> this.bucketShift;
    this.#key[entry] = key;
    this.value[entry] = value;
    this.back[entry] = back;
    this.next[entry] = this.buckets[bucket]! - 1;
    this.buckets[bucket] = entry + 1;
    if (this.entries > 2 * this.buckets.length) this.growBuckets();
    if (this.entries * FILTER_BITS_PER_KEY > this.filter.length * 32 && this.filter.length < MAX_FILTER_WORDS) this.growFilter();
    else this.mark(key);
  }

  /** First entry that may hold the key (follow `next`, compare with `keyOf`), or -1. */
  head(key: number): number {
    return this.buckets[Math.imul(key, 0x85ebca6b) >>> this.bucketShift]! - 1;
  }

  keyOf(entry: number): number {
    return this.#key[entry]!;
  }

  private growEntries(): void {
    const grown = (old: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const bigger = new Int32Array(old.length * 2);
      bigger.set(old);
      return bigger;
    };
    this.#key = grown(this.#key);
    this.value = grown(this.value);
    this.next = grown(this.next);
    const back = new Uint8Array(this.back.length * 2);
    back.set(this.back);
    this.back = back;
  }

  private growBuckets(): void {
    this.buckets = new Int32Array(this.buckets.length * 4);
    this.bucketShift -= 2;
    for (let e = 0; e < this.entries; e++) {
      const bucket = Math.imul(this.#key[e]!, 0x85ebca6b) >>> this.bucketShift;
      this.next[e] = this.buckets[bucket]! - 1;
      this.buckets[bucket] = e + 1;
    }
  }

  private mark(key: number): void {
    // The word from the hash's top bits, the two bits from the top bits of a second mix: the low
    // bits of a product depend only on the key's low bits (one character), the top ones on all.
    const hash = Math.imul(key, 0x9e3779b1);
    const mix = Math.imul(hash, 0x85ebca6b);
    this.filter[hash >>> this.shift]! |= (1 << (mix >>> 27)) | (1 << ((mix >>> 22) & 31));
  }

  private growFilter(): void {
    let words = this.filter.length;
    while (this.entries * FILTER_BITS_PER_KEY > words * 32 && words < MAX_FILTER_WORDS) words *= 2;
    this.filter = new Int32Array(words);
    this.shift = 32 - Math.log2(words);
    for (let e = 0; e < this.entries; e++) this.mark(this.#key[e]!);
  }
}
