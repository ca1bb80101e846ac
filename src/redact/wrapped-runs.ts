/**
 * Encoded text that tools wrap across lines: `base64` at 76 columns, `openssl base64` and PEM at
 * 64, `xxd -p` at 60, `fold`, and `od -An -tx1` (hex bytes after a space, 16 to a line). A known
 * value's base64 or hex form can be split by any of those newlines, at any place: rather than
 * index every split of every form, such runs of lines are joined (the newlines left out) and the
 * joined text is searched again. Finding the runs reads each line up to its first character that
 * cannot be part of one, so the cost is linear and small on ordinary text.
 */
export interface WrappedRun {
  /** The lines' characters, the newlines between them left out. */
  text: string;
  /** Where each line's part starts in `text`, and in the original text. */
  joinedStarts: number[];
  originalStarts: number[];
}

/** Shorter lines are not wrapped output (and `base64 -w 8` is not a tool's default). */
const MIN_WIDTH = 16;
/** Longer lines are not wrapped output either: a one-line blob is searched as it is. */
const MAX_WIDTH = 4096;

/** 1: base64 / base64url / hex characters; 2: also `=` (padding ends a run's last line). */
const BASE64 = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_") BASE64[c.charCodeAt(0)] = 1;
BASE64[61] = 2;
const HEX = new Uint8Array(128);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;
const SPACE = 32;
const NEWLINE = 10;
const RETURN = 13;

type Kind = 0 | 1 | 2;
const NONE: Kind = 0;
/** Base64 or contiguous hex. */
const DENSE: Kind = 1;
/** od's ` xx xx xx`. */
const SPACED: Kind = 2;

/** The kind of a full line [start, end): every character belongs to it (end excludes a `\r`). */
function lineKind(text: string, start: number, end: number): Kind {
  const width = end - start;
  if (width < MIN_WIDTH || width > MAX_WIDTH) return NONE;
  if (text.charCodeAt(start) === SPACE) {
    for (let i = start; i < end; i += 3) {
      if (text.charCodeAt(i) !== SPACE || HEX[text.charCodeAt(i + 1)] !== 1 || HEX[text.charCodeAt(i + 2)] !== 1) return NONE;
    }
    return (end - start) % 3 === 0 ? SPACED : NONE;
  }
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || BASE64[c] !== 1) return NONE;
  }
  return DENSE;
}

/** How far the next line continues a run of this kind: the end of its characters of that kind. */
function continuationEnd(text: string, start: number, kind: Kind): number {
  let i = start;
  if (kind === DENSE) {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c >= 128 || BASE64[c] === 0) break;
      i++;
    }
    return i;
  }
  while (i + 2 < text.length && text.charCodeAt(i) === SPACE && HEX[text.charCodeAt(i + 1)] === 1 && HEX[text.charCodeAt(i + 2)] === 1) i += 3;
  return i;
}

/** Every run of two lines or more that wrapped encoded text may have made, in text order. */
export function wrappedRuns(text: string): WrappedRun[] {
  const runs: WrappedRun[] = [];
  let parts: [number, number][] = [];
  let kind: Kind = NONE;
  const close = (): void => {
    if (parts.length >= 2) {
      const joinedStarts: number[] = [];
      let joined = "";
      for (const [start, end] of parts) {
        joinedStarts.push(joined.length);
        joined += text.slice(start, end);
      }
      runs.push({ text: joined, joinedStarts, originalStarts: parts.map((p) => p[0]) });
    }
    parts = [];
    kind = NONE;
  };
  let lineStart = 0;
  while (lineStart < text.length) {
    let newline = text.indexOf("\n", lineStart);
    const last = newline === -1;
    if (last) newline = text.length;
    const end = newline > lineStart && text.charCodeAt(newline - 1) === RETURN ? newline - 1 : newline;
    const full = lineKind(text, lineStart, end);
    if (kind !== NONE && full === kind) {
      parts.push([lineStart, end]);
    } else {
      if (kind !== NONE) {
        // The run's last line: as far as its characters go (padding, then anything else).
        const tail = continuationEnd(text, lineStart, kind);
        if (tail > lineStart) parts.push([lineStart, tail]);
        close();
      }
      if (full !== NONE && !last) {
        kind = full;
        parts = [[lineStart, end]];
      }
    }
    if (last) break;
    lineStart = newline + 1;
  }
  close();
  return runs;
}

/** The original offset of `joined` offset `at` in a run (at < run.text.length). */
export function originalOffset(run: WrappedRun, at: number): number {
  const starts = run.joinedStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return run.originalStarts[lo]! + (at - starts[lo]!);
}

/** Whether [start, end) of a run's text spans a place where a newline was left out. */
export function crossesJoin(run: WrappedRun, start: number, end: number): boolean {
  // The first line that starts after `start`: the span crosses a join iff that line starts before `end`.
  const starts = run.joinedStarts;
  let lo = 1;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length && starts[lo]! < end;
}
