/**
 * The lines of a reply as one text, never saying the same line twice in a row (a hint that is
 * the usage, a detail that is the summary) and never two blank lines in a row.
 */
export function replyText(lines: readonly string[]): string {
  const kept: string[] = [];
  for (const line of lines) {
    const previous = kept[kept.length - 1];
    if (previous !== undefined && line.trim() === previous.trim() && (line.trim() !== "" || previous === "")) continue;
    kept.push(line);
  }
  return kept.join("\n").trim();
}

/** Longer words typed in a command are described, not echoed: the reply shows their line once. */
export const MAX_ECHOED_WORD = 40;

/** A line typed in a comment as the reply shows it once: cut, with an ellipsis, past `max` characters. */
export function cutLine(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
