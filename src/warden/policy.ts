import type { Effect, Target } from "./operation.js";

export const VERDICTS = ["allow", "require_approval", "deny"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Stricter is higher: when rules disagree, the highest wins ("deny wins"). */
export const VERDICT_RANK: Readonly<Record<Verdict, number>> = { allow: 0, require_approval: 1, deny: 2 };

export function strictest(a: Verdict, b: Verdict): Verdict {
  return VERDICT_RANK[a] >= VERDICT_RANK[b] ? a : b;
}

/** What a rule looks at. Every field is optional; a list matches any of its items. */
export interface RuleMatch {
  target?: readonly Target[];
  /** minimatch globs. */
  service?: readonly string[];
  verb?: readonly string[];
  effect?: readonly Effect[];
  /** minimatch globs over the operation's resources. */
  resource?: readonly string[];
  /** Globs over the environment name the operation was found to target. */
  environment?: readonly string[];
  dry_run?: boolean;
  local?: boolean;
}

export interface PolicyRule {
  id: string;
  match: RuleMatch;
  decision: Verdict;
  reason: string;
  /** `file:line` of the rule, for explain; null for built-in rules. */
  where: string | null;
}

/** How an operation's markers (profile, context, namespace, resource names) map to an environment. */
export interface EnvironmentMatcher {
  name: string;
  /** Wildcards: `*` is any text (slashes included), `?` one character; case-insensitive. */
  patterns: readonly string[];
}

export interface PlanGatePolicy {
  /** Resource types or addresses (minimatch) whose delete or replace is denied. */
  protected: readonly string[];
  /** Whether the built-in protected list (databases, buckets, keys, DNS, IAM, state, PVCs, namespaces) applies. */
  protectDefaults: boolean;
  /** Per environment, the only addresses a plan may change there. */
  allowedAddresses: Readonly<Record<string, readonly string[]>>;
}

export interface WardenPolicy {
  /** The file the policy came from; null for the built-in default. */
  source: string | null;
  environments: readonly EnvironmentMatcher[];
  /** The repository's rules; matched before the built-in defaults, strictest match wins. */
  rules: readonly PolicyRule[];
  plan: PlanGatePolicy;
}

export const EMPTY_POLICY: WardenPolicy = {
  source: null,
  environments: [],
  rules: [],
  plan: { protected: [], protectDefaults: true, allowedAddresses: {} },
};
