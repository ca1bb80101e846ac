/**
 * Encoded text that tools wrap across lines: `base64` at 76 columns, `openssl base64` and PEM at
 * 64, `xxd -p` at 60, `fold`, and `od -An -tx1` (hex bytes after a space, 16 to a line). A known
 * value's base64 or hex form can be split by any of those newlines, at any place: rather than
 * index every split of every form, such runs of lines are joined (the newlines left out) and the
 * joined text is searched again. A run starts at a line of a tool's default width, or at a line
 * as wide as the next (`-w N`); so a custom width wrapped only once (two lines of different
 * widths) is not joined. The cost is about that of finding each newline.
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

/**
 * A quick test before reading a whole line: long enough, and its first and last characters, the
 * one a minimum width before its end and the next line's first of one kind of run. Most lines of
 * ordinary text fail it in a few loads (reading each line from its start cost twice as much).
 */
function mayStartRun(text: string, start: number, end: number, next: number): boolean {
  const width = end - start;
  if (width < MIN_WIDTH || width > MAX_WIDTH) return false;
  const first = text.charCodeAt(start);
  const c = text.charCodeAt(next);
  if (first === SPACE) return c === SPACE && text.charCodeAt(end - 3) === SPACE && HEX[text.charCodeAt(end - 1)] === 1;
  const a = text.charCodeAt(end - 1);
  const b = text.charCodeAt(end - MIN_WIDTH);
  const m = text.charCodeAt(start + (width >>> 1));
  return first < 128 && a < 128 && b < 128 && m < 128 && c < 128 && BASE64[first] === 1 && BASE64[a] === 1 && BASE64[b] === 1 && BASE64[m] === 1 && BASE64[c] !== 0;
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

/**
 * The widths tools wrap at by default: od -An -tx1 (16 bytes, 48 columns), xxd -p (60), openssl
 * base64 and PEM (64), base64, MIME and Python's encodebytes (76). A line of another width starts
 * a run only when the line after it has the same width (`base64 -w N`, `fold -w N`). Reading a
 * few characters of every line of ordinary text to see whether it could start a run cost about
 * as much again as finding its newline; comparing widths costs nothing.
 */
const TOOL_WIDTHS = new Uint8Array(MAX_WIDTH + 1);
for (const width of [48, 60, 64, 76]) TOOL_WIDTHS[width] = 1;

/** Every run of two lines or more that wrapped encoded text may have made, in text order. */
export function wrappedRuns(text: string): WrappedRun[] {
  const runs: WrappedRun[] = [];
  let lineStart = 0;
  let previousStart = -1;
  let previousEnd = -1;
  for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", lineStart)) {
    const end = newline > lineStart && text.charCodeAt(newline - 1) === RETURN ? newline - 1 : newline;
    const width = end - lineStart;
    if (width >= MIN_WIDTH && width <= MAX_WIDTH) {
      // The line before, of the same width, may be a run's first line; or this one, of a tool's width.
      const sameAsPrevious = width === previousEnd - previousStart;
      if (sameAsPrevious || TOOL_WIDTHS[width] === 1) {
        const start = sameAsPrevious ? previousStart : lineStart;
        const lineEnd = sameAsPrevious ? previousEnd : end;
        const next = sameAsPrevious ? lineStart : newline + 1;
        const kind = mayStartRun(text, start, lineEnd, next) ? lineKind(text, start, lineEnd) : NONE;
        if (kind !== NONE) {
          lineStart = collectRun(text, start, lineEnd, next, kind, runs);
          previousStart = previousEnd = -1;
          continue;
        }
      }
    }
    previousStart = lineStart;
    previousEnd = end;
    lineStart = newline + 1;
  }
  return runs;
}

/**
 * Follows a run from its first line [start, end) while the lines are full lines of its kind,
 * then takes its last line as far as its characters go (padding, then anything else). Returns
 * where that last line starts: it may start a run of its own.
 */
function collectRun(text: string, start: number, end: number, next: number, kind: Kind, runs: WrappedRun[]): number {
  const joinedStarts = [0];
  const originalStarts = [start];
  let joined = text.slice(start, end);
  let lineStart = next;
  for (;;) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === RETURN ? lineEnd - 1 : lineEnd;
    if (newline !== -1 && lineKind(text, lineStart, contentEnd) === kind) {
      joinedStarts.push(joined.length);
      originalStarts.push(lineStart);
      joined += text.slice(lineStart, contentEnd);
      lineStart = newline + 1;
      continue;
    }
    const tail = continuationEnd(text, lineStart, kind);
    if (tail > lineStart) {
      joinedStarts.push(joined.length);
      originalStarts.push(lineStart);
      joined += text.slice(lineStart, tail);
    }
    if (joinedStarts.length >= 2) runs.push({ text: joined, joinedStarts, originalStarts });
    return lineStart;
  }
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
