import { describe, expect, it } from "vitest";
import { buildJsonReport, renderJsonReport } from "../../src/report/render-json.js";
import { FIXTURE_SECRETS, jsonOnlyRun, multiProjectRuns, terraformRun } from "./fixture-runs.js";

describe("renderJsonReport", () => {
  const text = renderJsonReport(multiProjectRuns());
  const report = JSON.parse(text) as ReturnType<typeof buildJsonReport>;

  it("is versioned, indented JSON ending in a newline", () => {
    expect(report.version).toBe(1);
    expect(text.startsWith('{\n  "version": 1,\n  "summary": {')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("totals the terraform runs and counts failures and Kubernetes objects", () => {
    expect(report.summary).toMatchObject({
      projects: 5,
      withChanges: 3,
      withoutChanges: 1,
      errors: 1,
      hasChanges: true,
      dangerous: true,
      add: 2,
      change: 7,
      replace: 2,
      destroy: 1,
      import: 1,
      move: 1,
      forget: 1,
      read: 1,
      outputChanges: 3,
      drifted: 1,
      kubernetes: { create: 1, update: 1, delete: 1 },
    });
  });

  it("keeps a fixed key order for each run", () => {
    expect(Object.keys(report.runs[0] ?? {})).toEqual([
      "project",
      "environment",
      "dir",
      "tool",
      "status",
      "headline",
      "durationMs",
      "terraformVersion",
      "summary",
      "resourceChanges",
      "resourceDrift",
      "outputChanges",
      "actionInvocations",
      "unrecognizedParts",
      "kubernetes",
      "diagnostics",
      "error",
      "planText",
    ]);
  });

  it("carries the model: replace order, import id, previous address, masked values", () => {
    const byAddress = new Map(report.runs[0]?.resourceChanges.map((rc) => [rc.address, rc]));
    expect(byAddress.get("terraform_data.replace_cbd")?.replaceOrder).toBe("create-before-destroy");
    expect(byAddress.get("terraform_data.imported")?.importing).toEqual({ id: "legacy-bucket-7" });
    expect(byAddress.get("terraform_data.new_name")?.previousAddress).toBe("terraform_data.old_name");
    expect(byAddress.get("terraform_data.secret")?.attributes[0]).toEqual({ path: "input", before: { kind: "sensitive" }, after: { kind: "sensitive" }, forcesReplacement: false });
  });

  it("reports a failure with its summary and hint, and the masked plan text of the others", () => {
    const failed = report.runs.find((r) => r.status === "error");
    expect(failed?.error?.summary).toBe("Error acquiring the state lock");
    expect(failed?.headline).toBe("Plan failed: Error acquiring the state lock");
    expect(report.runs[0]?.planText).toContain("(sensitive value)");
  });

  for (const secret of FIXTURE_SECRETS) {
    it(`never contains ${secret}`, () => {
      expect(text).not.toContain(secret);
    });
  }

  it("is the same text for the same runs", () => {
    expect(renderJsonReport(multiProjectRuns())).toBe(text);
  });

  it("has no changes when every run has none", () => {
    const summary = buildJsonReport([terraformRun("no-changes")]).summary;
    expect(summary).toMatchObject({ hasChanges: false, withChanges: 0, withoutChanges: 1, dangerous: false });
  });

  it("carries terraform 1.14 action invocations, masked, and the parts not read", () => {
    const actions = JSON.parse(renderJsonReport([jsonOnlyRun("actions-deferred")])) as ReturnType<typeof buildJsonReport>;
    const run = actions.runs[0]!;
    expect(run.summary).toMatchObject({ invoke: 2, hasChanges: true });
    expect(actions.summary.invoke).toBe(2);
    expect(run.unrecognizedParts).toEqual(["deferred_changes"]);
    expect(run.actionInvocations.map((a) => [a.address, a.trigger.kind])).toEqual([
      ["action.aws_lambda_invoke.notify", "lifecycle"],
      ["action.aws_ec2_stop_instance.maintenance", "invoke"],
    ]);
    expect(JSON.stringify(actions)).not.toContain("tok-2f8a61c0e9");
  });
});
