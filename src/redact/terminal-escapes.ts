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

/** The text without terminal escape sequences (itself when it has none). */
export function stripTerminalEscapes(text: string): string {
  if (text.indexOf("\x1b") === -1 && text.indexOf("\x9b") === -1) return text;
  return text.replace(ESCAPES, "");
}

/** Longest escape sequence a stream holds back while waiting for its end (an OSC title or link). */
const MAX_PENDING_ESCAPE = 4096;

/**
 * Where an escape sequence that the rest of the stream may complete starts at the end of `text`,
 * or -1: a stream holds that part back until the next write rather than strip half of it.
 */
export function unfinishedEscapeStart(text: string): number {
  const from = Math.max(0, text.length - MAX_PENDING_ESCAPE);
  const at = Math.max(text.lastIndexOf("\x1b"), text.lastIndexOf("\x9b"));
  if (at < from) return -1;
  ESCAPE_AT.lastIndex = at;
  if (ESCAPE_AT.test(text)) return -1;
  // Not complete yet; could it still become one? Only a prefix of some sequence is held.
  return isEscapePrefix(text.slice(at)) ? at : -1;
}

const PREFIXES = [/^\x1b$/, /^\x1b\[[0-?]*[ -/]*$/, /^\x1b\][^\x07\x1b]*\x1b?$/, /^\x1b[PX^_][^\x1b]*\x1b?$/, /^\x1b[ -/]+$/, /^\x9b[0-?]*[ -/]*$/];

function isEscapePrefix(tail: string): boolean {
  return PREFIXES.some((p) => p.test(tail));
}
