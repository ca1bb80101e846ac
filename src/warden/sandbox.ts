import { randomBytes } from "node:crypto";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { getExecOutput } from "@actions/exec";
import { Redactor } from "../redact/redactor.js";
import { UserError } from "../user-error.js";
import type { AuditLog } from "./audit-log.js";
import type { Decision } from "./decide.js";
import { globMatch } from "./match-rule.js";
import { SUPERVISOR_SOURCE } from "./sandbox-supervisor.js";
import type { Warden } from "./warden.js";

export interface SandboxOptions {
  /** The environment being deployed, for Warden's decision. */
  environment?: string | null;
  /** Where to run, inside the workspace (relative to it, or absolute); the workspace root by default. */
  cwd?: string;
  /** The environment to pick variables from (process.env by default); only allowed names pass. */
  env?: Readonly<Record<string, string | undefined>>;
  /** More variable names (globs such as `TF_VAR_*`) to pass besides PATH, HOME, locale and the like. */
  allowEnv?: readonly string[];
  /** Credential variables (names or globs, e.g. `AWS_*`) this step may have; no other step gets them. */
  credentials?: readonly string[];
  /** Stop the command (and everything it started) after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** Keep at most this many bytes of each stream. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Makes output safe to show. Default: the run's `redactor`, or a redactor that knows the credentials passed. */
  redact?: (text: string) => string;
  /**
   * The run's redactor. The agent only ever saw its placeholders: its vault puts the secrets back
   * into the argv, the variables set on the line and `restoreFiles` just before the command runs,
   * and the output is redacted by it again (the credentials passed are learned as known values).
   */
  redactor?: Redactor;
  /** Files (inside the workspace) the agent wrote with placeholders, restored just before the command runs. */
  restoreFiles?: readonly string[];
  audit?: AuditLog;
  /** A person approved this step (needed when the decision is require_approval). */
  approved?: boolean;
}

export interface SandboxResult {
  decision: Decision;
  ran: boolean;
  /** Why it did not run. */
  refused: string | null;
  /** The argv that ran (redacted). */
  argv: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
}

/** What every command gets: enough to find programs and print text, nothing that grants access. */
export const BASE_ENV: readonly string[] = ["PATH", "HOME", "LANG", "LANGUAGE", "LC_*", "TERM", "TZ", "TMPDIR", "USER", "LOGNAME", "SHELL", "NO_COLOR", "CI"];

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_MAX_OUTPUT = 1024 * 1024;

function allowed(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.includes("*") ? globMatch(p, name) : p === name));
}

async function confinedCwd(workspace: string, cwd: string | undefined): Promise<string> {
  const root = await realpath(workspace);
  const wanted = path.resolve(root, cwd ?? ".");
  let real: string;
  try {
    real = await realpath(wanted);
  } catch {
    throw new UserError({ summary: `The sandbox directory does not exist: ${cwd}`, where: wanted, hint: "create it first, or run from the workspace root" });
  }
  if (real !== root && !real.startsWith(`${root}${path.sep}`)) {
    throw new UserError({ summary: `The sandbox only runs inside the workspace; ${cwd} is outside it.`, where: real, hint: `use a directory under ${root}` });
  }
  return real;
}

/** A file path inside the workspace (symlinks resolved), or a UserError. */
async function confinedPath(workspace: string, cwd: string, file: string): Promise<string> {
  const root = await realpath(workspace);
  const wanted = path.resolve(cwd, file);
  let real: string;
  try {
    real = await realpath(wanted);
  } catch {
    throw new UserError({ summary: `A file to restore does not exist: ${file}`, where: wanted, hint: "write it before running the command" });
  }
  if (!real.startsWith(`${root}${path.sep}`)) {
    throw new UserError({ summary: `Only files inside the workspace are restored; ${file} is outside it.`, where: real, hint: `write it under ${root}` });
  }
  return real;
}

/**
 * Judges a command line with Warden and, when allowed (or approved), runs it: as the argv the
 * parser found (no shell), through @actions/exec, in a directory inside the workspace, with only
 * allowed variables, a time limit and an output cap. Output comes back redacted; the decision and
 * the execution are appended to the audit log.
 */
export async function runInSandbox(warden: Warden, line: string, options: SandboxOptions = {}): Promise<SandboxResult> {
  const sourceEnv = options.env ?? process.env;
  const cwd = await confinedCwd(warden.workspace.root, options.cwd);
  const credentialNames = Object.keys(sourceEnv).filter((n) => allowed(n, options.credentials ?? []));
  const runRedactor = options.redactor;
  if (runRedactor) for (const name of credentialNames) runRedactor.addKnownValue(name, sourceEnv[name] ?? "");
  const redact =
    options.redact ??
    (runRedactor ? (text: string) => runRedactor.redact(text).text : defaultRedact(credentialNames.map((n) => [n, sourceEnv[n] ?? ""] as const)));
  const environment = options.environment ?? null;
  const { decision, analysis } = warden.explain(line, { cwd, env: sourceEnv, environment });
  await options.audit?.decision(decision, environment);
  const refused = (why: string): SandboxResult => ({ decision, ran: false, refused: why, argv: [], exitCode: null, stdout: "", stderr: "", timedOut: false, truncated: false, durationMs: 0 });
  if (decision.decision === "deny") return refused(`denied: ${decision.reason}`);
  if (decision.decision === "require_approval" && !options.approved) return refused(`needs approval: ${decision.reason}`);

  // Only a single program with known words can run without a shell exactly as it was judged.
  const top = analysis.parsed[0];
  const command = top?.commands[0];
  const runnable =
    analysis.parsed.length === 1 && top !== undefined && top.problems.length === 0 && top.commands.length === 1 && top.fileWrites.length === 0 && command !== undefined && command.stdin.kind === "inherit" && command.argv.length > 0 && command.argv.every((w) => w.literal && !w.glob);
  if (!runnable || !command) {
    throw new UserError({
      summary: "The sandbox runs one program with literal arguments, and this line is more than that.",
      detail: line,
      hint: "run each command of a pipeline or list as its own step, without redirections, globs or variables",
    });
  }
  const argv = command.argv.map((w) => w.text);
  const env: Record<string, string> = {};
  const names = [...BASE_ENV, ...(options.allowEnv ?? [])];
  for (const [name, value] of Object.entries(sourceEnv)) {
    if (value !== undefined && (allowed(name, names) || credentialNames.includes(name))) env[name] = value;
  }
  for (const [name, word] of command.assignments) env[name] = word.text;
  // Judged and audited with placeholders; secrets are put back only now, right before it runs.
  const execArgv = runRedactor ? runRedactor.vault.restoreArgs(argv) : argv;
  const execEnv = runRedactor ? runRedactor.vault.restoreEnv(env) : env;
  for (const file of options.restoreFiles ?? []) {
    if (!runRedactor) throw new UserError({ summary: "restoreFiles needs the run's redactor", hint: "pass `redactor` to runInSandbox" });
    await runRedactor.vault.restoreFile(await confinedPath(warden.workspace.root, cwd, file));
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const nonce = `@@stakpak-sandbox-${randomBytes(8).toString("hex")}@@`;
  const started = performance.now();
  const result = await getExecOutput(process.execPath, ["-e", SUPERVISOR_SOURCE, "--", JSON.stringify({ argv: execArgv, timeoutMs, maxBytes, nonce })], {
    cwd,
    env: execEnv,
    silent: true,
    ignoreReturnCode: true,
  });
  const durationMs = performance.now() - started;
  const { stderr, status } = splitStatus(result.stderr, nonce);
  const timedOut = status?.timedOut === true;
  const truncated = status?.truncated === true;
  const spawnError = status?.spawnError ? `${status.spawnError}\n` : "";
  await options.audit?.append({ kind: "execution", command: line, argv, cwd, env: Object.keys(env).sort(), exitCode: result.exitCode, timedOut, truncated, durationMs: Math.round(durationMs) });
  return {
    decision,
    ran: true,
    refused: null,
    argv: argv.map(redact),
    exitCode: result.exitCode,
    stdout: redact(result.stdout),
    stderr: redact(spawnError + stderr),
    timedOut,
    truncated,
    durationMs,
  };
}

function splitStatus(stderr: string, nonce: string): { stderr: string; status: { timedOut?: boolean; truncated?: boolean; spawnError?: string } | null } {
  const at = stderr.lastIndexOf(nonce);
  if (at === -1) return { stderr, status: null };
  let status = null;
  try {
    status = JSON.parse(stderr.slice(at + nonce.length).trim()) as { timedOut?: boolean; truncated?: boolean; spawnError?: string };
  } catch {
    status = null;
  }
  // The supervisor writes a newline before the nonce.
  return { stderr: stderr.slice(0, at).replace(/\n$/, ""), status };
}

function defaultRedact(credentials: readonly (readonly [string, string])[]): (text: string) => string {
  const redactor = new Redactor();
  for (const [name, value] of credentials) redactor.addKnownValue(name, value);
  return (text) => redactor.redact(text).text;
}
