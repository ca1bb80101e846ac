/**
 * The typed model of a plan that the rest of the tool works with. It is built from terraform's
 * JSON plan (or kubectl's diff) and never holds a value terraform marked sensitive: those are
 * replaced by `{ kind: "sensitive" }` while parsing, so nothing downstream can leak them.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One side of an attribute change. */
export type PlanValue =
  | { kind: "known"; value: JsonValue }
  | { kind: "sensitive" }
  | { kind: "unknown" }
  | { kind: "absent" };

export type ResourceAction = "create" | "update" | "delete" | "replace" | "read" | "no-op" | "forget";

export type ReplaceOrder = "create-before-destroy" | "delete-before-create";

export interface AttributeChange {
  /** Terraform-style path: `input.name`, `triggers_replace[0]`, `tags["kubernetes.io/role"]`. */
  path: string;
  before: PlanValue;
  after: PlanValue;
  /** This attribute is why the resource must be replaced. */
  forcesReplacement: boolean;
}

export interface ResourceChange {
  address: string;
  /** `module.network` or `module.a.module.b`; null for the root module. */
  module: string | null;
  mode: "managed" | "data";
  type: string;
  name: string;
  index: string | number | null;
  provider: string;
  action: ResourceAction;
  replaceOrder: ReplaceOrder | null;
  /** Set when the resource is being imported; `id` is the import id when terraform gives one. */
  importing: { id: string | null } | null;
  /** Set when a `moved` block renames the resource. */
  previousAddress: string | null;
  /** terraform's `action_reason`, e.g. `delete_because_no_resource_config`. */
  reason: string | null;
  attributes: AttributeChange[];
  /** At least one attribute of this resource is sensitive. */
  sensitive: boolean;
}

export interface OutputChange {
  name: string;
  action: ResourceAction;
  before: PlanValue;
  after: PlanValue;
  sensitive: boolean;
}

/** A terraform 1.14 provider action the apply would run. */
export interface ActionInvocation {
  /** `action.aws_lambda_invoke.notify`, `module.m.action.x.y[0]`. */
  address: string;
  type: string;
  provider: string | null;
  /** A resource's lifecycle event (`after_create` of `aws_instance.web`), `terraform apply -invoke`, or a kind newer than this tool. */
  trigger: { kind: "lifecycle"; resource: string; event: string } | { kind: "invoke"; resource: string | null } | { kind: "unknown" };
  /** The action's configuration, one entry per leaf (before is always absent), sensitive parts masked. */
  config: AttributeChange[];
}

export interface Diagnostic {
  severity: "error" | "warning";
  summary: string;
  detail: string;
  /** `main.tf:12:3` when terraform knows where. */
  where: string | null;
  snippet: string | null;
}

/** The counters of a plan summary, in the order reports print them. */
export const PLAN_COUNT_KEYS = [
  "add",
  "change",
  "replace",
  "destroy",
  "import",
  "move",
  "forget",
  "read",
  "outputChanges",
  "drifted",
  "invoke",
] as const;

export type PlanCounts = Record<(typeof PLAN_COUNT_KEYS)[number], number>;

export function emptyPlanCounts(): PlanCounts {
  return { add: 0, change: 0, replace: 0, destroy: 0, import: 0, move: 0, forget: 0, read: 0, outputChanges: 0, drifted: 0, invoke: 0 };
}

export interface PlanSummary extends PlanCounts {
  /** True when applying would change anything (resources or outputs). */
  hasChanges: boolean;
}

export interface TerraformPlan {
  tool: "terraform";
  formatVersion: string;
  terraformVersion: string;
  /** Every resource terraform lists; `no-op` entries without import or move are kept out. */
  resourceChanges: ResourceChange[];
  /** Changes terraform found outside of terraform while refreshing (drift). */
  resourceDrift: ResourceChange[];
  outputChanges: OutputChange[];
  /** Provider actions (terraform 1.14) the apply would run. */
  actionInvocations: ActionInvocation[];
  /**
   * Top-level parts of the plan holding something this tool does not read (`deferred_changes`,
   * `deferred_action_invocations`, a list a newer terraform adds). The plan gate never allows such a plan.
   */
  unrecognizedParts: string[];
  summary: PlanSummary;
  applyable: boolean;
  complete: boolean;
  errored: boolean;
}
