/**
 * Splits a command line into words the way a POSIX shell would, without expanding anything:
 * blanks separate words, `'...'` is literal, `"..."` keeps blanks and lets `\` escape `"`, `\`,
 * `$` and `` ` ``, and `\` outside quotes escapes the next character. Adjacent pieces join
 * (`a"b c"` is one word `ab c`). Curly quotes, which phones and word processors type, count as
 * straight ones.
 */

export type SplitResult = { ok: true; words: string[] } | { ok: false; problem: string; hint: string };

const CURLY: Record<string, string> = { "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'" };
const ESCAPABLE_IN_DOUBLE = new Set(['"', "\\", "$", "`"]);

export function splitArguments(line: string): SplitResult {
  const text = line.replace(/[\u201c\u201d\u2018\u2019]/g, (c) => CURLY[c] ?? c);
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === " " || c === "\t") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return unterminated("'");
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        const next = text[i + 1];
        if (d === "\\" && next !== undefined && ESCAPABLE_IN_DOUBLE.has(next)) {
          word += next;
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      if (!closed) return unterminated('"');
    } else if (c === "\\" && i + 1 < text.length) {
      word += text[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}

function unterminated(quote: string): SplitResult {
  return {
    ok: false,
    problem: `unterminated ${quote} quote`,
    hint: `close the quote, or escape a literal ${quote} with a backslash`,
  };
}

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a word so `splitArguments` gives it back unchanged. */
export function quoteArgument(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
