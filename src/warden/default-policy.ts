import type { PolicyRule } from "./policy.js";

/**
 * The built-in default, as data: the first rule that matches decides, after the repository's own
 * rules found nothing. Reads are allowed, local work is allowed, infrastructure writes need a
 * person, destroys are denied, and anything Warden cannot understand is denied.
 */
export const DEFAULT_RULES: readonly PolicyRule[] = [
  {
    id: "default.unknown",
    match: { effect: ["unknown"] },
    decision: "deny",
    reason: "Warden cannot tell what this would do, and unknown is not allowed",
    where: null,
  },
  {
    id: "default.destroy",
    match: { effect: ["destroy"] },
    decision: "deny",
    reason: "destroying is denied by default",
    where: null,
  },
  {
    id: "default.local-work",
    match: { effect: ["write"], local: true },
    decision: "allow",
    reason: "local work inside the workspace is allowed",
    where: null,
  },
  {
    id: "default.write",
    match: { effect: ["write"] },
    decision: "require_approval",
    reason: "changes outside the workspace need a person's approval",
    where: null,
  },
  {
    id: "default.read",
    match: { effect: ["read"] },
    decision: "allow",
    reason: "reading is allowed",
    where: null,
  },
];

/** Rules Warden applies while deploying one environment (`--env`). */
export const DEPLOY_RULES = {
  otherEnvironment: {
    id: "deploy.other-environment",
    reason: "while deploying one environment, changes to another are denied",
  },
  ambiguousEnvironment: {
    id: "deploy.ambiguous-environment",
    reason: "the operation matches several environments, so it cannot be proven to stay in the one being deployed",
  },
  sameEnvironment: {
    id: "deploy.same-environment",
    reason: "writes to the environment being deployed are allowed",
  },
  unknownEnvironment: {
    id: "deploy.unknown-environment",
    reason: "the operation's environment cannot be told, so a person must confirm it is the one being deployed",
  },
} as const;

/** Unknown effects can be raised to approval by a rule, never to allow. */
export const UNKNOWN_CAP = {
  id: "policy.unknown-never-allowed",
  reason: "a rule allowed it, but its effect is unknown: a person must approve",
} as const;
