/** Values too short or too common to hide wherever they appear. */
const MIN_LENGTH = 6;
const BORING = /^(?:true|false|yes|no|on|off|null|none|enabled|disabled|default|localhost|127\.0\.0\.1|[0-9]{1,7})$/i;

/** Whether a value is worth hiding everywhere (a secret env var set to "true" is not). */
export function isWorthHiding(value: string, minLength = MIN_LENGTH): boolean {
  const trimmed = value.trim();
  return trimmed.length >= minLength && !BORING.test(trimmed);
}

const STANDARD_CODES = Buffer.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", "latin1");
const [PLUS, SLASH, MINUS, UNDERSCORE, EQUALS] = [43, 47, 45, 95, 61];
/** The encoded characters of one form, reused likewise. */
let out = Buffer.allocUnsafe(512);
/** The value's UTF-8 bytes, reused from one call to the next (found secrets are learned by the thousand). */
let scratch = new Uint8Array(256);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The value as it stands in a URL's query or path (itself when encoding changes nothing). */
export function urlEncodedForm(value: string): string {
  // Most found tokens hold only characters encodeURIComponent leaves alone: a loop is cheaper
  // than the call (and than the surrogate check it needs).
  let plain = true;
  for (let i = 0; i < value.length && plain; i++) {
    const c = value.charCodeAt(i);
    plain = c < 128 && UNRESERVED[c] === 1;
  }
  if (plain) return value;
  // encodeURIComponent throws on a lone surrogate (a log cut mid-character): no URL form then.
  return LONE_SURROGATE.test(value) ? value : encodeURIComponent(value);
}

/** 1 for the characters encodeURIComponent keeps as they are: A-Z a-z 0-9 - _ . ! ~ * ' ( ). */
const UNRESERVED = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()") UNRESERVED[c.charCodeAt(0)] = 1;

/** Characters RFC 3986 never needs to encode: A-Z a-z 0-9 - . _ ~ (Python's quote keeps them, and `/` by default). */
const RFC3986_KEEP = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") RFC3986_KEEP[c.charCodeAt(0)] = 1;
const PYTHON_QUOTE_KEEP = RFC3986_KEEP.slice();
PYTHON_QUOTE_KEEP[SLASH] = 1;
const HEX_DIGITS = "0123456789ABCDEF";

/**
 * The value's UTF-8 bytes percent-encoded but for the `keep` characters (`+` for a space with
 * `plus`). encodeURIComponent keeps `!'()*` and encodes `/`; Python's `quote` (and curl's
 * --data-urlencode, Go's PathEscape, most SDKs) does the opposite, so one value has several URL forms.
 */
function percentEncoded(bytes: Uint8Array, length: number, keep: Uint8Array, plus: boolean): string {
  let text = "";
  for (let i = 0; i < length; i++) {
    const b = bytes[i]!;
    if (b < 128 && keep[b] === 1) text += String.fromCharCode(b);
    else if (plus && b === 32) text += "+";
    else text += `%${HEX_DIGITS[b >> 4]}${HEX_DIGITS[b & 15]}`;
  }
  return text;
}

/** `\uXXXX` (lower-case hex, as JSON encoders write it) for one UTF-16 code unit. */
function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * The value inside a JSON string, as encoders write it: JavaScript's JSON.stringify (quotes,
 * backslashes and control characters escaped), Python's json.dumps (also every non-ASCII
 * character as \uXXXX), Go's encoding/json (also `<`, `>`, `&`, U+2028 and U+2029: terraform's
 * and kubectl's JSON output). Only the forms that differ from the value are returned.
 */
export function jsonEscapedForms(value: string): string[] {
  const forms: string[] = [];
  const js = JSON.stringify(value).slice(1, -1);
  if (js !== value) forms.push(js);
  const ascii = js.replace(/[^\x00-\x7f]/g, unicodeEscape);
  if (ascii !== js) addForm(forms, ascii);
  const go = js.replace(/[<>&\u2028\u2029]/g, unicodeEscape);
  if (go !== js) addForm(forms, go);
  return forms;
}

/**
 * The forms a secret takes in text, wherever a command can cheaply print it: as is; URL-encoded
 * (encodeURIComponent, Python's quote keeping `/`, strict RFC 3986, and form encoding);
 * JSON-escaped; hex of its UTF-8 bytes (lower and upper case, and od's space-separated bytes);
 * and base64 / base64url. In base64 the value's characters depend on where it starts in the
 * encoded stream, so the three alignments are all kept (each without the edge characters mixed
 * with neighbours), as GitHub's runner does. Wrapped across lines (base64 at 76 columns, xxd -p
 * at 60, od at 16 bytes), the hex and base64 forms are found by the redactor's wrapped-run pass.
 */
export function knownValueForms(value: string): string[] {
  const forms = [value];
  const encoded = urlEncodedForm(value);
  if (encoded !== value) forms.push(encoded);
  for (const form of jsonEscapedForms(value)) addForm(forms, form);
  const length = utf8Into(value);
  const bytes = scratch;
  addForm(forms, percentEncoded(bytes, length, PYTHON_QUOTE_KEEP, false));
  addForm(forms, percentEncoded(bytes, length, RFC3986_KEEP, false));
  addForm(forms, percentEncoded(bytes, length, RFC3986_KEEP, true));
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, length).toString("hex");
  addForm(forms, hex);
  addForm(forms, hex.toUpperCase());
  if (length > 1) addForm(forms, hex.replace(/..(?!$)/g, "$& "));
  // Written in JS from one copy of the bytes: four Buffer encodings, a Set and a copy per value
  // were a twentieth of the redactor's time on a log dense with secrets.
  addForm(forms, fullBase64(bytes, length));
  for (let shift = 0; shift < 3; shift++) {
    // Characters holding any filler bit (the `shift` bytes before the value), and the last
    // group's bits shared with what follows, are left out.
    const first = Math.ceil((shift * 8) / 6);
    const last = Math.floor(((shift + length) * 8) / 6);
    if (last - first < MIN_LENGTH) continue;
    const n = last - first;
    if (out.length < n) out = Buffer.allocUnsafe(2 * n);
    let differs = false;
    for (let k = first; k < last; k++) {
      const c = sextet(bytes, length, 6 * k - 8 * shift);
      out[k - first] = STANDARD_CODES[c]!;
      if (c >= 62) differs = true;
    }
    // One flat string per form (a string built a character at a time is a rope, which the
    // index's reads would flatten again).
    addForm(forms, out.toString("latin1", 0, n));
    if (differs) {
      for (let i = 0; i < n; i++) if (out[i] === PLUS) out[i] = MINUS;
      else if (out[i] === SLASH) out[i] = UNDERSCORE;
      addForm(forms, out.toString("latin1", 0, n));
    }
  }
  return forms;
}

/** Adds a form unless it is there already (a handful of forms: a scan beats a Set). */
function addForm(forms: string[], form: string): void {
  if (!forms.includes(form)) forms.push(form);
}

/** Writes the value's UTF-8 bytes into `scratch`; returns how many. */
function utf8Into(value: string): number {
  const n = value.length;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    if (value.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if (scratch.length < n) scratch = new Uint8Array(2 * n);
    for (let i = 0; i < n; i++) scratch[i] = value.charCodeAt(i);
    return n;
  }
  const bytes = Buffer.from(value, "utf8");
  if (scratch.length < bytes.length) scratch = new Uint8Array(2 * bytes.length);
  scratch.set(bytes);
  return bytes.length;
}

/** The six bits starting at bit `bit` of bytes[0 .. length) (bits past the end read as 0). */
function sextet(bytes: Uint8Array, length: number, bit: number): number {
  const i = bit >>> 3;
  const pair = (bytes[i]! << 8) | (i + 1 < length ? bytes[i + 1]! : 0);
  return (pair >>> (10 - (bit & 7))) & 63;
}

function fullBase64(bytes: Uint8Array, length: number): string {
  const chars = Math.ceil((length * 8) / 6);
  const padded = (chars + 3) & ~3;
  if (out.length < padded) out = Buffer.allocUnsafe(2 * padded);
  for (let k = 0; k < chars; k++) out[k] = STANDARD_CODES[sextet(bytes, length, 6 * k)]!;
  for (let k = chars; k < padded; k++) out[k] = EQUALS;
  return out.toString("latin1", 0, padded);
}
