import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeywordAutomaton } from "../../src/redact/keyword-automaton.js";

function naive(literals: readonly string[], text: string): string[] {
  const hits: string[] = [];
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  literals.forEach((literal, index) => {
    for (let at = lower.indexOf(literal.toLowerCase()); at !== -1; at = lower.indexOf(literal.toLowerCase(), at + 1)) {
      hits.push(`${index}@${at + literal.length}`);
    }
  });
  return hits.sort();
}

function automaton(literals: readonly string[], text: string): string[] {
  const hits: string[] = [];
  new KeywordAutomaton(literals).scan(text, (index, end) => hits.push(`${index}@${end}`));
  return hits.sort();
}

describe("KeywordAutomaton", () => {
  it("finds overlapping and nested literals, case-insensitively", () => {
    expect(automaton(["he", "she", "hers", "his"], "uSHErs")).toEqual(["0@4", "1@4", "2@6"].sort());
  });

  it("reports hits in order of their end", () => {
    const ends: number[] = [];
    new KeywordAutomaton(["ab", "b", "abc", "c"]).scan("xabcabc", (_i, end) => ends.push(end));
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
  });

  it("does not match across a non-ASCII character", () => {
    expect(automaton(["token"], "tok\u00e9n tokén TOKEN")).toEqual(["0@17"]);
  });

  it("rejects empty and non-ASCII literals", () => {
    expect(() => new KeywordAutomaton([""])).toThrow(/empty/);
    expect(() => new KeywordAutomaton(["clé"])).toThrow(/ASCII/);
  });

  it("agrees with a naive search on any text", () => {
    const alphabet = fc.constantFrom(..."abcAB_-:é\n");
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: fc.constantFrom(..."abAB_-:"), minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8, selector: (s) => s.toLowerCase() }),
        fc.string({ unit: alphabet, maxLength: 80 }),
        (literals, text) => {
          expect(automaton(literals, text)).toEqual(naive(literals, text));
        },
      ),
      { numRuns: 500 },
    );
  });

  // From 4 KiB the text is walked as two halves at once: a literal across the middle, or ending
  // just past it, must be found once, and the hits still come in order of their end.
  it("finds literals across the middle of a long text once, in order", () => {
    const literals = ["token", "ken", "secret_key", "k"];
    for (let shift = -12; shift <= 12; shift++) {
      const half = 4096 + shift;
      const text = `${"a".repeat(half - 6)}TOKEN_SECRET_KEY${"b".repeat(4096)}`;
      expect(automaton(literals, text), String(shift)).toEqual(naive(literals, text));
      const ends: number[] = [];
      new KeywordAutomaton(literals).scan(text, (_i, end) => ends.push(end));
      expect(ends).toEqual([...ends].sort((a, b) => a - b));
    }
  });

  it("agrees with a naive search on any long text", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: fc.constantFrom(..."abAB_-:"), minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8, selector: (s) => s.toLowerCase() }),
        fc.array(fc.string({ unit: fc.constantFrom(..."abcAB_-:é\n"), maxLength: 80 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 4096, max: 9000 }),
        (literals, pieces, length) => {
          let text = "";
          for (let i = 0; text.length < length; i++) text += pieces[i % pieces.length] || "x";
          expect(automaton(literals, text)).toEqual(naive(literals, text));
        },
      ),
      { numRuns: 150 },
    );
  });
});
