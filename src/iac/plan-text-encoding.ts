import { UserError } from "../user-error.js";

const BOM = "\uFEFF";
/** What a UTF-16 byte order mark (FF FE or FE FF) becomes when the bytes are read as UTF-8. */
const UTF16_BOM_READ_AS_UTF8 = "\uFFFD\uFFFD";
/** How far to look for the NUL characters UTF-16 (or UTF-32) text without a BOM is full of. */
const SNIFF_CHARS = 256;

/**
 * A plan file written by PowerShell's `>` (Windows PowerShell 5) is UTF-16: read as UTF-8 it is
 * replacement characters and NULs, which would otherwise be reported as "not JSON" with no clue why.
 */
export function isUtf16Text(text: string): boolean {
  if (text.startsWith(UTF16_BOM_READ_AS_UTF8)) return true;
  const head = text.slice(0, SNIFF_CHARS);
  return head.includes("\u0000");
}

/**
 * The text of a plan file ready for the JSON parser: a UTF-8 byte order mark (what
 * `Out-File -Encoding utf8` writes) is dropped; UTF-16 or UTF-32 text is an error that says how
 * to write the file as UTF-8.
 */
export function planTextFromFile(text: string, source: string): string {
  if (isUtf16Text(text)) {
    throw new UserError({
      summary: `The ${source} is encoded as UTF-16 (or UTF-32), not UTF-8.`,
      detail: "terraform writes UTF-8; the file was probably saved by Windows PowerShell's `>` or `Out-File`, which write UTF-16.",
      hint: "Write it as UTF-8: `terraform show -json tfplan | Out-File -Encoding utf8 plan.json` in PowerShell, or convert it with `iconv -f UTF-16 -t UTF-8 plan.json > plan-utf8.json`.",
    });
  }
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** The text is (or is meant to be) JSON: a file starting with `{` or `[`, or one in UTF-16 (so the encoding error is given). */
export function looksLikeJsonText(text: string): boolean {
  return isUtf16Text(text) || /^\uFEFF?[ \t\r\n]*[{[]/.test(text);
}
