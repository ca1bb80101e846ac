import { PLACEHOLDER_PREFIX, placeholderEndAt } from "../redact/placeholder.js";

/**
 * How much more than the cap the supervisor forwards, so that redaction sees whole secrets: a value
 * that straddles the cap is redacted before the text is cut. It is longer than any key or
 * certificate an output holds.
 */
export const REDACTION_MARGIN_BYTES = 64 * 1024;

/** The supervisor's ceiling for a cap: the cap, then room for whole secrets. */
export function supervisorCeiling(maxBytes: number): number {
  return maxBytes + Math.max(REDACTION_MARGIN_BYTES, maxBytes);
}

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never ending inside a character. */
function utf8Prefix(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx): the cut lands before the character they belong to.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}

/**
 * Cuts redacted output to `maxBytes`, after redaction, so that no secret comes back in part:
 * - when the supervisor stopped forwarding (`cutUpstream`), the raw text ends in the middle of
 *   whatever it was printing, perhaps a secret the redactor could not recognise in half: the tail
 *   that redaction left as it was (at most the margin) is dropped;
 * - the cut falls on a character boundary, and before a placeholder it would split.
 */
export function capRedactedOutput(raw: string, redacted: string, maxBytes: number, cutUpstream: boolean): { text: string; truncated: boolean } {
  let text = redacted;
  if (cutUpstream) text = text.slice(0, text.length - Math.min(commonSuffixLength(raw, redacted), REDACTION_MARGIN_BYTES));
  let kept = utf8Prefix(text, maxBytes);
  if (kept.length < text.length) {
    const open = kept.length === 0 ? -1 : text.lastIndexOf(PLACEHOLDER_PREFIX, kept.length - 1);
    if (open !== -1 && placeholderEndAt(text, open) > kept.length) kept = kept.slice(0, open);
  }
  return { text: kept, truncated: cutUpstream || kept.length < redacted.length };
}
