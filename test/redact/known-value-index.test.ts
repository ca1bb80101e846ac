import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KnownValueIndex } from "../../src/redact/known-value-index.js";

/** Every start of every value in text, the slow obvious way. */
function occurrences(values: readonly string[], text: string): string[] {
  const found = new Set<string>();
  for (const value of values) {
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) found.add(`${value}@${at}`);
  }
  return [...found].sort();
}

describe("KnownValueIndex", () => {
  it("finds every occurrence of every value of four characters or more, at any alignment, and nothing else", () => {
    const value = fc.string({ minLength: 4, maxLength: 14, unit: fc.constantFrom("a", "b", "c", "é", "€", "\u0161", "=") });
    fc.assert(
      fc.property(fc.uniqueArray(value, { minLength: 1, maxLength: 8 }), fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.nat()), { maxLength: 24 }), (values, parts) => {
        const index = new KnownValueIndex();
        for (const v of values) index.add({ id: "test", value: v });
        const text = parts.map((p) => (typeof p === "number" ? values[p % values.length]! : p)).join("");
        const found = new Set<string>();
        index.scan(text, (i, start) => found.add(`${index.get(i).value}@${start}`));
        expect([...found].sort()).toEqual(occurrences(values, text));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the first id of a value and finds values shorter than four characters too", () => {
    const index = new KnownValueIndex();
    expect(index.add({ id: "FIRST", value: "s3cr3t-value" })).toBe(true);
    expect(index.add({ id: "SECOND", value: "s3cr3t-value" })).toBe(false);
    index.add({ id: "PIN", value: "x9z" });
    const hits: string[] = [];
    index.scan("a x9z and s3cr3t-value", (i, start) => hits.push(`${index.get(i).id}@${start}`));
    expect(hits.sort()).toEqual(["FIRST@10", "PIN@2"]);
  });

  it("holds thousands of values sharing a prefix (found tokens: ghp_...) and still finds each one", () => {
    const index = new KnownValueIndex();
    const tokens = Array.from({ length: 5000 }, (_, i) => `ghp_${i.toString(36).padStart(6, "0")}kq${(i * 7919).toString(36)}`);
    for (const t of tokens) index.add({ id: "github-pat", value: t });
    const text = tokens.filter((_, i) => i % 97 === 0).join(" | ");
    let hits = 0;
    index.scan(text, () => hits++);
    expect(hits).toBe(tokens.filter((_, i) => i % 97 === 0).length);
  });
});
