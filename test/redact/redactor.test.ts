import { describe, expect, it } from "vitest";
import { claimRedactedMint, Redacted } from "../../src/redact/redacted.js";
import { Redactor } from "../../src/redact/redactor.js";
import { fake } from "../../src/redact/rules/fake-token.js";

const ghp = `ghp_${fake("redactor-test", 36)}`;

describe("Redactor", () => {
  it("replaces a secret with a placeholder naming the rule, and reports where without the value", () => {
    const redactor = new Redactor();
    const { redacted, findings } = redactor.scan(`line one\n  token: ${ghp}\n`);
    expect(redacted.text).toMatch(/^line one\n {2}token: \[\[SECRET:github-pat:[0-9a-f]{4,}\]\]\n$/);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: "github-pat", line: 2, column: 10 });
    expect(JSON.stringify(findings)).not.toContain(ghp);
  });

  it("is idempotent: redacting redacted text changes nothing", () => {
    const redactor = new Redactor();
    const once = redactor.redact(`GITHUB_TOKEN=${ghp} password: "Sup3r-S3cret#"`).text;
    expect(redactor.redact(once).text).toBe(once);
  });

  it("keeps a placeholder hidden in any new context, and leaves unknown placeholders alone", () => {
    const redactor = new Redactor();
    const placeholder = redactor.redact("password: hunter22x").text.slice("password: ".length);
    // No rule would find the bare value here; it stays hidden because the vault knows it.
    expect(redactor.redact(`the value is ${placeholder}, really`).text).toBe(`the value is ${placeholder}, really`);
    expect(redactor.redact(`glued${placeholder}glued`).text).toBe(`glued${placeholder}glued`);
    const foreign = "[[SECRET:github-pat:0000]]";
    expect(redactor.redact(`token: ${foreign}`).text).toBe(`token: ${foreign}`);
  });

  it("hides known values and their base64 and URL-encoded forms", () => {
    const redactor = new Redactor();
    const value = "s3cr3t/with+chars&more";
    const forms = redactor.addKnownValue("DB_PASSWORD", value);
    expect(forms).toContain(encodeURIComponent(value));
    const text = `plain ${value} url ${encodeURIComponent(value)} b64 ${Buffer.from(value).toString("base64")} inner ${Buffer.from(`user:${value}`).toString("base64")}`;
    const out = redactor.redact(text).text;
    expect(out).not.toContain(value);
    expect(out).not.toContain(encodeURIComponent(value));
    expect(out).not.toContain(Buffer.from(value).toString("base64"));
    // Inside a longer base64 stream only the edge characters that mix with neighbours may remain.
    expect(out).not.toContain(Buffer.from(`user:${value}`).toString("base64").slice(8, -4));
    expect(out).toContain("[[SECRET:DB_PASSWORD:");
  });

  it("ignores short and boring known values", () => {
    const redactor = new Redactor();
    expect(redactor.addKnownValue("FLAG_TOKEN", "true")).toEqual([]);
    expect(redactor.addKnownValue("PIN_SECRET", "1234")).toEqual([]);
    expect(redactor.redact("enabled: true").text).toBe("enabled: true");
  });

  it("hides a short known value only as a whole word", () => {
    const redactor = new Redactor();
    redactor.addKnownValue("terraform-sensitive", "prod-pw1");
    expect(redactor.redact("prod-pw1 and xprod-pw1x").text).toMatch(/^\[\[SECRET:terraform-sensitive:[0-9a-f]+\]\] and xprod-pw1x$/);
  });

  it("hides again what the vault released into a command", () => {
    const redactor = new Redactor();
    const placeholder = redactor.redact(`export GH_TOKEN=${ghp}`).text.split("=")[1]!;
    const [, value] = redactor.vault.restoreArgs(["echo", placeholder]);
    // The command echoes the bare value, with no context any rule would recognise.
    const output = `token is ${value!.slice(4)}`;
    expect(redactor.redact(`${output} ${value}`).text).toBe(`token is ${value!.slice(4)} ${placeholder}`);
  });

  it("runs a rule only where one of its keywords occurs (the one-pass prefilter)", () => {
    let checked = 0;
    const rule = {
      id: "demo",
      description: "matches any 12 letters, but only next to its keyword",
      keywords: ["zq-marker"],
      pattern: /[a-z]{12}/,
      validate: () => ++checked > 0,
      examples: { match: [], noMatch: [] },
    };
    const redactor = new Redactor({ rules: [rule] });
    expect(redactor.redact("qwmnbvrtplkj on a line without the keyword").text).toBe("qwmnbvrtplkj on a line without the keyword");
    expect(checked).toBe(0);
    expect(redactor.redact("ZQ-MARKER qwmnbvrtplkj").text).toMatch(/^ZQ-MARKER \[\[SECRET:demo:[0-9a-f]+\]\]$/);
    // Only the line holding the keyword is searched (another word: the one found above is now a
    // known value of the run, hidden everywhere; see known-values-propagate.test.ts).
    expect(redactor.redact("plkjqwmnbvrt\nzq-marker hgfdsapoiuyt").text).toMatch(/^plkjqwmnbvrt\nzq-marker \[\[SECRET:demo:/);
  });

  it("honours disabled rules and allowed values", () => {
    const text = `GITHUB_TOKEN=${ghp}`;
    expect(new Redactor({ disabledRules: ["github-pat", "generic-token"] }).redact(text).text).toBe(text);
    expect(new Redactor({ allow: [ghp] }).redact(text).text).toBe(text);
    expect(new Redactor({ allow: [/ghp_.*/] }).redact(text).text).toBe(text);
  });

  it("finds secrets on a single very long line (minified JSON) without missing later ones", () => {
    const parts = Array.from({ length: 2000 }, (_, i) => `{"name":"item-${i}","token":"${i % 500 === 7 ? ghp : "none"}"}`);
    const text = `[${parts.join(",")}]`;
    const { findings, redacted } = new Redactor().scan(text);
    expect(findings.filter((f) => f.rule === "github-pat")).toHaveLength(4);
    expect(redacted.text).not.toContain(ghp);
  });
});

describe("Redacted", () => {
  it("can only be made by the redactor: its factory is already claimed", () => {
    expect(() => claimRedactedMint()).toThrow(/Only the redactor/);
    expect(new Redactor().redact("hello")).toBeInstanceOf(Redacted);
  });
});
