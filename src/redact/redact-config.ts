import { z } from "zod";
import { closestWord } from "../config/closest-word.js";
import { UserError } from "../user-error.js";
import { ALL_RULES } from "./rules/all-rules.js";

/**
 * The `redact:` section of .stakpak/config.yml:
 *
 * ```yaml
 * redact:
 *   env: [DEPLOY_KEY_PEM, "*_DSN"]   # more environment variables whose values are secrets
 *   allow: ["sk_test_fixture_only", "/^AKIA.*TESTKEY$/"]   # values never redacted; /.../ is a regex
 *   disabled_rules: [generic-token]  # rule ids to switch off
 * ```
 */
export const redactConfigSchema = z
  .object({
    env: z.array(z.string().min(1).regex(/^[A-Za-z_*][A-Za-z0-9_*-]*$/, "an environment variable name, * as a wildcard")).default([]),
    allow: z.array(z.string().min(1)).default([]),
    disabled_rules: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type RedactConfig = z.infer<typeof redactConfigSchema>;

export interface ResolvedRedactConfig {
  envNames: string[];
  allow: (string | RegExp)[];
  disabledRules: string[];
}

/** Validates the section (the config loader hands it over unchecked) into redactor options. */
export function resolveRedactConfig(raw: unknown, file = ".stakpak/config.yml"): ResolvedRedactConfig {
  const parsed = redactConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = ["redact", ...issue.path.map(String)].join(".");
    throw new UserError({
      summary: `Invalid redact settings: ${key}: ${issue.message}`,
      where: `${file}: ${key}`,
      detail: parsed.error.issues.map((i) => `redact.${i.path.join(".")}: ${i.message}`).join("\n"),
      hint: "redact takes env (variable names), allow (values or /regex/) and disabled_rules (rule ids).",
      exitCode: 2,
    });
  }
  const ids = ALL_RULES.map((r) => r.id);
  parsed.data.disabled_rules.forEach((id, i) => {
    if (ids.includes(id)) return;
    const near = closestWord(id, ids);
    throw new UserError({
      summary: `Unknown redaction rule "${id}".`,
      where: `${file}: redact.disabled_rules[${i}]`,
      hint: near ? `Did you mean "${near}"? \`stakpak-gitops redact --list-rules\` lists them all.` : "`stakpak-gitops redact --list-rules` lists every rule id.",
      exitCode: 2,
    });
  });
  const allow = parsed.data.allow.map((entry, i) => {
    const regex = /^\/(.+)\/([imsu]*)$/.exec(entry);
    if (!regex) return entry;
    try {
      return new RegExp(regex[1]!, regex[2]);
    } catch (err) {
      throw new UserError({
        summary: `redact.allow[${i}] is not a valid regular expression.`,
        where: `${file}: redact.allow[${i}]`,
        detail: (err as Error).message,
        hint: "Write /pattern/ with a JavaScript regular expression, or give the exact value without slashes.",
        exitCode: 2,
      });
    }
  });
  return { envNames: parsed.data.env, allow, disabledRules: parsed.data.disabled_rules };
}
