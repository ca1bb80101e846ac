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
      expect(JSON.parse(selected ?? "null")).toEqual({ ...pick(doc, ["a", "b", "last"]), "esc\"aped": 1 });
    }
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

  it("returns null for text it cannot follow", () => {
    expect(selectJsonMembers("[1,2]", new Set(["a"]))).toBeNull();
    expect(selectJsonMembers('{"a": "unterminated', new Set(["a"]))).toBeNull();
    expect(selectJsonMembers('{"a": 1 "b": 2}', new Set(["a"]))).toBeNull();
    expect(selectJsonMembers("Plan: 1 to add", new Set(["a"]))).toBeNull();
  });
});
