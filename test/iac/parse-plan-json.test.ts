import { describe, expect, it } from "vitest";
import { formatPath, parsePlanJson, readPlanJson, toAction } from "../../src/iac/parse-plan-json.js";
import { UserError } from "../../src/user-error.js";

/** A plan in terraform's JSON format with drift, as a provider-backed resource would produce it. */
function driftPlan(): Record<string, unknown> {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_drift: [
      {
        address: "module.db.aws_db_instance.main",
        module_address: "module.db",
        mode: "managed",
        type: "aws_db_instance",
        name: "main",
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: {
          actions: ["update"],
          before: { instance_class: "db.t3.small", password: "s3cr3t-drifted", tags: { "team/owner": "payments" } },
          after: { instance_class: "db.t3.large", password: "s3cr3t-drifted", tags: { "team/owner": "platform" } },
          after_unknown: {},
          before_sensitive: { password: true },
          after_sensitive: { password: true },
        },
      },
    ],
    resource_changes: [
      {
        address: "module.db.aws_db_instance.main",
        module_address: "module.db",
        mode: "managed",
        type: "aws_db_instance",
        name: "main",
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: {
          actions: ["update"],
          before: { instance_class: "db.t3.large", password: "s3cr3t-drifted" },
          after: { instance_class: "db.t3.small", password: "s3cr3t-drifted" },
          after_unknown: {},
          before_sensitive: { password: true },
          after_sensitive: { password: true },
        },
      },
    ],
    output_changes: {},
  };
}

describe("parsePlanJson", () => {
  it("reads resource_drift with attribute paths, and keeps sensitive values out", () => {
    const plan = parsePlanJson(JSON.stringify(driftPlan()));
    expect(plan.summary.drifted).toBe(1);
    expect(plan.resourceDrift[0]?.module).toBe("module.db");
    expect(plan.resourceDrift[0]?.attributes.map((a) => a.path)).toEqual(["instance_class", 'tags["team/owner"]']);
    expect(JSON.stringify(plan)).not.toContain("s3cr3t-drifted");
  });

  it("masks values marked sensitive anywhere in the text plan", () => {
    const { maskText } = readPlanJson(driftPlan());
    expect(maskText('password = "s3cr3t-drifted"')).toBe('password = "(sensitive value)"');
  });

  it("rejects text that is not JSON with a user error", () => {
    expect(() => parsePlanJson("Plan: 1 to add")).toThrow(UserError);
    expect(() => parsePlanJson("Plan: 1 to add")).toThrow(/not valid JSON/);
  });

  it("rejects JSON that is not a plan and says where", () => {
    try {
      parsePlanJson({ format_version: "1.2", terraform_version: "1.11.4", resource_changes: [{ address: 1 }] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).where).toMatch(/^resource_changes\.0\./);
    }
  });

  it("maps action lists, keeping the replace order", () => {
    expect(toAction(["delete", "create"])).toEqual({ action: "replace", replaceOrder: "delete-before-create" });
    expect(toAction(["create", "delete"])).toEqual({ action: "replace", replaceOrder: "create-before-destroy" });
    expect(toAction(["create", "forget"]).action).toBe("forget");
    expect(toAction(["no-op"]).action).toBe("no-op");
  });

  it("formats paths like terraform", () => {
    expect(formatPath(["tags", "kubernetes.io/role"])).toBe('tags["kubernetes.io/role"]');
    expect(formatPath(["ingress", 0, "from_port"])).toBe("ingress[0].from_port");
  });
});
