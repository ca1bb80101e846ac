import type { AttributeChange, PlanValue } from "../iac/plan-model.js";
import { inlineCode, truncateText } from "./escape-markdown.js";

export const SENSITIVE_LABEL = "(sensitive)";
export const UNKNOWN_LABEL = "(known after apply)";

/**
 * One side of a change as markdown: known values as compact JSON in a code span, cut to
 * `maxChars`; sensitive and unknown values as terraform's words, outside code so they stand out.
 */
export function formatPlanValue(value: PlanValue, maxChars: number): string {
  switch (value.kind) {
    case "sensitive":
      return `_${SENSITIVE_LABEL}_`;
    case "unknown":
      return `_${UNKNOWN_LABEL}_`;
    case "absent":
      return "`null`";
    case "known":
      return inlineCode(truncateText(JSON.stringify(value.value), maxChars));
  }
}

/** `` `size`: `1` → `3` `` for an update, `` `size` = `3` `` for a new attribute. */
export function formatAttributeChange(change: AttributeChange, maxValueChars: number): string {
  const path = inlineCode(change.path);
  const after = formatPlanValue(change.after, maxValueChars);
  const forces = change.forcesReplacement ? " — **forces replacement**" : "";
  if (change.before.kind === "absent") return `${path} = ${after}${forces}`;
  return `${path}: ${formatPlanValue(change.before, maxValueChars)} → ${after}${forces}`;
}
