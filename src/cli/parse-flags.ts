import { parseArgs, type ParseArgsConfig } from "node:util";
import { closestWord } from "../config/closest-word.js";
import { UserError } from "../user-error.js";

/** Exit code for a command line that cannot be understood (and for an invalid config file). */
export const USAGE_EXIT_CODE = 2;

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * node's parseArgs with errors a user can act on: an unknown flag or a missing value becomes a
 * UserError that shows the command's usage, instead of a TypeError with a stack trace.
 */
export function parseFlags<O extends Options>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const summary = (err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, "");
    const unknown = /^Unknown option '(-{1,2}[^'=]+)/.exec(summary)?.[1];
    const guess = unknown ? closestWord(unknown, Object.keys(options).map((name) => `--${name}`)) : undefined;
    throw new UserError({
      summary,
      detail: usage,
      hint: guess ? `Did you mean \`${guess}\`? Add --help to see every option.` : "Add --help to see every option.",
      exitCode: USAGE_EXIT_CODE,
    });
  }
}
