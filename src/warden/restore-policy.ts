import path from "node:path";
import type { Analysis } from "./analyze-line.js";
import { findClassifier } from "./catalogs.js";
import { INTERPRETERS_CATALOG, interpretersClassifier } from "./classify-interpreters.js";
import { SHELLS_CATALOG, shellsClassifier } from "./classify-shells.js";

/** Whether the vault may put secrets back into a line's argv, variables and files. */
export type RestoreVerdict = { allowed: true } | { allowed: false; reason: string; command: string };

export const RESTORE_RULE = "secrets are only put back into commands whose effect is known and that are not interpreters";

/** Catalog entries of the interpreters and shells: an operation they classified runs code of its own. */
const CODE_RUNNING_ENTRIES: ReadonlySet<string> = new Set([...INTERPRETERS_CATALOG, ...SHELLS_CATALOG].map((e) => e.id));

/**
 * Decides, from Warden's analysis of the line, whether placeholders may be restored into it.
 *
 * A restored secret is hidden again in the command's output only in the forms the redactor knows
 * (as is, URL-encoded, hex, base64, JSON-escaped). A program whose effect Warden cannot tell, or
 * an interpreter or shell (which runs whatever code it is given, even a "read" one-liner such as
 * `node -e 'console.log(Buffer.from(process.env.T).reverse())'`), can print it in any other form
 * or send it anywhere: it never gets the value. Every command of the line counts, including those
 * found inside wrappers (`env node -e`, `sudo bash -c`, `timeout 5 python3 -c`).
 */
export function restoreVerdict(analysis: Pick<Analysis, "operations" | "commands">): RestoreVerdict {
  for (const command of analysis.commands) {
    const [first] = command.argv;
    if (!first) continue;
    if (!first.literal || first.glob) return refuse(command.source, `the program of \`${command.source}\` is only known at run time`);
    const name = first.text.includes("/") ? path.posix.basename(first.text) : first.text;
    const classifier = findClassifier(name);
    if (classifier === interpretersClassifier || classifier === shellsClassifier) {
      const via = command.context.via.length > 0 ? ` (inside ${command.context.via.join(", ")})` : "";
      return refuse(command.source, `\`${name}\`${via} is an interpreter or a shell: it can print or send a secret in any form`);
    }
  }
  // Also by operation: an interpreter's or shell's catalog entry, whatever name it was run by.
  for (const op of analysis.operations) {
    if (op.effect === "unknown") return refuse(op.command, `Warden cannot tell what \`${op.command}\` does (${op.why})`);
    if (CODE_RUNNING_ENTRIES.has(op.catalog)) return refuse(op.command, `\`${op.command}\` runs code given to an interpreter or a shell`);
  }
  return { allowed: true };
}

function refuse(command: string, why: string): RestoreVerdict {
  return { allowed: false, command, reason: `${RESTORE_RULE}: ${why}` };
}
