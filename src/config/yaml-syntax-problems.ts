import type { Document, LineCounter } from "yaml";
import type { ConfigProblem } from "./config-error.js";

/** What to do about each `yaml` error code; codes not listed get the generic hint. */
const YAML_ERROR_HINTS: Record<string, string> = {
  BAD_INDENT: "indent with spaces, the same amount for every key of one mapping and every `-` of one list",
  TAB_AS_INDENT: "YAML does not allow tabs for indentation; use spaces",
  DUPLICATE_KEY: "this key already appears in the same mapping; remove or merge one of them",
  MISSING_CHAR: "a bracket or quote is not closed",
  UNEXPECTED_TOKEN: "check for a missing `:` after a key, or quote a value that contains `: ` or starts with `*`, `&`, `!`, `%`, `@` or a backtick",
  BLOCK_AS_IMPLICIT_KEY: "a key must fit on one line and be followed by `: `; check this line and the one above for a missing `:` or wrong indentation",
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line and be followed by `: `; check this line and the one above for a missing `:` or wrong indentation",
  BAD_SCALAR_START: "quote the value: plain values cannot start with this character",
  MULTIPLE_DOCS: "the config is a single YAML document; remove the extra `---`",
  BAD_DQ_ESCAPE: "inside double quotes write a backslash as `\\\\`, or use single quotes",
  BAD_ALIAS: "an alias (`*name`) must refer to an anchor (`&name`) defined earlier in the file",
};

/** Messages that say more than their code does (an unclosed bracket is reported as BAD_INDENT). */
const MESSAGE_HINTS: readonly (readonly [RegExp, string])[] = [
  [/end with a \]/, "a `[` list is not closed: add the `]` before this line"],
  [/end with a \}/, "a `{` mapping is not closed: add the `}` before this line"],
];

function hintFor(code: string, message: string): string {
  const byMessage = MESSAGE_HINTS.find(([pattern]) => pattern.test(message));
  return byMessage?.[1] ?? YAML_ERROR_HINTS[code] ?? "check the YAML syntax at this position";
}

/** Syntax errors of a parsed document, each located and with a hint. */
export function yamlSyntaxProblems(doc: Document, lineCounter: LineCounter, file: string): ConfigProblem[] {
  return doc.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return {
      file,
      line,
      column: col,
      key: "",
      message: `YAML syntax error: ${error.message.split("\n")[0] ?? error.code}`,
      hint: hintFor(error.code, error.message),
    };
  });
}
