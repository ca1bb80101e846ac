import { UserError } from "../user-error.js";
import {
  emptyPlanCounts,
  type ActionInvocation,
  type AttributeChange,
  type JsonValue,
  type OutputChange,
  type PlanSummary,
  type PlanValue,
  type ReplaceOrder,
  type ResourceAction,
  type ResourceChange,
  type TerraformPlan,
} from "./plan-model.js";
import { collectSensitiveValues, createTextMasker, SENSITIVE_TEXT, sensitiveOutputNames, type TextMasker } from "./sensitive-values.js";
import { alignListElements, MAX_LCS_CELLS } from "./align-list-elements.js";
import { planTextFromFile } from "./plan-text-encoding.js";
import { describeOffset, JsonTextError, selectJsonMembers, type MemberSelection } from "./select-json-members.js";
import {
  rawPlanSchema,
  type RawAction,
  type RawActionInvocation,
  type RawDriftChange,
  type RawPlan,
  type RawResourceChange,
} from "./terraform-plan-json.js";

type PathSegment = string | number;

/**
 * The top-level members of a JSON plan this parser reads; the rest is checked but never built.
 * Of `planned_values` and `prior_state` only the outputs are read: format 0.1 marks sensitive
 * outputs there alone.
 */
const PLAN_MEMBERS_READ: MemberSelection = new Map<string, MemberSelection | true>([
  ...[
    "format_version",
    "terraform_version",
    "variables",
    "resource_changes",
    "resource_drift",
    "output_changes",
    "action_invocations",
    "configuration",
    "applyable",
    "complete",
    "errored",
  ].map((name) => [name, true] as const),
  ["planned_values", new Map([["outputs", true]])],
  // An output being removed is only in the prior state: that is where 0.1 marks it sensitive.
  ["prior_state", new Map([["values", new Map([["outputs", true]])]])],
]);

/** Parses `terraform show -json PLANFILE` output into the typed, sensitive-free plan model. */
export function parsePlanJson(input: string | unknown, source = "plan JSON"): TerraformPlan {
  return readPlanJson(input, source).plan;
}

export interface ReadPlan {
  plan: TerraformPlan;
  /** Masks, in any text about this plan (the human-readable plan), every value the plan marks sensitive. */
  maskText(text: string): string;
}

/**
 * Like parsePlanJson, and also returns a masker for the text plan. The sensitive values stay in
 * the closure: the caller can hide them without being handed them.
 */
export function readPlanJson(
  input: string | unknown,
  source = "plan JSON",
  options: { onSensitiveValue?: (value: string) => void } = {},
): ReadPlan {
  const skipped: string[] = [];
  const data = typeof input === "string" ? parseNeededMembers(planTextFromFile(input, source), source, skipped) : input;
  const parsed = rawPlanSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UserError({
      summary: `The ${source} does not look like a terraform JSON plan.`,
      detail: parsed.error.issues
        .slice(0, 10)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("\n"),
      where: first ? first.path.join(".") : undefined,
      hint: "Pass the output of `terraform show -json PLANFILE` (format_version 1.x).",
    });
  }
  const sensitive = collectSensitiveValues(parsed.data);
  // The run's redactor learns them too, so they stay hidden in any other text (an error, a log).
  if (options.onSensitiveValue) for (const value of sensitive) options.onSensitiveValue(value);
  const mask = createTextMasker(sensitive);
  const unrecognized = unrecognizedParts(typeof input === "string" ? skipped : skippedMembersOf(data));
  // `terraform show -json` without a plan file prints the state: the same envelope, no changes.
  if (unrecognized.includes("values") && parsed.data.resource_changes === undefined && parsed.data.planned_values === undefined) {
    throw new UserError({
      summary: `The ${source} is a terraform state, not a plan.`,
      detail: "It has `values` (the resources as they are) and no `resource_changes` (what a plan would do).",
      hint: "Write the plan to a file and show that: `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`.",
    });
  }
  // A new major format version may change what the members this parser reads mean.
  if (!KNOWN_FORMAT.test(parsed.data.format_version)) unrecognized.unshift(`format_version ${parsed.data.format_version}`);
  return { plan: buildPlan(parsed.data, mask, unrecognized), maskText: mask };
}

/**
 * The members this parser reads, as a value. Anything but exactly one valid JSON value is an
 * error: trailing data (a second plan appended), invalid JSON inside skipped parts, a member
 * given twice.
 */
function parseNeededMembers(json: string, source: string, skipped: string[]): unknown {
  try {
    const needed = selectJsonMembers(json, PLAN_MEMBERS_READ, { skipped });
    // Not an object: a full parse says what it is (the schema then rejects it), or why it is not JSON.
    return JSON.parse(needed ?? json);
  } catch (err) {
    const at = err instanceof JsonTextError ? describeOffset(json, err.offset) : undefined;
    throw new UserError({
      summary: `The ${source} is not valid JSON.`,
      detail: at ? `${(err as Error).message} at ${at}` : (err as Error).message,
      ...(at ? { where: `${source}: ${at}` } : {}),
      hint: "Pass the output of `terraform show -json PLANFILE`, one plan per file.",
    });
  }
}

/**
 * Top-level members terraform writes that this parser knowingly leaves unread: the planned state
 * and prior state repeat what the changes say; checks, relevant attributes and the timestamp
 * change nothing.
 */
const KNOWN_UNREAD: ReadonlySet<string> = new Set(["planned_values", "prior_state", "relevant_attributes", "checks", "timestamp"]);

/** Plan format versions this parser knows: 0.1 (terraform 0.12–0.14) to 1.x (0.15 on). */
const KNOWN_FORMAT = /^(?:0|1)\.\d+$/;

function unrecognizedParts(skipped: readonly string[]): string[] {
  return skipped.filter((name) => !KNOWN_UNREAD.has(name));
}

/** For a plan handed over as a value: the members the text scanner would have skipped, when not empty. */
function skippedMembersOf(data: unknown): string[] {
  if (!isRecord(data)) return [];
  return Object.entries(data)
    .filter(([name, value]) => !PLAN_MEMBERS_READ.has(name) && !isEmptyContainer(value))
    .map(([name]) => name);
}

function isEmptyContainer(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function buildPlan(raw: RawPlan, secrets: TextMasker, unrecognized: string[]): TerraformPlan {
  const lcs: LcsBudget = { cellsLeft: PLAN_LCS_CELLS };
  const resourceChanges = (raw.resource_changes ?? [])
    .map((rc) => toResourceChange(rc, secrets, lcs))
    .filter((rc) => rc.action !== "no-op" || rc.importing !== null || rc.previousAddress !== null);
  // terraform 1.0.0 listed every resource in state as drift once any had drifted, without addresses
  // (hashicorp/terraform#28975): only entries that changed (or moved, in a refresh-only plan) are drift.
  const resourceDrift = (raw.resource_drift ?? [])
    .map((rc) => toResourceChange({ ...rc, address: rc.address ?? composeAddress(rc) }, secrets, lcs))
    .filter((rc) => rc.previousAddress !== null || (rc.action !== "no-op" && (rc.action !== "update" || rc.attributes.length > 0)));
  const sensitiveOutputs = sensitiveOutputNames(raw);
  const actionInvocations = (raw.action_invocations ?? []).map((ai) => toActionInvocation(ai, secrets, lcs));
  const outputChanges: OutputChange[] = Object.entries(raw.output_changes ?? {})
    .map(([name, oc]) => {
      const sensitive = oc.before_sensitive === true || oc.after_sensitive === true || sensitiveOutputs.has(name);
      return {
        name,
        action: toAction(oc.actions).action,
        before: sensitive ? SENSITIVE : planValue(oc.before, oc.before_sensitive, false, secrets),
        after: sensitive ? SENSITIVE : planValue(oc.after, oc.after_sensitive, oc.after_unknown === true, secrets),
        sensitive,
      };
    })
    .filter((oc) => oc.action !== "no-op");

  return {
    tool: "terraform",
    formatVersion: raw.format_version,
    terraformVersion: raw.terraform_version,
    resourceChanges,
    resourceDrift,
    outputChanges,
    actionInvocations,
    unrecognizedParts: unrecognized,
    summary: summarize(resourceChanges, outputChanges, resourceDrift.length, actionInvocations.length),
    applyable: raw.applyable ?? resourceChanges.length + outputChanges.length + actionInvocations.length > 0,
    complete: raw.complete ?? true,
    errored: raw.errored ?? false,
  };
}

/** `module.a.data.aws_ami.x["k"]`, from the parts terraform 1.0.0 gave without the address. */
function composeAddress(rc: RawDriftChange): string {
  const index = rc.index === undefined ? "" : typeof rc.index === "number" ? `[${rc.index}]` : `[${JSON.stringify(rc.index)}]`;
  const local = `${rc.mode === "data" ? "data." : ""}${rc.type}.${rc.name}${index}`;
  return rc.module_address ? `${rc.module_address}.${local}` : local;
}

function toActionInvocation(ai: RawActionInvocation, secrets: TextMasker, lcs: LcsBudget): ActionInvocation {
  const config: AttributeChange[] = [];
  walk([], undefined, ai.config_values, undefined, ai.config_sensitive, ai.config_unknown, { attributes: config, replacePaths: [], secrets, lcs });
  const lifecycle = ai.lifecycle_action_trigger;
  const invoked = ai.invoke_action_trigger;
  const trigger: ActionInvocation["trigger"] = lifecycle
    ? { kind: "lifecycle", resource: lifecycle.triggering_resource_address ?? "", event: lifecycle.action_trigger_event ?? "" }
    : invoked
      ? { kind: "invoke", resource: invoked.calling_resource_address ?? null }
      : { kind: "unknown" };
  return { address: ai.address, type: ai.type ?? "", provider: ai.provider_name ?? null, trigger, config };
}

function toResourceChange(rc: RawResourceChange, secrets: TextMasker, lcs: LcsBudget): ResourceChange {
  const { action, replaceOrder } = toAction(rc.change.actions);
  const attributes: AttributeChange[] = [];
  const replacePaths = (rc.change.replace_paths ?? []).map((p) => p.map(String));
  walk(
    [],
    rc.change.before,
    rc.change.after,
    rc.change.before_sensitive,
    rc.change.after_sensitive,
    rc.change.after_unknown,
    { attributes, replacePaths, secrets, lcs },
  );
  const sensitive =
    attributes.some((a) => a.before.kind === "sensitive" || a.after.kind === "sensitive") ||
    hasTrueMark(rc.change.before_sensitive) ||
    hasTrueMark(rc.change.after_sensitive);
  return {
    address: rc.address,
    module: rc.module_address ?? null,
    mode: rc.mode,
    type: rc.type,
    name: rc.name,
    index: rc.index ?? null,
    provider: rc.provider_name,
    action,
    replaceOrder,
    importing: rc.change.importing ? { id: rc.change.importing.id ?? null } : null,
    previousAddress: rc.previous_address && rc.previous_address !== rc.address ? rc.previous_address : null,
    reason: rc.action_reason ?? null,
    attributes,
    sensitive,
  };
}

/** Maps terraform's action list to one action; replace keeps its order. */
export function toAction(actions: readonly RawAction[]): { action: ResourceAction; replaceOrder: ReplaceOrder | null } {
  const [first, second] = actions;
  if (actions.length === 2 && first === "delete" && second === "create") {
    return { action: "replace", replaceOrder: "delete-before-create" };
  }
  if (actions.length === 2 && first === "create" && second === "delete") {
    return { action: "replace", replaceOrder: "create-before-destroy" };
  }
  // terraform 1.7+ plans `["create", "forget"]` when a `removed` block forgets a resource being replaced.
  if (actions.includes("forget")) return { action: "forget", replaceOrder: null };
  return { action: first ?? "no-op", replaceOrder: null };
}

/**
 * Subsequence table cells left for the whole plan: each list is bounded by MAX_LCS_CELLS, and so is
 * the sum over a plan with thousands of lists, so the cost stays linear in the plan.
 */
interface LcsBudget {
  cellsLeft: number;
}

const PLAN_LCS_CELLS = 20 * MAX_LCS_CELLS;

interface WalkContext {
  lcs: LcsBudget;
  attributes: AttributeChange[];
  replacePaths: string[][];
  secrets: TextMasker;
}

const SENSITIVE: PlanValue = { kind: "sensitive" };
const UNKNOWN: PlanValue = { kind: "unknown" };
const ABSENT: PlanValue = { kind: "absent" };

/**
 * Walks before and after together, emitting one change per leaf that differs, the way terraform's
 * own diff renderer does. A node marked sensitive is emitted as a whole and never descended into.
 * `path` is one stack shared by the whole walk (pushed and popped), since plans run to millions of nodes.
 */
function walk(
  path: PathSegment[],
  before: unknown,
  after: unknown,
  beforeMarks: unknown,
  afterMarks: unknown,
  unknownMarks: unknown,
  ctx: WalkContext,
): void {
  const beforeSensitive = beforeMarks === true;
  const afterSensitive = afterMarks === true;
  const afterUnknown = unknownMarks === true;

  if (beforeSensitive || afterSensitive) {
    if (!afterUnknown && deepEqual(before, after)) return;
    emit(path, ctx, {
      before: beforeSensitive ? (isAbsent(before) ? ABSENT : SENSITIVE) : planValue(before, beforeMarks, false, ctx.secrets),
      after: afterUnknown ? UNKNOWN : afterSensitive ? (isAbsent(after) ? ABSENT : SENSITIVE) : planValue(after, afterMarks, false, ctx.secrets),
    });
    return;
  }
  if (afterUnknown) {
    emit(path, ctx, { before: planValue(before, beforeMarks, false, ctx.secrets), after: UNKNOWN });
    return;
  }
  const beforeKind = containerKind(before);
  const afterKind = containerKind(after);
  const descend =
    (beforeKind !== "leaf" || afterKind !== "leaf") &&
    (beforeKind === afterKind || isAbsent(before) || isAbsent(after));
  if (descend) {
    if (Array.isArray(before) && Array.isArray(after)) {
      walkListElements(path, before, after, beforeMarks, afterMarks, unknownMarks, ctx);
    } else if (beforeKind === "array" || afterKind === "array") {
      const b = Array.isArray(before) ? before : [];
      const a = Array.isArray(after) ? after : [];
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        path.push(i);
        walk(path, b[i], a[i], child(beforeMarks, i), child(afterMarks, i), child(unknownMarks, i), ctx);
        path.pop();
      }
    } else {
      const b = isRecord(before) ? before : {};
      const a = isRecord(after) ? after : {};
      const keys = new Set([...Object.keys(b), ...Object.keys(a), ...recordKeys(unknownMarks)]);
      for (const key of keys) {
        path.push(key);
        walk(path, b[key], a[key], child(beforeMarks, key), child(afterMarks, key), child(unknownMarks, key), ctx);
        path.pop();
      }
    }
    return;
  }
  if (isAbsent(before) && isAbsent(after)) return;
  if (deepEqual(before, after)) return;
  emit(path, ctx, {
    before: planValue(before, beforeMarks, false, ctx.secrets),
    after: planValue(after, afterMarks, false, ctx.secrets),
  });
}

/**
 * Both sides are lists (or sets: the JSON does not tell them apart): elements are lined up by
 * value, so one element inserted or removed shows as just that, not as a change at every position
 * after it. Where elements were removed and others added at the same spot, they are paired and
 * shown as changed in place (an edited nested block is walked attribute by attribute, as
 * terraform's renderer does); the rest are shown as removed or added.
 */
function walkListElements(
  path: PathSegment[],
  before: readonly unknown[],
  after: readonly unknown[],
  beforeMarks: unknown,
  afterMarks: unknown,
  unknownMarks: unknown,
  ctx: WalkContext,
): void {
  // Most lists in an update are unchanged: say so without building a key per element.
  if (before.length === after.length && !hasTrueMark(unknownMarks) && before.every((value, i) => deepEqual(value, after[i]))) return;
  const beforeKeys = before.map((value, i) => elementKey(value, child(beforeMarks, i), undefined));
  const afterKeys = after.map((value, j) => elementKey(value, child(afterMarks, j), child(unknownMarks, j)));
  const { steps, byValueOnly, cells } = alignListElements(beforeKeys, afterKeys, Math.min(MAX_LCS_CELLS, ctx.lcs.cellsLeft));
  ctx.lcs.cellsLeft -= cells;
  let removed: number[] = [];
  let added: number[] = [];
  let changes = 0;
  const flush = (): void => {
    let k = 0;
    if (!byValueOnly) {
      for (; k < removed.length && k < added.length; k++) {
        const i = removed[k] as number;
        const j = added[k] as number;
        path.push(j);
        walk(path, before[i], after[j], child(beforeMarks, i), child(afterMarks, j), child(unknownMarks, j), ctx);
        path.pop();
      }
    }
    for (const i of removed.slice(k)) {
      if (isAbsent(before[i])) continue;
      path.push(i);
      emit(path, ctx, { before: planValue(before[i], child(beforeMarks, i), false, ctx.secrets), after: ABSENT });
      path.pop();
    }
    for (const j of added.slice(k)) {
      path.push(j);
      const unknown = child(unknownMarks, j);
      // An added element with values known only after apply is walked, so those show as such.
      if (hasTrueMark(unknown)) walk(path, undefined, after[j], undefined, child(afterMarks, j), unknown, ctx);
      else if (!isAbsent(after[j])) emit(path, ctx, { before: ABSENT, after: planValue(after[j], child(afterMarks, j), false, ctx.secrets) });
      path.pop();
    }
    changes += removed.length + added.length;
    removed = [];
    added = [];
  };
  for (const step of steps) {
    if (step.kind === "same") flush();
    else if (step.kind === "removed") removed.push(step.before);
    else added.push(step.after);
  }
  flush();
  // Matched by value alone (a very long list): a change of order only is still a change.
  if (byValueOnly && changes === 0 && beforeKeys.some((key, i) => key !== afterKeys[i])) {
    emit(path, ctx, { before: planValue(before, beforeMarks, false, ctx.secrets), after: planValue(after, afterMarks, false, ctx.secrets) });
  }
}

/** Equal keys are equal elements (value and sensitivity); null is an element not known yet, equal to nothing. */
function elementKey(value: unknown, marks: unknown, unknownMarks: unknown): string | null {
  if (hasTrueMark(unknownMarks)) return null;
  return hasTrueMark(marks) ? `${canonicalJson(value)}\u0000${canonicalJson(marks)}` : canonicalJson(value);
}

/** JSON text with object keys sorted, so equal values give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function emit(path: PathSegment[], ctx: WalkContext, change: { before: PlanValue; after: PlanValue }): void {
  let forcesReplacement = false;
  if (ctx.replacePaths.length > 0) {
    const segments = path.map(String);
    forcesReplacement = ctx.replacePaths.some((rp) => isPrefix(rp, segments) || isPrefix(segments, rp));
  }
  ctx.attributes.push({ path: formatPath(path), before: change.before, after: change.after, forcesReplacement });
}

/** A displayable value with sensitive parts masked and secrets scrubbed. */
function planValue(value: unknown, marks: unknown, unknown: boolean, secrets: TextMasker): PlanValue {
  if (unknown) return UNKNOWN;
  if (marks === true) return isAbsent(value) ? ABSENT : SENSITIVE;
  if (isAbsent(value)) return ABSENT;
  return { kind: "known", value: maskValue(value, marks, secrets) };
}

function maskValue(value: unknown, marks: unknown, secrets: TextMasker): JsonValue {
  if (marks === true) return SENSITIVE_TEXT;
  if (typeof value === "string") return secrets(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (Array.isArray(value)) return value.map((v, i) => maskValue(v, child(marks, i), secrets));
  if (isRecord(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(v, child(marks, k), secrets);
    return out;
  }
  return null;
}

function summarize(resources: ResourceChange[], outputs: OutputChange[], drifted: number, invoke: number): PlanSummary {
  const summary: PlanSummary = { ...emptyPlanCounts(), outputChanges: outputs.length, drifted, invoke, hasChanges: false };
  for (const rc of resources) {
    if (rc.importing) summary.import++;
    if (rc.previousAddress) summary.move++;
    switch (rc.action) {
      case "create":
        summary.add++;
        break;
      case "update":
        summary.change++;
        break;
      case "replace":
        summary.replace++;
        break;
      case "delete":
        summary.destroy++;
        break;
      case "forget":
        summary.forget++;
        break;
      case "read":
        summary.read++;
        break;
      case "no-op":
        break;
    }
  }
  summary.hasChanges =
    summary.add + summary.change + summary.replace + summary.destroy + summary.import + summary.move +
      summary.forget + summary.outputChanges + summary.invoke > 0;
  return summary;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function child(marks: unknown, key: string | number): unknown {
  if (marks === null || typeof marks !== "object") return undefined;
  return (marks as Record<string | number, unknown>)[key];
}

function recordKeys(marks: unknown): string[] {
  return isRecord(marks) ? Object.keys(marks) : [];
}

function hasTrueMark(marks: unknown): boolean {
  if (marks === true) return true;
  if (marks === null || typeof marks !== "object") return false;
  return Object.values(marks).some(hasTrueMark);
}

function containerKind(value: unknown): "array" | "object" | "leaf" {
  if (Array.isArray(value)) return "array";
  if (isRecord(value)) return "object";
  return "leaf";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === null || value === undefined;
}

function isPrefix(prefix: readonly string[], of: readonly string[]): boolean {
  return prefix.length <= of.length && prefix.every((seg, i) => seg === of[i]);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isAbsent(a) && isAbsent(b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], rb[k]));
}
