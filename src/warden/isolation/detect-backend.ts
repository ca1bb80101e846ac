import { spawn } from "node:child_process";
import { mkdtempSync, realpathSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findSystemProgram, SYSTEM_PATH } from "./find-system-program.js";
import { bwrapCommand } from "./bwrap-command.js";
import { ISOLATION_BACKENDS, type IsolationBackend, type SandboxLayout } from "./isolation-types.js";
import { sandboxIdentity } from "./sandbox-layout.js";
import { unshareCommand } from "./unshare-command.js";

/** A backend that was seen to work on this machine. */
export type AvailableBackend = { kind: "bwrap"; program: string; disableUserns: boolean } | { kind: "unshare"; program: string };

export type ProbeResult = { ok: true; backend: AvailableBackend } | { ok: false; backend: IsolationBackend; why: string };

const PROBE_TIMEOUT_MS = 15_000;

/** Runs the real sandbox around `true` and says whether it got as far as the program. */
function runProbe(argv: readonly string[]): Promise<string | null> {
  return new Promise((resolve) => {
    const [command, ...args] = argv;
    let stderr = "";
    let ready = "";
    const child = spawn(command!, args, { stdio: ["ignore", "ignore", "pipe", "pipe"], env: { PATH: SYSTEM_PATH } });
    const timer = setTimeout(() => child.kill("SIGKILL"), PROBE_TIMEOUT_MS);
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdio[3]?.on("data", (chunk: Buffer) => (ready += chunk.toString()));
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve(error.message);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && ready === "ok") resolve(null);
      else resolve(stderr.trim() || `exited with ${code ?? signal}`);
    });
  });
}

async function probe(kind: IsolationBackend): Promise<ProbeResult> {
  const program = findSystemProgram(kind);
  if (!program) return { ok: false, backend: kind, why: `${kind} is not installed` };
  const envProgram = findSystemProgram("env");
  if (!envProgram) return { ok: false, backend: kind, why: "env (coreutils) is not installed" };
  const truth = { argv: ["true"], env: { PATH: SYSTEM_PATH }, envProgram };
  const workspace = realpathSync(mkdtempSync(path.join(tmpdir(), "stakpak-sandbox-probe-")));
  try {
    const layout: SandboxLayout = { mounts: [{ kind: "hide-dir", path: "/tmp" }, { kind: "workspace", path: workspace, writable: true }], cwd: workspace, network: "none", ...sandboxIdentity() };
    if (kind === "unshare") {
      const why = await runProbe(unshareCommand(program, layout, truth));
      return why === null ? { ok: true, backend: { kind, program } } : { ok: false, backend: kind, why };
    }
    // bubblewrap older than 0.8 has no --disable-userns; without it the sandbox still holds.
    const strict = await runProbe(bwrapCommand(program, layout, truth, { disableUserns: true }));
    if (strict === null) return { ok: true, backend: { kind, program, disableUserns: true } };
    const plain = await runProbe(bwrapCommand(program, layout, truth, { disableUserns: false }));
    return plain === null ? { ok: true, backend: { kind, program, disableUserns: false } } : { ok: false, backend: kind, why: plain };
  } finally {
    rmdirSync(workspace);
  }
}

const probes = new Map<IsolationBackend, Promise<ProbeResult>>();

/** Probes a backend once per process: whether it works does not change while the bot runs. */
export function probeBackend(kind: IsolationBackend): Promise<ProbeResult> {
  let result = probes.get(kind);
  if (!result) {
    result = probe(kind);
    probes.set(kind, result);
  }
  return result;
}

/**
 * The backend to isolate with: `only` when given, else bubblewrap where it works, else unshare.
 * Returns every failed probe when none works, for the error to tell what to fix.
 */
export async function detectBackend(only?: IsolationBackend): Promise<{ backend: AvailableBackend | null; failures: ProbeResult[] }> {
  const failures: ProbeResult[] = [];
  for (const kind of only ? [only] : ISOLATION_BACKENDS) {
    const result = await probeBackend(kind);
    if (result.ok) return { backend: result.backend, failures };
    failures.push(result);
  }
  return { backend: null, failures };
}

/** The backends that work on this machine (for tests that try each one). */
export async function availableBackends(): Promise<IsolationBackend[]> {
  const results = await Promise.all(ISOLATION_BACKENDS.map((kind) => probeBackend(kind)));
  return results.filter((r) => r.ok).map((r) => r.backend.kind);
}
