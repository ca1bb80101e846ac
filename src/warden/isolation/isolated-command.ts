import { bwrapCommand } from "./bwrap-command.js";
import type { AvailableBackend } from "./detect-backend.js";
import type { SandboxProgram } from "./enter-program-script.js";
import type { SandboxLayout } from "./isolation-types.js";
import { unshareCommand } from "./unshare-command.js";

/**
 * The argv that runs `argv` isolated by this backend. The program's file descriptor 3 is a pipe the
 * sandbox writes `ok` to once it is set up: a run that ends before that never started the program.
 * Run it with a bare environment (PATH=SYSTEM_PATH): `program.env` is what the program gets.
 */
export function isolatedCommand(backend: AvailableBackend, layout: SandboxLayout, program: SandboxProgram): string[] {
  return backend.kind === "bwrap"
    ? bwrapCommand(backend.program, layout, program, { disableUserns: backend.disableUserns })
    : unshareCommand(backend.program, layout, program);
}
