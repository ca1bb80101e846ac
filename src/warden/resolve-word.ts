import { decodeAnsiCString } from "./ansi-c-string.js";
import type { SyntaxNode } from "./bash-parser.js";
import { joinWords, literalWord, opaqueWord, type ShellWord } from "./shell-word.js";

/** Node types whose inner commands run when the word is expanded. */
const SUBSTITUTIONS: ReadonlySet<string> = new Set(["command_substitution", "process_substitution"]);

/** Characters that make an unquoted expansion split into several words or glob. */
const SPLITS_OR_GLOBS = /[\s*?[]/;

/**
 * Resolves one argument node to the word the program would receive. Command and process
 * substitutions found inside are pushed to `nested`, since they run whatever the word becomes.
 */
export function resolveWord(node: SyntaxNode, vars: ReadonlyMap<string, ShellWord>, nested: SyntaxNode[]): ShellWord {
  switch (node.type) {
    case "word":
      return unquotedWord(node.text);
    case "number":
      return literalWord(node.text);
    case "raw_string":
      return literalWord(node.text.slice(1, -1));
    case "ansi_c_string":
      return literalWord(decodeAnsiCString(node.text.slice(2, -1)));
    case "string":
    case "translated_string":
      return doubleQuoted(node, vars, nested);
    case "concatenation":
      return concatenation(node, vars, nested);
    case "simple_expansion":
    case "expansion":
      return expansion(node, vars, nested, false);
    case "extglob_pattern":
      return { text: node.text, literal: true, glob: true };
    default:
      collectSubstitutions(node, nested);
      return opaqueWord(node.text);
  }
}

/** Pushes every command or process substitution below `node` (not inside one: the walker recurses). */
export function collectSubstitutions(node: SyntaxNode, nested: SyntaxNode[]): void {
  if (SUBSTITUTIONS.has(node.type)) {
    nested.push(node);
    return;
  }
  for (const child of node.namedChildren) collectSubstitutions(child, nested);
}

function unquotedWord(source: string): ShellWord {
  let text = "";
  let glob = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      const next = source[i + 1];
      i++;
      if (next === undefined || next === "\n") continue;
      text += next;
      continue;
    }
    if (ch === "*" || ch === "?" || ch === "[") glob = true;
    text += ch;
  }
  return { text, literal: true, glob };
}

function doubleQuoted(node: SyntaxNode, vars: ReadonlyMap<string, ShellWord>, nested: SyntaxNode[]): ShellWord {
  const parts: ShellWord[] = [];
  for (const child of node.children) {
    if (child.type === "string_content") parts.push(literalWord(unescapeDoubleQuoted(child.text)));
    else if (child.type === "simple_expansion" || child.type === "expansion") parts.push(expansion(child, vars, nested, true));
    else if (child.isNamed) {
      collectSubstitutions(child, nested);
      parts.push(opaqueWord(child.text));
    }
  }
  // Inside double quotes nothing globs.
  const word = parts.length === 0 ? literalWord("") : joinWords(parts);
  return { ...word, glob: false };
}

/** Inside "...", a backslash only escapes `$`, backquote, `"`, `\` and newline. */
function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_, ch: string) => (ch === "\n" ? "" : ch));
}

function concatenation(node: SyntaxNode, vars: ReadonlyMap<string, ShellWord>, nested: SyntaxNode[]): ShellWord {
  const children = node.namedChildren;
  // tree-sitter splits `x{1,2}` into `x`, `{`, `1,2`, `}`: brace expansion makes several words.
  const braces = children.some((c, i) => c.type === "word" && c.text === "{" && isBraceBody(children[i + 1], children[i + 2]));
  const word = joinWords(children.map((c) => resolveWord(c, vars, nested)));
  return braces ? { ...word, literal: false } : word;
}

function isBraceBody(body: SyntaxNode | undefined, close: SyntaxNode | undefined): boolean {
  return body?.type === "word" && close?.text === "}" && (body.text.includes(",") || body.text.includes(".."));
}

/** `$NAME` or `${NAME}`: known only when set earlier on the line to a known value. */
function expansion(node: SyntaxNode, vars: ReadonlyMap<string, ShellWord>, nested: SyntaxNode[], quoted: boolean): ShellWord {
  const named = node.namedChildren;
  const only = named.length === 1 ? named[0] : undefined;
  const plain = only?.type === "variable_name" && (node.type === "simple_expansion" || node.childCount === 3);
  if (!plain || !only) {
    collectSubstitutions(node, nested);
    return opaqueWord(node.text);
  }
  const value = vars.get(only.text);
  if (!value || !value.literal) return opaqueWord(node.text);
  // Unquoted, a value with spaces or glob characters would split or glob: not one known word.
  if (!quoted && SPLITS_OR_GLOBS.test(value.text)) return opaqueWord(node.text);
  return literalWord(value.text);
}
