import { beforeAll, describe, expect, it } from "vitest";
import type { KubernetesDiffView } from "../../src/iac/project-run.js";
import type { TerraformPlan } from "../../src/iac/plan-model.js";
import { parsePlanJson } from "../../src/iac/parse-plan-json.js";
import { judgePlan, protectedBy } from "../../src/warden/judge-plan.js";
import { parseWardenPolicy } from "../../src/warden/load-policy.js";
import { EMPTY_POLICY, type WardenPolicy } from "../../src/warden/policy.js";
import { PROTECTED_FAMILIES } from "../../src/warden/protected-resources.js";
import { createWarden } from "../../src/warden/warden.js";
import { realPlan, type RealPlan } from "./terraform-plan.js";

const PROTECT_DATABASES = parseWardenPolicy(
  ["version: 1", "plan:", "  protected:", '    - "terraform_data.database*"', "  allowed_addresses:", "    staging:", '      - "terraform_data.app_*"'].join("\n"),
  "warden.yml",
);

let gate: RealPlan;
let gatePlan: TerraformPlan;
let safePlan: TerraformPlan;

beforeAll(() => {
  gate = realPlan("gate");
  gatePlan = parsePlanJson(gate.json);
  safePlan = parsePlanJson(realPlan("gate-safe").json);
});

function byAddress(decision: ReturnType<typeof judgePlan>): Record<string, string> {
  return Object.fromEntries(decision.resources.map((r) => [r.address, `${r.action}:${r.decision}:${r.rule}`]));
}

describe("judgePlan on real terraform plans", () => {
  it("denies deleting or replacing a protected resource, asks approval for other destroys, allows the rest", () => {
    const decision = judgePlan(gatePlan, PROTECT_DATABASES);
    expect(byAddress(decision)).toEqual({
      "terraform_data.app_config": "update:allow:plan.change",
      "terraform_data.cache": "replace:require_approval:plan.destroy",
      "terraform_data.database_orders": "replace:deny:plan.protected",
      "terraform_data.database_users": "delete:deny:plan.protected",
      "terraform_data.new_service": "create:allow:plan.change",
      "terraform_data.worker": "delete:require_approval:plan.destroy",
    });
    expect(decision.decision).toBe("deny");
    expect(decision.rule).toBe("plan.protected");
    expect(decision.reason).toMatch(/terraform_data\.database_\w+ deletes or replaces a protected resource.*\(and 1 more\)/);
  });

  it("requires approval when the same destroys hit nothing protected", () => {
    const decision = judgePlan(gatePlan, EMPTY_POLICY);
    expect(decision.decision).toBe("require_approval");
    expect(decision.resources.filter((r) => r.decision === "require_approval").map((r) => r.address).sort()).toEqual([
      "terraform_data.cache",
      "terraform_data.database_orders",
      "terraform_data.database_users",
      "terraform_data.worker",
    ]);
  });

  it("allows a plan that only creates and updates", () => {
    const decision = judgePlan(safePlan, PROTECT_DATABASES);
    expect(decision.decision).toBe("allow");
    expect(decision.resources.map((r) => r.action).sort()).toEqual(["create", "update"]);
  });

  it("denies changes outside the environment's allowed addresses", () => {
    const staging = judgePlan(safePlan, PROTECT_DATABASES, { environment: "staging" });
    expect(staging.decision).toBe("allow");
    const narrow = judgePlan(safePlan, PROTECT_DATABASES, { environment: "staging", allowedAddresses: ["terraform_data.app_config"] });
    expect(narrow.decision).toBe("deny");
    expect(byAddress(narrow)["terraform_data.app_worker"]).toBe("create:deny:plan.outside-allowed");
    // Another environment without a list is not restricted.
    expect(judgePlan(safePlan, PROTECT_DATABASES, { environment: "production" }).decision).toBe("allow");
  });

  it("judges `terraform apply SAVED` by the saved plan Warden was given", async () => {
    const warden = await createWarden({ workspace: gate.dir, policy: PROTECT_DATABASES, savedPlans: new Map([["change.tfplan", gatePlan]]) });
    const decision = warden.check("terraform apply change.tfplan");
    expect(decision.decision).toBe("deny");
    const destroyed = decision.operations.filter((op) => op.effect === "destroy").flatMap((op) => op.resources).sort();
    expect(destroyed).toEqual(["terraform_data.cache", "terraform_data.database_orders", "terraform_data.database_users", "terraform_data.worker"]);
    const safe = await createWarden({ workspace: gate.dir, savedPlans: new Map([["ok.tfplan", safePlan]]) });
    expect(safe.check("terraform apply ok.tfplan").decision).toBe("require_approval");
    // Without the plan, the apply is judged like a plain apply.
    expect((await createWarden({ workspace: gate.dir })).check("terraform apply change.tfplan").operations[0]?.catalog).toBe("tf.saved-plan-unseen");
  });
});

describe("judgePlan on a kubectl diff", () => {
  const diff: KubernetesDiffView = {
    kind: "kubernetes",
    hasChanges: true,
    rawDiff: "",
    objects: [
      { apiVersion: "v1", kind: "Namespace", namespace: null, name: "payments", action: "delete", addedLines: [], removedLines: [] },
      { apiVersion: "apps/v1", kind: "Deployment", namespace: "payments", name: "api", action: "delete", addedLines: [], removedLines: [] },
      { apiVersion: "v1", kind: "ConfigMap", namespace: "payments", name: "settings", action: "update", addedLines: ["a: 2"], removedLines: ["a: 1"] },
    ],
  };

  it("protects namespaces by default and asks approval for other deletes", () => {
    const decision = judgePlan(diff, EMPTY_POLICY);
    expect(byAddress(decision)).toEqual({
      "Namespace/payments": "delete:deny:plan.protected",
      "Deployment/payments/api": "delete:require_approval:plan.destroy",
      "ConfigMap/payments/settings": "update:allow:plan.change",
    });
    expect(decision.tool).toBe("kubernetes");
  });

  it("lets a policy turn the defaults off", () => {
    const open: WardenPolicy = { ...EMPTY_POLICY, plan: { protected: [], protectDefaults: false, allowedAddresses: {} } };
    expect(judgePlan(diff, open).decision).toBe("require_approval");
  });
});

describe("protected resource families (data with examples)", () => {
  for (const family of PROTECTED_FAMILIES) {
    it(`${family.id}: protects its examples and not the look-alikes`, () => {
      for (const type of family.examples.protected) expect(protectedBy({ type, address: `${type}.x` }, EMPTY_POLICY), type).not.toBeNull();
      for (const type of family.examples.notProtected) expect(protectedBy({ type, address: `${type}.x` }, EMPTY_POLICY), type).toBeNull();
    });
  }
});
