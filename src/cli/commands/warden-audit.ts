import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UserError } from "../../user-error.js";
import { HASH_PATTERN } from "../../warden/audit-chain.js";
import { AUDIT_VERIFY_EXIT_CODES } from "../../warden/exit-codes.js";
import { verifyAuditLog } from "../../warden/verify-audit-log.js";
import type { CliIo } from "../cli-io.js";
import { parseFlags, USAGE_EXIT_CODE } from "../parse-flags.js";

export const auditUsage = `Usage: stakpak-gitops warden audit verify FILE [--expect-entries N] [--expect-last HASH] [--json]

Checks an audit log's hash chain: each entry holds the SHA-256 of the line before it, so an edited,
removed, inserted or reordered line is reported with its line number. A cut tail or an edited last
line leaves no broken link: give the count and the last hash the run reported to catch those.

Options:
      --expect-entries N   the number of entries the run reported
      --expect-last HASH   the last hash the run reported
      --json               print the result as JSON
  -h, --help               show this help

Exit codes: 0 the log verifies, 1 it does not (every problem is printed), 2 for a bad command line
or a file that cannot be read.`;

const FLAGS = {
  "expect-entries": { type: "string" },
  "expect-last": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function usageError(summary: string): UserError {
  return new UserError({ summary, detail: auditUsage, hint: "Add --help to see every option.", exitCode: USAGE_EXIT_CODE });
}

/** `warden audit verify FILE`: prints OK with the count and last hash, or every problem. */
export async function runWardenAudit(argv: string[], io: CliIo): Promise<number> {
  const print = (text: string) => io.stdout(io.redactor.redact(`${text}\n`));
  const [action, ...rest] = argv;
  const { values, positionals } = parseFlags(rest, FLAGS, auditUsage);
  if (values.help || action === "--help" || action === "-h" || action === "help") {
    print(auditUsage);
    return 0;
  }
  if (action !== "verify") throw usageError(action === undefined ? "warden audit needs a subcommand: verify FILE" : `unknown warden audit subcommand "${action}"; use verify`);
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) throw usageError("warden audit verify takes one FILE");
  const entriesText = values["expect-entries"];
  if (entriesText !== undefined && !/^\d+$/.test(entriesText)) throw usageError(`--expect-entries takes a number of entries, got "${entriesText}"`);
  const lastHash = values["expect-last"];
  if (lastHash !== undefined && !HASH_PATTERN.test(lastHash.toLowerCase())) throw usageError(`--expect-last takes a SHA-256 in hex (64 characters), got "${lastHash}"`);

  const bytes = await readFile(resolve(io.cwd, file)).catch((err: NodeJS.ErrnoException) => {
    throw new UserError({ summary: `Cannot read the audit log ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}.`, where: file, hint: "give the path the run reported", exitCode: USAGE_EXIT_CODE });
  });
  const result = verifyAuditLog(bytes, { entries: entriesText === undefined ? undefined : Number(entriesText), lastHash });
  const ok = result.problems.length === 0;
  if (values.json) print(JSON.stringify({ ok, ...result }, null, 2));
  else if (ok) print(`OK: ${result.entries} ${result.entries === 1 ? "entry" : "entries"}, last hash ${result.lastHash}`);
  else print([...result.problems.map((p) => p.message), `FAILED: ${result.problems.length} ${result.problems.length === 1 ? "problem" : "problems"} in ${result.entries} lines (last hash ${result.lastHash})`].join("\n"));
  return ok ? AUDIT_VERIFY_EXIT_CODES.ok : AUDIT_VERIFY_EXIT_CODES.damaged;
}
