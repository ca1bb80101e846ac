/**
 * Deterministic random-looking strings for rule examples: a rule's examples read as
 * `ghp_${fake("github-pat", 36)}` instead of 36 characters of noise, and never hold a real secret.
 */
export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
export const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export const HEX = "0123456789abcdef";
export const BASE64 = `${ALNUM}+/`;
export const BASE64URL = `${ALNUM}-_`;
export const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const LOWER = "abcdefghijklmnopqrstuvwxyz";
export const DIGITS = "0123456789";

/** `length` characters from `alphabet`, the same for the same seed on every run. */
export function fake(seed: string, length: number, alphabet: string = ALNUM): string {
  // FNV-1a seeds a xorshift32 generator: tiny, stable across platforms, good enough for examples.
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  if (state === 0) state = 1;
  let out = "";
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

/** base64 of a string, for examples that carry an encoded credential (docker auths, Basic auth). */
export function b64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}
