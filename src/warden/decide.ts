import { DEFAULT_RULES, DEPLOY_RULES, UNKNOWN_CAP } from "./default-policy.js";
import { inferEnvironment, ruleMatches } from "./match-rule.js";
import type { Operation } from "./operation.js";
import { VERDICT_RANK, type PolicyRule, type Verdict, type WardenPolicy } from "./policy.js";

export interface DecideOptions {
  /** The environment being deployed (`deploy <env>`, `--env`): changes elsewhere are denied. */
  environment?: string | null;
}

/** One operation with the verdict on it. */
export interface OperationVerdict extends Operation {
  /** The environment it was found to target, or null. */
  environment: string | null;
  decision: Verdict;
  /** The rule that decided: a repository rule's id, `default.*` or `deploy.*`. */
  rule: string;
  reason: string;
}

export interface Decision {
  command: string;
  decision: Verdict;
  /** Why, in one line: the deciding rule's reason and what the operation does. */
  reason: string;
  rule: string;
  operations: OperationVerdict[];
}

interface Ruling {
  decision: Verdict;
  rule: string;
  reason: string;
}

function fromRule(rule: PolicyRule): Ruling {
  return { decision: rule.decision, rule: rule.id, reason: rule.reason };
}

/** Judges one operation: deploy boundaries, then the repository's rules (strictest wins), then the defaults. */
export function judgeOperation(op: Operation, policy: WardenPolicy, options: DecideOptions = {}): OperationVerdict {
  const env = inferEnvironment(op, policy.environments);
  const deploying = options.environment ?? null;
  const changes = op.effect !== "read" && !op.local;
  let boundary: Ruling | null = null;
  if (deploying && changes && op.effect !== "unknown") {
    if (env.candidates.length > 1) boundary = { decision: "deny", rule: DEPLOY_RULES.ambiguousEnvironment.id, reason: DEPLOY_RULES.ambiguousEnvironment.reason };
    else if (env.name !== null && env.name !== deploying) boundary = { decision: "deny", rule: DEPLOY_RULES.otherEnvironment.id, reason: `${DEPLOY_RULES.otherEnvironment.reason} (deploying ${deploying}, this targets ${env.name})` };
  }

  let ruling: Ruling | undefined;
  for (const rule of policy.rules) {
    if (!ruleMatches(rule, op, env.name)) continue;
    if (!ruling || VERDICT_RANK[rule.decision] > VERDICT_RANK[ruling.decision]) ruling = fromRule(rule);
  }
  if (ruling && op.effect === "unknown" && ruling.decision === "allow") ruling = { decision: "require_approval", rule: UNKNOWN_CAP.id, reason: UNKNOWN_CAP.reason };
  if (!ruling && deploying && changes && op.effect === "write") {
    if (env.name === deploying) ruling = { decision: "allow", rule: DEPLOY_RULES.sameEnvironment.id, reason: DEPLOY_RULES.sameEnvironment.reason };
    else if (env.name === null) ruling = { decision: "require_approval", rule: DEPLOY_RULES.unknownEnvironment.id, reason: DEPLOY_RULES.unknownEnvironment.reason };
  }
  if (!ruling) {
    const fallback = DEFAULT_RULES.find((rule) => ruleMatches(rule, op, env.name));
    // The defaults cover every effect; reaching here would be a bug, and the safe answer is deny.
    ruling = fallback ? fromRule(fallback) : { decision: "deny", rule: "default.unknown", reason: "no rule matched" };
  }
  const final = boundary && VERDICT_RANK[boundary.decision] >= VERDICT_RANK[ruling.decision] ? boundary : ruling;
  return { ...op, environment: env.name, decision: final.decision, rule: final.rule, reason: final.reason };
}

/** The line's decision: the strictest over its operations (deny wins); nothing to run is allowed. */
export function decide(command: string, operations: readonly Operation[], policy: WardenPolicy, options: DecideOptions = {}): Decision {
  const verdicts = operations.map((op) => judgeOperation(op, policy, options));
  let worst: OperationVerdict | undefined;
  for (const v of verdicts) {
    if (!worst || VERDICT_RANK[v.decision] > VERDICT_RANK[worst.decision]) worst = v;
  }
  if (!worst) return { command, decision: "allow", reason: "nothing would run", rule: "default.nothing-to-run", operations: [] };
  const what = [worst.target, worst.service, worst.verb].filter(Boolean).join(" ");
  return {
    command,
    decision: worst.decision,
    reason: `${worst.reason} — ${what}: ${worst.why}`,
    rule: worst.rule,
    operations: verdicts,
  };
}
