import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** An empty CLI config keeps terraform from warning about a missing ~/.terraformrc. */
export function terraformTestEnv(): void {
  const rc = join(tmpdir(), "stakpak-empty.tfrc");
  if (!existsSync(rc)) writeFileSync(rc, "");
  process.env.TF_CLI_CONFIG_FILE = rc;
  process.env.CHECKPOINT_DISABLE = "1";
}

function tf(dir: string, args: string[]): void {
  execFileSync("terraform", args, { cwd: dir, stdio: "pipe", env: { ...process.env, TF_IN_AUTOMATION: "1" } });
}

/**
 * Copies a fixture into a temp dir. A fixture with `before/` and `after/` is applied in its
 * `before` form first (real state, real ids), then its .tf files are swapped for `after/`.
 */
export function prepareTerraformFixture(name: string): string {
  terraformTestEnv();
  const src = join(FIXTURES, "terraform", name);
  const dir = mkdtempSync(join(tmpdir(), `stakpak-tf-${name}-`));
  const before = join(src, "before");
  if (!existsSync(before)) {
    cpSync(src, dir, { recursive: true });
    return dir;
  }
  cpSync(before, dir, { recursive: true });
  tf(dir, ["init", "-input=false", "-no-color"]);
  tf(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);
  for (const file of readdirSync(dir)) if (file.endsWith(".tf")) rmSync(join(dir, file));
  cpSync(join(src, "after"), dir, { recursive: true });
  return dir;
}

/** Applies the project as it is (to reach a "no changes" state). */
export function applyTerraform(dir: string): void {
  tf(dir, ["init", "-input=false", "-no-color"]);
  tf(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);
}
