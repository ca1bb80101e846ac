import { KeywordWalk } from "./keyword-walk.js";
import { latin1Bytes, type Latin1Bytes } from "./latin1-bytes.js";

/**
 * Aho-Corasick over ASCII literals, compiled to a dense transition table so one pass over the
 * text finds every occurrence of every literal, whatever their number. Letters are folded to
 * lower case; a non-ASCII code unit resets the automaton (no literal contains one).
 *
 * Hand-written rather than a dependency: the npm implementations are case-sensitive and segment
 * graphemes with Intl.Segmenter (modern-ahocorasick counted at ~33 MB/s here), or unmaintained;
 * this table-driven loop allocates nothing per character and is what makes one pass cheap. The
 * loop itself runs in WebAssembly (keyword-walk.ts): in JavaScript the checks around each
 * typed-array read cost more than the walk.
 */
const ALPHABET = 128;
/** Byte values. */
const ROW = 256;
/** Texts from this long are walked as two halves at once (see hits). */
const TWO_WALKS_MIN = 4096;

export class KeywordAutomaton {
  /** delta[state * stride + classOf[byte]]: next state's row; complete, so no failure links are followed at scan time. */
  private readonly delta: Int32Array;
  private readonly classOf: Uint8Array;
  private readonly stride: number;
  /** outputList[outputStart[s] .. outputStart[s + 1]]: the literals ending in state s (own and inherited). */
  private readonly outputStart: Int32Array;
  private readonly outputList: Int32Array;
  /** The last scan's hits, reused from scan to scan; and those of the second walk (see hits). */
  private readonly found: KeywordHits = { pairs: new Int32Array(1024), count: 0 };
  private readonly secondHalf: KeywordHits = { pairs: new Int32Array(1024), count: 0 };
  /** Length of the longest literal. */
  private readonly longest: number;
  /** The walk over the table, in WebAssembly (made at the first scan). */
  private walker: KeywordWalk | undefined;
  readonly literals: readonly string[];

  constructor(literals: readonly string[]) {
    this.literals = literals;
    this.longest = literals.reduce((n, l) => Math.max(n, l.length), 0);
    const gotoTable: number[][] = [new Array<number>(ALPHABET).fill(-1)];
    const own: number[][] = [[]];
    literals.forEach((literal, index) => {
      if (literal.length === 0) throw new Error("KeywordAutomaton: empty literal");
      let state = 0;
      for (const c of foldedCodes(literal)) {
        const row = gotoTable[state]!;
        if (row[c] === -1) {
          row[c] = gotoTable.length;
          gotoTable.push(new Array<number>(ALPHABET).fill(-1));
          own.push([]);
        }
        state = row[c]!;
      }
      own[state]!.push(index);
    });

    const states = gotoTable.length;
    const next = new Int32Array(states * ALPHABET);
    const fail = new Int32Array(states);
    const outputs: number[][] = new Array(states);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const target = gotoTable[0]![c]!;
      next[c] = target === -1 ? 0 : target;
      if (target > 0) queue.push(target);
    }
    outputs[0] = own[0]!;
    // Breadth-first, so a state's failure target is complete before the state is.
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      outputs[state] = [...own[state]!, ...outputs[fail[state]!]!];
      for (let c = 0; c < ALPHABET; c++) {
        const target = gotoTable[state]![c]!;
        if (target === -1) {
          next[state * ALPHABET + c] = next[fail[state]! * ALPHABET + c]!;
        } else {
          next[state * ALPHABET + c] = target;
          fail[target] = next[fail[state]! * ALPHABET + c]!;
          queue.push(target);
        }
      }
    }
    // Bytes that occur in no literal all behave alike (back towards the root), as do a letter's
    // two cases: the scan table has one column per class of bytes (a few dozen) rather than 256,
    // so it stays in the processor's cache. classOf maps a byte to its column; non-ASCII bytes
    // and bytes in no literal share column 0, which no literal uses.
    const classOf = new Uint8Array(ROW);
    let classes = 1;
    for (let c = 0; c < ALPHABET; c++) {
      const folded = c >= 65 && c <= 90 ? c | 32 : c;
      if (folded !== c) continue;
      if (literals.some((l) => l.toLowerCase().includes(String.fromCharCode(c)))) classOf[c] = classes++;
    }
    for (let c = 65; c <= 90; c++) classOf[c] = classOf[c | 32]!;
    const representative = new Int32Array(classes).fill(-1);
    for (let c = 0; c < ALPHABET; c++) if (classOf[c]! > 0 && representative[classOf[c]!] === -1) representative[classOf[c]!] = c | (c >= 65 && c <= 90 ? 32 : 0);
    // The scan loop reads one number per byte: the next state's row offset, negated when some
    // literal ends in that state. One class lookup, one table lookup and one sign test per byte.
    const delta = new Int32Array(states * classes);
    for (let state = 0; state < states; state++) {
      for (let k = 0; k < classes; k++) {
        // Column 0 stands for any byte no literal contains: from every state it leads to the root.
        const target = k === 0 ? 0 : next[state * ALPHABET + representative[k]!]!;
        delta[state * classes + k] = outputs[target]!.length > 0 ? -(target * classes) : target * classes;
      }
    }
    this.classOf = classOf;
    this.stride = classes;
    const outputStart = new Int32Array(states + 1);
    for (let s = 0; s < states; s++) outputStart[s + 1] = outputStart[s]! + outputs[s]!.length;
    this.delta = delta;
    this.outputStart = outputStart;
    this.outputList = Int32Array.from(outputs.flat());
  }

  /**
   * Calls onHit(literalIndex, endExclusive) for every occurrence, in order of end position.
   * `bytes`: the text already written by latin1Bytes (the scanner shares them with its next pass).
   */
  scan(text: string, onHit: (literal: number, end: number) => void, bytes: Latin1Bytes = latin1Bytes(text)): void {
    const hits = this.hits(text.length, bytes);
    for (let h = 0, n = hits.count * 2; h < n; h += 2) onHit(hits.pairs[h]!, hits.pairs[h + 1]!);
  }

  /**
   * Every occurrence as (literalIndex, endExclusive) pairs in `pairs[0 .. 2 * count]`, in order
   * of end position: the scanner's hot path. The pairs are this automaton's buffer, valid until
   * its next scan.
   */
  hits(length: number, bytes: Latin1Bytes): KeywordHits {
    const walk = (this.walker ??= new KeywordWalk(this.classOf, this.delta));
    walk.load(bytes.bytes, length);
    const first = this.found;
    first.count = 0;
    // Two walks at once on a long text, one per half: each step of a walk waits for the table
    // lookup before it, and two independent walks overlap their waits.
    // The second starts early enough to see whole every literal that ends in its half; each
    // keeps the hits that end in its own half, so the two lists, one after the other, are in order.
    const mid = length >>> 1;
    const second = mid - (this.longest - 1);
    if (length < TWO_WALKS_MIN || second <= 0) {
      this.walkAlone(first, 0, 0, length, 0);
      return first;
    }
    const other = this.secondHalf;
    other.count = 0;
    let a = 0;
    let b = 0;
    let i = 0;
    while (i < mid) {
      i = walk.walkTwo(i, mid, second, a, b);
      a = walk.row;
      b = walk.rowTwo;
      if (a < 0) this.record(first, (a = -a), i);
      if (b < 0) {
        b = -b;
        if (i + second > mid) this.record(other, b, i + second);
      }
    }
    this.walkAlone(other, b, i + second, length, mid);
    for (let h = 0; h < 2 * other.count; h += 2) push(first, other.pairs[h]!, other.pairs[h + 1]!);
    return first;
  }

  /** From `row` at `from` to `to`, recording the hits that end after `after`. */
  private walkAlone(out: KeywordHits, row: number, from: number, to: number, after: number): void {
    const walk = this.walker!;
    let i = from;
    while (i < to) {
      i = walk.walk(i, to, row);
      row = walk.row;
      if (row >= 0) return;
      row = -row;
      if (i > after) this.record(out, row, i);
    }
  }

  /** The literals that end at `end`, in the state whose row is `row`. */
  private record(out: KeywordHits, row: number, end: number): void {
    const state = (row / this.stride) | 0;
    for (let k = this.outputStart[state]!, last = this.outputStart[state + 1]!; k < last; k++) push(out, this.outputList[k]!, end);
  }
}

/** Hits of one scan: (literal, end) pairs. */
export interface KeywordHits {
  pairs: Int32Array;
  count: number;
}

function push(hits: KeywordHits, literal: number, end: number): void {
  if (2 * hits.count + 2 > hits.pairs.length) {
    const bigger = new Int32Array(hits.pairs.length * 2);
    bigger.set(hits.pairs);
    hits.pairs = bigger;
  }
  hits.pairs[2 * hits.count] = literal;
  hits.pairs[2 * hits.count + 1] = end;
  hits.count++;
}

function foldedCodes(literal: string): number[] {
  const codes: number[] = [];
  for (let i = 0; i < literal.length; i++) {
    let c = literal.charCodeAt(i);
    if (c >= ALPHABET) throw new Error(`KeywordAutomaton: literal ${JSON.stringify(literal)} is not ASCII`);
    if (c >= 65 && c <= 90) c |= 32;
    codes.push(c);
  }
  return codes;
}
