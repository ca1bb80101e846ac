import { RecentValues } from "./recent-values.js";

/**
 * Shapes of values that sit where a secret would but are not one: template and environment
 * references, placeholders, masks, doc examples. Checked on every candidate a rule finds.
 */
export interface NotASecretShape {
  name: string;
  pattern: RegExp;
  examples: readonly string[];
}

export const NOT_A_SECRET_SHAPES: readonly NotASecretShape[] = [
  {
    name: "a redaction placeholder",
    pattern: /\[\[SECRET:/,
    examples: ["[[SECRET:github-pat:3f9a]]"],
  },
  {
    // A well-formed expression, not just its opening characters: a password such as
    // `{{h}o)p${e]nob(ody` holds `${` and `{{` without being a template.
    name: "a template expression (terraform, GitHub Actions, Helm, Jinja, ERB, Ruby)",
    pattern: /\$\{\{[^{}]*\}\}|\$\{[^{}$]*\}|\{\{[^{}]*\}\}|\{%[^%]*%\}|<%[^%]*%>|#\{[^{}]*\}/,
    examples: ["${var.db_password}", "${{ secrets.DEPLOY_TOKEN }}", "{{ .Values.password }}", "<%= ENV['TOKEN'] %>", "pre-${VAR}-post", "{% if x %}"],
  },
  {
    name: "an environment or command reference",
    pattern: /^\$[A-Za-z_][A-Za-z0-9_]*$|^\$\(|^%[A-Za-z_][A-Za-z0-9_]*%$|^\$env:/i,
    examples: ["$DB_PASSWORD", "$(cat /run/secrets/db)", "%DB_PASSWORD%", "$env:API_TOKEN"],
  },
  {
    name: "a bracketed placeholder",
    pattern: /^<[^<>]*>$|^\[[^\]]*\]$|^\([^()]*\)$/,
    examples: ["<TOKEN>", "<your-api-key>", "[REDACTED]", "(sensitive value)"],
  },
  {
    name: "a mask or filler",
    // `abc123` marks a short value as made up; inside a long token it is chance, so only a run
    // of eight in sequence (or a number repeated as every group) counts there.
    pattern: /[xX]{5,}|\*{3,}|•{3,}|\.{4,}|#{4,}|_{5,}|0{12,}|^.{0,8}(?:abc|123|xyz)[-_]?(?:abc|123|xyz|def|456).{0,8}$|01234567|12345678|abcdefgh|(\d{3,8})-\1-\1/,
    examples: ["xxxxx", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "********", "sk_live_000000000000000000000000", "abc123", "01234567-89ab-cdef-0123-456789abcdef", "xoxp-1234-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d"],
  },
  {
    name: "a word that marks an example",
    pattern: /example|changeme|change[_-]me|placeholder|dummy|redacted|replace[_-]?(?:me|with)|your[_-]?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password|pass)|sensitive value|known after apply|not[_-]?a[_-]?(?:real[_-]?)?secret/i,
    examples: ["AKIAIOSFODNN7EXAMPLE", "changeme", "your-api-key", "REPLACE_ME", "dummy-token-value", "REPLACE_WITH_PASSWORD"],
  },
  {
    name: "a bare placeholder word",
    pattern: /^(?:password|passwd|secret|token|none|null|nil|undefined|true|false|yes|no|empty|todo|tbd|fixme|default|required|optional|string|value|test|sample|foo|bar|baz|foobar)$/i,
    examples: ["password", "null", "TODO", "string"],
  },
  {
    // Letters and separators around the word itself: a name for the secret, not the secret.
    name: "a secret's name standing in for it",
    // A short word or two around it: `whywouldyouusehttpforpasswords` is a passphrase, not a name.
    // The look-ahead first: only letters and separators, 46 at most (what the rest can match), so
    // a token fails it at its first digit instead of trying every split of its leading letters.
    pattern: /^(?=[a-z_.-]{1,46}$)(?:[a-z]{0,8}[_.-]?){0,2}(?:password|passwd|passphrase|secret|token)(?:[_.-]?[a-z]{0,8}){0,2}$/i,
    examples: ["mypassword", "YOUR_PASSWORD", "db_password", "my-secret-token", "REPLACE_WITH_PASSWORD"],
  },
];

/**
 * The shapes as two case-insensitive regexes, one call each per candidate instead of one per
 * shape: the branches anchored at the start (`^…`) in one regex anchored once, which runs at the
 * first position only, and the rest, which are looked for everywhere in the value. One regex of
 * all the branches tried every anchored one at every position of the value too (V8 does not see
 * an alternation of anchored branches as anchored), and cost twice as much per candidate.
 * A capture group must come before its backreference in the same regex (the filler's `(\d{3,8})-\1`).
 */
const BRANCHES = NOT_A_SECRET_SHAPES.flatMap((s) => topLevelBranches(s.pattern.source));
const AT_START = new RegExp(`^(?:${BRANCHES.filter((b) => b.startsWith("^")).map((b) => `(?:${b.slice(1)})`).join("|")})`, "i");
const ANYWHERE = new RegExp(BRANCHES.filter((b) => !b.startsWith("^")).map((b) => `(?:${b})`).join("|"), "i");

/** Verdicts on the last values checked (most candidates are checked by two rules or more). */
const recent = new RecentValues<boolean>();

export function looksLikeNotASecret(value: string): boolean {
  let verdict = recent.get(value);
  if (verdict === undefined) recent.set(value, (verdict = AT_START.test(value) || ANYWHERE.test(value)));
  return verdict;
}

/** A regex source's alternatives at its top level (`a|b(c|d)|[|]` gives `a`, `b(c|d)`, `[|]`). */
export function topLevelBranches(source: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      branches.push(source.slice(from, i));
      from = i + 1;
    }
  }
  branches.push(source.slice(from));
  return branches;
}
