import type { Verdict } from "./policy.js";

/** `warden check`, `explain` and `plan` exit codes; 2 stays "bad command line or policy file". */
export const VERDICT_EXIT_CODES: Readonly<Record<Verdict, number>> = { allow: 0, require_approval: 3, deny: 4 };

/** `warden audit verify`: 0 the chain holds, 1 it does not (each problem is printed); 2 stays "bad command line or unreadable file". */
export const AUDIT_VERIFY_EXIT_CODES = { ok: 0, damaged: 1 } as const;
