import { closestWord } from "../../config/closest-word.js";
import { inlineCode as code } from "../../report/escape-markdown.js";
import { NAME_PATTERN } from "../../config/schema.js";
import {
  AGENT_COMMAND,
  DEFAULT_COMMAND_PREFIX,
  FLAGS,
  MAX_AGENT_REQUEST_LENGTH,
  availableCommands,
  commandSpec,
  findCommand,
  takesFreeText,
  usageOf,
  type AvailableCommandName,
  type CommandName,
  type ArgSpec,
  type CommandSpec,
  type FlagName,
  type FlagSpec,
} from "../../config/command-table.js";
import { formatCommand } from "./format-command.js";
import { MAX_ECHOED_WORD } from "./reply-lines.js";
import { splitArguments } from "./split-arguments.js";

/** One command of a comment, ready to authorize and run. */
export interface ParsedCommand {
  name: AvailableCommandName;
  /** `-p/--project`. */
  project: string | undefined;
  /** `-e/--env`, or the environment of `deploy <env>`. */
  env: string | undefined;
  /** `--target` values, in the order given. */
  targets: string[];
  /** Free text of a `<text...>` argument: the request of `agent`, as typed on its line (trimmed). */
  text: string | undefined;
  /** The command as understood, without the prefix and with canonical quoting: `plan -p network`. */
  canonical: string;
  /** 1-based line of the comment it came from. */
  line: number;
}

export type CommandErrorKind =
  | "unknown-command"
  | "unavailable"
  | "unknown-flag"
  | "missing-value"
  | "repeated-flag"
  | "invalid-value"
  | "unexpected-argument"
  | "missing-argument"
  | "bad-quoting"
  | "too-many-commands"
  | "agent-not-alone";

/** Why a command line was refused, written for the person who typed it. */
export interface CommandError {
  kind: CommandErrorKind;
  /** The command named on the line, when it is one of the table's. */
  command: CommandName | undefined;
  /** What went wrong, one line. */
  summary: string;
  /** Where: `line 3: /stakpak plan -x`. */
  where: string;
  /** What to do instead. */
  hint: string;
  /** The usage of the command (with the prefix), when the command is known and available. */
  usage: string | undefined;
  /** 1-based line of the comment, and its text. */
  line: number;
  source: string;
}

export interface ParseResult {
  commands: ParsedCommand[];
  errors: CommandError[];
}

export interface ParseOptions {
  /**
   * What starts a command line (default `/stakpak`). The empty string reads every line as a
   * command, for the workflow's `command` input, which holds canonical commands without prefix:
   * there a request for the agent must name `agent` (as its canonical form does), and a line whose
   * first word is no command is an unknown command, not a request.
   */
  prefix?: string;
  /** At most this many commands per comment (default 10). */
  maxCommands?: number;
}

export const DEFAULT_MAX_COMMANDS = 10;

/**
 * Reads the commands of a comment: one per line starting with the prefix, in order. Lines in
 * fenced code blocks, indented code, block quotes (`> /stakpak apply` in a reply) and HTML
 * comments are not commands, nor is the prefix in the middle of a sentence. A bare prefix asks
 * for help; a line whose first word is not a command is a request for the agent, which must be
 * the only command of its comment. Every bad line is reported, so one edit fixes them all.
 */
export function parseCommentCommands(body: string, options: ParseOptions = {}): ParseResult {
  const prefix = options.prefix ?? DEFAULT_COMMAND_PREFIX;
  const maxCommands = options.maxCommands ?? DEFAULT_MAX_COMMANDS;
  const result: ParseResult = { commands: [], errors: [] };
  const sources = new Map<number, string>();
  let seen = 0;
  for (const { line, text } of commandLines(body, prefix)) {
    seen++;
    if (seen > maxCommands) {
      result.errors.push({
        kind: "too-many-commands",
        command: undefined,
        summary: `more than ${maxCommands} commands in one comment`,
        where: where(line, text),
        hint: `split them over several comments (at most ${maxCommands} each)`,
        usage: undefined,
        line,
        source: text,
      });
      break;
    }
    sources.set(line, text);
    const parsed = parseCommandLine(text.slice(prefix.length), { line, source: text, prefix });
    if ("error" in parsed) result.errors.push(parsed.error);
    else result.commands.push(parsed.command);
  }
  return seen > 1 ? requestsAlone(result, { others: seen - 1, prefix, sources }) : result;
}

/**
 * An agent request starts a run of its own (a branch, a pull request or commits, one progress
 * comment), so it is not mixed with other commands: each request in a comment with other
 * command lines becomes an error on its line.
 */
function requestsAlone(result: ParseResult, comment: { others: number; prefix: string; sources: ReadonlyMap<number, string> }): ParseResult {
  const requests = result.commands.filter((c) => c.name === AGENT_COMMAND);
  if (requests.length === 0) return result;
  const { others, prefix } = comment;
  const errors: CommandError[] = requests.map((request) => {
    const source = comment.sources.get(request.line) ?? request.canonical;
    return {
      kind: "agent-not-alone",
      command: AGENT_COMMAND,
      summary: `a request for the agent must be the only command of its comment; this one has ${others} other command ${others === 1 ? "line" : "lines"}`,
      where: where(request.line, source),
      hint: "put the request in a comment of its own",
      usage: withPrefix(prefix, usageOf(commandSpec(AGENT_COMMAND))),
      line: request.line,
      source,
    };
  });
  return {
    commands: result.commands.filter((c) => c.name !== AGENT_COMMAND),
    errors: [...result.errors, ...errors].sort((a, b) => a.line - b.line),
  };
}

/** The lines that are commands, with their 1-based line numbers. */
function* commandLines(body: string, prefix: string): Generator<{ line: number; text: string }> {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  let fence: { char: string; length: number } | undefined;
  let inHtmlComment = false;
  for (const [index, raw] of lines.entries()) {
    if (inHtmlComment) {
      if (raw.includes("-->")) inHtmlComment = false;
      continue;
    }
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(raw);
    if (fence) {
      if (fenceMatch?.[1] && fenceMatch[1][0] === fence.char && fenceMatch[1].length >= fence.length && fenceMatch[2]?.trim() === "") {
        fence = undefined;
      }
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = { char: fenceMatch[1][0] as string, length: fenceMatch[1].length };
      continue;
    }
    // Four spaces or a tab make indented code (or a continuation); `>` a quote.
    if (/^( {4}|\t| {0,3}\t)/.test(raw) || /^ {0,3}>/.test(raw)) continue;
    const text = raw.trim();
    if (text.startsWith("<!--")) {
      if (!text.includes("-->")) inHtmlComment = true;
      continue;
    }
    if (text === "") continue;
    if (prefix === "" || text === prefix || (text.startsWith(prefix) && /\s/.test(text[prefix.length] ?? ""))) {
      yield { line: index + 1, text };
    }
  }
}

interface LineInfo {
  line: number;
  source: string;
  prefix: string;
}

function where(line: number, source: string): string {
  return `line ${line}: ${source}`;
}

/**
 * A word as typed, in code. A long one (junk pasted into a command) is described instead: the
 * reply already shows its line once, cut, and does not echo it again.
 */
function typed(word: string): string {
  return word.length <= MAX_ECHOED_WORD ? code(word) : `(a ${word.length}-character word)`;
}

function withPrefix(prefix: string, rest: string): string {
  return prefix ? `${prefix} ${rest}` : rest;
}

type LineResult = { command: ParsedCommand } | { error: CommandError };

function parseCommandLine(rest: string, info: LineInfo): LineResult {
  const fail = (kind: CommandErrorKind, summary: string, hint: string, spec?: CommandSpec): LineResult => ({
    error: {
      kind,
      command: spec?.name as CommandName | undefined,
      summary,
      where: where(info.line, info.source),
      hint,
      usage: spec?.available ? withPrefix(info.prefix, usageOf(spec)) : undefined,
      line: info.line,
      source: info.source,
    },
  });

  // The first word as typed decides how the line is read: a free-text command (and a line that
  // names no command) keeps its text as typed; the others are split like a shell would.
  const line = rest.trim();
  const first = /^\S*/.exec(line)?.[0] ?? "";
  const named = findCommand(first);
  if (named?.available && takesFreeText(named)) return parseRequest(named, first, line.slice(first.length).trim(), info, fail);
  if (!named && info.prefix !== "" && isRequest(first, line.slice(first.length).trim())) return parseRequest(commandSpec(AGENT_COMMAND), "", line, info, fail);

  const split = splitArguments(rest);
  if (!split.ok) return fail("bad-quoting", split.problem, split.hint);
  const [name = "help", ...words] = split.words;

  const spec = findCommand(name);
  if (!spec) {
    const guess = closestWord(name, commandWords());
    return fail(
      "unknown-command",
      `unknown command ${typed(name)}`,
      guess
        ? `did you mean ${code(withPrefix(info.prefix, guess))}?`
        : `use ${code(withPrefix(info.prefix, "help"))} to list the commands; a request for the agent is written ${code(withPrefix(info.prefix, "ask ..."))}`,
    );
  }
  if (!spec.available) {
    return fail("unavailable", `${code(withPrefix(info.prefix, spec.name))} is not available in this version`, `use ${code(withPrefix(info.prefix, "help"))} to list the commands`, spec);
  }

  const values: Partial<Record<FlagName, string[]>> = {};
  const positionals: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith("-") || word === "-") {
      positionals.push(word);
      continue;
    }
    const eq = word.startsWith("--") ? word.indexOf("=") : -1;
    const written = eq >= 0 ? word.slice(0, eq) : word;
    const flagName = spec.flags.find((f) => FLAGS[f].long === written || FLAGS[f].short === written);
    if (!flagName) {
      const known = knownFlag(written);
      return fail(
        "unknown-flag",
        known ? `${code(spec.name)} does not take ${code(written)}` : `unknown flag ${typed(written)}`,
        spec.flags.length ? `${code(spec.name)} takes ${spec.flags.map((f) => flagLabel(FLAGS[f])).join(", ")}` : `${code(spec.name)} takes no flags`,
        spec,
      );
    }
    const flag: FlagSpec = FLAGS[flagName];
    let value: string | undefined;
    if (eq >= 0) value = word.slice(eq + 1);
    else {
      const next = words[i + 1];
      if (next !== undefined && !(next.startsWith("-") && next !== "-")) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === "") {
      return fail("missing-value", `${code(written)} needs a value`, `write ${code(`${written} ${flag.metavar}`)}`, spec);
    }
    const previous = values[flagName];
    if (previous && !flag.repeatable) {
      return fail("repeated-flag", `${code(flag.long)} given more than once`, `give one ${flag.metavar}; to cover several, write one command per line`, spec);
    }
    const problem = valueProblem(flagName, value);
    if (problem) return fail("invalid-value", `${value.length <= MAX_ECHOED_WORD ? code(`${written} ${value}`) : `${code(written)} ${typed(value)}`}: ${problem.summary}`, problem.hint, spec);
    values[flagName] = [...(previous ?? []), value];
  }

  let env = values.env?.[0];
  let text: string | undefined;
  let p = 0;
  for (const arg of spec.args) {
    if (arg.rest) {
      if (p < positionals.length) text = positionals.slice(p).join(" ");
      p = positionals.length;
    } else if (p < positionals.length) {
      const value = positionals[p++] as string;
      if (arg.into === "env") {
        const problem = valueProblem("env", value);
        if (problem) return fail("invalid-value", `${typed(value)}: ${problem.summary}`, problem.hint, spec);
        env = value;
      } else text = value;
    }
    if (arg.required && (arg.into === "env" ? env === undefined : text === undefined)) {
      return fail("missing-argument", `${code(spec.name)} needs ${code(`<${arg.name}>`)}`, `write ${code(withPrefix(info.prefix, usageOf(spec)))}`, spec);
    }
  }
  if (p < positionals.length) {
    return fail(
      "unexpected-argument",
      `unexpected ${typed(positionals[p] ?? "")} after ${code(spec.name)}`,
      `write ${code(withPrefix(info.prefix, usageOf(spec)))}; a request for the agent is written ${code(withPrefix(info.prefix, "ask ..."))}`,
      spec,
    );
  }

  const partial = {
    name: spec.name as AvailableCommandName,
    project: values.project?.[0],
    env,
    targets: values.target ?? [],
    text,
  };
  return { command: { ...partial, canonical: formatCommand(partial), line: info.line } };
}

/** Names and aliases of the available commands, for "did you mean". */
function commandWords(): string[] {
  return availableCommands().flatMap((c: CommandSpec) => [c.name, ...(c.aliases ?? [])]);
}

/**
 * Whether a line whose first word names no command is a request for the agent. It is, unless it
 * looks like a mistyped command: a first word that is a flag (`-p network`), a word followed only
 * by flags and their values (`aply -p network`, `destroy --force`), or a single word close to a
 * command name (`plna`). Those stay "unknown command", with "did you mean" when one is close.
 */
function isRequest(first: string, after: string): boolean {
  if (first === "" || first.startsWith("-")) return false;
  const words = after === "" ? [] : after.split(/\s+/);
  if (words.length === 0) return closestWord(first, commandWords()) === undefined;
  const onlyFlags = words.every((word, i) => word.startsWith("-") || (words[i - 1] ?? "").startsWith("-"));
  return !onlyFlags;
}

/** A request for the agent: the text as typed, checked only for presence and length. */
function parseRequest(
  spec: CommandSpec,
  written: string,
  text: string,
  info: LineInfo,
  fail: (kind: CommandErrorKind, summary: string, hint: string, spec?: CommandSpec) => LineResult,
): LineResult {
  const arg = spec.args[0] as ArgSpec;
  if (text === "") {
    return fail("missing-argument", `${code(written)} needs ${code(`<${arg.name}>`)}`, `write ${code(withPrefix(info.prefix, `${written} <${arg.name}...>`))}`, spec);
  }
  if (text.length > MAX_AGENT_REQUEST_LENGTH) {
    return fail(
      "invalid-value",
      `the request is ${text.length} characters long; at most ${MAX_AGENT_REQUEST_LENGTH} are read`,
      `shorten it to ${MAX_AGENT_REQUEST_LENGTH} characters or fewer; the agent reads the repository, so name files and resources rather than pasting them`,
      spec,
    );
  }
  const partial = { name: spec.name as AvailableCommandName, project: undefined, env: undefined, targets: [], text };
  return { command: { ...partial, canonical: formatCommand(partial), line: info.line } };
}

function knownFlag(written: string): FlagSpec | undefined {
  return Object.values(FLAGS).find((f: FlagSpec) => f.long === written || f.short === written);
}

function flagLabel(flag: FlagSpec): string {
  return flag.short ? `\`${flag.short}/${flag.long} ${flag.metavar}\`` : `\`${flag.long} ${flag.metavar}\``;
}

const NAME_HINT = "names use lowercase letters, digits, `.`, `_` and `-`, as in .stakpak/config.yml";

function valueProblem(flag: FlagName, value: string): { summary: string; hint: string } | undefined {
  if (flag === "project" || flag === "env") {
    return NAME_PATTERN.test(value) ? undefined : { summary: `not a valid ${flag === "env" ? "environment" : "project"} name`, hint: NAME_HINT };
  }
  if (/^\s|\s$|[\n\r]/.test(value)) {
    return { summary: "a resource address has no leading or trailing blanks", hint: "write the address as terraform shows it, e.g. `module.db.aws_db_instance.main`" };
  }
  return undefined;
}
