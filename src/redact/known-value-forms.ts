/** Values too short or too common to hide wherever they appear. */
const MIN_LENGTH = 6;
const BORING = /^(?:true|false|yes|no|on|off|null|none|enabled|disabled|default|localhost|127\.0\.0\.1|[0-9]{1,7})$/i;

/** Whether a value is worth hiding everywhere (a secret env var set to "true" is not). */
export function isWorthHiding(value: string, minLength = MIN_LENGTH): boolean {
  return value.trim().length >= minLength && !BORING.test(value.trim());
}

/**
 * The forms a secret takes in text: as is, URL-encoded, and base64 / base64url. In base64 the
 * value's characters depend on where it starts in the encoded stream, so the three alignments are
 * all kept (each without the edge characters mixed with neighbours), as GitHub's runner does.
 */
export function knownValueForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) forms.add(encoded);
  // Found secrets are learned by the thousand in a dense log: one buffer holds the value behind
  // two filler bytes, and each alignment is a view of it (no copy per alignment).
  const bytes = Buffer.from(value, "utf8");
  const padded = Buffer.allocUnsafe(bytes.length + 2);
  padded[0] = 0;
  padded[1] = 0;
  bytes.copy(padded, 2);
  forms.add(bytes.toString("base64"));
  for (let shift = 0; shift < 3; shift++) {
    const b64 = padded.toString("base64", 2 - shift);
    // Characters holding any of the filler bits, and the last group's bits shared with what follows.
    const first = Math.ceil((shift * 8) / 6);
    const last = Math.floor(((shift + bytes.length) * 8) / 6);
    const core = b64.slice(first, last);
    if (core.length >= MIN_LENGTH) {
      forms.add(core);
      if (core.includes("+") || core.includes("/")) forms.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  return [...forms];
}
