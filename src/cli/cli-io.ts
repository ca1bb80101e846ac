import { learnEnvironmentSecrets } from "../redact/learn-environment-secrets.js";
import type { Redacted } from "../redact/redacted.js";
import { Redactor } from "../redact/redactor.js";

/**
 * Where a command writes; tests pass their own to capture output without spawning a process.
 * Both streams take only `Redacted` text: whatever a command prints went through `redactor`.
 */
export interface CliIo {
  stdout(text: Redacted): void;
  stderr(text: Redacted): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** This run's redactor: every rule, plus the values of the secret environment variables. */
  redactor: Redactor;
}

/** A redactor for one run of the CLI, knowing the secret values of `env`. */
export function runRedactor(env: NodeJS.ProcessEnv): Redactor {
  const redactor = new Redactor();
  learnEnvironmentSecrets(redactor, env);
  return redactor;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text.text),
    stderr: (text) => process.stderr.write(text.text),
    cwd: process.cwd(),
    env: process.env,
    redactor: runRedactor(process.env),
  };
}

/** One subcommand: its name, one line of help, full usage, and what it does. Returns the exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}
