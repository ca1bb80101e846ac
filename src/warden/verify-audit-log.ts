import { AUDIT_GENESIS, HASH_PATTERN, hashAuditLine, type AuditLogHead } from "./audit-chain.js";

export type AuditProblemKind = "not-json" | "not-an-entry" | "edited" | "chain-broken" | "sequence-gap" | "out-of-order" | "cut" | "count" | "last-hash";

export interface AuditProblem {
  /** 1-based line of the file; 0 for the file as a whole (count, last hash). */
  line: number;
  kind: AuditProblemKind;
  message: string;
}

export interface AuditVerification extends AuditLogHead {
  problems: AuditProblem[];
}

/** What the run reported when it finished: the only way to see a cut tail or an edited last line. */
export interface AuditExpectation {
  entries?: number | undefined;
  lastHash?: string | undefined;
}

const NEWLINE = 0x0a;

/** The file's lines as bytes (hashes are over bytes, not decoded text); `cut` when the last one has no newline. */
function splitLines(bytes: Uint8Array): { lines: Uint8Array[]; cut: boolean } {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== NEWLINE) continue;
    lines.push(bytes.subarray(start, i));
    start = i + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return { lines, cut: start < bytes.length };
}

function header(line: Uint8Array): { seq: number; prev: string } | "not-json" | "not-an-entry" {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(line).toString("utf8"));
  } catch {
    return "not-json";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not-an-entry";
  const { seq, prev } = value as { seq?: unknown; prev?: unknown };
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0 || typeof prev !== "string" || !HASH_PATTERN.test(prev)) return "not-an-entry";
  return { seq, prev };
}

/**
 * Checks an audit log's chain line by line and reports every problem once: after a broken link
 * the check carries on from the line as it is, so one edit is one problem, not all that follow.
 */
export function verifyAuditLog(bytes: Uint8Array, expect: AuditExpectation = {}): AuditVerification {
  const { lines, cut } = splitLines(bytes);
  const problems: AuditProblem[] = [];
  let nextSeq = 0;
  let prevHash = AUDIT_GENESIS;
  let prevLine = 0;
  let resync = false;
  // Every line by its hash, to tell a moved line (its prev names an earlier line) from a removed one.
  const seen = new Map<string, { line: number; seq: number }>();

  lines.forEach((bytesOfLine, index) => {
    const line = index + 1;
    const hash = hashAuditLine(bytesOfLine);
    if (cut && index === lines.length - 1) {
      problems.push({ line, kind: "cut", message: `line ${line}: cut short (no newline at the end: the file was truncated or is still being written)` });
      return;
    }
    const parsed = bytesOfLine.length === 0 ? "not-json" : header(bytesOfLine);
    if (typeof parsed === "string") {
      const what = bytesOfLine.length === 0 ? "empty" : parsed === "not-json" ? "not JSON" : 'not an audit entry (no integer "seq" and hex "prev")';
      problems.push({ line, kind: parsed, message: `line ${line}: ${what} (edited or inserted)` });
      // Reported once: the line after it cannot link to it, so that line resynchronises the check.
      resync = true;
      prevLine = line;
      return;
    }
    const linked = seen.get(parsed.prev);
    if (resync || (parsed.prev === prevHash && parsed.seq === nextSeq)) {
      // In its place.
    } else if (linked !== undefined && linked.line !== prevLine) {
      problems.push({ line, kind: "out-of-order", message: `line ${line}: out of order: seq ${parsed.seq} follows line ${linked.line} (seq ${linked.seq}), not line ${prevLine} (lines reordered or repeated)` });
    } else if (parsed.seq > nextSeq) {
      const missing = parsed.seq - nextSeq === 1 ? `entry ${nextSeq} is` : `entries ${nextSeq} to ${parsed.seq - 1} are`;
      problems.push({ line, kind: "sequence-gap", message: `line ${line}: sequence gap: seq ${parsed.seq} where ${nextSeq} was expected (${missing} missing: removed)` });
    } else if (parsed.seq < nextSeq) {
      problems.push({ line, kind: "out-of-order", message: `line ${line}: out of order: seq ${parsed.seq} where ${nextSeq} was expected (lines reordered or repeated)` });
    } else {
      problems.push(
        prevLine === 0
          ? { line, kind: "chain-broken", message: `line ${line}: chain broken: the first entry's prev is not the genesis value (lines before it were removed, or it was edited)` }
          : { line: prevLine, kind: "edited", message: `line ${prevLine}: edited (its hash is not the prev of line ${line}, seq ${parsed.seq})` },
      );
    }
    seen.set(hash, { line, seq: parsed.seq });
    resync = false;
    nextSeq = parsed.seq + 1;
    prevHash = hash;
    prevLine = line;
  });

  const complete = cut ? lines.slice(0, -1) : lines;
  const lastHash = complete.length === 0 ? AUDIT_GENESIS : hashAuditLine(complete[complete.length - 1] as Uint8Array);
  const count = complete.length;
  if (expect.entries !== undefined && expect.entries !== count) {
    const why = count < expect.entries ? "entries were removed from the end" : "entries were added after the run reported";
    problems.push({ line: 0, kind: "count", message: `the log holds ${count} ${count === 1 ? "line" : "lines"}, ${expect.entries} expected (${why})` });
  }
  if (expect.lastHash !== undefined && expect.lastHash.toLowerCase() !== lastHash) {
    problems.push({ line: 0, kind: "last-hash", message: `the last line's hash is ${lastHash}, ${expect.lastHash} expected (the last entry was edited, removed or followed by others)` });
  }
  return { entries: count, lastHash, problems };
}
