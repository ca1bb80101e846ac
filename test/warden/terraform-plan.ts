import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURES, terraformTestEnv } from "../support/terraform-fixture.js";

function tf(dir: string, args: string[]): string {
  return execFileSync("terraform", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TF_IN_AUTOMATION: "1" }, maxBuffer: 64 * 1024 * 1024 }).toString("utf8");
}

export interface RealPlan {
  dir: string;
  /** `terraform show -json` of the saved plan. */
  json: string;
  /** Path of the JSON, written next to the saved plan. */
  jsonFile: string;
  /** Path of the saved binary plan (`terraform plan -out`). */
  planFile: string;
}

/**
 * A real terraform plan of a Warden fixture: a temp copy of test/fixtures/warden/terraform/NAME
 * is applied in its `before/` form (real state), its .tf files are swapped for `after/`, then
 * planned with -out and shown as JSON. Only the built-in terraform_data resource is used.
 */
export function realPlan(name: string): RealPlan {
  terraformTestEnv();
  const src = join(FIXTURES, "warden", "terraform", name);
  const dir = mkdtempSync(join(tmpdir(), `stakpak-warden-${name}-`));
  cpSync(join(src, "before"), dir, { recursive: true });
  tf(dir, ["init", "-input=false", "-no-color"]);
  tf(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);
  for (const file of readdirSync(dir)) if (file.endsWith(".tf")) rmSync(join(dir, file));
  cpSync(join(src, "after"), dir, { recursive: true });
  const planFile = join(dir, "change.tfplan");
  tf(dir, ["plan", "-input=false", "-no-color", `-out=${planFile}`]);
  const json = tf(dir, ["show", "-json", planFile]);
  const jsonFile = join(dir, "plan.json");
  writeFileSync(jsonFile, json);
  return { dir, json, jsonFile, planFile };
}
