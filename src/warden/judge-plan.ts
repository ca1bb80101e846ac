import type { KubernetesDiffView } from "../iac/project-run.js";
import type { ResourceAction, TerraformPlan } from "../iac/plan-model.js";

/** What the gate judges per entry: a resource action, or a provider action run (terraform 1.14 `action`). */
export type GatedAction = ResourceAction | "invoke";
import { globMatch } from "./match-rule.js";
import { VERDICT_RANK, type Verdict, type WardenPolicy } from "./policy.js";
import { PROTECTED_FAMILIES } from "./protected-resources.js";

export interface JudgePlanOptions {
  /** The environment the plan is for; picks `plan.allowed_addresses.<env>` from the policy. */
  environment?: string | null;
  /** The only addresses the plan may change (globs); overrides the policy's list for the environment. */
  allowedAddresses?: readonly string[];
}

export interface PlanResourceVerdict {
  /** Terraform address, or `Kind/namespace/name` (`Kind/name` when cluster-scoped) for Kubernetes. */
  address: string;
  /** Terraform resource type (or action type), or Kubernetes kind. */
  type: string;
  action: GatedAction;
  decision: Verdict;
  /** `plan.protected`, `plan.destroy`, `plan.outside-allowed`, `plan.change`, ... */
  rule: string;
  reason: string;
}

export interface PlanDecision {
  tool: "terraform" | "kubernetes";
  environment: string | null;
  decision: Verdict;
  reason: string;
  rule: string;
  resources: PlanResourceVerdict[];
}

interface Change {
  address: string;
  type: string;
  action: GatedAction;
}

/** Plan gate rules, as data: what each rule decides and says. */
export const PLAN_RULES = {
  errored: { id: "plan.errored", decision: "deny", reason: "the plan is incomplete (terraform reported errors), so what it would do is not known" },
  unrecognized: { id: "plan.unrecognized", decision: "deny", reason: "the plan holds parts Warden does not understand, so what applying it would do is not fully known" },
  outsideAllowed: { id: "plan.outside-allowed", decision: "deny", reason: "changes an address outside those allowed for this environment" },
  protectedDestroy: { id: "plan.protected", decision: "deny", reason: "deletes or replaces a protected resource" },
  destroy: { id: "plan.destroy", decision: "require_approval", reason: "deletes or replaces a resource" },
  action: { id: "plan.action", decision: "require_approval", reason: "runs a provider action, whose effect the plan does not describe" },
  forget: { id: "plan.forget", decision: "require_approval", reason: "removes a resource from terraform's state (it keeps running unmanaged)" },
  change: { id: "plan.change", decision: "allow", reason: "creates, updates, imports or moves a resource" },
  noChanges: { id: "plan.no-changes", decision: "allow", reason: "the plan changes nothing" },
} as const satisfies Record<string, { id: string; decision: Verdict; reason: string }>;

/** The protected family a resource belongs to, by type/kind or address. */
export function protectedBy(change: { type: string; address: string }, policy: WardenPolicy): string | null {
  if (policy.plan.protectDefaults) {
    for (const family of PROTECTED_FAMILIES) {
      if (family.globs.some((g) => globMatch(g, change.type) || globMatch(g, change.address))) return family.why;
    }
  }
  const own = policy.plan.protected.find((g) => globMatch(g, change.type) || globMatch(g, change.address));
  return own ? `protected by the policy (${own})` : null;
}

function terraformChanges(plan: TerraformPlan): Change[] {
  const resources: Change[] = plan.resourceChanges
    .filter((rc) => rc.mode === "managed" && rc.action !== "read")
    .map((rc) => ({ address: rc.address, type: rc.type, action: rc.action }));
  const actions: Change[] = plan.actionInvocations.map((ai) => ({ address: ai.address, type: ai.type, action: "invoke" }));
  return [...resources, ...actions];
}

function kubernetesChanges(diff: KubernetesDiffView): Change[] {
  return diff.objects.map((o) => ({ address: o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`, type: o.kind, action: o.action }));
}

/**
 * Judges a plan per resource: a destroy or replace of a protected resource is denied, any other
 * destroy (and any provider action run) needs approval, and a change outside the environment's
 * allowed addresses is denied. The plan's decision is the strictest of its resources'; a plan
 * terraform marked errored, or one holding parts the parser does not read, is denied.
 */
export function judgePlan(plan: TerraformPlan | KubernetesDiffView, policy: WardenPolicy, options: JudgePlanOptions = {}): PlanDecision {
  const environment = options.environment ?? null;
  const tool = "tool" in plan ? "terraform" : "kubernetes";
  const allowed = options.allowedAddresses ?? (environment ? policy.plan.allowedAddresses[environment] : undefined);
  const changes = "tool" in plan ? terraformChanges(plan) : kubernetesChanges(plan);
  const resources: PlanResourceVerdict[] = changes.map((change) => {
    const verdict = (rule: { id: string; decision: Verdict; reason: string }, detail?: string): PlanResourceVerdict => ({
      ...change,
      decision: rule.decision,
      rule: rule.id,
      reason: detail ? `${rule.reason}: ${detail}` : rule.reason,
    });
    if (change.action === "no-op") return verdict(PLAN_RULES.change, "moved or imported without changes");
    if (allowed && !allowed.some((g) => globMatch(g, change.address))) return verdict(PLAN_RULES.outsideAllowed, `${environment ?? "this environment"} allows ${allowed.join(", ")}`);
    if (change.action === "delete" || change.action === "replace") {
      const why = protectedBy(change, policy);
      return why ? verdict(PLAN_RULES.protectedDestroy, why) : verdict(PLAN_RULES.destroy);
    }
    if (change.action === "forget") return verdict(PLAN_RULES.forget);
    if (change.action === "invoke") return verdict(PLAN_RULES.action);
    return verdict(PLAN_RULES.change);
  });
  if ("tool" in plan && plan.errored) {
    return { tool, environment, decision: "deny", rule: PLAN_RULES.errored.id, reason: PLAN_RULES.errored.reason, resources };
  }
  // Fail closed: a part of the plan that is not read could hold any change.
  if ("tool" in plan && plan.unrecognizedParts.length > 0) {
    const reason = `${PLAN_RULES.unrecognized.reason}: ${plan.unrecognizedParts.join(", ")}`;
    return { tool, environment, decision: "deny", rule: PLAN_RULES.unrecognized.id, reason, resources };
  }
  let worst: PlanResourceVerdict | undefined;
  for (const r of resources) if (!worst || VERDICT_RANK[r.decision] > VERDICT_RANK[worst.decision]) worst = r;
  if (!worst) return { tool, environment, decision: "allow", rule: PLAN_RULES.noChanges.id, reason: PLAN_RULES.noChanges.reason, resources };
  const count = resources.filter((r) => r.decision === worst.decision).length;
  return {
    tool,
    environment,
    decision: worst.decision,
    rule: worst.rule,
    reason: `${worst.address} ${worst.reason}${count > 1 ? ` (and ${count - 1} more)` : ""}`,
    resources,
  };
}
