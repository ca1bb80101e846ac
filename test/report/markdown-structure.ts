/**
 * Structural problems a cut could leave in markdown: an unclosed code fence, or `<details>` /
 * `<summary>` tags that do not pair up outside of code. Returns descriptions; empty means whole.
 */
export function findStructureProblems(markdown: string): string[] {
  const problems: string[] = [];
  let fence: { char: string; length: number; line: number } | null = null;
  let details = 0;
  const lines = markdown.split("\n");
  for (const [i, line] of lines.entries()) {
    const match = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    const marker = match?.[1] ?? "";
    if (fence) {
      // A closing fence: same character, at least as long, nothing after it.
      if (marker[0] === fence.char && marker.length >= fence.length && (match?.[2] ?? "").trim() === "") fence = null;
      continue;
    }
    if (marker) {
      fence = { char: marker[0] ?? "`", length: marker.length, line: i + 1 };
      continue;
    }
    details += (line.match(/<details[ >]/g) ?? []).length;
    details -= (line.match(/<\/details>/g) ?? []).length;
    if (details < 0) problems.push(`line ${i + 1}: </details> without <details>`);
    const opens = (line.match(/<summary>/g) ?? []).length;
    const closes = (line.match(/<\/summary>/g) ?? []).length;
    if (opens !== closes) problems.push(`line ${i + 1}: <summary> not closed on its line`);
  }
  if (fence) problems.push(`code fence opened at line ${fence.line} is never closed`);
  if (details > 0) problems.push(`${details} <details> never closed`);
  return problems;
}

/**
 * GFM splits a table row on every `|` not preceded by a backslash, code spans included, so a row
 * with more unescaped pipes than its header has more cells: an escaping bug shows up here.
 */
export function findTableProblems(markdown: string): string[] {
  const problems: string[] = [];
  let columns: number | null = null;
  for (const [i, line] of markdown.split("\n").entries()) {
    if (!line.startsWith("|")) {
      columns = null;
      continue;
    }
    const pipes = (line.match(/(?<!\\)\|/g) ?? []).length;
    if (columns === null) columns = pipes;
    else if (pipes !== columns) problems.push(`line ${i + 1}: ${pipes - 1} cells, header has ${columns - 1}: ${line}`);
  }
  return problems;
}
