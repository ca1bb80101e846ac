import type { RedactionRule } from "../redaction-rule.js";
import { AI_RULES } from "./ai-rules.js";
import { ASSIGNMENT_RULES } from "./assignment-rules.js";
import { CI_CD_RULES } from "./ci-cd-rules.js";
import { CLOUD_RULES } from "./cloud-rules.js";
import { COMMERCE_RULES } from "./commerce-rules.js";
import { INFRASTRUCTURE_RULES } from "./infrastructure-rules.js";
import { MESSAGING_RULES } from "./messaging-rules.js";
import { OBSERVABILITY_RULES } from "./observability-rules.js";
import { REGISTRY_RULES } from "./registry-rules.js";
import { SOURCE_CONTROL_RULES } from "./source-control-rules.js";
import { STRUCTURED_RULES } from "./structured-rules.js";
import { WORKSPACE_RULES } from "./workspace-rules.js";

/**
 * Every detector. Every rule has at least one keyword, so every rule sits behind the one-pass
 * prefilter; none runs on text where its keywords do not occur.
 */
export const ALL_RULES: readonly RedactionRule[] = [
  ...CLOUD_RULES,
  ...SOURCE_CONTROL_RULES,
  ...CI_CD_RULES,
  ...MESSAGING_RULES,
  ...COMMERCE_RULES,
  ...REGISTRY_RULES,
  ...INFRASTRUCTURE_RULES,
  ...OBSERVABILITY_RULES,
  ...AI_RULES,
  ...WORKSPACE_RULES,
  ...STRUCTURED_RULES,
  ...ASSIGNMENT_RULES,
];
