/**
 * The keyword automaton's byte loop as WebAssembly: the same table walk, without the checks V8
 * puts around every typed-array read in JavaScript (the array's map, its length, its base
 * pointer: about 30 instructions per byte of text for three reads), so that two walks in step
 * overlap their waits on the table instead of queueing behind those checks (19.5 ms -> 12 ms of
 * CPU for the 5 MB bench corpus). WebAssembly reads its memory unchecked (guard pages).
 *
 * Memory: the byte classes at 0 (256 bytes), the transition table from TABLE_AT (row offsets in
 * bytes, negated where a literal ends), the text after it; it grows to the longest text walked
 * and stays so (as the latin1 buffer does). The module is written out below instruction by
 * instruction (no assembler at build time); its functions are
 *
 *   walk(text, i, to, row, table) -> i
 *     while i < to: row = table[row + 4 * class[text[i]]]; i++; if row < 0: break
 *     global row := row; return i
 *   walkTwo(text, i, j, to, a, b, table) -> i
 *     the same step for a at i and b at j, until i = to or a or b < 0; globals row, row2 := a, b
 */
import { useBaselineWasmCompiler } from "../wasm-compiler.js";
const TABLE_AT = 256;
const PAGE = 64 * 1024;

const WALK_BODY = [
  0x00, // no locals beyond the parameters (0 text, 1 i, 2 to, 3 row, 4 table)
  0x02, 0x40, // block
  0x03, 0x40, //   loop
  0x20, 0x01, 0x20, 0x02, 0x4f, 0x0d, 0x01, // if i >= to (unsigned): out of the block
  0x20, 0x04, 0x20, 0x03, 0x6a, // table + row
  0x20, 0x00, 0x20, 0x01, 0x6a, 0x2d, 0x00, 0x00, // text[i]
  0x2d, 0x00, 0x00, // class[text[i]]
  0x41, 0x02, 0x74, 0x6a, // + 4 * class
  0x28, 0x02, 0x00, 0x21, 0x03, // row = load
  0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, // i++
  0x20, 0x03, 0x41, 0x00, 0x4e, 0x0d, 0x00, // if row >= 0: again
  0x0b, // end loop
  0x0b, // end block
  0x20, 0x03, 0x24, 0x00, // global row = row
  0x20, 0x01, // return i
  0x0b,
];

/** Two walks in step, `j` ahead of `i` by a fixed distance, until either meets a literal's end. */
const WALK_TWO_BODY = [
  0x00, // parameters: 0 text, 1 i, 2 j, 3 to, 4 a, 5 b, 6 table
  0x02, 0x40, // block
  0x03, 0x40, //   loop
  0x20, 0x01, 0x20, 0x03, 0x4f, 0x0d, 0x01, // if i >= to: out of the block
  0x20, 0x06, 0x20, 0x04, 0x6a, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x2d, 0x00, 0x00, 0x2d, 0x00, 0x00, 0x41, 0x02, 0x74, 0x6a, 0x28, 0x02, 0x00, 0x21, 0x04, // a = table[a + 4 * class[text[i]]]
  0x20, 0x06, 0x20, 0x05, 0x6a, 0x20, 0x00, 0x20, 0x02, 0x6a, 0x2d, 0x00, 0x00, 0x2d, 0x00, 0x00, 0x41, 0x02, 0x74, 0x6a, 0x28, 0x02, 0x00, 0x21, 0x05, // b = table[b + 4 * class[text[j]]]
  0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, // i++
  0x20, 0x02, 0x41, 0x01, 0x6a, 0x21, 0x02, // j++
  0x20, 0x04, 0x20, 0x05, 0x72, 0x41, 0x00, 0x4e, 0x0d, 0x00, // if (a | b) >= 0: again
  0x0b, // end loop
  0x0b, // end block
  0x20, 0x04, 0x24, 0x00, 0x20, 0x05, 0x24, 0x01, // globals row = a, row2 = b
  0x20, 0x01, // return i
  0x0b,
];

function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function name(text: string): number[] {
  return [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];
}

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [0x02, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x07, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f]), // (i32 x5) -> i32, (i32 x7) -> i32
  ...section(3, [0x02, 0x00, 0x01]), // walk, walkTwo
  ...section(5, [0x01, 0x00, 0x01]), // one memory, one page to start
  ...section(6, [0x02, 0x7f, 0x01, 0x41, 0x00, 0x0b, 0x7f, 0x01, 0x41, 0x00, 0x0b]), // globals row, row2: mutable i32 = 0
  ...section(7, [0x05, ...name("memory"), 0x02, 0x00, ...name("walk"), 0x00, 0x00, ...name("walkTwo"), 0x00, 0x01, ...name("row"), 0x03, 0x00, ...name("row2"), 0x03, 0x01]),
  ...section(10, [0x02, ...leb(WALK_BODY.length), ...WALK_BODY, ...leb(WALK_TWO_BODY.length), ...WALK_TWO_BODY]),
]);

let compiled: WebAssembly.Module | undefined;

/** One automaton's table in a WebAssembly memory of its own, and the text copied next to it. */
export class KeywordWalk {
  private readonly walkFn: (text: number, i: number, to: number, row: number, table: number) => number;
  private readonly walkTwoFn: (text: number, i: number, j: number, to: number, a: number, b: number, table: number) => number;
  private readonly rowOut: WebAssembly.Global;
  private readonly rowTwoOut: WebAssembly.Global;
  private readonly memory: WebAssembly.Memory;
  private readonly textAt: number;
  private bytes = new Uint8Array(0);
  /** The rows where the last walk (or the last two) stopped: see walk and walkTwo. */
  row = 0;
  rowTwo = 0;

  /** `classOf`: 256 byte classes; `table`: rows of `stride` entries, row offsets in entries (negated where a literal ends). */
  constructor(classOf: Uint8Array, table: Int32Array) {
    if (!compiled) {
      useBaselineWasmCompiler();
      compiled = new WebAssembly.Module(MODULE);
    }
    const instance = new WebAssembly.Instance(compiled);
    const exports = instance.exports as { memory: WebAssembly.Memory; walk: KeywordWalk["walkFn"]; walkTwo: KeywordWalk["walkTwoFn"]; row: WebAssembly.Global; row2: WebAssembly.Global };
    this.memory = exports.memory;
    this.walkFn = exports.walk;
    this.walkTwoFn = exports.walkTwo;
    this.rowOut = exports.row;
    this.rowTwoOut = exports.row2;
    this.textAt = (TABLE_AT + 4 * table.length + 7) & ~7;
    this.grow(this.textAt);
    this.bytes = new Uint8Array(this.memory.buffer);
    this.bytes.set(classOf, 0);
    // Entries as byte offsets, so the walk adds them to the table's address without a multiply.
    new Int32Array(this.memory.buffer, TABLE_AT, table.length).set(table.map((row) => 4 * row));
  }

  /** Copies the text's bytes in; valid until the next load. */
  load(data: Uint8Array, length: number): void {
    this.grow(this.textAt + length);
    this.bytes.set(data.subarray(0, length), this.textAt);
  }

  /**
   * Walks the loaded text from `i` (exclusive of `to`) starting in `row` (a row offset in
   * entries, not negated); stops after the first byte whose state ends a literal. Returns where
   * it stopped; `row` then holds the state's row offset, negated if a literal ends there.
   */
  walk(i: number, to: number, row: number): number {
    const at = this.walkFn(this.textAt, i, to, 4 * row, TABLE_AT);
    this.row = (this.rowOut.value as number) / 4;
    return at;
  }

  /**
   * Two walks in step: one from `i` to `to` in row `a`, one `ahead` bytes further in row `b`,
   * until either meets a literal's end or the first reaches `to`. Returns where the first
   * stopped; `row` and `rowTwo` then hold the two rows as `walk` leaves `row`.
   */
  walkTwo(i: number, to: number, ahead: number, a: number, b: number): number {
    const at = this.walkTwoFn(this.textAt, i, i + ahead, to, 4 * a, 4 * b, TABLE_AT);
    this.row = (this.rowOut.value as number) / 4;
    this.rowTwo = (this.rowTwoOut.value as number) / 4;
    return at;
  }

  private grow(size: number): void {
    const missing = size - this.memory.buffer.byteLength;
    if (missing > 0) {
      this.memory.grow(Math.ceil(missing / PAGE));
      this.bytes = new Uint8Array(this.memory.buffer);
    }
  }
}
