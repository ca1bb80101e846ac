import { latin1Bytes, type Latin1Bytes } from "./latin1-bytes.js";

/**
 * Aho-Corasick over ASCII literals, compiled to a dense transition table so one pass over the
 * text finds every occurrence of every literal, whatever their number. Letters are folded to
 * lower case; a non-ASCII code unit resets the automaton (no literal contains one).
 *
 * Hand-written rather than a dependency: the npm implementations are case-sensitive and segment
 * graphemes with Intl.Segmenter (modern-ahocorasick counted at ~33 MB/s here), or unmaintained;
 * this table-driven loop allocates nothing per character and is what makes one pass cheap.
 */
const ALPHABET = 128;
/** Byte values. */
const ROW = 256;

export class KeywordAutomaton {
  /** delta[state * stride + classOf[byte]]: next state's row; complete, so no failure links are followed at scan time. */
  private readonly delta: Int32Array;
  private readonly classOf: Uint8Array;
  private readonly stride: number;
  /** outputList[outputStart[s] .. outputStart[s + 1]]: the literals ending in state s (own and inherited). */
  private readonly outputStart: Int32Array;
  private readonly outputList: Int32Array;
  /** The last scan's hits, reused from scan to scan. */
  private readonly found: KeywordHits = { pairs: new Int32Array(1024), count: 0 };
  readonly literals: readonly string[];

  constructor(literals: readonly string[]) {
    this.literals = literals;
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
    const { delta, classOf, stride, outputStart, outputList } = this;
    const data = bytes.bytes;
    const out = this.found;
    let pairs = out.pairs;
    let count = 0;
    let row = 0;
    let i = 0;
    // The walk holds no call (a callback per hit cost the loop half its speed once inlined in
    // the scanner): it runs to the next state where a literal ends, and the hits are recorded.
    while (i < length) {
      for (; i < length; i++) {
        row = delta[row + classOf[data[i]!]!]!;
        if (row < 0) break;
      }
      if (i === length) break;
      row = -row;
      i++;
      const state = (row / stride) | 0;
      for (let k = outputStart[state]!, end = outputStart[state + 1]!; k < end; k++) {
        if (2 * count + 2 > pairs.length) pairs = out.pairs = grow(pairs);
        pairs[2 * count] = outputList[k]!;
        pairs[2 * count + 1] = i;
        count++;
      }
    }
    out.count = count;
    return out;
  }
}

/** Hits of one scan: (literal, end) pairs. */
export interface KeywordHits {
  pairs: Int32Array;
  count: number;
}

function grow(pairs: Int32Array): Int32Array {
  const bigger = new Int32Array(pairs.length * 2);
  bigger.set(pairs);
  return bigger;
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
