import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { planTerraformProject, type TerraformTarget } from "../../src/core/plan-terraform-project.js";
import type { ResourceChange } from "../../src/iac/plan-model.js";
import { UserError } from "../../src/user-error.js";
import { applyTerraform, prepareTerraformFixture, terraformTestEnv } from "../support/terraform-fixture.js";

function target(dir: string, overrides: Partial<TerraformTarget["run"]> = {}): TerraformTarget {
  return { project: "fixture", environment: null, dir, run: { dir, lockTimeout: "10s", timeoutMs: 60_000, ...overrides } };
}

function byAddress(changes: ResourceChange[], address: string): ResourceChange {
  const found = changes.find((c) => c.address === address);
  if (!found) throw new Error(`${address} not in plan: ${changes.map((c) => c.address).join(", ")}`);
  return found;
}

describe("terraform plan on a real project with every action kind", () => {
  let run: Awaited<ReturnType<typeof planTerraformProject>>;
  beforeAll(async () => {
    run = await planTerraformProject(target(prepareTerraformFixture("all-actions")));
  });

  it("reports changes with terraform's exit code", () => {
    expect(run.status).toBe("changes");
    expect(run.plan?.summary).toMatchObject({ add: 1, change: 2, replace: 2, destroy: 1, import: 1, move: 1, forget: 1, read: 1 });
  });

  it("classifies each resource", () => {
    const changes = run.plan!.resourceChanges;
    expect(byAddress(changes, "terraform_data.created").action).toBe("create");
    expect(byAddress(changes, "terraform_data.updated").action).toBe("update");
    expect(byAddress(changes, "terraform_data.deleted")).toMatchObject({ action: "delete", reason: "delete_because_no_resource_config" });
    expect(byAddress(changes, "terraform_data.replaced")).toMatchObject({ action: "replace", replaceOrder: "delete-before-create" });
    expect(byAddress(changes, "terraform_data.replaced_cbd")).toMatchObject({ action: "replace", replaceOrder: "create-before-destroy" });
    expect(byAddress(changes, "terraform_data.forgotten").action).toBe("forget");
    expect(byAddress(changes, "terraform_data.imported").importing).toEqual({ id: "existing-123" });
    expect(byAddress(changes, "terraform_data.new_name").previousAddress).toBe("terraform_data.old_name");
    expect(byAddress(changes, "data.terraform_remote_state.deferred")).toMatchObject({ action: "read", mode: "data" });
  });

  it("lists changed attribute paths and what forces a replacement", () => {
    const updated = byAddress(run.plan!.resourceChanges, "terraform_data.updated");
    expect(updated.attributes.find((a) => a.path === "input")).toMatchObject({
      before: { kind: "known", value: "one" },
      after: { kind: "known", value: "two" },
    });
    expect(updated.attributes.find((a) => a.path === "output")?.after).toEqual({ kind: "unknown" });
    const replaced = byAddress(run.plan!.resourceChanges, "terraform_data.replaced");
    expect(replaced.attributes.find((a) => a.path === "triggers_replace[0]")).toMatchObject({
      forcesReplacement: true,
      before: { kind: "known", value: "15" },
      after: { kind: "known", value: "16" },
    });
  });

  it("never carries a sensitive value, in the model or in the text plan", () => {
    const holder = byAddress(run.plan!.resourceChanges, "terraform_data.secret_holder");
    expect(holder.sensitive).toBe(true);
    expect(holder.attributes.find((a) => a.path === "input.token")).toMatchObject({
      before: { kind: "sensitive" },
      after: { kind: "sensitive" },
    });
    expect(run.plan!.outputChanges).toEqual([
      { name: "token", action: "update", before: { kind: "sensitive" }, after: { kind: "sensitive" }, sensitive: true },
    ]);
    const everything = JSON.stringify(run.plan) + run.planText;
    expect(everything).not.toContain("tok-BEFORE-4c1d9e7a2b");
    expect(everything).not.toContain("tok-AFTER-88e0f3a61c");
    // terraform itself prints the old token in clear (via the unmarked `output` attribute); it is masked.
    expect(run.planText).toContain("(sensitive value)");
    expect(run.planText).toContain("terraform_data.replaced must be replaced");
  });
});

describe("terraform plan outcomes", () => {
  beforeAll(() => terraformTestEnv());

  it("returns no-changes (exit 0) for an applied project", async () => {
    const dir = prepareTerraformFixture("no-changes");
    applyTerraform(dir);
    const run = await planTerraformProject(target(dir));
    expect(run.status).toBe("no-changes");
    expect(run.plan?.summary.hasChanges).toBe(false);
    expect(run.plan?.resourceChanges).toEqual([]);
  });

  it("plans drift back: state changed outside terraform gives exit code 2 and an update", async () => {
    const dir = prepareTerraformFixture("no-changes");
    applyTerraform(dir);
    const statePath = join(dir, "terraform.tfstate");
    const state = JSON.parse(readFileSync(statePath, "utf8"));
    // terraform_data stores dynamic values with their type.
    state.resources[0].instances[0].attributes.input = { value: "edited-by-hand", type: "string" };
    state.serial += 1;
    writeFileSync(statePath, JSON.stringify(state));
    const run = await planTerraformProject(target(dir));
    expect(run.status).toBe("changes");
    const stable = byAddress(run.plan!.resourceChanges, "terraform_data.stable");
    expect(stable.action).toBe("update");
    expect(stable.attributes.find((a) => a.path === "input")).toMatchObject({
      before: { kind: "known", value: "edited-by-hand" },
      after: { kind: "known", value: "unchanged" },
    });
  });

  it("turns a syntax error into a clear error naming file and line", async () => {
    const dir = prepareTerraformFixture("syntax-error");
    const error = await planTerraformProject(target(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const userError = error as UserError;
    expect(userError.exitCode).toBe(1);
    expect(userError.summary).toMatch(/invalid/i);
    expect(userError.where).toMatch(/main\.tf:\d+/);
    expect(userError.format()).not.toMatch(/\n\s+at .*\.ts:\d+/);
  });

  it("names how to install terraform when the binary is missing", async () => {
    const dir = prepareTerraformFixture("no-changes");
    const error = await planTerraformProject(target(dir, { binary: "/nonexistent/terraform" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).summary).toContain("was not found");
    expect((error as UserError).hint).toMatch(/Install Terraform/);
  });

  it("uses a workspace and var files", async () => {
    const dir = prepareTerraformFixture("no-changes");
    writeFileSync(join(dir, "vars.tf"), 'variable "region" {\n  type = string\n}\nresource "terraform_data" "r" {\n  input = "${var.region}-${terraform.workspace}"\n}\n');
    writeFileSync(join(dir, "staging.tfvars"), 'region = "eu-west-1"\n');
    const run = await planTerraformProject(target(dir, { workspace: "staging", varFiles: ["staging.tfvars"] }));
    const r = byAddress(run.plan!.resourceChanges, "terraform_data.r");
    expect(r.attributes.find((a) => a.path === "input")?.after).toEqual({ kind: "known", value: "eu-west-1-staging" });
  });
});
