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
    name: "a template expression (terraform, GitHub Actions, Helm, Jinja, ERB, Ruby)",
    pattern: /\$\{|\{\{|\{%|<%|#\{/,
    examples: ["${var.db_password}", "${{ secrets.DEPLOY_TOKEN }}", "{{ .Values.password }}", "<%= ENV['TOKEN'] %>"],
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
    pattern: /[xX]{5,}|\*{3,}|•{3,}|\.{4,}|#{4,}|_{5,}|0{12,}|(?:abc|123|xyz)[-_]?(?:abc|123|xyz|def|456)/,
    examples: ["xxxxx", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "********", "sk_live_000000000000000000000000", "abc123"],
  },
  {
    name: "a word that marks an example",
    pattern: /example|changeme|change[_-]me|placeholder|dummy|redacted|replace[_-]?me|your[_-]?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password|pass)|sensitive value|known after apply|not[_-]?a[_-]?(?:real[_-]?)?secret/i,
    examples: ["AKIAIOSFODNN7EXAMPLE", "changeme", "your-api-key", "REPLACE_ME", "dummy-token-value"],
  },
  {
    name: "a bare placeholder word",
    pattern: /^(?:password|passwd|secret|token|none|null|nil|undefined|true|false|yes|no|empty|todo|tbd|fixme|default|required|optional|string|value|test|sample|foo|bar|baz|foobar)$/i,
    examples: ["password", "null", "TODO", "string"],
  },
];

/** All shapes as one case-insensitive regex: one call per candidate instead of seven. */
const ANY_SHAPE = new RegExp(NOT_A_SECRET_SHAPES.map((s) => `(?:${s.pattern.source})`).join("|"), "i");

export function looksLikeNotASecret(value: string): boolean {
  return ANY_SHAPE.test(value);
}
