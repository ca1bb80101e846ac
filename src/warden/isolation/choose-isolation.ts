import type { Decision } from "../decide.js";
import type { AvailableBackend, ProbeResult } from "./detect-backend.js";
import { isolationUnavailable } from "./isolation-unavailable.js";

/**
 * `required`: every command runs isolated, or none runs. `allow-unisolated-reads`: where isolation
 * cannot be set up, a command whose every operation Warden judged a read runs without it (for
 * local CLI use, never the Action); its result says `isolation: "none"`.
 */
export type IsolationPolicy = "required" | "allow-unisolated-reads";

/** Every operation is a read (a line with none is not: there is nothing to vouch for). */
export function isPureRead(decision: Decision): boolean {
  return decision.operations.length > 0 && decision.operations.every((op) => op.effect === "read");
}

/** The backend to run with, null for an unisolated read the policy allows, else a UserError. */
export function chooseIsolation(decision: Decision, policy: IsolationPolicy, detected: { backend: AvailableBackend | null; failures: readonly ProbeResult[] }): AvailableBackend | null {
  if (detected.backend) return detected.backend;
  if (policy === "allow-unisolated-reads" && isPureRead(decision)) return null;
  throw isolationUnavailable(detected.failures);
}
