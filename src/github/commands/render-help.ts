import { cellCode, escapeText, inlineCode } from "../../report/escape-markdown.js";
import type { AuthorizationRules } from "../../config/authorization-rules.js";
import { describeRole } from "../../config/role.js";
import {
  AGENT_COMMAND,
  DEFAULT_COMMAND_PREFIX,
  FLAGS,
  availableCommands,
  usageOf,
  type CommandSpec,
  type ConfigurableCommandName,
  type FlagSpec,
} from "../../config/command-table.js";

export interface HelpOptions {
  prefix?: string;
  /** When given, a column says who may run each command in this repository. */
  rules?: AuthorizationRules | undefined;
}

function withPrefix(prefix: string, text: string): string {
  return prefix ? `${prefix} ${text}` : text;
}

function whoMay(spec: CommandSpec, rules: AuthorizationRules): string {
  if (spec.defaultRoles === "everyone") return "anyone";
  const roles = rules[spec.name as ConfigurableCommandName] ?? [];
  return roles.length === 0 ? "nobody (disabled in .stakpak/config.yml)" : roles.map(describeRole).join("; or ");
}

/** How a request for the agent is written, when the agent is available. */
function agentParagraph(prefix: string, commands: readonly CommandSpec[]): string[] {
  if (!commands.some((c) => c.name === AGENT_COMMAND)) return [];
  const example = withPrefix(prefix, "add a private bucket for access logs to staging");
  return [
    `A line that is not a command is a request for the agent, on a pull request or on an issue: ${inlineCode(example)} (or ${inlineCode(withPrefix(prefix, "ask ..."))}). ` +
      "On an issue the agent opens a pull request; on a pull request it commits to it. A request goes in a comment of its own.",
    "",
  ];
}

/** The reply to `help`: the available commands (never the unavailable ones), their flags, and how comments are read. */
export function renderHelp(options: HelpOptions = {}): string {
  const prefix = options.prefix ?? DEFAULT_COMMAND_PREFIX;
  const commands = availableCommands();
  const rules = options.rules;
  const lines = [
    "#### stakpak commands",
    "",
    "Comment on a pull request with one command per line; several commands in one comment run in order.",
    "",
    ...agentParagraph(prefix, commands),
    rules ? "| command | what it does | who may run it |" : "| command | what it does |",
    rules ? "| --- | --- | --- |" : "| --- | --- |",
    ...commands.map((spec) => {
      const cells = [cellCode(withPrefix(prefix, usageOf(spec))), escapeText(spec.help)];
      if (rules) cells.push(whoMay(spec, rules).replace(/\|/g, "\\|"));
      return `| ${cells.join(" | ")} |`;
    }),
    "",
    "| flag | meaning |",
    "| --- | --- |",
    ...Object.values(FLAGS).map((flag: FlagSpec) => `| ${cellCode([flag.short, `${flag.long} ${flag.metavar}`].filter(Boolean).join(", "))} | ${flag.help.replace(/\|/g, "\\|")} |`),
    "",
    "Values with spaces or quotes can be quoted as in a shell: `--target 'module.db[\"main\"]'`. Lines in code blocks and quoted lines (`>`) are not commands.",
  ];
  return lines.join("\n");
}
