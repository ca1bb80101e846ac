import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { looksLikeNotASecret, NOT_A_SECRET_SHAPES, topLevelBranches } from "../../src/redact/not-a-secret.js";
import { forgetRecentValues, RecentValues } from "../../src/redact/recent-values.js";
import { isReference, NO_REFERENCE_SHAPE, REFERENCE_SHAPES } from "../../src/redact/rules/assigned-value-checks.js";
import { shannonEntropy } from "../../src/redact/shannon-entropy.js";

// The checks run on every candidate, so they are written for speed; each must still say exactly
// what the plain definition says: the shapes' patterns, all of them, as one regex.
const ALL_SHAPES = new RegExp(NOT_A_SECRET_SHAPES.map((s) => `(?:${s.pattern.source})`).join("|"), "i");

/** Characters the shapes are made of, so random values often come close to one. */
const SHAPE_CHARS = [..."xX*•.#_0123456789-abcdefghpxyzABC$%{}[]()<>:/@!=+ ", "password", "token", "secret", "example", "${{", "}}", "1234-1234-1234"];

describe("looksLikeNotASecret", () => {
  it("recognises every shape's examples", () => {
    for (const shape of NOT_A_SECRET_SHAPES) for (const example of shape.examples) expect(looksLikeNotASecret(example), example).toBe(true);
  });

  it("says what the shapes' patterns together say, on any value", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SHAPE_CHARS), { maxLength: 30 }).map((parts) => parts.join("")), (value) => {
        expect(looksLikeNotASecret(value)).toBe(ALL_SHAPES.test(value));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("topLevelBranches", () => {
  it("splits at the top level only, not inside groups or classes or after an escape", () => {
    expect(topLevelBranches("a|b(c|d)|[|]|\\||e")).toEqual(["a", "b(c|d)", "[|]", "\\|", "e"]);
    expect(topLevelBranches("[\\]|]x|y")).toEqual(["[\\]|]x", "y"]);
  });
});

describe("isReference", () => {
  const ALL_REFERENCES = new RegExp(REFERENCE_SHAPES.map((s) => `(?:${s.pattern.source})`).join("|"));

  it("skips the shapes only for values none of them can match", () => {
    const word = fc
      .tuple(fc.constantFrom(..."aZ_v"), fc.array(fc.constantFrom(..."abvarlocalpathselfZ09_-"), { maxLength: 30 }))
      .map(([first, rest]) => first + rest.join(""));
    fc.assert(
      fc.property(word, (value) => {
        expect(NO_REFERENCE_SHAPE.test(value)).toBe(true);
        expect(ALL_REFERENCES.test(value)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it("still recognises every shape's examples", () => {
    for (const shape of REFERENCE_SHAPES) for (const example of shape.examples) expect(isReference(example), example).toBe(true);
  });
});

describe("RecentValues", () => {
  it("gives back what was remembered for an equal value, and nothing for another", () => {
    const memory = new RecentValues<number>();
    const text = `token=${"a1B2c3D4e5".repeat(3)};other=${"z9Y8x7W6v5".repeat(3)}`;
    const value = text.slice(6, 36);
    memory.set(value, 4.2);
    expect(memory.get(text.slice(6, 36))).toBe(4.2);
    expect(memory.get(`${value}`)).toBe(4.2);
    expect(memory.get(text.slice(43, 73))).toBeUndefined();
    expect(memory.get(value.slice(1))).toBeUndefined();
    memory.forget();
    expect(memory.get(value)).toBeUndefined();
  });

  it("keeps the entropy and the not-a-secret verdict exact when values share a slot", () => {
    // More values than slots: each is scored afresh or from its own slot, never from another's.
    const values = Array.from({ length: 3000 }, (_, i) => `${"k".repeat(i % 40)}${i}-${"x".repeat(i % 7)}`);
    const first = values.map((v) => [shannonEntropy(v), looksLikeNotASecret(v)] as const);
    forgetRecentValues();
    const again = [...values].reverse().map((v) => [shannonEntropy(v), looksLikeNotASecret(v)] as const).reverse();
    expect(again).toEqual(first);
  });
});
