/**
 * Terminal escape sequences: CSI (`ESC [ ... m`, colours and cursor moves, also as the C1 byte
 * 0x9b), OSC (`ESC ] ... BEL` or `ESC ] ... ESC \`, titles and links), DCS/SOS/PM/APC strings,
 * and the two- and three-byte escapes (`ESC ( B`). `grep --color=always` puts them inside a
 * token (`ghp_\x1b[01;31mabc\x1b[m...`), which hides it from every pattern: they are removed
 * before scanning. Each alternative is bounded by a character class that excludes its own
 * terminator, so the search is linear.
 */
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[ -/]*[0-~])|\x9b[0-?]*[ -/]*[@-~]/g;
const ESCAPE_AT = new RegExp(ESCAPES.source, "y");

/** Whether the text holds an escape character (indexOf is a vectorised search; lastIndexOf is not). */
export function hasTerminalEscape(text: string): boolean {
  return text.indexOf("\x1b") !== -1 || text.indexOf("\x9b") !== -1;
}

/** The text without terminal escape sequences (itself when it has none). */
export function stripTerminalEscapes(text: string): string {
  return hasTerminalEscape(text) ? text.replace(ESCAPES, "") : text;
}

/** Longest escape sequence a stream holds back while waiting for its end (an OSC title or link). */
const MAX_PENDING_ESCAPE = 4096;

/**
 * Where an escape sequence that the rest of the stream may complete starts at the end of `text`,
 * or -1: a stream holds that part back until the next write rather than strip half of it.
 */
export function unfinishedEscapeStart(text: string): number {
  // The last escape character of the tail, searched forwards: lastIndexOf over a whole write
  // that holds none costs forty times as much.
  let at = -1;
  for (const c of ["\x1b", "\x9b"]) {
    for (let i = text.indexOf(c, Math.max(0, text.length - MAX_PENDING_ESCAPE)); i !== -1; i = text.indexOf(c, i + 1)) at = Math.max(at, i);
  }
  if (at === -1) return -1;
  ESCAPE_AT.lastIndex = at;
  if (ESCAPE_AT.test(text)) return -1;
  // Not complete yet; could it still become one? Only a prefix of some sequence is held.
  return isEscapePrefix(text.slice(at)) ? at : -1;
}

const PREFIXES = [/^\x1b$/, /^\x1b\[[0-?]*[ -/]*$/, /^\x1b\][^\x07\x1b]*\x1b?$/, /^\x1b[PX^_][^\x1b]*\x1b?$/, /^\x1b[ -/]+$/, /^\x9b[0-?]*[ -/]*$/];

function isEscapePrefix(tail: string): boolean {
  return PREFIXES.some((p) => p.test(tail));
}
