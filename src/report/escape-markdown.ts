/**
 * Escaping for text that comes from plans (addresses, values, tool output) and lands in markdown.
 * Everything here is about one thing: a value must never change the structure around it —
 * close a table cell, a code span, a fence or inject HTML.
 */

/** Longest run of `char` in `text`; a fence or code span must be longer than this to hold it. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === char) {
      current++;
      if (current > longest) longest = current;
    } else {
      current = 0;
    }
  }
  return longest;
}

/** A backtick fence that cannot be closed by any line of `text`. */
export function fenceFor(text: string): string {
  return "`".repeat(Math.max(3, longestRun(text, "`") + 1));
}

/** `text` in a fenced code block; the body ends with a newline so the closing fence is on its own line. */
export function codeBlock(text: string, info = ""): string {
  const fence = fenceFor(text);
  const body = text.endsWith("\n") ? text : `${text}\n`;
  return `${fence}${info}\n${body}${fence}`;
}

/**
 * An inline code span for a single line. The delimiter is longer than any backtick run inside,
 * and padded with a space when the content starts or ends with a backtick (CommonMark strips one).
 */
export function inlineCode(text: string): string {
  const flat = text.replace(/\r?\n/g, " ");
  const run = longestRun(flat, "`");
  if (run === 0) return `\`${flat}\``;
  const ticks = "`".repeat(run + 1);
  return `${ticks} ${flat} ${ticks}`;
}

/**
 * An inline code span inside a GFM table cell. GFM splits cells on `|` before parsing code spans,
 * so a pipe must be escaped even inside the span (the backslash is removed when rendered).
 */
export function cellCode(text: string): string {
  return inlineCode(text).replace(/\|/g, "\\|");
}

const TEXT_SPECIALS = /[\\`*_[\]<>|#~&]/g;

/** Plain text that renders literally: no emphasis, links, HTML, or table breaks; one line. */
export function escapeText(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(TEXT_SPECIALS, (c) => {
    if (c === "<") return "&lt;";
    if (c === ">") return "&gt;";
    if (c === "&") return "&amp;";
    return `\\${c}`;
  });
}

/** Text for inside an HTML element such as `<summary>`, where markdown escapes do not apply. */
export function escapeHtml(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/[&<>"]/g, (c) => {
    if (c === "&") return "&amp;";
    if (c === "<") return "&lt;";
    if (c === ">") return "&gt;";
    return "&quot;";
  });
}

/** Cuts `text` to at most `max` characters, marking the cut, without splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Like `escapeText`, but `` `a span` `` stays a code span: our own hints and error summaries
 * quote commands that way. An unpaired backtick is escaped like any other character.
 */
export function escapeTextKeepingCode(text: string): string {
  const parts = text.replace(/\r?\n/g, " ").split("`");
  if (parts.length % 2 === 0) return escapeText(text);
  return parts.map((part, i) => (i % 2 === 1 ? inlineCode(part) : escapeText(part))).join("");
}
