import { describe, expect, it } from "vitest";
import { NOT_A_SECRET_SHAPES } from "../../src/redact/not-a-secret.js";
import { PLACEHOLDER_ID } from "../../src/redact/placeholder.js";
import { Redactor } from "../../src/redact/redactor.js";
import { REFERENCE_SHAPES } from "../../src/redact/rules/assigned-value-checks.js";
import { ALL_RULES } from "../../src/redact/rules/all-rules.js";

// One redactor with every rule: a noMatch example must survive all of them, not just its own.
const everything = new Redactor();

describe("the rule table", () => {
  it("has at least 120 rules with unique ids usable in placeholders", () => {
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(120);
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(PLACEHOLDER_ID);
  });

  it("puts every rule behind the keyword prefilter, with lowercase one-line ASCII keywords", () => {
    for (const rule of ALL_RULES) {
      expect(rule.keywords.length, rule.id).toBeGreaterThan(0);
      for (const keyword of rule.keywords) {
        expect(keyword, rule.id).toBe(keyword.toLowerCase());
        expect(keyword, rule.id).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });

  it("holds a rule's required literal in every match of its examples", () => {
    for (const rule of ALL_RULES) {
      if (rule.requires === undefined || !rule.pattern) continue;
      const pattern = new RegExp(rule.pattern.source, rule.pattern.flags.includes("g") ? rule.pattern.flags : `${rule.pattern.flags}g`);
      for (const example of rule.examples.match) {
        const matches = [...example.matchAll(pattern)];
        expect(matches.length, `${rule.id}: ${example}`).toBeGreaterThan(0);
        for (const m of matches) expect(m[0], rule.id).toContain(rule.requires);
      }
    }
  });

  it("gives every rule at least one example to find and one look-alike to leave", () => {
    for (const rule of ALL_RULES) {
      expect(rule.examples.match.length, rule.id).toBeGreaterThan(0);
      expect(rule.examples.noMatch.length, rule.id).toBeGreaterThan(0);
    }
  });
});

describe.each(ALL_RULES.map((rule) => [rule.id, rule] as const))("rule %s", (_id, rule) => {
  const alone = new Redactor({ rules: [rule] });

  it.each(rule.examples.match.map((e) => [e]))("finds its example %#", (example) => {
    const found = alone.scan(example);
    expect(found.findings.map((f) => f.rule)).toContain(rule.id);
    const { redacted, findings } = everything.scan(example);
    expect(findings.length).toBeGreaterThan(0);
    // Whatever the rule alone took out must not be left in the output of the full set.
    const secrets = alone.spans(example).map((s) => example.slice(s.start, s.end));
    for (const secret of secrets) expect(redacted.text).not.toContain(secret);
    // The keyword that let the rule run sits on a line of the example.
    const lower = example.toLowerCase();
    expect(rule.keywords.some((k) => lower.includes(k))).toBe(true);
  });

  it.each(rule.examples.noMatch.map((e) => [e]))("leaves look-alike %# alone", (example) => {
    expect(everything.findings(example)).toEqual([]);
    expect(everything.redact(example).text).toBe(example);
  });
});

describe("shapes that are never secrets", () => {
  it.each(NOT_A_SECRET_SHAPES.map((s) => [s.name, s] as const))("%s: every example is recognised", (_name, shape) => {
    for (const example of shape.examples) expect(shape.pattern.test(example), example).toBe(true);
  });

  it.each(REFERENCE_SHAPES.map((s) => [s.name, s] as const))("%s: every example is recognised", (_name, shape) => {
    for (const example of shape.examples) expect(shape.pattern.test(example), example).toBe(true);
  });

  it("keeps a reference after password = out of the output unchanged", () => {
    for (const shape of REFERENCE_SHAPES) {
      for (const example of shape.examples) {
        const line = `password = ${example}`;
        expect(everything.redact(line).text, line).toBe(line);
      }
    }
  });
});
