import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { selectJsonMembers } from "../../src/iac/select-json-members.js";
import { generatePlanJson } from "../support/generate-plan.js";
import { FIXTURES } from "../support/terraform-fixture.js";

function pick(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => keys.includes(k)));
}

describe("selectJsonMembers", () => {
  it("keeps only the named top-level members, whatever the strings hold", () => {
    const doc = {
      a: 'brace } and bracket ] and quote " and backslash \\',
      dropped: { nested: ["}", "]", { deep: '"{["' }], n: -1.5e3, t: true, z: null },
      b: [1, [2, [3]], { c: "\u00e9\u4e2d\n" }],
      "esc\"aped": 1,
      last: false,
    };
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
      const selected = selectJsonMembers(text, new Set(["a", "b", "last"]));
      expect(JSON.parse(selected ?? "null")).toEqual(pick(doc, ["a", "b", "last"]));
      // A name with escapes is compared by what it means.
      expect(JSON.parse(selectJsonMembers(text, new Set(['esc"aped'])) ?? "null")).toEqual({ 'esc"aped': 1 });
    }
  });

  it("keeps only the selected members of a nested object", () => {
    const text = JSON.stringify({ planned_values: { outputs: { a: { sensitive: true } }, root_module: { resources: [1, 2] } }, x: 1 });
    const keep = new Map([["planned_values", new Map([["outputs", true as const]])]]);
    expect(JSON.parse(selectJsonMembers(text, keep) ?? "null")).toEqual({ planned_values: { outputs: { a: { sensitive: true } } } });
  });

  it("names the skipped members that hold something", () => {
    const skipped: string[] = [];
    selectJsonMembers('{"a":1,"deferred_changes":[{"x":1}],"checks":[],"prior_state":null,"timestamp":"t"}', new Set(["a"]), { skipped });
    expect(skipped).toEqual(["deferred_changes", "timestamp"]);
  });

  it("gives the same members as a full parse on real and generated plans", () => {
    const plans = readdirSync(join(FIXTURES, "plans"))
      .filter((f) => f.endsWith(".json"))
      .map((f) => readFileSync(join(FIXTURES, "plans", f), "utf8"));
    plans.push(generatePlanJson(300, 7));
    const keep = ["format_version", "resource_changes", "output_changes", "configuration"];
    for (const text of plans) {
      expect(JSON.parse(selectJsonMembers(text, new Set(keep)) ?? "null")).toEqual(pick(JSON.parse(text), keep));
    }
  });

  it("returns null for text that is not an object, so the caller parses it whole", () => {
    expect(selectJsonMembers("[1,2]", new Set(["a"]))).toBeNull();
    expect(selectJsonMembers("Plan: 1 to add", new Set(["a"]))).toBeNull();
  });

  // Skipping is not trusting: the kept text is only returned when the whole text is one valid JSON value.
  const INVALID: Array<[string, string, RegExp]> = [
    ["two plans concatenated", '{"a":1}\n{"a":2}', /after the JSON value/],
    ["trailing garbage", '{"a":1} x', /after the JSON value/],
    ["an unterminated string", '{"a": "unterminated', /not closed/],
    ["a missing comma", '{"a": 1 "b": 2}', /expected ','/],
    ["a trailing comma in a skipped array", '{"a":1,"b":[1,2,]}', /expected a value/],
    ["a trailing comma in the object", '{"a":1,}', /member name/],
    ["a bad literal in a skipped member", '{"a":1,"b":{"c":nul}}', /expected a value/],
    ["a bad number", '{"a":1,"b":01}', /expected ','/],
    ["a number without digits after the point", '{"b":1.,"a":1}', /after '\.'/],
    ["a bad escape", '{"b":"\\x","a":1}', /invalid escape/],
    ["a raw newline in a string", '{"b":"line\nbreak","a":1}', /control characters/],
    ["an unclosed skipped object", '{"a":1,"b":{"c":[1,2]', /ends early/],
    ["a mismatched bracket", '{"a":1,"b":[1,2}}', /expected ',' or '\]'/],
    ["a duplicated member", '{"a":1,"a":2}', /given twice/],
    ["a duplicated member spelled with an escape", '{"a":1,"\\u0061":2}', /given twice/],
    ["a single quote string", "{'a':1}", /member name/],
  ];
  for (const [name, text, message] of INVALID) {
    it(`throws on ${name}`, () => {
      // JSON.parse takes the last of duplicated members; every other case it rejects too.
      if (!name.includes("duplicated")) expect(() => JSON.parse(text)).toThrow();
      expect(() => selectJsonMembers(text, new Set(["a"]))).toThrow(message);
    });
  }

  it("accepts every valid JSON value form in skipped parts", () => {
    const text = '{"skip":[0,-0,1.5e-3,2E+2,-12.25,true,false,null,"\\u00e9\\n\\"\\/",{},[],{"k":[{}]}],"a":1}  \n';
    expect(JSON.parse(selectJsonMembers(text, new Set(["a"])) ?? "null")).toEqual({ a: 1 });
  });
});
