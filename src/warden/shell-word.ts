/**
 * One word of a command line as the shell would pass it to a program. `literal` is true only when
 * the value is known without running anything: quotes removed, escapes applied, variables set
 * earlier on the same line substituted. Anything else (an unknown `$VAR`, `$(...)`, brace
 * expansion) leaves `literal` false and `text` holding the source, so no later stage can mistake
 * it for a known value.
 */
export interface ShellWord {
  text: string;
  literal: boolean;
  /** Unquoted `*`, `?` or `[`: the shell expands it to file names. */
  glob: boolean;
}

export function literalWord(text: string): ShellWord {
  return { text, literal: true, glob: false };
}

export function opaqueWord(source: string): ShellWord {
  return { text: source, literal: false, glob: false };
}

/** Joins the parts of one word (`"a"'b'c` is one word `abc`). */
export function joinWords(parts: readonly ShellWord[]): ShellWord {
  if (parts.length === 1 && parts[0]) return parts[0];
  return {
    text: parts.map((p) => p.text).join(""),
    literal: parts.every((p) => p.literal),
    glob: parts.some((p) => p.glob),
  };
}

/** Texts of literal words; null when any word is unknown (callers then treat the whole thing as unknown). */
export function literalTexts(words: readonly ShellWord[]): string[] | null {
  const out: string[] = [];
  for (const w of words) {
    if (!w.literal) return null;
    out.push(w.text);
  }
  return out;
}

/** How a word would be written on a command line, for messages and for re-parsing joined words. */
export function quoteForShell(text: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
