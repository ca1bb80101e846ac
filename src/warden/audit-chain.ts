import { createHash } from "node:crypto";

/**
 * The audit log's hash chain: every line starts with `{"seq":N,"prev":"<hex>",` where `prev` is
 * the SHA-256 of the previous line's bytes (without its newline), and GENESIS for the first line.
 * Editing, removing or reordering a line breaks the link of the line after it; what no link can
 * show (the tail cut off, the last line edited) is caught by comparing the count and the last hash
 * with the ones the run reported (see `verifyAuditLog`).
 */
export const AUDIT_GENESIS = "0".repeat(64);

export const HASH_PATTERN = /^[0-9a-f]{64}$/;

export function hashAuditLine(line: Uint8Array): string {
  return createHash("sha256").update(line).digest("hex");
}

/** Where a log stands after its last line: what the next entry links to, and what a run reports. */
export interface AuditLogHead {
  /** Number of entries (the next entry's `seq`). */
  entries: number;
  /** Hash of the last line; AUDIT_GENESIS for an empty log. */
  lastHash: string;
}

export function describeAuditHead(file: string, head: AuditLogHead): string {
  return `audit log ${file}: ${head.entries} ${head.entries === 1 ? "entry" : "entries"}, last hash ${head.lastHash} (check it with \`stakpak-gitops warden audit verify ${file} --expect-entries ${head.entries} --expect-last ${head.lastHash}\`)`;
}
