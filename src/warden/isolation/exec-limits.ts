import { UserError } from "../../user-error.js";

/** Linux's MAX_ARG_STRLEN: one argument or one NAME=VALUE, its terminating NUL included. */
export const MAX_ARG_BYTES = 128 * 1024;

/**
 * What the sandbox lets a program's arguments and variables add up to. The kernel's own limit is a
 * quarter of the stack limit (2 MiB by default), and the sandbox's command line wraps them.
 */
export const MAX_COMMAND_BYTES = 1024 * 1024;

const HINT = "write the long value to a file in the workspace and pass the file's path instead";

/** A UserError when the kernel would refuse to start this program (E2BIG), before anything runs. */
export function checkExecLimits(argv: readonly string[], env: Readonly<Record<string, string>>): void {
  let total = 0;
  const strings = [...argv.map((a, i) => ({ what: `argument ${i}`, text: a })), ...Object.entries(env).map(([n, v]) => ({ what: `variable ${n}`, text: `${n}=${v}` }))];
  for (const { what, text } of strings) {
    const bytes = Buffer.byteLength(text, "utf8") + 1;
    total += bytes;
    if (bytes > MAX_ARG_BYTES) {
      throw new UserError({
        summary: `The command's ${what} is too long to run (${Math.ceil(bytes / 1024)} KiB; the system takes at most 128 KiB per argument).`,
        hint: HINT,
      });
    }
  }
  if (total > MAX_COMMAND_BYTES) {
    throw new UserError({ summary: `The command's arguments and variables are too long to run (${Math.ceil(total / 1024)} KiB; at most 1024 KiB).`, hint: HINT });
  }
}
