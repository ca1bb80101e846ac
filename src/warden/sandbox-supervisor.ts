/**
 * The small program the sandbox runs (with `node -e`) through @actions/exec, which itself has no
 * timeout: it starts the real argv without a shell in its own process group, stops the whole
 * group when the time is up, forwards at most `maxBytes` of each stream, and reports what
 * happened on stderr behind a nonce the parent strips.
 *
 * It is a plain string, not a function's source, so that no bundler can rewrite its `require`.
 * Its input is one JSON argument: { argv, timeoutMs, maxBytes, nonce }.
 */
export const SUPERVISOR_SOURCE = String.raw`
"use strict";
const { spawn } = require("node:child_process");
const spec = JSON.parse(process.argv[process.argv.length - 1]);
const [command, ...args] = spec.argv;
const status = { timedOut: false, truncated: false, spawnError: "" };
let reported = false;
function report(code) {
  if (reported) return;
  reported = true;
  process.stderr.write("\n" + spec.nonce + JSON.stringify(status) + "\n", () => process.exit(code));
}
const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true, shell: false });
const counts = { out: 0, err: 0 };
function forward(stream, key) {
  return (chunk) => {
    const room = spec.maxBytes - counts[key];
    counts[key] += chunk.length;
    if (room <= 0) { status.truncated = true; return; }
    if (chunk.length > room) status.truncated = true;
    stream.write(chunk.subarray(0, room));
  };
}
child.stdout.on("data", forward(process.stdout, "out"));
child.stderr.on("data", forward(process.stderr, "err"));
function kill(signal) {
  try { process.kill(-child.pid, signal); } catch (e) { /* already gone */ }
}
const timer = setTimeout(() => {
  status.timedOut = true;
  kill("SIGTERM");
  setTimeout(() => kill("SIGKILL"), 2000).unref();
}, spec.timeoutMs);
child.on("error", (error) => {
  clearTimeout(timer);
  status.spawnError = error.code === "ENOENT" ? command + ": not found on PATH" : error.message;
  report(127);
});
child.on("close", (code, signal) => {
  clearTimeout(timer);
  report(status.timedOut ? 124 : (code === null ? (signal ? 128 : 1) : code));
});
`;
