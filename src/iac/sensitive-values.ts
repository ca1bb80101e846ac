import type { RawModuleConfig, RawPlan } from "./terraform-plan-json.js";

/** What a masked value is shown as, in the model and in the text plan (terraform's own words). */
export const SENSITIVE_TEXT = "(sensitive value)";

/** Shorter strings are not masked in free text: masking "on" or "1" everywhere would wreck the plan. */
const MIN_MASKED_LENGTH = 4;

/**
 * Collects every string terraform marked sensitive anywhere in a JSON plan: resource values under
 * `before_sensitive`/`after_sensitive`, sensitive outputs, action configuration marked sensitive
 * and sensitive root variables. Terraform
 * itself prints such a value in clear when it flows into an attribute that is not marked (a
 * `terraform_data` output, a provider that forgets the flag), so the text plan and the model are
 * scrubbed of these exact strings as well.
 */
export function collectSensitiveValues(plan: RawPlan): Set<string> {
  const found = new Set<string>();
  for (const rc of [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]) {
    collectMarked(rc.change.before, rc.change.before_sensitive, found);
    collectMarked(rc.change.after, rc.change.after_sensitive, found);
  }
  const sensitiveOutputs = sensitiveOutputNames(plan);
  for (const [name, oc] of Object.entries(plan.output_changes ?? {})) {
    // Format 0.1 marks a sensitive output only in planned_values (or the prior state, when removed).
    const sensitive = sensitiveOutputs.has(name);
    collectMarked(oc.before, sensitive || oc.before_sensitive, found);
    collectMarked(oc.after, sensitive || oc.after_sensitive, found);
  }
  for (const output of [...Object.values(plan.planned_values?.outputs ?? {}), ...Object.values(plan.prior_state?.values?.outputs ?? {})]) {
    if (output.sensitive) collectAll(output.value, found);
  }
  for (const ai of plan.action_invocations ?? []) collectMarked(ai.config_values, ai.config_sensitive, found);
  const sensitiveVariables = rootSensitiveVariables(plan.configuration?.root_module);
  for (const [name, variable] of Object.entries(plan.variables ?? {})) {
    if (sensitiveVariables.has(name)) collectAll(variable.value, found);
  }
  return found;
}

/** Outputs the planned or prior state marks sensitive: the only marks format 0.1 has. */
export function sensitiveOutputNames(plan: RawPlan): Set<string> {
  const names = new Set<string>();
  const outputs = [plan.planned_values?.outputs ?? {}, plan.prior_state?.values?.outputs ?? {}];
  for (const group of outputs) for (const [name, output] of Object.entries(group)) if (output.sensitive) names.add(name);
  return names;
}

function rootSensitiveVariables(root: RawModuleConfig | undefined): Set<string> {
  const names = new Set<string>();
  for (const [name, v] of Object.entries(root?.variables ?? {})) if (v.sensitive) names.add(name);
  return names;
}

function collectMarked(value: unknown, marks: unknown, found: Set<string>): void {
  if (marks === true) {
    collectAll(value, found);
    return;
  }
  if (marks === null || typeof marks !== "object" || value === null || typeof value !== "object") return;
  if (Array.isArray(marks)) {
    if (!Array.isArray(value)) return;
    marks.forEach((m, i) => collectMarked(value[i], m, found));
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [key, m] of Object.entries(marks)) collectMarked(record[key], m, found);
}

function collectAll(value: unknown, found: Set<string>): void {
  if (typeof value === "string") {
    if (value.length >= MIN_MASKED_LENGTH) found.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectAll(v, found);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) collectAll(v, found);
  }
}

export type TextMasker = (text: string) => string;

/**
 * Builds, once per plan, a function that replaces every occurrence of the given values. One
 * regex of all values (longest first, so a value inside another goes too) keeps masking linear
 * in the text, whatever the number of values: it runs on every string of a plan.
 */
export function createTextMasker(values: ReadonlySet<string>): TextMasker {
  if (values.size === 0) return (text) => text;
  const sorted = [...values].sort((a, b) => b.length - a.length);
  const shortest = sorted.at(-1)?.length ?? 0;
  const pattern = new RegExp(sorted.map(escapeRegExp).join("|"), "g");
  return (text) => {
    if (text.length < shortest) return text;
    if (values.has(text)) return SENSITIVE_TEXT;
    return text.replace(pattern, SENSITIVE_TEXT);
  };
}

/** Replaces every occurrence of the given values in one text. */
export function maskSensitiveText(text: string, values: ReadonlySet<string>): string {
  return createTextMasker(values)(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
