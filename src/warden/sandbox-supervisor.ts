/** What the supervisor reads on stdin: one JSON document. */
export interface SupervisorSpec {
  /** The command to start: the isolated command line, or the program itself when unisolated. */
  argv: string[];
  /** Its variables (the supervisor itself runs with a bare environment). */
  env: Record<string, string>;
  /** Its directory (only used unisolated: isolated, the sandbox enters the directory itself). */
  cwd: string;
  timeoutMs: number;
  /** The most it forwards of each stream; the parent cuts to the real cap after redacting. */
  ceilingBytes: number;
  nonce: string;
  /** The command is a sandbox (bwrap or unshare) that reports on fd 3 once it is set up. */
  isolated: boolean;
}

/** What the supervisor reports on stderr, behind the nonce. */
export interface SupervisorStatus {
  timedOut: boolean;
  /** It stopped forwarding a stream at `ceilingBytes`. */
  truncated: boolean;
  spawnError: string;
  /** The sandbox said it was set up (always true unisolated). */
  ready: boolean;
}

/**
 * The small program the sandbox runs (with `node -e`) through @actions/exec, which itself has no
 * timeout. Its spec comes on stdin, never in argv: an argument list holds 128 KB per argument at
 * most, and the parent's own exec must not be the thing that fails.
 *
 * It starts the command without a shell in its own process group and forwards at most
 * `ceilingBytes` of each stream. At the time limit, an isolated command is killed through its
 * namespace: SIGKILL to the sandbox's PID 1 (the child of bwrap or unshare), which takes every
 * process of that PID namespace with it (a `setsid -f` or a grandchild that ignores SIGTERM
 * included), then to bwrap or unshare. When the command has exited it waits a moment for its output
 * to drain, and no longer (unisolated, a grandchild could hold the pipes open forever). It reports
 * what happened on stderr behind a nonce the parent strips.
 *
 * It is a plain string, not a function's source, so that no bundler can rewrite its `require`.
 */
export const SUPERVISOR_SOURCE = String.raw`
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const DRAIN_MS = 2000;
const status = { timedOut: false, truncated: false, spawnError: "", ready: false };
let nonce = "@@stakpak-sandbox-unknown@@";
let reported = false;
function report(code) {
  if (reported) return;
  reported = true;
  process.stderr.write("\n" + nonce + JSON.stringify(status) + "\n", () => process.exit(code));
}
function childrenOf(pid) {
  try {
    return fs.readFileSync("/proc/" + pid + "/task/" + pid + "/children", "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch (e) {
    // Without CONFIG_PROC_CHILDREN: look for processes whose parent it is.
    const found = [];
    for (const name of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync("/proc/" + name + "/stat", "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid === pid) found.push(Number(name));
      } catch (e2) { /* gone */ }
    }
    return found;
  }
}
function signal(pid, sig) {
  try { process.kill(pid, sig); } catch (e) { /* already gone */ }
}
function main(spec) {
  nonce = spec.nonce;
  status.ready = !spec.isolated;
  const [command, ...args] = spec.argv;
  let child;
  try {
    child = spawn(command, args, {
      stdio: ["ignore", "pipe", "pipe", spec.isolated ? "pipe" : "ignore"],
      detached: true,
      shell: false,
      env: spec.env,
      cwd: spec.cwd,
    });
  } catch (error) {
    status.spawnError = spawnMessage(error, command);
    return report(126);
  }
  const counts = { out: 0, err: 0 };
  function forward(stream, key) {
    return (chunk) => {
      const room = spec.ceilingBytes - counts[key];
      counts[key] += chunk.length;
      if (room <= 0) { status.truncated = true; return; }
      if (chunk.length > room) status.truncated = true;
      stream.write(chunk.subarray(0, room));
    };
  }
  child.stdout.on("data", forward(process.stdout, "out"));
  child.stderr.on("data", forward(process.stderr, "err"));
  let ready = "";
  if (spec.isolated) child.stdio[3].on("data", (chunk) => { ready += chunk.toString(); if (ready === "ok") status.ready = true; });
  function killAll() {
    if (spec.isolated) {
      for (const pid of childrenOf(child.pid)) signal(pid, "SIGKILL");
      signal(child.pid, "SIGKILL");
    }
    signal(-child.pid, "SIGKILL");
  }
  const timer = setTimeout(() => {
    status.timedOut = true;
    if (spec.isolated) return killAll();
    signal(-child.pid, "SIGTERM");
    setTimeout(killAll, 2000).unref();
  }, spec.timeoutMs);
  let exitCode = null;
  child.on("error", (error) => {
    clearTimeout(timer);
    status.spawnError = spawnMessage(error, command);
    report(error.code === "ENOENT" ? 127 : 126);
  });
  child.on("exit", (code, sig) => {
    exitCode = status.timedOut ? 124 : (code === null ? 128 + (sig ? require("node:os").constants.signals[sig] || 0 : 0) : code);
    // Drained by now unless something else holds the pipes: then it is killed, and not waited for.
    setTimeout(() => {
      killAll();
      child.stdout.destroy();
      child.stderr.destroy();
      report(exitCode);
    }, DRAIN_MS).unref();
  });
  child.on("close", (code, sig) => {
    clearTimeout(timer);
    if (exitCode === null) exitCode = status.timedOut ? 124 : (code === null ? 128 : code);
    report(exitCode);
  });
}
function spawnMessage(error, command) {
  if (error.code === "ENOENT") return command + ": not found on PATH";
  if (error.code === "E2BIG") return "the command line is too long for the system to start (E2BIG)";
  if (error.code === "ENOTDIR") return "the directory to run in is not a directory";
  return error.message;
}
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  let spec;
  try {
    spec = JSON.parse(input);
  } catch (error) {
    status.spawnError = "the sandbox supervisor got no valid spec";
    return report(125);
  }
  main(spec);
});
`;
