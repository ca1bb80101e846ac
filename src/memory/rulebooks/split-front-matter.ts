/** A markdown file cut into its `---` fenced YAML front matter and its body. */
export interface FrontMatterParts {
  /** The YAML between the fences, line endings as written. */
  yaml: string;
  /** 1-based line of the file on which `yaml` starts (the line after the opening fence). */
  yamlLine: number;
  body: string;
  /** 1-based line of the file on which `body` starts. */
  bodyLine: number;
}

export type FrontMatterSplit =
  | { kind: "ok"; parts: FrontMatterParts }
  /** The first line is not `---`. */
  | { kind: "none" }
  /** An opening fence without a closing one. */
  | { kind: "unclosed" };

const FENCE = /^---[ \t]*$/;

/**
 * The front matter must open on the file's first line (after an optional byte order mark) and
 * close with the next line that is `---` alone, the convention of static site generators and of
 * GitHub's own markdown rendering, so a rulebook looks right on github.com too.
 */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = source.split("\n");
  if (!FENCE.test((lines[0] ?? "").replace(/\r$/, ""))) return { kind: "none" };
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line.replace(/\r$/, "")));
  if (close === -1) return { kind: "unclosed" };
  return {
    kind: "ok",
    parts: {
      yaml: lines.slice(1, close).join("\n"),
      yamlLine: 2,
      body: lines.slice(close + 1).join("\n"),
      bodyLine: close + 2,
    },
  };
}
