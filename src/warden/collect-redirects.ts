import type { SyntaxNode } from "./bash-parser.js";
import { collectSubstitutions, resolveWord } from "./resolve-word.js";
import type { FileWrite, Stdin } from "./shell-command.js";
import { literalWord, type ShellWord } from "./shell-word.js";

/** What a statement's redirections do to the command (or group) they apply to. */
export interface Redirections {
  stdin: Stdin | null;
  writes: { path: ShellWord; mode: FileWrite["mode"] }[];
  stdoutRedirected: boolean;
  /** The grammar nests `| next` and `&& next` inside a here-document redirect: run after the command. */
  pipeTo: SyntaxNode[];
  then: { operator: string; node: SyntaxNode }[];
  /** Command and process substitutions inside the redirections (they run too). */
  nested: SyntaxNode[];
  /**
   * Words after a redirection's target. The grammar files `rm > /dev/null -rf /x` as three
   * destinations; bash passes `-rf /x` to rm. They are the command's arguments.
   */
  extraArgs: ShellWord[];
  /** A redirection split over lines (`ls >\nfile`): bash rejects it, so the line is a syntax error. */
  malformed: boolean;
}

export function noRedirections(): Redirections {
  return { stdin: null, writes: [], stdoutRedirected: false, pipeTo: [], then: [], nested: [], extraArgs: [], malformed: false };
}

/** Reads `>`, `>>`, `<`, `<<<` and here-documents, resolving file names with the line's variables. */
export function collectRedirects(nodes: readonly SyntaxNode[], vars: ReadonlyMap<string, ShellWord>): Redirections {
  const r = noRedirections();
  for (const node of nodes) {
    if (node.type === "file_redirect") fileRedirect(node, vars, r);
    else if (node.type === "herestring_redirect") herestring(node, vars, r);
    else if (node.type === "heredoc_redirect") heredoc(node, vars, r);
    else collectSubstitutions(node, r.nested);
  }
  return r;
}

/** A statement's own redirections over those handed down from an enclosing one (the inner input wins). */
export function mergeRedirections(own: Redirections, outer: Redirections | null): Redirections {
  if (!outer) return own;
  return {
    stdin: own.stdin ?? outer.stdin,
    writes: [...outer.writes, ...own.writes],
    stdoutRedirected: own.stdoutRedirected || outer.stdoutRedirected,
    // Continuations stay with the statement that owns them, which runs them once.
    pipeTo: own.pipeTo,
    then: own.then,
    nested: [...outer.nested, ...own.nested],
    extraArgs: [...own.extraArgs, ...outer.extraArgs],
    malformed: own.malformed || outer.malformed,
  };
}

function herestring(node: SyntaxNode, vars: ReadonlyMap<string, ShellWord>, r: Redirections): void {
  if (node.text.includes("\n")) r.malformed = true;
  const word = node.namedChildren[0];
  const value = word ? resolveWord(word, vars, r.nested) : literalWord("");
  r.stdin = { kind: "heredoc", text: `${value.text}\n`, literal: value.literal };
}

function fileRedirect(node: SyntaxNode, vars: ReadonlyMap<string, ShellWord>, r: Redirections): void {
  const [destination, ...extra] = node.childrenForFieldName("destination");
  const descriptor = node.childForFieldName("descriptor")?.text ?? null;
  const operator = node.children.find((c) => !c.isNamed)?.text ?? ">";
  if (!destination) return;
  for (const word of extra) r.extraArgs.push(resolveWord(word, vars, r.nested));
  if (node.text.slice(0, destination.endIndex - node.startIndex).includes("\n")) r.malformed = true;
  if ((operator === ">&" || operator === "<&") && /^(\d+|-)$/.test(destination.text)) return;
  const path = resolveWord(destination, vars, r.nested);
  if (operator === "<") {
    if (descriptor === null || descriptor === "0") r.stdin = { kind: "file", path };
    return;
  }
  if (operator === "<&" || operator === "<<<") return;
  // `<>` opens without truncating but writes from the start, overwriting what is there.
  const mode: FileWrite["mode"] = operator === ">>" || operator === "&>>" ? "append" : "truncate";
  r.writes.push({ path, mode });
  if (descriptor === null || descriptor === "1" || operator.startsWith("&")) r.stdoutRedirected = true;
}

function heredoc(node: SyntaxNode, vars: ReadonlyMap<string, ShellWord>, r: Redirections): void {
  const start = node.children.find((c) => c.type === "heredoc_start")?.text ?? "";
  const quoted = /['"\\]/.test(start);
  const stripTabs = node.children.some((c) => c.type === "<<-");
  const count = node.childCount;
  for (let i = 0; i < count; i++) {
    const child = node.child(i);
    if (!child) continue;
    const field = node.fieldNameForChild(i);
    if (child.type === "heredoc_body") {
      let literal = true;
      if (!quoted) {
        for (const part of child.namedChildren) {
          if (part.type !== "heredoc_content") {
            literal = false;
            collectSubstitutions(part, r.nested);
          }
        }
      }
      const text = stripTabs ? child.text.replace(/^\t+/gm, "") : child.text;
      r.stdin = { kind: "heredoc", text, literal };
    } else if (child.type === "pipeline" && field === null) {
      r.pipeTo.push(child);
    } else if (child.type === "file_redirect") {
      fileRedirect(child, vars, r);
    } else if (child.type === "herestring_redirect") {
      herestring(child, vars, r);
    } else if (field === "right") {
      const operator = node.childForFieldName("operator")?.text ?? ";";
      r.then.push({ operator, node: child });
    }
  }
}
