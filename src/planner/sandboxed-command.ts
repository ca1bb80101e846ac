import type { Redactor } from "../redact/redactor.js";
import { isUserError } from "../user-error.js";
import type { AuditLog } from "../warden/audit-log.js";
import { runInSandbox, type SandboxOptions } from "../warden/sandbox.js";
import type { Warden } from "../warden/warden.js";
import type { CommandReport } from "./agent-run.js";

export interface AgentSandboxOptions {
  warden: Warden;
  redactor: Redactor;
  /** The environment commands pick their allowed variables from. */
  env: Readonly<Record<string, string | undefined>>;
  environment?: string | null;
  audit?: AuditLog;
  /** Passed to the sandbox as they are (time limit, output cap, credentials, isolation). */
  sandbox?: Omit<SandboxOptions, "redactor" | "env" | "environment" | "audit" | "approved">;
}

/**
 * The run_command tool's way into the sandbox: Warden judges, the vault restores, the output
 * comes back redacted. The agent never approves: a require_approval is a refusal for this run,
 * whatever the model says.
 */
export function sandboxedCommands(options: AgentSandboxOptions): (command: string) => Promise<CommandReport> {
  const { redactor } = options;
  return async (command) => {
    try {
      const result = await runInSandbox(options.warden, command, {
        ...options.sandbox,
        redactor,
        env: options.env,
        environment: options.environment ?? null,
        ...(options.audit ? { audit: options.audit } : {}),
        approved: false,
      });
      const decision = result.decision;
      return {
        ran: result.ran,
        refused: result.ran ? null : redactor.redact(`${result.refused ?? "not run"} (rule ${decision.rule})`),
        exitCode: result.exitCode,
        stdout: redactor.redact(result.stdout),
        stderr: redactor.redact(result.stderr),
        timedOut: result.timedOut,
        truncated: result.truncated,
      };
    } catch (error) {
      if (!isUserError(error)) throw error;
      const text = [error.summary, error.hint && `Hint: ${error.hint}`].filter(Boolean).join(" ");
      return { ran: false, refused: redactor.redact(text), exitCode: null, stdout: redactor.redact(""), stderr: redactor.redact(""), timedOut: false, truncated: false };
    }
  };
}
