import { collectSensitiveValues } from "../iac/sensitive-values.js";
import { rawPlanSchema } from "../iac/terraform-plan-json.js";
import { UserError } from "../user-error.js";
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
  let data = planJson;
  if (typeof planJson === "string") {
    try {
      data = JSON.parse(planJson);
    } catch (err) {
      throw new UserError({
        summary: `The ${source} is not valid JSON.`,
        detail: (err as Error).message,
        hint: "Pass the output of `terraform show -json PLANFILE`.",
      });
    }
  }
  const parsed = rawPlanSchema.safeParse(data);
  if (!parsed.success) {
    throw new UserError({
      summary: `The ${source} does not look like a terraform JSON plan.`,
      where: source,
      hint: "Pass the output of `terraform show -json PLANFILE` (format_version 1.x).",
    });
  }
  let count = 0;
  for (const value of collectSensitiveValues(parsed.data)) {
    if (redactor.addKnownValue("terraform-sensitive", value, { minLength: MIN_SENSITIVE_LENGTH }).length > 0) count++;
  }
  return count;
}
