import type { BashParser, SyntaxNode } from "./bash-parser.js";
import { collectRedirects, mergeRedirections, type Redirections } from "./collect-redirects.js";
import { knownStdout } from "./known-stdout.js";
import { collectSubstitutions, resolveWord } from "./resolve-word.js";
import type { FileWrite, Location, ParsedLine, ParseProblem, ShellContext, SimpleCommand, Stdin } from "./shell-command.js";
import { joinWords, literalWord, opaqueWord, type ShellWord } from "./shell-word.js";
import { HOME_DIR, resolveAgainst } from "./workspace-paths.js";

export interface ParseOptions {
  /** The directories the line may start in (absolute); null when unknown (a remote shell). */
  cwds: readonly string[] | null;
  /** Variables known before the line runs (environment markers such as AWS_PROFILE). */
  vars?: ReadonlyMap<string, ShellWord>;
  location?: Location;
  via?: readonly string[];
  markers?: readonly string[];
  depth?: number;
  /** Standard input of the line as a whole (a `bash -c` string fed by a heredoc, say). */
  stdin?: Stdin;
}

/** Deeper nesting than this is not something a person writes; it is treated as unparseable. */
const MAX_AST_DEPTH = 150;

const INHERIT: Stdin = { kind: "inherit" };

/** Mutable walk state. `vars` is replaced, never mutated, so command contexts can share it. */
interface WalkState {
  cwds: readonly string[] | null;
  vars: ReadonlyMap<string, ShellWord>;
  inheritStdin: Stdin;
}

/**
 * Parses a command line with tree-sitter-bash and lists every simple command that could run,
 * with what is known of its words, stdin, directory and variables. Nothing is executed and
 * nothing is guessed: a word that depends on run-time state stays marked as not literal.
 */
export function parseCommandLine(parser: BashParser, source: string, options: ParseOptions): ParsedLine {
  return parser.withTree(source, (root) => {
    const walker = new LineWalker(options);
    if (root.hasError) walker.problems.push(syntaxProblem(root, source));
    const state: WalkState = { cwds: options.cwds, vars: options.vars ?? new Map(), inheritStdin: options.stdin ?? INHERIT };
    try {
      walker.sequence(root, state, null, false);
    } catch (err) {
      if (!(err instanceof TooDeep)) throw err;
      walker.problems.push({ kind: "too-deep", message: "the command is nested too deeply to judge", source: source.slice(0, 200) });
    }
    return {
      source,
      commands: walker.commands,
      fileWrites: walker.fileWrites,
      problems: walker.problems,
      functions: walker.functions,
    };
  });
}

class TooDeep extends Error {}

class LineWalker {
  readonly commands: SimpleCommand[] = [];
  readonly fileWrites: FileWrite[] = [];
  readonly problems: ParseProblem[] = [];
  readonly functions = new Set<string>();
  private depth = 0;
  private readonly location: Location;
  private readonly via: readonly string[];
  private readonly markers: readonly string[];
  private readonly nesting: number;

  constructor(options: ParseOptions) {
    this.location = options.location ?? { kind: "local" };
    this.via = options.via ?? [];
    this.markers = options.markers ?? [];
    this.nesting = options.depth ?? 0;
  }

  /**
   * Statements one after another (program, `{ }`, loop bodies, `a && b`). `tail` holds
   * redirections the grammar hung on the whole list but bash gives to its last command.
   * Returns the last statement's known stdout.
   */
  sequence(node: SyntaxNode, st: WalkState, leftStdin: Stdin | null, andNextOuter: boolean, tail: Redirections | null = null): string | null {
    const statements = node.children.map((c, i) => [c, i] as const).filter(([c]) => c.isNamed && c.type !== "comment");
    let out: string | null = null;
    statements.forEach(([child, index], k) => {
      const isLast = k === statements.length - 1;
      const andNext = node.children[index + 1]?.type === "&&" || (isLast && andNextOuter);
      const before = st.cwds;
      out = this.statement(child, st, k === 0 ? leftStdin : null, andNext, isLast ? tail : null);
      // What follows `;` or `||` also runs when a `cd` in this statement failed: both places are possible.
      if (!andNext && st.cwds !== before) st.cwds = before === null || st.cwds === null ? null : [...new Set([...before, ...st.cwds])];
    });
    return out;
  }

  statement(node: SyntaxNode, st: WalkState, leftStdin: Stdin | null, andNext: boolean, tail: Redirections | null = null): string | null {
    if (++this.depth > MAX_AST_DEPTH) throw new TooDeep();
    try {
      return this.dispatch(node, st, leftStdin, andNext, tail);
    } finally {
      this.depth--;
    }
  }

  private dispatch(node: SyntaxNode, st: WalkState, leftStdin: Stdin | null, andNext: boolean, tail: Redirections | null): string | null {
    switch (node.type) {
      case "command":
        return this.command(node, st, leftStdin, tail);
      case "list":
      case "program":
        return this.sequence(node, st, leftStdin, andNext, tail);
      case "negated_command":
        return this.sequence(node, st, leftStdin, false, tail);
      case "pipeline":
        return this.pipeline(node.namedChildren, st, leftStdin, tail);
      case "redirected_statement":
        return this.redirectedStatement(node, st, leftStdin, andNext, tail);
      default:
        break;
    }
    // Everything else is a compound command (or not a command at all): redirections apply to all of it.
    if (tail) return this.group(node, st, leftStdin, andNext, tail);
    switch (node.type) {
      case "compound_statement":
      case "do_group":
      case "else_clause":
      case "elif_clause":
      case "if_statement":
      case "while_statement":
        return this.sequence(node, st, leftStdin, andNext);
      case "subshell":
        return this.sequence(node, { ...st }, leftStdin, false);
      case "variable_assignment":
      case "variable_assignments":
        this.assignmentStatement(node, st);
        return null;
      case "declaration_command":
        this.declaration(node, st);
        return null;
      case "unset_command":
        this.unset(node, st);
        return null;
      case "function_definition":
        this.functionDefinition(node, st);
        return null;
      case "for_statement":
      case "select_statement":
        this.forStatement(node, st);
        return null;
      case "case_statement":
        this.caseStatement(node, st);
        return null;
      case "case_item":
        this.caseItem(node, st);
        return null;
      case "comment":
      case "heredoc_body":
        return null;
      default:
        this.generic(node, st);
        return null;
    }
  }

  /** `{ ...; } > file`, `while ...; done < file`: the file is written once, every command reads the input. */
  private group(node: SyntaxNode, st: WalkState, leftStdin: Stdin | null, andNext: boolean, r: Redirections, walkBody = true): string | null {
    // Words after the target of a group's redirection are a syntax error in bash.
    if (r.malformed || r.extraArgs.length > 0) this.malformedRedirect(node);
    this.recordWrites(r, st, node.text);
    this.runSubstitutions(r.nested, st);
    if (!walkBody) return null;
    const saved = st.inheritStdin;
    if (r.stdin) st.inheritStdin = r.stdin;
    const out = this.statement(node, st, leftStdin, andNext);
    st.inheritStdin = saved;
    return r.stdoutRedirected ? null : out;
  }

  /** Anything else (`[[ ]]`, `(( ))`, error recovery): run the substitutions and statements found inside. */
  private generic(node: SyntaxNode, st: WalkState): void {
    const nested: SyntaxNode[] = [];
    for (const child of node.namedChildren) {
      if (STATEMENT_TYPES.has(child.type)) this.statement(child, st, null, false);
      else collectSubstitutions(child, nested);
    }
    this.runSubstitutions(nested, st);
  }

  private pipeline(components: readonly SyntaxNode[], st: WalkState, leftStdin: Stdin | null, tail: Redirections | null): string | null {
    let out: string | null = null;
    let from = "";
    const parts = components.filter((c) => c.type !== "comment");
    parts.forEach((component, i) => {
      const stdin: Stdin | null = i === 0 ? leftStdin : { kind: "pipe", from, text: out };
      // Every part of a pipeline runs in a subshell: a `cd` or assignment there does not last.
      out = this.statement(component, { ...st }, stdin, false, i === parts.length - 1 ? tail : null);
      from = component.text.slice(0, 120);
    });
    return out;
  }

  private redirectedStatement(node: SyntaxNode, st: WalkState, leftStdin: Stdin | null, andNext: boolean, tail: Redirections | null): string | null {
    const body = node.childForFieldName("body");
    const redirects = mergeRedirections(collectRedirects(node.childrenForFieldName("redirect"), st.vars), tail);
    const thenAnd = redirects.then.length > 0 ? redirects.then[0]?.operator === "&&" : andNext;
    // `> file` alone still creates or truncates the file.
    const out = body ? this.statement(body, st, leftStdin, thenAnd, redirects) : this.group(node, st, leftStdin, thenAnd, redirects, false);
    this.continueAfterHeredoc(redirects, st, out);
    return null;
  }

  /** `cat <<EOF | psql && echo ok`: the `| psql` and `&& echo ok` parts live inside the heredoc node. */
  private continueAfterHeredoc(redirects: Redirections, st: WalkState, out: string | null): void {
    for (const pipe of redirects.pipeTo) {
      const from = pipe.parent?.parent?.text.slice(0, 120) ?? "";
      const parts = pipe.namedChildren.filter((c) => c.type !== "comment");
      this.pipeline(parts, st, { kind: "pipe", from, text: out }, null);
    }
    for (const { operator, node } of redirects.then) {
      this.statement(node, st, null, operator === "&&");
    }
  }

  private command(node: SyntaxNode, st: WalkState, leftStdin: Stdin | null, outer: Redirections | null): string | null {
    const nested: SyntaxNode[] = [...(outer?.nested ?? [])];
    const assignments = new Map<string, ShellWord>();
    const argv: ShellWord[] = [];
    const ownRedirects: SyntaxNode[] = [];
    let lastEnd = -1;
    const count = node.childCount;
    for (let i = 0; i < count; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (child.type === "variable_assignment" && argv.length === 0) {
        const [name, value] = this.assignment(child, st, nested);
        if (name) assignments.set(name, value);
        continue;
      }
      if (field === "redirect") {
        ownRedirects.push(child);
        continue;
      }
      if (child.type === "$" && !child.isNamed) {
        // `$"text"` (a translated string) comes out as a `$` token followed by the string: the
        // string joins the previous word only if the `$` did.
        lastEnd = child.startIndex === lastEnd ? child.endIndex : -1;
        continue;
      }
      if (field !== "name" && field !== "argument") continue;
      const target = field === "name" ? (child.firstNamedChild ?? child) : child;
      const word = resolveWord(target, st.vars, nested);
      const last = argv[argv.length - 1];
      // The grammar sometimes splits one shell word into adjacent arguments; the shell would not.
      if (last && child.startIndex === lastEnd && !isSeparateToken(child)) {
        argv[argv.length - 1] = joinWords([last, word]);
      } else {
        argv.push(word);
      }
      lastEnd = child.endIndex;
    }

    const own = collectRedirects(ownRedirects, st.vars);
    nested.push(...own.nested);
    argv.push(...own.extraArgs, ...(outer?.extraArgs ?? []));
    if (own.malformed || outer?.malformed) this.malformedRedirect(node);
    this.runSubstitutions(nested, st);
    const stdin = own.stdin ?? outer?.stdin ?? leftStdin ?? st.inheritStdin;
    const context = this.context(st);
    for (const w of [...(outer?.writes ?? []), ...own.writes]) {
      this.fileWrites.push({ path: w.path, mode: w.mode, context, source: node.text });
    }
    const isFunctionCall = argv[0]?.literal === true && this.functions.has(argv[0].text);
    if (!isFunctionCall) {
      this.commands.push({ argv, assignments, stdin, context, source: node.text });
    }
    this.afterCommand(argv, st);
    if (own.stdoutRedirected || outer?.stdoutRedirected) return null;
    return knownStdout(argv, stdin);
  }

  /** `cd`, `pushd`, `popd` move the rest of the line (whether the cd may have failed is the sequence's business). */
  private afterCommand(argv: readonly ShellWord[], st: WalkState): void {
    const name = argv[0];
    if (!name?.literal) return;
    if (name.text === "popd") {
      st.cwds = null;
      return;
    }
    if (name.text !== "cd" && name.text !== "pushd") return;
    const args = argv.slice(1).filter((w) => !(w.literal && /^-[LPe@]+$/.test(w.text)));
    const target = args[0];
    let next: readonly string[] | null;
    if (target === undefined) next = [HOME_DIR];
    else if (!target.literal || target.glob || target.text === "-" || args.length > 1) next = null;
    else next = st.cwds === null ? (target.text.startsWith("/") || target.text.startsWith("~") ? [resolveAgainst("/", target.text)] : null) : st.cwds.map((c) => resolveAgainst(c, target.text));
    st.cwds = next;
  }

  private assignment(node: SyntaxNode, st: WalkState, nested: SyntaxNode[]): [string | null, ShellWord] {
    const name = node.childForFieldName("name");
    const value = node.childForFieldName("value");
    const word = value === null ? literalWord("") : value.type === "array" ? arrayValue(value, nested) : resolveWord(value, st.vars, nested);
    // `a[0]=x` and `x+=y` change a variable in ways not tracked here.
    const simple = name?.type === "variable_name" && !node.text.slice(name.endIndex - node.startIndex).startsWith("+=");
    return [name?.text ?? null, simple ? word : opaqueWord(node.text)];
  }

  private assignmentStatement(node: SyntaxNode, st: WalkState): void {
    const nested: SyntaxNode[] = [];
    const assignments = new Map<string, ShellWord>();
    const nodes = node.type === "variable_assignments" ? node.namedChildren : [node];
    for (const child of nodes) {
      if (child.type !== "variable_assignment") continue;
      const [name, value] = this.assignment(child, st, nested);
      if (!name) continue;
      assignments.set(name, value);
      st.vars = new Map(st.vars).set(name, value);
    }
    this.runSubstitutions(nested, st);
    this.commands.push({ argv: [], assignments, stdin: st.inheritStdin, context: this.context(st), source: node.text });
  }

  private declaration(node: SyntaxNode, st: WalkState): void {
    const nested: SyntaxNode[] = [];
    const keyword = node.child(0)?.text ?? "declare";
    const argv: ShellWord[] = [literalWord(keyword)];
    const assignments = new Map<string, ShellWord>();
    for (const child of node.namedChildren) {
      if (child.type === "variable_assignment") {
        const [name, value] = this.assignment(child, st, nested);
        if (!name) continue;
        assignments.set(name, value);
        st.vars = new Map(st.vars).set(name, value);
      } else if (child.type === "variable_name") {
        argv.push(literalWord(child.text));
      } else {
        argv.push(resolveWord(child, st.vars, nested));
      }
    }
    this.runSubstitutions(nested, st);
    this.commands.push({ argv, assignments, stdin: st.inheritStdin, context: this.context(st), source: node.text });
  }

  private unset(node: SyntaxNode, st: WalkState): void {
    const vars = new Map(st.vars);
    for (const child of node.namedChildren) vars.delete(child.text);
    st.vars = vars;
  }

  private functionDefinition(node: SyntaxNode, st: WalkState): void {
    const name = node.childForFieldName("name");
    if (name) this.functions.add(name.text);
    const body = node.childForFieldName("body");
    // The body runs later, when called; its commands are judged now, as if called here.
    if (body) this.statement(body, { ...st }, null, false);
  }

  private forStatement(node: SyntaxNode, st: WalkState): void {
    const nested: SyntaxNode[] = [];
    for (const value of node.childrenForFieldName("value")) resolveWord(value, st.vars, nested);
    this.runSubstitutions(nested, st);
    const variable = node.childForFieldName("variable");
    if (variable) {
      const vars = new Map(st.vars);
      vars.delete(variable.text);
      st.vars = vars;
    }
    const body = node.childForFieldName("body");
    if (body) this.statement(body, st, null, false);
  }

  private caseStatement(node: SyntaxNode, st: WalkState): void {
    const nested: SyntaxNode[] = [];
    const value = node.childForFieldName("value");
    if (value) resolveWord(value, st.vars, nested);
    this.runSubstitutions(nested, st);
    for (const item of node.namedChildren) if (item.type === "case_item") this.caseItem(item, st);
  }

  private caseItem(node: SyntaxNode, st: WalkState): void {
    const nested: SyntaxNode[] = [];
    for (const value of node.childrenForFieldName("value")) resolveWord(value, st.vars, nested);
    this.runSubstitutions(nested, st);
    for (const child of node.namedChildren) {
      if (STATEMENT_TYPES.has(child.type) && node.childrenForFieldName("value").every((v) => v.id !== child.id)) {
        this.statement(child, st, null, false);
      }
    }
  }

  /** `$(...)`, backquotes and `<(...)` run in a subshell before (or while) the command runs. */
  private runSubstitutions(nested: readonly SyntaxNode[], st: WalkState): void {
    for (const sub of nested) this.sequence(sub, { ...st, inheritStdin: st.inheritStdin }, null, false);
  }

  private malformedRedirect(node: SyntaxNode): void {
    this.problems.push({ kind: "syntax", message: "a redirection bash would reject (split over lines, or words after a group's target)", source: node.text.slice(0, 200) });
  }

  private recordWrites(r: Redirections, st: WalkState, source: string): void {
    const context = this.context(st);
    for (const w of r.writes) this.fileWrites.push({ path: w.path, mode: w.mode, context, source });
  }

  private context(st: WalkState): ShellContext {
    return { cwds: st.cwds, vars: st.vars, location: this.location, via: this.via, markers: this.markers, depth: this.nesting };
  }
}

/** Named nodes that are statements (the rest are words, expressions, operators). */
const STATEMENT_TYPES: ReadonlySet<string> = new Set([
  "command",
  "list",
  "pipeline",
  "subshell",
  "compound_statement",
  "redirected_statement",
  "negated_command",
  "variable_assignment",
  "variable_assignments",
  "declaration_command",
  "unset_command",
  "function_definition",
  "if_statement",
  "elif_clause",
  "else_clause",
  "while_statement",
  "for_statement",
  "select_statement",
  "c_style_for_statement",
  "case_statement",
  "do_group",
  "test_command",
]);

/** Argument nodes that are always their own word even when written without a space. */
function isSeparateToken(node: SyntaxNode): boolean {
  return node.type === "process_substitution";
}

function arrayValue(node: SyntaxNode, nested: SyntaxNode[]): ShellWord {
  collectSubstitutions(node, nested);
  return opaqueWord(node.text);
}

function syntaxProblem(root: SyntaxNode, source: string): ParseProblem {
  const bad = firstError(root);
  const at = bad ? `${bad.startPosition.row + 1}:${bad.startPosition.column + 1}` : "?";
  const snippet = bad ? source.slice(bad.startIndex, Math.min(bad.endIndex, bad.startIndex + 40)) : "";
  return {
    kind: "syntax",
    message: bad?.isMissing ? `incomplete command: missing "${bad.type}" at ${at}` : `syntax error at ${at}${snippet ? ` near ${JSON.stringify(snippet)}` : ""}`,
    source: source.slice(0, 200),
  };
}

function firstError(node: SyntaxNode): SyntaxNode | null {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child.hasError || child.isMissing) {
      const found = firstError(child);
      if (found) return found;
    }
  }
  return null;
}
