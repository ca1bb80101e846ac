import { z } from "zod";

/**
 * zod schema of the parts of `terraform show -json PLANFILE` this tool reads
 * (https://developer.hashicorp.com/terraform/internals/json-format). Objects are loose: newer
 * terraform versions add fields, and an unknown field must not fail a plan.
 */

const actionSchema = z.enum(["no-op", "create", "read", "update", "delete", "forget"]);

/** What a resource change and an output change share: the actions and both sides with their marks. */
const rawOutputChangeSchema = z.looseObject({
  actions: z.array(actionSchema).min(1),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
});

const changeSchema = rawOutputChangeSchema.extend({
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  importing: z.looseObject({ id: z.string().optional() }).nullable().optional(),
});

export const rawResourceChangeSchema = z.looseObject({
  address: z.string(),
  previous_address: z.string().optional(),
  module_address: z.string().optional(),
  mode: z.enum(["managed", "data"]),
  type: z.string(),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  provider_name: z.string(),
  change: changeSchema,
  action_reason: z.string().optional(),
});

/** terraform 1.0.0 wrote drift entries without `address` (fixed in 1.0.1); it is rebuilt from the parts. */
export const rawDriftChangeSchema = rawResourceChangeSchema.extend({ address: z.string().optional() });

/** terraform 1.14 `action` blocks: a provider action run on a resource's lifecycle event or by `-invoke`. */
export const rawActionInvocationSchema = z.looseObject({
  address: z.string(),
  type: z.string().optional(),
  name: z.string().optional(),
  provider_name: z.string().optional(),
  config_values: z.unknown().optional(),
  config_sensitive: z.unknown().optional(),
  config_unknown: z.unknown().optional(),
  lifecycle_action_trigger: z
    .looseObject({ triggering_resource_address: z.string().optional(), action_trigger_event: z.string().optional() })
    .optional(),
  invoke_action_trigger: z.looseObject({ calling_resource_address: z.string().optional() }).optional(),
});

/** An output as the planned or prior state lists it. */
const rawStateOutputSchema = z.looseObject({ sensitive: z.boolean().optional(), value: z.unknown().optional() });

const rawVariableConfigSchema = z.looseObject({ sensitive: z.boolean().optional() });

const rawModuleConfigSchema: z.ZodType<RawModuleConfig> = z.lazy(() =>
  z.looseObject({
    variables: z.record(z.string(), rawVariableConfigSchema).optional(),
    module_calls: z.record(z.string(), z.looseObject({ module: rawModuleConfigSchema.optional() })).optional(),
  }),
);

export interface RawModuleConfig {
  variables?: Record<string, { sensitive?: boolean }>;
  module_calls?: Record<string, { module?: RawModuleConfig }>;
}

export const rawPlanSchema = z.looseObject({
  format_version: z.string(),
  terraform_version: z.string(),
  variables: z.record(z.string(), z.looseObject({ value: z.unknown().optional() })).optional(),
  resource_changes: z.array(rawResourceChangeSchema).optional(),
  resource_drift: z.array(rawDriftChangeSchema).optional(),
  output_changes: z.record(z.string(), rawOutputChangeSchema).optional(),
  action_invocations: z.array(rawActionInvocationSchema).optional(),
  // Format 0.1 (terraform 0.12–0.14) marks a sensitive output only here, not in output_changes.
  // Read only for their outputs' sensitive marks; null is taken as absent, as elsewhere in these parts.
  planned_values: z.looseObject({ outputs: z.record(z.string(), rawStateOutputSchema).nullish() }).nullish(),
  prior_state: z.looseObject({ values: z.looseObject({ outputs: z.record(z.string(), rawStateOutputSchema).nullish() }).nullish() }).nullish(),
  configuration: z.looseObject({ root_module: rawModuleConfigSchema.optional() }).optional(),
  applyable: z.boolean().optional(),
  complete: z.boolean().optional(),
  errored: z.boolean().optional(),
});

export type RawPlan = z.infer<typeof rawPlanSchema>;
export type RawResourceChange = z.infer<typeof rawResourceChangeSchema>;
export type RawDriftChange = z.infer<typeof rawDriftChangeSchema>;
export type RawActionInvocation = z.infer<typeof rawActionInvocationSchema>;
export type RawAction = z.infer<typeof actionSchema>;

/** `terraform validate -json` output. */
export const rawValidateSchema = z.looseObject({
  valid: z.boolean(),
  error_count: z.number(),
  warning_count: z.number(),
  diagnostics: z.array(
    z.looseObject({
      severity: z.enum(["error", "warning"]),
      summary: z.string(),
      detail: z.string().optional(),
      range: z
        .looseObject({
          filename: z.string(),
          start: z.looseObject({ line: z.number(), column: z.number() }),
        })
        .optional(),
      snippet: z.looseObject({ code: z.string().optional() }).optional(),
    }),
  ),
});

export type RawValidate = z.infer<typeof rawValidateSchema>;
