import { UserError } from "../../user-error.js";
import type { ProbeResult } from "./detect-backend.js";

export const ENABLE_ISOLATION_HINT =
  "install bubblewrap (`sudo apt-get install -y bubblewrap`) and allow unprivileged user namespaces " +
  "(on Ubuntu 24.04: `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`); the shipped workflow does both. " +
  "For local use only, `isolation: allow-unisolated-reads` lets pure reads run without isolation.";

/** The sandbox cannot isolate a command here, so it runs none: what failed and how to enable it. */
export function isolationUnavailable(failures: readonly ProbeResult[]): UserError {
  return new UserError({
    summary: "The sandbox cannot isolate commands on this machine, so it runs none.",
    detail: failures.map((f) => `${f.backend}: ${f.ok ? "works" : f.why}`).join("\n"),
    hint: ENABLE_ISOLATION_HINT,
  });
}

/** The sandbox was set up before but failed for this command (before the program started). */
export function isolationFailed(backend: string, stderr: string): UserError {
  return new UserError({
    summary: `The sandbox could not isolate this command (${backend}), so it did not run.`,
    detail: stderr.trim() || undefined,
    hint: "a directory that changed while the sandbox was set up, or a mount that cannot be made read-only; run it again, or see the detail",
  });
}
