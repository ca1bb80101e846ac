import { spawn } from "node:child_process";
import { constants } from "node:os";
import type { Readable } from "node:stream";
import { z } from "zod";
import { UserError } from "../user-error.js";
import { scrubEnvironment } from "./scrubbed-environment.js";

/** Marks the relaunched Action in its argv; it carries nothing secret. */
export const SCRUBBED_FLAG = "--stakpak-scrubbed";

export function isScrubbedRelaunch(argv: readonly string[] = process.argv): boolean {
  return argv.includes(SCRUBBED_FLAG);
}

export interface RelaunchOptions {
  /** The step's environment; process.env by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The script to run again: process.argv[1] (dist/index.js, or the sources under tsx). */
  script?: string;
}

/**
 * The launcher. It runs this same script again with the scrubbed environment (no INPUT_*,
 * ACTIONS_*, OPENAI_*, GITHUB_TOKEN), writes what was removed to the new process's stdin as JSON
 * (never argv or environment, which /proc shows), forwards the runner's cancel signals, and
 * resolves to its exit code.
 *
 * Why a child on every Node version and not `process.execve` (Node >= 22.15): execve could hand
 * the secrets over only through a file (a pipe does not survive it from Node), and a child runs
 * the same way on Node 20 and 24. What stays exposed: this launcher's own initial environment, in
 * /proc/<launcher pid>/environ, for the run's length; terraform and kubectl run as children of
 * the relaunched process, and sandboxed commands run in their own PID namespace, where the
 * launcher cannot be seen.
 */
export function relaunchScrubbed(options: RelaunchOptions = {}): Promise<number> {
  const { env, removed } = scrubEnvironment(options.env ?? process.env);
  const script = options.script ?? process.argv[1];
  if (!script) return Promise.reject(new Error("cannot relaunch the Action: process.argv[1] is empty"));
  // execArgv keeps a loader (tsx in tests); the bundle has none.
  const child = spawn(process.execPath, [...process.execArgv, script, SCRUBBED_FLAG], { env, stdio: ["pipe", "inherit", "inherit"] });
  const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
  const handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  child.stdin.on("error", () => {
    // The child died before reading; its exit code tells why.
  });
  child.stdin.end(JSON.stringify(removed));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler);
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1));
    });
  });
}

const HANDED = z.record(z.string(), z.string());

/** In the relaunched Action: the variables the launcher removed (inputs and tokens), read from stdin to its end. */
export async function receiveHandedVariables(stdin: Readable = process.stdin): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const result = HANDED.safeParse(parsed);
  if (!result.success) {
    throw new UserError({ summary: "the relaunched Action did not receive its inputs on standard input", hint: `run dist/index.js without ${SCRUBBED_FLAG}: the Action adds it when it starts itself again` });
  }
  return result.data;
}
