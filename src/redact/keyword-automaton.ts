/**
 * Aho-Corasick over ASCII literals, compiled to a dense transition table so one pass over the
 * text finds every occurrence of every literal, whatever their number. Letters are folded to
 * lower case; any non-ASCII code unit resets the automaton (no literal contains one).
 *
 * Hand-written rather than a dependency: the npm implementations are case-sensitive and segment
 * graphemes with Intl.Segmenter (modern-ahocorasick counted at ~33 MB/s here), or unmaintained;
 * this table-driven loop allocates nothing per character and is what makes one pass cheap.
 */
const ALPHABET = 128;

export class KeywordAutomaton {
  /** delta[state * 128 + c]: next state; complete, so no failure links are followed at scan time. */
  private readonly delta: Int32Array;
  /** For each state, the literals ending there (own and inherited through failure links). */
  private readonly outputs: readonly (readonly number[] | undefined)[];
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
    const delta = new Int32Array(states * ALPHABET);
    const fail = new Int32Array(states);
    const outputs: (number[] | undefined)[] = new Array(states);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const next = gotoTable[0]![c]!;
      delta[c] = next === -1 ? 0 : next;
      if (next > 0) queue.push(next);
    }
    outputs[0] = own[0]!.length ? own[0] : undefined;
    // Breadth-first, so a state's failure target is complete before the state is.
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const merged = [...own[state]!, ...(outputs[fail[state]!] ?? [])];
      outputs[state] = merged.length ? merged : undefined;
      for (let c = 0; c < ALPHABET; c++) {
        const next = gotoTable[state]![c]!;
        if (next === -1) {
          delta[state * ALPHABET + c] = delta[fail[state]! * ALPHABET + c]!;
        } else {
          delta[state * ALPHABET + c] = next;
          fail[next] = delta[fail[state]! * ALPHABET + c]!;
          queue.push(next);
        }
      }
    }
    this.delta = delta;
    this.outputs = outputs;
  }

  /** Calls onHit(literalIndex, endExclusive) for every occurrence, in order of end position. */
  scan(text: string, onHit: (literal: number, end: number) => void): void {
    const { delta, outputs } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= ALPHABET) {
        state = 0;
        continue;
      }
      if (c >= 65 && c <= 90) c |= 32;
      state = delta[state * ALPHABET + c]!;
      const out = outputs[state];
      if (out !== undefined) for (let k = 0; k < out.length; k++) onHit(out[k]!, i + 1);
    }
  }
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
