import { readPlanJson } from "../iac/parse-plan-json.js";
import type { Redactor } from "./redactor.js";

/** terraform's own floor for masking in free text (src/iac/sensitive-values.ts): "on" or "1" stay. */
const MIN_SENSITIVE_LENGTH = 4;

/**
 * Registers every value a terraform JSON plan marks sensitive (resource attributes, outputs,
 * sensitive root variables) as known values, so they are redacted in the plan JSON itself, in the
 * text plan, and in anything else this run prints. Reuses the iac collector rather than walking
 * the plan twice. Returns how many distinct values were registered.
 */
export function learnTerraformSensitiveValues(redactor: Redactor, planJson: string | unknown, source = "plan JSON"): number {
  let count = 0;
  const learn = sensitiveValueLearner(redactor);
  // readPlanJson validates the plan (the same errors as everywhere) and hands over each sensitive value.
  readPlanJson(planJson, source, { onSensitiveValue: (value) => void (learn(value) && count++) });
  return count;
}

/** Teaches the redactor one value terraform marked sensitive; false when it was too short or known. */
export function sensitiveValueLearner(redactor: Redactor): (value: string) => boolean {
  return (value) => redactor.addKnownValue("terraform-sensitive", value, { minLength: MIN_SENSITIVE_LENGTH }).length > 0;
}
