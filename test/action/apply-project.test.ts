import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { applySavedPlan, parseAppliedCounts, sealPlanFile } from "../../src/core/apply-project.js";
import { planTerraformProject } from "../../src/core/plan-terraform-project.js";
import { terraformTestEnv } from "../support/terraform-fixture.js";

beforeAll(() => terraformTestEnv());

const FAILS_ON_APPLY = 'resource "terraform_data" "c" {\n  provisioner "local-exec" {\n    command = "echo the migration failed >&2; exit 3"\n  }\n}\n';

async function plannedProject(extra = ""): Promise<{ dir: string; planFile: string; run: Parameters<typeof applySavedPlan>[0]["run"] }> {
  const dir = mkdtempSync(join(tmpdir(), "stakpak-apply-"));
  writeFileSync(join(dir, "main.tf"), `resource "terraform_data" "a" { input = "one" }\nresource "terraform_data" "b" { input = "two" }\n${extra}`);
  const planFile = join(mkdtempSync(join(tmpdir(), "stakpak-apply-plan-")), "p.tfplan");
  const run = { dir, lockTimeout: "10s", timeoutMs: 120_000 };
  const planned = await planTerraformProject({ project: "p", environment: null, dir: ".", run, keepPlanFile: true, planFile });
  expect(planned.planFile).toBe(planFile);
  return { dir, planFile, run };
}

describe("applySavedPlan", () => {
  it("applies the sealed plan file and reads terraform's counts", async () => {
    const { dir, planFile, run } = await plannedProject();
    const sealed = await sealPlanFile(planFile, "c".repeat(40));
    expect(sealed.sha256).toMatch(/^[0-9a-f]{64}$/);
    const result = await applySavedPlan({ project: "p", environment: null, dir: ".", run, sealed });
    expect(result.status).toBe("applied");
    expect(result.counts).toEqual({ imported: 0, added: 2, changed: 0, destroyed: 0 });
    expect(existsSync(join(dir, "terraform.tfstate"))).toBe(true);
  }, 60_000);

  it("never applies a plan file changed or truncated after it was sealed", async () => {
    const { dir, planFile, run } = await plannedProject();
    const sealed = await sealPlanFile(planFile, "c".repeat(40));
    appendFileSync(planFile, "x");
    const changed = await applySavedPlan({ project: "p", environment: null, dir: ".", run, sealed });
    expect(changed.status).toBe("failed");
    expect(changed.error?.summary).toBe("the saved plan file changed since it was made; nothing was applied");
    writeFileSync(planFile, "");
    expect((await applySavedPlan({ project: "p", environment: null, dir: ".", run, sealed })).status).toBe("failed");
    expect(existsSync(join(dir, "terraform.tfstate"))).toBe(false);
  }, 60_000);

  it("reports terraform's own failure with its output", async () => {
    const { run, planFile } = await plannedProject(FAILS_ON_APPLY);
    const sealed = await sealPlanFile(planFile, "c".repeat(40));
    const result = await applySavedPlan({ project: "p", environment: null, dir: ".", run, sealed });
    expect(result.status).toBe("failed");
    expect(result.error?.summary).toMatch(/^terraform apply failed in \S+ \(exit code 1\)\.$/);
    expect(result.output).toContain("the migration failed");
    expect(result.counts).toBeNull();
  }, 60_000);

  it("parses the counts terraform prints, imports included", () => {
    expect(parseAppliedCounts("...\nApply complete! Resources: 1 imported, 2 added, 3 changed, 4 destroyed.\n")).toEqual({ imported: 1, added: 2, changed: 3, destroyed: 4 });
    expect(parseAppliedCounts("Error: boom")).toBeNull();
  });
});
