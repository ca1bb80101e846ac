import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";
import type { Decision } from "./decide.js";
import type { PlanDecision } from "./judge-plan.js";

/** One line of the audit log. Every text field went through the redactor before it was written. */
export type AuditEntry =
  | {
      time: string;
      kind: "decision";
      command: string;
      decision: Decision["decision"];
      rule: string;
      reason: string;
      environment: string | null;
      operations: { target: string; service: string; verb: string; effect: string; decision: string; rule: string }[];
    }
  | {
      time: string;
      kind: "execution";
      command: string;
      argv: string[];
      cwd: string;
      /** Names (never values) of the variables the process got. */
      env: string[];
      exitCode: number | null;
      timedOut: boolean;
      truncated: boolean;
      durationMs: number;
    }
  | {
      time: string;
      kind: "plan";
      file: string;
      tool: PlanDecision["tool"];
      environment: string | null;
      decision: PlanDecision["decision"];
      rule: string;
      reason: string;
      resources: { address: string; action: string; decision: string; rule: string }[];
    };

type WithoutTime<T> = T extends unknown ? Omit<T, "time"> : never;

/**
 * An append-only JSON Lines file: each entry is one `write` with O_APPEND, so entries from
 * concurrent runs never interleave within a line and nothing already written is rewritten.
 */
export class AuditLog {
  readonly file: string;
  private readonly redact: (text: string) => string;

  constructor(file: string, redact: (text: string) => string) {
    this.file = path.resolve(file);
    this.redact = redact;
  }

  async append(entry: WithoutTime<AuditEntry>): Promise<void> {
    const line = this.redact(JSON.stringify({ time: new Date().toISOString(), ...entry }));
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${line}\n`, { flag: "a", mode: 0o600 });
  }

  decision(decision: Decision, environment: string | null): Promise<void> {
    return this.append({
      kind: "decision",
      command: decision.command,
      decision: decision.decision,
      rule: decision.rule,
      reason: decision.reason,
      environment,
      operations: decision.operations.map((op) => ({ target: op.target, service: op.service, verb: op.verb, effect: op.effect, decision: op.decision, rule: op.rule })),
    });
  }

  plan(file: string, decision: PlanDecision): Promise<void> {
    return this.append({
      kind: "plan",
      file,
      tool: decision.tool,
      environment: decision.environment,
      decision: decision.decision,
      rule: decision.rule,
      reason: decision.reason,
      resources: decision.resources.map((r) => ({ address: r.address, action: r.action, decision: r.decision, rule: r.rule })),
    });
  }
}
