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

  it("rejects two plans in one file: anything but exactly one JSON value", () => {
    const create = JSON.stringify({ ...driftPlan(), resource_drift: [] });
    const destroy = create.replace(/"update"/g, '"delete"');
    for (const text of [`${create}\n${destroy}`, `${create}${destroy}`, `${create} trailing`, `${create}\n]`]) {
      expect(() => parsePlanJson(text)).toThrow(/not valid JSON/);
    }
    try {
      parsePlanJson(`${create}\n${destroy}`, "plan.json");
      expect.unreachable();
    } catch (err) {
      expect((err as UserError).detail).toMatch(/after the JSON value.* at line 2, column 1/);
    }
  });

  it("rejects invalid JSON inside the parts it does not read", () => {
    const text = JSON.stringify({ ...driftPlan(), prior_state: { values: { root_module: {} } } }).replace('"root_module":{}', '"root_module":{,}');
    expect(() => parsePlanJson(text)).toThrow(/not valid JSON/);
  });

  it("says a UTF-16 file is UTF-16, and reads a UTF-8 file with a byte order mark", () => {
    const text = JSON.stringify(driftPlan());
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]).toString("utf8");
    const utf16NoBom = Buffer.from(text, "utf16le").toString("utf8");
    for (const bad of [utf16, utf16NoBom]) {
      try {
        parsePlanJson(bad, "plan.json");
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        expect((err as UserError).summary).toMatch(/UTF-16/);
        expect((err as UserError).hint).toMatch(/Out-File -Encoding utf8/);
      }
    }
    expect(parsePlanJson(`\uFEFF${text}`).summary.change).toBe(1);
  });

  it("accepts terraform 1.0.0 drift entries without an address, and drops its unchanged ones", () => {
    // terraform 1.0.0 listed every resource in state, changed or not, without `address` (hashicorp/terraform#28975).
    const plan = driftPlan();
    const drift = plan.resource_drift as Array<Record<string, unknown>>;
    const first = drift[0]!;
    delete first.address;
    first.index = "blue";
    drift.push({
      mode: "data",
      type: "aws_ami",
      name: "base",
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: { actions: ["update"], before: { id: "ami-1" }, after: { id: "ami-1" }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
    });
    const parsed = parsePlanJson(JSON.stringify(plan));
    expect(parsed.resourceDrift.map((rc) => rc.address)).toEqual(['module.db.aws_db_instance.main["blue"]']);
    expect(parsed.summary.drifted).toBe(1);
  });

  it("hides outputs that format 0.1 marks sensitive only in planned_values", () => {
    const plan = {
      format_version: "0.1",
      terraform_version: "0.13.5",
      planned_values: { outputs: { db_password: { sensitive: true, value: "hunter2-plain" }, name: { sensitive: false, value: "web" } }, root_module: {} },
      output_changes: {
        db_password: { actions: ["create"], before: null, after: "hunter2-plain", after_unknown: false },
        name: { actions: ["create"], before: null, after: "web", after_unknown: false },
      },
    };
    const { plan: parsed, maskText } = readPlanJson(JSON.stringify(plan));
    expect(parsed.outputChanges.find((o) => o.name === "db_password")).toMatchObject({ sensitive: true, after: { kind: "sensitive" } });
    expect(parsed.outputChanges.find((o) => o.name === "name")).toMatchObject({ sensitive: false, after: { kind: "known", value: "web" } });
    expect(JSON.stringify(parsed)).not.toContain("hunter2-plain");
    expect(maskText('db_password = "hunter2-plain"')).toBe('db_password = "(sensitive value)"');
    // The same when the plan is handed over as a value.
    expect(JSON.stringify(parsePlanJson(plan))).not.toContain("hunter2-plain");
  });

  it("hides a removed output that format 0.1 marks sensitive only in the prior state", () => {
    const plan = {
      format_version: "0.1",
      terraform_version: "0.14.11",
      planned_values: { root_module: {} },
      output_changes: { old_token: { actions: ["delete"], before: "tok-removed-4b1e", after: null, after_unknown: false } },
      prior_state: { format_version: "0.1", values: { outputs: { old_token: { sensitive: true, value: "tok-removed-4b1e" } }, root_module: {} } },
    };
    const { plan: parsed, maskText } = readPlanJson(JSON.stringify(plan));
    expect(parsed.outputChanges[0]).toMatchObject({ name: "old_token", sensitive: true, before: { kind: "sensitive" } });
    expect(JSON.stringify(parsed)).not.toContain("tok-removed-4b1e");
    expect(maskText("old_token = tok-removed-4b1e")).toBe("old_token = (sensitive value)");
    expect(parsed.unrecognizedParts).toEqual([]);
    expect(() => parsePlanJson(JSON.stringify({ ...plan, prior_state: null, planned_values: null }))).not.toThrow();
  });

  it("reads terraform 1.14 action invocations as changes, with sensitive config hidden", () => {
    const plan = {
      format_version: "1.2",
      terraform_version: "1.14.0",
      action_invocations: [
        {
          address: "action.aws_lambda_invoke.notify",
          type: "aws_lambda_invoke",
          name: "notify",
          provider_name: "registry.terraform.io/hashicorp/aws",
          config_values: { function_name: "notify", payload: "token-abcdef" },
          config_sensitive: { payload: true },
          config_unknown: {},
          lifecycle_action_trigger: { triggering_resource_address: "aws_instance.web", action_trigger_event: "after_create", action_trigger_block_index: 0, actions_list_index: 0, on_failure: "fail" },
        },
      ],
    };
    const parsed = parsePlanJson(JSON.stringify(plan));
    expect(parsed.summary.hasChanges).toBe(true);
    expect(parsed.summary.invoke).toBe(1);
    expect(parsed.actionInvocations[0]).toMatchObject({ address: "action.aws_lambda_invoke.notify", trigger: { kind: "lifecycle", resource: "aws_instance.web", event: "after_create" } });
    expect(parsed.actionInvocations[0]?.config.map((c) => [c.path, c.after.kind])).toEqual([["function_name", "known"], ["payload", "sensitive"]]);
    expect(JSON.stringify(parsed)).not.toContain("token-abcdef");
    expect(parsed.unrecognizedParts).toEqual([]);
    const { lifecycle_action_trigger: _, ...untriggered } = plan.action_invocations[0]!;
    expect(parsePlanJson({ ...plan, action_invocations: [untriggered] }).actionInvocations[0]?.trigger).toEqual({ kind: "unknown" });
  });

  it("names the parts it does not read, as text or as a value", () => {
    const plan = {
      format_version: "1.2",
      terraform_version: "1.10.0",
      deferred_changes: [{ reason: "provider_config_unknown", resource_change: {} }],
      future_change_list: [{ address: "x" }],
      checks: [{ address: { kind: "check" } }],
      prior_state: {},
      relevant_attributes: [],
      timestamp: "2024-01-01T00:00:00Z",
      deferred_action_invocations: [],
    };
    expect(parsePlanJson(JSON.stringify(plan)).unrecognizedParts).toEqual(["deferred_changes", "future_change_list"]);
    expect(parsePlanJson(plan).unrecognizedParts).toEqual(["deferred_changes", "future_change_list"]);
    // A format terraform has not written yet counts as a part not understood.
    expect(parsePlanJson({ format_version: "2.0", terraform_version: "2.0.0" }).unrecognizedParts).toEqual(["format_version 2.0"]);
    expect(parsePlanJson({ format_version: "0.2", terraform_version: "0.15.0" }).unrecognizedParts).toEqual([]);
  });
});
