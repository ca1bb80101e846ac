import { describe, expect, it } from "vitest";
import { parsePlanJson } from "../../src/iac/parse-plan-json.js";
import { generatePlan, generatePlanJson, generatePlanText } from "../support/generate-plan.js";

describe("generatePlan", () => {
  const generated = generatePlan(800, 9);
  const plan = parsePlanJson(JSON.stringify(generated.plan));

  it("is deterministic for a seed and differs across seeds", () => {
    expect(generatePlanJson(300, 1)).toBe(generatePlanJson(300, 1));
    expect(generatePlanJson(300, 1)).not.toBe(generatePlanJson(300, 2));
  });

  it("parses as a terraform plan with the counts it claims", () => {
    const { listed, ...counts } = generated.counts;
    expect(plan.formatVersion).toBe("1.2");
    expect(plan.summary).toMatchObject(counts);
    expect(plan.resourceChanges.length).toBe(listed);
  });

  it("mixes every kind of change, module and index", () => {
    const changes = plan.resourceChanges;
    for (const action of ["create", "update", "replace", "delete", "read", "forget", "no-op"]) {
      expect(changes.some((rc) => rc.action === action), action).toBe(true);
    }
    expect(changes.some((rc) => rc.replaceOrder === "create-before-destroy")).toBe(true);
    expect(changes.some((rc) => rc.replaceOrder === "delete-before-create")).toBe(true);
    expect(changes.some((rc) => rc.importing !== null)).toBe(true);
    expect(changes.some((rc) => rc.previousAddress !== null)).toBe(true);
    expect(new Set(changes.map((rc) => rc.module)).size).toBeGreaterThanOrEqual(6);
    expect(changes.some((rc) => typeof rc.index === "string")).toBe(true);
    expect(changes.some((rc) => rc.attributes.some((a) => a.after.kind === "unknown"))).toBe(true);
    expect(changes.some((rc) => rc.attributes.some((a) => a.after.kind === "sensitive"))).toBe(true);
    expect(changes.some((rc) => rc.attributes.some((a) => a.path.includes("[0]")))).toBe(true);
  });

  it("lists its secrets, and the parsed model holds none of them", () => {
    expect(generated.secrets.length).toBeGreaterThan(10);
    const model = JSON.stringify(plan);
    expect(generated.secrets.filter((s) => model.includes(s))).toEqual([]);
  });

  it("writes a plan text that masks sensitive attributes", () => {
    const text = generatePlanText(generated.plan);
    expect(text).toContain("(sensitive value)");
    expect(text).toMatch(/Plan: \d+ to add, \d+ to change, \d+ to destroy\./);
    expect(generated.secrets.filter((s) => text.includes(s))).toEqual([]);
  });
});
