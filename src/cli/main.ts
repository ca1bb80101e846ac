import { closestWord } from "../config/closest-word.js";
import { isUserError } from "../user-error.js";
import { processIo, type CliCommand, type CliIo } from "./cli-io.js";
import { agentCommand } from "./commands/agent.js";
import { memoryCommand } from "./commands/memory.js";
import { planCommand } from "./commands/plan.js";
import { redactCommand } from "./commands/redact.js";
import { wardenCommand } from "./commands/warden.js";
import { USAGE_EXIT_CODE } from "./parse-flags.js";

/** Subcommands, in the order `--help` lists them. A new subcommand is one more entry. */
const commands: readonly CliCommand[] = [planCommand, agentCommand, memoryCommand, redactCommand, wardenCommand];

function mainUsage(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    "Usage: stakpak-gitops <command> [options]",
    "",
    "GitOps for infrastructure changes made with an AI agent: redacted plans, guardrails, team memory.",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Run `stakpak-gitops <command> --help` for a command's options.",
  ].join("\n");
}

/** Runs the CLI and returns the process exit code. Expected errors never print a stack trace. */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(io.redactor.redact(`${mainUsage()}\n`));
    return name === undefined ? USAGE_EXIT_CODE : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(io.redactor.redact(`${__STAKPAK_VERSION__}\n`));
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const guess = closestWord(name, commands.map((c) => c.name));
    io.stderr(io.redactor.redact(`Error: unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ""}\n\n${mainUsage()}\n`));
    return USAGE_EXIT_CODE;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (isUserError(err)) {
      io.stderr(io.redactor.redact(`${err.format()}\n`));
      return err.exitCode;
    }
    // A bug, not a user mistake: keep the stack so it can be reported.
    io.stderr(io.redactor.redact(`Internal error in stakpak-gitops ${name}: ${(err as Error)?.stack ?? String(err)}\n`));
    return 1;
  }
}
