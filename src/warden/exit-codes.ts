import type { Verdict } from "./policy.js";

/** `warden check`, `explain` and `plan` exit codes; 2 stays "bad command line or policy file". */
export const VERDICT_EXIT_CODES: Readonly<Record<Verdict, number>> = { allow: 0, require_approval: 3, deny: 4 };
