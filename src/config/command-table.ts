/**
 * The comment-command grammar: one record per command. The parser, `help`, the usage replies,
 * the authorization defaults and the config schema's `authorization:` keys all read this table,
 * so adding a command is adding one record here (and, once it works, flipping `available`).
 *
 * Each record carries examples it must accept and reject, checked by one test that walks the
 * table (test/config/command-table.test.ts).
 */

export const DEFAULT_COMMAND_PREFIX = "/stakpak";

/** Flags a command may accept; each command lists the ones it takes. */
export const FLAGS = {
  project: { long: "--project", short: "-p", metavar: "PROJECT", repeatable: false, help: "only this project (a name from .stakpak/config.yml)" },
  env: { long: "--env", short: "-e", metavar: "ENV", repeatable: false, help: "only this environment" },
  target: { long: "--target", short: undefined, metavar: "ADDR", repeatable: true, help: "only this resource address (terraform `-target`); repeatable" },
} as const satisfies Record<string, FlagSpec>;

export interface FlagSpec {
  long: `--${string}`;
  short: `-${string}` | undefined;
  /** How the value is shown in usage lines. */
  metavar: string;
  /** May appear more than once (values are collected in order). */
  repeatable: boolean;
  help: string;
}

export type FlagName = keyof typeof FLAGS;

/**
 * A positional argument. `into: "env"` stores it where `-e` would (`deploy production` and
 * `plan -e production` both select the environment); `rest` takes the remainder of the line as
 * free text (`remember ...`).
 */
export interface ArgSpec {
  name: string;
  into: "env" | "text";
  required: boolean;
  rest?: boolean;
}

/**
 * What authorizes a command by default (`.stakpak/config.yml` `authorization:` overrides it):
 * role strings (see src/config/role.ts), or "everyone" for commands that only
 * answer with text and cannot be configured.
 */
export type DefaultRoles = readonly string[] | "everyone";

export interface CommandSpec {
  name: string;
  /** Other names it answers to (`ask` for `agent`); canonical commands always use `name`. */
  aliases?: readonly string[];
  /** False until the feature exists: `help` hides it and using it gets "not available in this version". */
  available: boolean;
  args: readonly ArgSpec[];
  flags: readonly FlagName[];
  /** One line, for `help`. */
  help: string;
  /**
   * Runs the pull request's code (terraform providers, external data sources, kubectl plugins)
   * with the repository's secrets, so it is refused on pull requests from forks.
   */
  runsCode: boolean;
  /**
   * Where it runs: "workflow" is dispatched to the repository's stakpak workflow (the runners do the
   * work); "app" is answered by the App itself (help, unlock).
   */
  runsIn: "workflow" | "app";
  defaultRoles: DefaultRoles;
  /** Comment lines (with the default prefix) it must parse, and ones it must reject. */
  examples: { valid: readonly string[]; invalid: readonly string[] };
}

/**
 * Repository permission needed by default: write for what only reads or proposes a change (the
 * agent opens a pull request, which is reviewed), maintain for what changes infrastructure.
 */
const WRITERS = ["permission:write"] as const;
const MAINTAINERS = ["permission:maintain"] as const;

export const COMMANDS = [
  {
    name: "help",
    available: true,
    args: [],
    flags: [],
    help: "list the commands",
    runsCode: false,
    runsIn: "app",
    defaultRoles: "everyone",
    examples: { valid: ["/stakpak help", "/stakpak"], invalid: ["/stakpak help plan", "/stakpak help -p x"] },
  },
  {
    name: "plan",
    available: true,
    args: [],
    flags: ["project", "env", "target"],
    help: "plan the projects this pull request changes (or the one named) and post the report",
    runsCode: true,
    runsIn: "workflow",
    defaultRoles: WRITERS,
    examples: {
      valid: ["/stakpak plan", "/stakpak plan -p network -e staging", '/stakpak plan --target \'module.db["main"]\' --target aws_s3_bucket.logs'],
      invalid: ["/stakpak plan now", "/stakpak plan -x", "/stakpak plan -p", "/stakpak plan -p a -p b", "/stakpak plan -p Network"],
    },
  },
  {
    name: "apply",
    available: true,
    args: [],
    flags: ["project", "env", "target"],
    help: "apply the saved plan of this pull request's head commit, once approved and checks are green",
    runsCode: true,
    runsIn: "workflow",
    defaultRoles: MAINTAINERS,
    examples: { valid: ["/stakpak apply", "/stakpak apply --project=network --env=production"], invalid: ["/stakpak apply production", "/stakpak apply --force"] },
  },
  {
    name: "deploy",
    available: true,
    args: [{ name: "env", into: "env", required: true }],
    flags: ["project", "target"],
    help: "apply the saved plan to one environment",
    runsCode: true,
    runsIn: "workflow",
    defaultRoles: MAINTAINERS,
    examples: { valid: ["/stakpak deploy production", "/stakpak deploy staging -p network"], invalid: ["/stakpak deploy", "/stakpak deploy a b", "/stakpak deploy staging -e prod"] },
  },
  {
    name: "unlock",
    available: true,
    args: [],
    flags: ["project", "env"],
    help: "release the locks this pull request holds (all, or those of one project or environment)",
    runsCode: false,
    runsIn: "app",
    defaultRoles: MAINTAINERS,
    examples: { valid: ["/stakpak unlock", "/stakpak unlock -p network -e production"], invalid: ["/stakpak unlock --target x", "/stakpak unlock all"] },
  },
  {
    name: "review",
    available: false,
    args: [],
    flags: ["project", "env"],
    help: "review the change with the agent and post its findings",
    runsCode: true,
    runsIn: "workflow",
    defaultRoles: WRITERS,
    examples: { valid: [], invalid: ["/stakpak review"] },
  },
  {
    name: "drift",
    available: false,
    args: [],
    flags: ["project", "env"],
    help: "compare the default branch with what is deployed",
    runsCode: true,
    runsIn: "workflow",
    defaultRoles: WRITERS,
    examples: { valid: [], invalid: ["/stakpak drift"] },
  },
  {
    name: "remember",
    available: false,
    args: [{ name: "note", into: "text", required: true, rest: true }],
    flags: [],
    help: "add a note to the team memory",
    runsCode: false,
    runsIn: "workflow",
    defaultRoles: WRITERS,
    examples: { valid: [], invalid: ["/stakpak remember staging is shared with QA"] },
  },
  {
    name: "feedback",
    available: false,
    args: [{ name: "text", into: "text", required: true, rest: true }],
    flags: [],
    help: "tell the agent what it got wrong or right",
    runsCode: false,
    runsIn: "workflow",
    defaultRoles: WRITERS,
    examples: { valid: [], invalid: ["/stakpak feedback the replace was expected"] },
  },
  {
    // A request for the agent in plain words: `/stakpak ask ...`, `/stakpak agent ...`, or any line
    // whose first word is not a command (see parse-comment.ts). The agent's commands go through Warden.
    name: "agent",
    aliases: ["ask"],
    available: true,
    args: [{ name: "request", into: "text", required: true, rest: true }],
    flags: [],
    help: "ask the agent for a change in plain words (opens a pull request, or commits to this one)",
    runsCode: true,
    runsIn: "workflow",
    defaultRoles: WRITERS,
    examples: {
      valid: [
        "/stakpak add a private bucket for access logs to staging",
        "/stakpak ask add a private bucket for access logs to staging",
        "/stakpak agent add a private bucket for access logs to staging",
        "/stakpak don't make the bucket public",
        "/stakpak refactor",
        "/stakpak tag every bucket with --owner=platform",
      ],
      invalid: ["/stakpak ask", "/stakpak agent   ", `/stakpak ask ${"x".repeat(4001)}`, "/stakpak plna", "/stakpak aply -p network", "/stakpak -p network"],
    },
  },
] as const satisfies readonly CommandSpec[];

export type CommandName = (typeof COMMANDS)[number]["name"];
export type AvailableCommandName = Extract<(typeof COMMANDS)[number], { available: true }>["name"];
/** Commands whose roles `.stakpak/config.yml` `authorization:` may set (every one not open to everyone). */
export type ConfigurableCommandName = Exclude<(typeof COMMANDS)[number], { defaultRoles: "everyone" }>["name"];

/** The command a line is read as when its first word names no command: a request in plain words. */
export const AGENT_COMMAND = "agent" satisfies CommandName;

/** The longest request for the agent one comment line may hold, in characters. */
export const MAX_AGENT_REQUEST_LENGTH = 4000;

const BY_NAME: ReadonlyMap<string, CommandSpec> = new Map(
  COMMANDS.flatMap((c: CommandSpec) => [[c.name, c] as const, ...(c.aliases ?? []).map((alias) => [alias, c] as const)]),
);

/** The command a name or alias is. */
export function findCommand(name: string): CommandSpec | undefined {
  return BY_NAME.get(name);
}

/**
 * A command whose only argument is free text and which takes no flags reads the rest of the line
 * as typed: no shell quoting (`don't` is a word, not an open quote), no flags (`--force` inside a
 * request is part of it). Its canonical form is the name, a blank, and the text unchanged.
 */
export function takesFreeText(spec: CommandSpec): boolean {
  return spec.flags.length === 0 && spec.args.length === 1 && spec.args[0]?.into === "text" && spec.args[0].rest === true;
}

export function commandSpec(name: CommandName): CommandSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`internal: no command ${name}`);
  return spec;
}

export function availableCommands(): CommandSpec[] {
  return COMMANDS.filter((c) => c.available);
}

/** Names `authorization:` accepts as keys, in table order. */
export const CONFIGURABLE_COMMANDS = COMMANDS.filter((c) => c.defaultRoles !== "everyone").map((c) => c.name) as ConfigurableCommandName[];

/** `plan [-p PROJECT] [-e ENV] [--target ADDR]...`, without the prefix. */
export function usageOf(spec: CommandSpec): string {
  const args = spec.args.map((a) => (a.rest ? `<${a.name}...>` : a.required ? `<${a.name}>` : `[${a.name}]`));
  const flags = spec.flags.map((name) => {
    const flag: FlagSpec = FLAGS[name];
    const shown = `${flag.short ?? flag.long} ${flag.metavar}`;
    return flag.repeatable ? `[${shown}]...` : `[${shown}]`;
  });
  return [spec.name, ...args, ...flags].join(" ");
}
