import { spawn } from "node:child_process";
import { UserError } from "../user-error.js";
import { BASE_TOOL_ENV, isNeverPassed, pickEnvironment } from "./tool-environment.js";

export interface RunOptions {
  cwd: string;
  /**
   * Names or globs (`TF_*`) of the variables passed from this process's environment; no other
   * is, and the bot's own credentials (`NEVER_PASSED_ENV`) never are. BASE_TOOL_ENV by default.
   */
  passEnv?: readonly string[];
  /** Variables set on top of the passed ones (or, when `undefined`, removed). */
  env?: Record<string, string | undefined>;
  /** Kill the process after this many milliseconds. */
  timeoutMs: number;
  /** Text written to stdin, if any. */
  input?: string;
  /** Keep at most this many bytes of each stream (the rest is dropped and flagged). */
  maxOutputBytes?: number;
  /** How to install the binary, shown when it is missing. */
  installHint: string;
}

export interface RunResult {
  command: string;
  args: readonly string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  outputTruncated: boolean;
}

const DEFAULT_MAX_OUTPUT = 256 * 1024 * 1024;
/** After SIGINT, tools such as terraform get this long to release locks before SIGKILL. */
const KILL_GRACE_MS = 10_000;

/**
 * Runs a binary with an argv array (never through a shell) and captures its output.
 * A missing binary and a timeout become UserErrors; a non-zero exit code does not, since for
 * terraform and kubectl some non-zero codes mean "changes present".
 */
export function runProcess(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const maxBytes = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const env = toolEnvironment(opts);

  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let truncated = false;
    let timedOut = false;

    child.stdout.on("data", (chunk: Buffer) => {
      if (outBytes + chunk.length > maxBytes) truncated = true;
      else out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (errBytes + chunk.length > maxBytes) truncated = true;
      else err.push(chunk);
      errBytes += chunk.length;
    });

    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS).unref();
    }, opts.timeoutMs);

    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === "ENOENT") {
        reject(
          new UserError({
            summary: `\`${command}\` was not found on PATH.`,
            where: opts.cwd,
            hint: opts.installHint,
          }),
        );
      } else {
        reject(new UserError({ summary: `Could not start \`${command}\`: ${error.message}`, where: opts.cwd }));
      }
    });

    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (timedOut) {
        reject(
          new UserError({
            summary: `\`${command} ${args[0] ?? ""}\` did not finish within ${Math.round(opts.timeoutMs / 1000)}s and was stopped.`,
            where: opts.cwd,
            detail: tail(stderr || stdout, 40),
            hint: "Raise the timeout in .stakpak/config.yml, or look for a stuck lock or a prompt waiting for input.",
          }),
        );
        return;
      }
      resolve({
        command,
        args,
        exitCode: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        durationMs: performance.now() - started,
        outputTruncated: truncated,
      });
    });

    child.stdin.on("error", () => {
      // The child may exit before reading stdin; its exit code tells the story.
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** What the process gets: the allowed variables of this process's environment, then `opts.env`. */
export function toolEnvironment(opts: Pick<RunOptions, "passEnv" | "env">, source: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const env = pickEnvironment(source, opts.passEnv ?? BASE_TOOL_ENV);
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    // A caller's own variables are set on purpose (GIT_CONFIG_* with a token for one fetch), but
    // never under a name that marks the bot's credentials.
    if (value === undefined || isNeverPassed(key)) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** The last `lines` lines of a text, for error details. */
export function tail(text: string, lines: number): string {
  const all = text.trimEnd().split("\n");
  return all.slice(-lines).join("\n");
}
