import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { knownValueForms } from "../../src/redact/known-value-forms.js";
import { resolveRedactConfig } from "../../src/redact/redact-config.js";
import { isSecretEnvName, SECRET_ENV_NAME_PATTERNS } from "../../src/redact/secret-env-names.js";
import { isUserError } from "../../src/user-error.js";

function userError(fn: () => unknown): { summary: string; where?: string; hint?: string; exitCode: number } {
  try {
    fn();
  } catch (err) {
    if (isUserError(err)) return err;
    throw err;
  }
  throw new Error("expected a UserError");
}

describe("secret environment variable names", () => {
  it.each(SECRET_ENV_NAME_PATTERNS.map((p) => [p.pattern.source, p] as const))("%s: its examples", (_source, p) => {
    for (const name of p.examples.secret) expect(isSecretEnvName(name), name).toBe(true);
    for (const name of p.examples.notSecret) expect(isSecretEnvName(name), name).toBe(false);
  });

  it("adds configured names and * globs", () => {
    expect(isSecretEnvName("DEPLOY_KEY_PEM")).toBe(false);
    expect(isSecretEnvName("DEPLOY_KEY_PEM", ["DEPLOY_KEY_PEM"])).toBe(true);
    expect(isSecretEnvName("ORDERS_DSN", ["*_DSN"])).toBe(true);
    expect(isSecretEnvName("ORDERS_DSN_HOST", ["*_DSN"])).toBe(false);
  });
});

describe("known value forms", () => {
  it("covers the value wherever it sits in a longer base64 stream, at any alignment", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40 }), fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (value, before, after) => {
        const forms = knownValueForms(value);
        const stream = Buffer.from(before + value + after, "utf8").toString("base64");
        const url = stream.replace(/\+/g, "-").replace(/\//g, "_");
        expect(forms.some((f) => stream.includes(f) || url.includes(f))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("redact: settings", () => {
  it("takes env names, allowed values (literal or /regex/) and rule ids", () => {
    const config = resolveRedactConfig({ env: ["*_DSN"], allow: ["sk_test_fixture", "/^AKIA.*TEST$/i"], disabled_rules: ["generic-token"] });
    expect(config.envNames).toEqual(["*_DSN"]);
    expect(config.allow[0]).toBe("sk_test_fixture");
    expect(config.allow[1]).toEqual(/^AKIA.*TEST$/i);
    expect(config.disabledRules).toEqual(["generic-token"]);
    expect(resolveRedactConfig(undefined)).toEqual({ envNames: [], allow: [], disabledRules: [] });
  });

  it("rejects an unknown key, a bad regex and an unknown rule with where and a hint, exit 2", () => {
    const unknownKey = userError(() => resolveRedactConfig({ envs: ["X"] }, "cfg.yml"));
    expect(unknownKey.summary).toContain("redact");
    expect(unknownKey.where).toContain("cfg.yml");
    expect(unknownKey.exitCode).toBe(2);
    const badRegex = userError(() => resolveRedactConfig({ allow: ["/([/"] }));
    expect(badRegex.where).toContain("redact.allow[0]");
    const unknownRule = userError(() => resolveRedactConfig({ disabled_rules: ["slack-bot-tokn"] }));
    expect(unknownRule.hint).toContain('"slack-bot-token"');
  });
});
