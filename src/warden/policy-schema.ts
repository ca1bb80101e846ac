import { z } from "zod";
import { EFFECTS, TARGETS } from "./operation.js";
import { VERDICTS } from "./policy.js";

/** `effect: destroy` and `effect: [destroy, write]` both mean a list. */
function oneOrMany<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (typeof v === "string" || typeof v === "number" ? [v] : v), z.array(item).min(1));
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const glob = z.string().min(1);

/** One rule of `.stakpak/warden.yml`. Every match field is optional; `decision` and `reason` are not. */
export const policyRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "ids use letters, digits, . _ -" }).optional(),
    target: oneOrMany(z.enum(TARGETS)).optional(),
    service: oneOrMany(glob).optional(),
    verb: oneOrMany(glob).optional(),
    effect: oneOrMany(z.enum(EFFECTS)).optional(),
    resource: oneOrMany(glob).optional(),
    environment: oneOrMany(glob).optional(),
    dry_run: z.boolean().optional(),
    local: z.boolean().optional(),
    decision: z.enum(VERDICTS),
    reason: z.string().min(1),
  })
  .superRefine((rule, ctx) => {
    // (A rule without `effect` that allows is accepted; on unknown operations it is capped at require_approval.)
    if (rule.decision === "allow" && rule.effect?.includes("unknown")) {
      ctx.addIssue({
        code: "custom",
        path: ["decision"],
        message: "an unknown effect can never be allowed",
        params: { hint: "use `decision: require_approval` to let a person approve unknown commands, or drop `unknown` from `effect`" },
      });
    }
  });

export const wardenPolicySchema = z.strictObject({
  version: z.literal(1).optional(),
  environments: z.record(z.string().regex(NAME, { message: "environment names use lowercase letters, digits, . _ -" }), oneOrMany(glob)).optional(),
  rules: z.array(policyRuleSchema).optional(),
  plan: z
    .strictObject({
      protected: oneOrMany(glob).optional(),
      protect_defaults: z.boolean().optional(),
      allowed_addresses: z.record(z.string().regex(NAME), oneOrMany(glob)).optional(),
    })
    .optional(),
});

export type RawWardenPolicy = z.infer<typeof wardenPolicySchema>;
