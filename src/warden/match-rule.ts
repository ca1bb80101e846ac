import { Minimatch } from "minimatch";
import type { Operation } from "./operation.js";
import type { EnvironmentMatcher, PolicyRule } from "./policy.js";

const globs = new Map<string, Minimatch>();
const wildcards = new Map<string, RegExp>();

/** minimatch, compiled once per pattern (policies are small; decisions are many). */
export function globMatch(pattern: string, value: string): boolean {
  let mm = globs.get(pattern);
  if (!mm) {
    mm = new Minimatch(pattern, { dot: true, nocomment: true, nonegate: true });
    globs.set(pattern, mm);
  }
  return mm.match(value);
}

/** `*` is any text including slashes, `?` one character, case-insensitive: for environment markers. */
export function wildcardMatch(pattern: string, value: string): boolean {
  let re = wildcards.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, "i");
    wildcards.set(pattern, re);
  }
  return re.test(value);
}

export interface InferredEnvironment {
  /** The one environment the operation targets, or null. */
  name: string | null;
  /** Every environment some marker matched (more than one means it cannot be told apart). */
  candidates: string[];
}

/** The environment an operation targets, from its markers (profile, context, namespace, ...) and resources. */
export function inferEnvironment(op: Operation, environments: readonly EnvironmentMatcher[]): InferredEnvironment {
  if (environments.length === 0) return { name: null, candidates: [] };
  const values = [...op.markers, ...op.resources];
  const candidates = environments.filter((env) => env.patterns.some((p) => values.some((v) => wildcardMatch(p, v)))).map((env) => env.name);
  return { name: candidates.length === 1 ? (candidates[0] ?? null) : null, candidates };
}

/**
 * Whether a rule applies to an operation. A resource glob must match every resource for a rule
 * that allows (so one allowed name cannot carry others along) and any resource for a rule that
 * denies or asks for approval.
 */
export function ruleMatches(rule: PolicyRule, op: Operation, environment: string | null): boolean {
  const m = rule.match;
  if (m.target && !m.target.includes(op.target)) return false;
  if (m.effect && !m.effect.includes(op.effect)) return false;
  if (m.dry_run !== undefined && m.dry_run !== op.dry_run) return false;
  if (m.local !== undefined && m.local !== op.local) return false;
  if (m.service && !m.service.some((p) => globMatch(p, op.service))) return false;
  if (m.verb && !m.verb.some((p) => globMatch(p, op.verb))) return false;
  if (m.environment && (environment === null || !m.environment.some((p) => globMatch(p, environment)))) return false;
  if (m.resource) {
    if (op.resources.length === 0) return false;
    const hit = (r: string) => m.resource?.some((p) => globMatch(p, r)) ?? false;
    if (rule.decision === "allow" ? !op.resources.every(hit) : !op.resources.some(hit)) return false;
  }
  return true;
}
