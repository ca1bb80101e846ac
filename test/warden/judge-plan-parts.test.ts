import { describe, expect, it } from "vitest";
import { parsePlanJson } from "../../src/iac/parse-plan-json.js";
import { judgePlan } from "../../src/warden/judge-plan.js";
import { EMPTY_POLICY } from "../../src/warden/policy.js";

/** A plan that only creates one resource: allowed on its own, so any stricter verdict comes from the part under test. */
function createPlan(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format_version: "1.2",
    terraform_version: "1.14.0",
    resource_changes: [
      {
        address: "terraform_data.app",
        mode: "managed",
        type: "terraform_data",
        name: "app",
        provider_name: "terraform.io/builtin/terraform",
        change: { actions: ["create"], before: null, after: { input: "x" }, after_unknown: { id: true } },
      },
    ],
    ...extra,
  };
}

const ACTION = {
  address: "action.aws_ec2_stop_instance.all",
  type: "aws_ec2_stop_instance",
  name: "all",
  provider_name: "registry.terraform.io/hashicorp/aws",
  config_values: { instance_id: "i-0123" },
  invoke_action_trigger: {},
};

describe("judgePlan never allows what it does not understand", () => {
  it("allows the create plan on its own", () => {
    expect(judgePlan(parsePlanJson(JSON.stringify(createPlan())), EMPTY_POLICY).decision).toBe("allow");
  });

  const UNREAD: Array<[string, unknown]> = [
    ["deferred_changes", [{ reason: "provider_config_unknown", resource_change: { address: "aws_instance.x", change: { actions: ["delete"] } } }]],
    ["deferred_action_invocations", [{ reason: "deferred_prereq", action_invocation: ACTION }]],
    ["a change list a later terraform adds", [{ address: "aws_s3_bucket.logs", actions: ["delete"] }]],
  ];
  for (const [part, value] of UNREAD) {
    it(`denies a plan holding ${part}`, () => {
      const name = part.includes(" ") ? "resource_removals" : part;
      for (const input of [JSON.stringify(createPlan({ [name]: value })), createPlan({ [name]: value })]) {
        const decision = judgePlan(parsePlanJson(input), EMPTY_POLICY);
        expect(decision.decision).toBe("deny");
        expect(decision.rule).toBe("plan.unrecognized");
        expect(decision.reason).toContain(name);
      }
    });
  }

  it("does not count empty or known-unread parts as unknown", () => {
    const plan = createPlan({ deferred_changes: [], checks: [{ address: {} }], relevant_attributes: [{ resource: "x", attribute: ["id"] }], prior_state: { values: {} }, timestamp: "2025-01-01T00:00:00Z" });
    expect(judgePlan(parsePlanJson(JSON.stringify(plan)), EMPTY_POLICY).decision).toBe("allow");
  });

  it("asks approval for a plan that runs a provider action, even with no resource changes", () => {
    const plan = parsePlanJson(JSON.stringify({ format_version: "1.2", terraform_version: "1.14.0", action_invocations: [ACTION] }));
    expect(plan.summary.hasChanges).toBe(true);
    const decision = judgePlan(plan, EMPTY_POLICY);
    expect(decision.decision).toBe("require_approval");
    expect(decision.resources).toMatchObject([{ address: ACTION.address, type: ACTION.type, action: "invoke", rule: "plan.action" }]);
  });

  it("denies an action outside the environment's allowed addresses", () => {
    const plan = parsePlanJson(JSON.stringify(createPlan({ action_invocations: [ACTION] })));
    const decision = judgePlan(plan, EMPTY_POLICY, { environment: "staging", allowedAddresses: ["terraform_data.*"] });
    expect(decision.decision).toBe("deny");
    expect(decision.resources.find((r) => r.action === "invoke")?.rule).toBe("plan.outside-allowed");
  });
});
