import { describe, expect, it } from "vitest";
import { alignListElements, type ElementStep } from "../../src/iac/align-list-elements.js";
import { parsePlanJson } from "../../src/iac/parse-plan-json.js";

function compact(steps: readonly ElementStep[]): string {
  return steps.map((s) => (s.kind === "same" ? `=${s.before}:${s.after}` : s.kind === "removed" ? `-${s.before}` : `+${s.after}`)).join(" ");
}

describe("alignListElements", () => {
  const CASES: Array<[string, string[], string[], string]> = [
    ["equal lists", ["a", "b"], ["a", "b"], "=0:0 =1:1"],
    ["one inserted at the front", ["a", "b", "c"], ["x", "a", "b", "c"], "+0 =0:1 =1:2 =2:3"],
    ["one removed in the middle", ["a", "b", "c"], ["a", "c"], "=0:0 -1 =2:1"],
    ["one swapped", ["a", "b", "c"], ["a", "x", "c"], "=0:0 -1 +1 =2:2"],
    ["all new", ["a"], ["b", "c"], "-0 +0 +1"],
    ["from empty", [], ["a"], "+0"],
    ["to empty", ["a", "b"], [], "-0 -1"],
    ["moved element", ["a", "b", "c"], ["b", "c", "a"], "-0 =1:0 =2:1 +2"],
  ];
  for (const [name, before, after, expected] of CASES) {
    it(name, () => expect(compact(alignListElements(before, after).steps)).toBe(expected));
  }

  it("never matches an element whose value is not known yet", () => {
    expect(compact(alignListElements(["a", "b"], ["a", null]).steps)).toBe("=0:0 -1 +1");
  });

  it("matches by value alone past the cell limit, still exact on additions and removals", () => {
    const { steps, byValueOnly } = alignListElements(["a", "b", "c", "d"], ["d", "x", "b", "a"], 4);
    expect(byValueOnly).toBe(true);
    expect(steps.filter((s) => s.kind !== "same")).toEqual([{ kind: "removed", before: 2 }, { kind: "added", after: 1 }]);
  });

  it("stays fast on long lists: 200,000 elements with changes at both ends and a reshuffled middle", () => {
    const before = Array.from({ length: 200_000 }, (_, i) => `e${i}`);
    const after = ["new", ...before.slice(1, 1000).reverse(), ...before.slice(1000), "tail"];
    const started = performance.now();
    const { steps, byValueOnly } = alignListElements(before, after);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(byValueOnly).toBe(true);
    expect(steps.filter((s) => s.kind === "removed").map((s) => s.kind === "removed" && s.before)).toEqual([0]);
    expect(steps.filter((s) => s.kind === "added").length).toBe(2);
  });
});

function updatePlan(before: unknown, after: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: [
      {
        address: "aws_security_group.web",
        mode: "managed",
        type: "aws_security_group",
        name: "web",
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: { actions: ["update"], before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...extra },
      },
    ],
  };
}

function paths(plan: Record<string, unknown>): string[] {
  return parsePlanJson(JSON.stringify(plan)).resourceChanges[0]!.attributes.map((a) => `${a.path}:${a.before.kind}>${a.after.kind}`);
}

describe("list and set attribute changes", () => {
  const rule = (port: number) => ({ from_port: port, to_port: port, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"] });

  it("shows one rule added to a set of rules, not every rule after it", () => {
    const plan = updatePlan({ ingress: [rule(22), rule(80), rule(443)] }, { ingress: [rule(22), rule(25), rule(80), rule(443)] });
    expect(paths(plan)).toEqual(["ingress[1]:absent>known"]);
  });

  it("shows a rule removed from the middle as removed", () => {
    const plan = updatePlan({ ingress: [rule(22), rule(80), rule(443)] }, { ingress: [rule(22), rule(443)] });
    expect(paths(plan)).toEqual(["ingress[1]:known>absent"]);
  });

  it("walks a nested block edited in place attribute by attribute", () => {
    const plan = updatePlan({ ingress: [rule(22), rule(80)] }, { ingress: [rule(22), { ...rule(80), cidr_blocks: ["0.0.0.0/0"] }] });
    expect(paths(plan)).toEqual(["ingress[1].cidr_blocks[0]:known>known"]);
  });

  it("marks only the changed element as forcing replacement", () => {
    const plan = updatePlan({ names: ["a", "b", "c", "d"] }, { names: ["a", "x", "b", "c", "d"] }, { replace_paths: [["names"]] });
    const attributes = parsePlanJson(JSON.stringify(plan)).resourceChanges[0]!.attributes;
    expect(attributes.map((a) => [a.path, a.forcesReplacement])).toEqual([["names[1]", true]]);
  });

  it("keeps sensitive elements masked when they are added or removed", () => {
    const plan = updatePlan({ keys: ["k-old-secret", "shared"] }, { keys: ["shared", "k-new-secret"] }, { before_sensitive: { keys: [true, false] }, after_sensitive: { keys: [false, true] } });
    const parsed = parsePlanJson(JSON.stringify(plan));
    expect(JSON.stringify(parsed)).not.toMatch(/k-(old|new)-secret/);
    expect(parsed.resourceChanges[0]!.attributes.map((a) => `${a.path}:${a.before.kind}>${a.after.kind}`)).toEqual(["keys[0]:sensitive>absent", "keys[1]:absent>sensitive"]);
  });

  it("shows an element whose value is known only after apply as such", () => {
    const plan = updatePlan({ ids: ["a"] }, { ids: ["a", null] }, { after_unknown: { ids: [false, true] } });
    expect(paths(plan)).toEqual(["ids[1]:absent>unknown"]);
  });

  it("reports a reordered very long list as one change of the whole list", () => {
    const before = Array.from({ length: 1_000 }, (_, i) => `x${i}`);
    const plan = updatePlan({ names: before }, { names: [...before].reverse() });
    expect(paths(plan)).toEqual(["names:known>known"]);
  });

  it("parses a 100,000-element list with one element inserted in linear time, as one change", () => {
    const before = Array.from({ length: 100_000 }, (_, i) => ({ cidr: `10.${i >> 8}.${i & 255}.0/24` }));
    const after = [...before.slice(0, 50_000), { cidr: "192.168.0.0/24" }, ...before.slice(50_000)];
    const started = performance.now();
    expect(paths(updatePlan({ routes: before }, { routes: after }))).toEqual(["routes[50000]:absent>known"]);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("bounds the subsequence work over a whole plan, not just per list", () => {
    const resources = Array.from({ length: 400 }, (_, r) => ({
      address: `terraform_data.r${r}`,
      mode: "managed",
      type: "terraform_data",
      name: `r${r}`,
      provider_name: "terraform.io/builtin/terraform",
      change: {
        actions: ["update"],
        before: { input: Array.from({ length: 400 }, (_, i) => `a${r}-${i}`) },
        after: { input: Array.from({ length: 400 }, (_, i) => `b${r}-${i}`) },
        after_unknown: {},
      },
    }));
    const started = performance.now();
    const plan = parsePlanJson(JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", resource_changes: resources }));
    expect(performance.now() - started).toBeLessThan(5_000);
    // Every element differs: each list is 400 changed elements whichever way it was aligned.
    for (const rc of plan.resourceChanges) expect(rc.attributes.length).toBeGreaterThanOrEqual(400);
  });

  it("compares values, not key order, and a value with a different sensitivity is different", () => {
    expect(paths(updatePlan({ tags: [{ a: 1, b: 2 }] }, { tags: [{ b: 2, a: 1 }] }))).toEqual([]);
  });
});
