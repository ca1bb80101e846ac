import { z } from "zod";

/**
 * `labels:` — labels that tell a pull request's plan at a glance, off unless `enabled: true`:
 *
 *     labels:
 *       enabled: true
 *       destroy: stakpak:destroy        # a plan destroys or replaces something
 *       changes: stakpak:changes        # a plan changes something (and destroys nothing)
 *       no_changes: stakpak:no-changes  # every plan succeeded and changes nothing
 *       plan_failed: stakpak:plan-failed
 *
 * A kind set to `false` is not labelled. Read from the default branch, never the pull request's
 * head, like `authorization:`: a pull request must not rename the labels its own plan gets.
 */
export const PLAN_LABEL_KINDS = ["destroy", "changes", "no_changes", "plan_failed"] as const;
export type PlanLabelKind = (typeof PLAN_LABEL_KINDS)[number];

export const DEFAULT_PLAN_LABELS: Readonly<Record<PlanLabelKind, string>> = {
  destroy: "stakpak:destroy",
  changes: "stakpak:changes",
  no_changes: "stakpak:no-changes",
  plan_failed: "stakpak:plan-failed",
};

/** GitHub takes label names of up to 50 characters; commas separate labels in its UI and API filters. */
const labelName = z
  .string()
  .min(1)
  .max(50, "a label name has at most 50 characters on GitHub")
  .refine((v) => !v.includes(",") && v.trim() === v, "a label name has no commas and no spaces at its ends, e.g. `stakpak:destroy`");

export const labelsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  destroy: z.union([labelName, z.literal(false)]).optional(),
  changes: z.union([labelName, z.literal(false)]).optional(),
  no_changes: z.union([labelName, z.literal(false)]).optional(),
  plan_failed: z.union([labelName, z.literal(false)]).optional(),
});

export type LabelsConfig = z.infer<typeof labelsSchema>;

export interface PlanLabelSettings {
  enabled: boolean;
  /** The label of each kind that is used; a kind set to `false` is missing. */
  names: Partial<Record<PlanLabelKind, string>>;
}

/** The settings a `labels:` section means (absent: off). */
export function resolveLabelSettings(config: LabelsConfig | null | undefined): PlanLabelSettings {
  const names: Partial<Record<PlanLabelKind, string>> = {};
  for (const kind of PLAN_LABEL_KINDS) {
    const value = config?.[kind];
    if (value === false) continue;
    names[kind] = value ?? DEFAULT_PLAN_LABELS[kind];
  }
  return { enabled: config?.enabled === true, names };
}
