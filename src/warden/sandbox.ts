import { randomBytes } from "node:crypto";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { getExecOutput } from "@actions/exec";
import { PLACEHOLDER_PREFIX } from "../redact/placeholder.js";
import { Redactor } from "../redact/redactor.js";
import { UserError } from "../user-error.js";
import type { AuditLog } from "./audit-log.js";
import { capRedactedOutput, supervisorCeiling } from "./cap-redacted-output.js";
import type { Decision } from "./decide.js";
import { chooseIsolation, type IsolationPolicy } from "./isolation/choose-isolation.js";
import { detectBackend, type AvailableBackend } from "./isolation/detect-backend.js";
import { checkExecLimits } from "./isolation/exec-limits.js";
import { findSystemProgram, SYSTEM_PATH } from "./isolation/find-system-program.js";
import { hiddenPathCandidates } from "./isolation/hidden-paths.js";
import { isolatedCommand } from "./isolation/isolated-command.js";
import { isolationFailed, isolationUnavailable } from "./isolation/isolation-unavailable.js";
import type { IsolationBackend, IsolationKind, NetworkAccess } from "./isolation/isolation-types.js";
import { buildSandboxLayout } from "./isolation/sandbox-layout.js";
import { globMatch } from "./match-rule.js";
import { SUPERVISOR_SOURCE, type SupervisorSpec, type SupervisorStatus } from "./sandbox-supervisor.js";
import { restoreVerdict } from "./restore-policy.js";
import type { Warden } from "./warden.js";

export type { IsolationPolicy };

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
  /** Keep at most this many bytes of each stream, cut after redaction (on a character boundary). Default 1 MiB. */
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
  /** `none` (default): a network namespace of its own, with no way out. `host`: the machine's network. */
  network?: NetworkAccess;
  /** Whether a command may ever run unisolated; `required` by default. */
  isolation?: IsolationPolicy;
  /** Isolate with this backend only (default: bubblewrap where it works, else unshare). */
  backend?: IsolationBackend;
  /** Whether the program may write in the workspace (`read-write` by default); `.git` is read-only either way. */
  workspaceAccess?: "read-write" | "read-only";
  /** More absolute paths to hide from the program (an empty tmpfs over a directory, /dev/null over a file). */
  hidePaths?: readonly string[];
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
  /** How it ran: `bwrap` or `unshare` namespaces, or `none` (not run, or an unisolated read allowed by `isolation`). */
  isolation: IsolationKind;
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
  if (!(await stat(real)).isDirectory()) {
    throw new UserError({ summary: `The sandbox directory is not a directory: ${cwd}`, where: real, hint: "pass the directory the file is in" });
  }
  return real;
}

/** Names `env -i` and every shell take as a variable; anything else is not passed. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Judges a command line with Warden and, when allowed (or approved), runs it: as the argv the
 * parser found (no shell), in a directory inside the workspace, with only allowed variables, a time
 * limit and an output cap, isolated in its own user, PID, mount and network namespaces (see
 * `isolation/`): a non-root user that sees only its own processes, no home directory or runner
 * folder, the machine read-only, the workspace writable but its `.git`. Where isolation cannot be
 * set up, it runs nothing (UserError), unless `isolation: "allow-unisolated-reads"` and the line is
 * a pure read. Output comes back redacted, then cut to the cap; the decision and the execution are
 * appended to the audit log.
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
  const refused = (why: string): SandboxResult => ({ decision, ran: false, refused: why, argv: [], exitCode: null, stdout: "", stderr: "", timedOut: false, truncated: false, durationMs: 0, isolation: "none" });
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
  if (argv[0]?.includes("=")) {
    throw new UserError({ summary: `A program name cannot hold "=": ${argv[0]}`, hint: "name the program by its path" });
  }
  const env: Record<string, string> = {};
  const names = [...BASE_ENV, ...(options.allowEnv ?? [])];
  for (const [name, value] of Object.entries(sourceEnv)) {
    if (value !== undefined && VARIABLE_NAME.test(name) && (allowed(name, names) || credentialNames.includes(name))) env[name] = value;
  }
  for (const [name, word] of command.assignments) env[name] = word.text;
  const restoreFiles = options.restoreFiles ?? [];
  if (restoreFiles.length > 0 && !runRedactor) throw new UserError({ summary: "restoreFiles needs the run's redactor", hint: "pass `redactor` to runInSandbox" });
  // A secret goes back only into a program whose effect Warden knows and that runs no code of its
  // own choosing: an interpreter or a shell could print it in a form no redactor recognises.
  const restoring = runRedactor !== undefined && (restoreFiles.length > 0 || [...argv, ...Object.values(env)].some((v) => v.includes(PLACEHOLDER_PREFIX)));
  if (restoring) {
    const verdict = restoreVerdict(analysis);
    if (!verdict.allowed) return refused(`secrets not restored: ${verdict.reason}`);
  }
  // Judged and audited with placeholders; secrets are put back only now, right before it runs.
  const execArgv = runRedactor ? runRedactor.vault.restoreArgs(argv) : argv;
  const execEnv = runRedactor ? runRedactor.vault.restoreEnv(env) : env;
  checkExecLimits(execArgv, execEnv);
  const backend = chooseIsolation(decision, options.isolation ?? "required", await detectBackend(options.backend));
  // Restored while the command runs only, and put back (by temp file and rename) when it ends.
  const restored = restoreFiles.length > 0 ? await runRedactor!.vault.restoreFiles(restoreFiles, { workspace: warden.workspace.root, cwd }) : null;
  try {
    return await execute();
  } finally {
    await restored?.putBack();
  }

  async function execute(): Promise<SandboxResult> {

    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    const nonce = `@@stakpak-sandbox-${randomBytes(8).toString("hex")}@@`;
    const spec = await supervisorSpec(warden.workspace.root, cwd, backend, execArgv, execEnv, sourceEnv, options);
    const isolation: IsolationKind = backend?.kind ?? "none";
    const started = performance.now();
    // The supervisor runs outside the sandbox: none of the program's variables (NODE_OPTIONS) reach it.
    const result = await getExecOutput(process.execPath, ["-e", SUPERVISOR_SOURCE], {
      cwd: "/",
      env: { PATH: SYSTEM_PATH },
      input: Buffer.from(JSON.stringify({ ...spec, timeoutMs, ceilingBytes: supervisorCeiling(maxBytes), nonce } satisfies SupervisorSpec)),
      silent: true,
      ignoreReturnCode: true,
    });
    const durationMs = performance.now() - started;
    const { stderr, status } = splitStatus(result.stderr, nonce);
    const timedOut = status?.timedOut === true;
    if (backend && status?.ready !== true && !timedOut) throw isolationFailed(backend.kind, redact(status?.spawnError || stderr));
    const spawnError = status?.spawnError ? `${status.spawnError}\n` : "";
    const cutUpstream = status?.truncated === true;
    const stdout = capRedactedOutput(result.stdout, redact(result.stdout), maxBytes, cutUpstream);
    const rawStderr = spawnError + stderr;
    const errors = capRedactedOutput(rawStderr, redact(rawStderr), maxBytes, cutUpstream);
    const truncated = stdout.truncated || errors.truncated;
    await options.audit?.append({ kind: "execution", command: line, argv, cwd, env: Object.keys(env).sort(), exitCode: result.exitCode, timedOut, truncated, durationMs: Math.round(durationMs) });
    return {
      decision,
      ran: true,
      refused: null,
      argv: argv.map(redact),
      exitCode: result.exitCode,
      stdout: stdout.text,
      stderr: errors.text,
      timedOut,
      truncated,
      durationMs,
      isolation,
    };
  }
}

/** What the supervisor starts: the isolated command line, or (unisolated) the program itself. */
async function supervisorSpec(
  workspace: string,
  cwd: string,
  backend: AvailableBackend | null,
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  sourceEnv: Readonly<Record<string, string | undefined>>,
  options: SandboxOptions,
): Promise<Pick<SupervisorSpec, "argv" | "env" | "cwd" | "isolated">> {
  if (!backend) return { argv: [...argv], env: { ...env }, cwd, isolated: false };
  const envProgram = findSystemProgram("env");
  if (!envProgram) throw isolationUnavailable([{ ok: false, backend: backend.kind, why: "env (coreutils) is not installed" }]);
  const layout = await buildSandboxLayout({
    workspace: await realpath(workspace),
    cwd,
    // The bot's own home and runner folders, and the ones the command's environment names.
    hide: hiddenPathCandidates([process.env, sourceEnv], process.execPath, options.hidePaths),
    network: options.network ?? "none",
    workspaceWritable: options.workspaceAccess !== "read-only",
  });
  return { argv: isolatedCommand(backend, layout, { argv, env, envProgram }), env: { PATH: SYSTEM_PATH }, cwd: "/", isolated: true };
}

function splitStatus(stderr: string, nonce: string): { stderr: string; status: Partial<SupervisorStatus> | null } {
  const at = stderr.lastIndexOf(nonce);
  if (at === -1) return { stderr, status: null };
  let status = null;
  try {
    status = JSON.parse(stderr.slice(at + nonce.length).trim()) as Partial<SupervisorStatus>;
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
