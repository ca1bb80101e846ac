import { looksLikeNotASecret } from "../not-a-secret.js";
import { shannonEntropy } from "../shannon-entropy.js";

/**
 * Values that sit after `password =` / `token:` but are not secrets: references to where the
 * secret lives, settings, paths. Each shape is one entry with the look-alikes it covers.
 */
export const REFERENCE_SHAPES: readonly { name: string; pattern: RegExp; examples: readonly string[] }[] = [
  {
    // Also a member of an object in code (`c.Password`, `this.apiKey`): digit-free segments after
    // the first, so a dotted token such as `ya29.A0AR…` stays a secret.
    name: "a terraform / HCL reference, a member of an object in code, or a function call",
    pattern: /^(?:var|local|module|data|each|count|path|terraform|self)\.[\w.[\]"*-]+$|^[a-z_][a-z0-9_-]*(?:\.[a-z0-9_*-]+|\[[^\]]*\])+$|^[a-z_$][\w$]*(?:\.[A-Za-z_]{1,40})+$|^[\w.]+\(.*\)$/,
    examples: ["var.db_password", "random_password.db.result", "aws_secretsmanager_secret_version.db.secret_string", "sensitive(var.token)", 'file("~/.ssh/id_rsa")', "c.Password", "this.apiKey", "settings.SECRET_KEY"],
  },
  {
    name: "a secret-store reference (ARN, Key Vault, SOPS, secret manager URI)",
    pattern: /^arn:aws[\w-]*:|^@Microsoft\.KeyVault\(|^ENC\[|^(?:ref\+|sm:\/\/|vault:|awssm:|gcpsm:|azkv:|op:\/\/|doppler:\/\/|secretsmanager:)|^projects\/[\w-]+\/secrets\//,
    examples: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)", "ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]", "op://prod/db/password"],
  },
  {
    name: "a path or a URL without credentials",
    pattern: /^(?:\/|~\/|\.\.?\/|[A-Za-z]:\\)[^\s]*$|^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/,
    examples: ["/run/secrets/db_password", "~/.ssh/id_ed25519", "https://vault.acme.internal/v1/secret/data/db"],
  },
  {
    // A service account's or user's address names who signs, not the key (`X-Goog-Credential=svc%40proj…`).
    name: "an e-mail address, plain or percent-encoded",
    pattern: /^[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+$/,
    examples: ["ci-bot@acme-prod.iam.gserviceaccount.com", "svc%40proj.iam.gserviceaccount.com"],
  },
  {
    name: "a number, duration or size",
    // Up to 23 digits: a longer number is a generated secret (Discord client secrets are 32).
    pattern: /^-?\d{1,23}(?:\.\d+)?(?:[smhdwSMHDW]|[mM][sS]|[kmgtKMGT][iI]?[bB]?)?$/,
    examples: ["16", "3600", "30m", "1.5", "512Mi"],
  },
  {
    name: "a format string, YAML tag, a name in braces or a Maven-encrypted value",
    pattern: /^%\(?\w*\)?s$|^!\w+$|^\{[\w.]+\}$|^\{\w+\}|^\{[A-Za-z0-9+/=]+\}$/,
    examples: ["%(password)s", "!vault", "{password}", "{AES256}ciphertext", "{COQLCE6DU6GtcS5P=}"],
  },
];

/**
 * All shapes as one regex: one call per candidate instead of six (the checks run on every
 * candidate a generic rule finds). No `i` flag: the code-member shape is lowercase on purpose, so
 * the shapes carry their case in their classes.
 */
const ANY_REFERENCE = new RegExp(`^(?:${REFERENCE_SHAPES.map((s) => `(?:${s.pattern.source})`).join("|")})`);
// Anchored once outside: V8 does not see an alternation of anchored branches as anchored, and
// tried the whole of it at every position of the value (twice the cost of the six regexes).
// Every shape's branches start with `^`, so the outer anchor changes nothing they match.

/**
 * Values no shape above can match: every one needs punctuation (`.`, `[`, `(`, `:`, `/`, `@`,
 * `%`, `!`, `{`, `+`, `\\`) or a leading digit or `-` (a number). Most tokens look like this, and
 * this one pass is cheaper than the shapes, several of which backtrack along the whole value.
 */
export const NO_REFERENCE_SHAPE = /^[A-Za-z_][\w-]*$/;

export function isReference(value: string): boolean {
  return (!NO_REFERENCE_SHAPE.test(value) && ANY_REFERENCE.test(value)) || encodesAPlaceholder(value);
}

/** base64 of `changeme` in a Kubernetes Secret is still a placeholder. */
function encodesAPlaceholder(value: string): boolean {
  if (value.length < 8 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  // Decoded here, printable ASCII checked byte by byte: a random value fails within its first
  // few bytes, before any buffer or string is made (this runs on every base64-looking candidate).
  let decoded = "";
  for (let i = 0; i < value.length; i += 4) {
    const quad = (sextet(value, i) << 18) | (sextet(value, i + 1) << 12) | (sextet(value, i + 2) << 6) | sextet(value, i + 3);
    const bytes = value[i + 2] === "=" ? 1 : value[i + 3] === "=" ? 2 : 3;
    for (let k = 0; k < bytes; k++) {
      const b = (quad >> (16 - 8 * k)) & 0xff;
      if (b < 0x20 || b > 0x7e) return false;
      decoded += String.fromCharCode(b);
    }
  }
  return looksLikeNotASecret(decoded);
}

/** The 6 bits of a base64 character (0 for the `=` padding). */
function sextet(value: string, at: number): number {
  const c = value.charCodeAt(at);
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 71;
  if (c >= 48 && c <= 57) return c + 4;
  return c === 43 ? 62 : c === 47 ? 63 : 0;
}

/** A password: anything that is not a reference, long enough, not a repeated character or a word. */
export function isPlausiblePassword(value: string): boolean {
  const v = value.trim();
  // The reference shapes last: they cost the most, and every check must pass anyway.
  return v.length >= 6 && shannonEntropy(v) >= 2.3 && !isReference(v);
}

/**
 * A token, API key or client secret: random-looking. Resource names (`db-credentials`) and
 * words are kept out by asking for letters mixed with digits, or both cases.
 */
export function isPlausibleToken(value: string): boolean {
  const v = value.trim();
  if (v.length < 8 || /\s/.test(v)) return false;
  const hasDigit = /\d/.test(v);
  const hasLetter = /[A-Za-z]/.test(v);
  const mixedCase = /[a-z]/.test(v) && /[A-Z]/.test(v);
  // Punctuation outside identifier, path and e-mail characters marks a generated value (`h}o)p$e]nob`).
  const special = hasLetter && /[^\w\s./:@-]/.test(v);
  // Ids, ports and timestamps stay under two dozen digits; a longer random number was generated.
  const longNumber = /^\d{24,}$/.test(v);
  if (!((hasDigit && hasLetter) || mixedCase || special || longNumber)) return false;
  const entropy = shannonEntropy(v);
  if (/^[a-z]+(?:[-_][a-z0-9]+)+$/.test(v) && entropy < 3.6) return false;
  // Sixteen hex characters cannot reach 3 bits each often: a short hex token needs less.
  if (entropy < (v.length < 24 && /^[0-9a-f]+$/i.test(v) ? 2.7 : 3)) return false;
  // The reference shapes last: they cost the most, and every check must pass anyway.
  return !isReference(v);
}
