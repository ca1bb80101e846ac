import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderApplyNotRun, renderApplyResult } from "../../src/github/render-apply-result.js";
import { runHeadline } from "../../src/report/plan-headline.js";
import { terraformRun } from "../report/fixture-runs.js";
import { findStructureProblems } from "../report/markdown-structure.js";

/** Compared with the committed file; `UPDATE_GOLDEN=1` rewrites it. */
function expectGolden(name: string, actual: string): void {
  const file = new URL(`../golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

const run = terraformRun("mixed-actions", { project: "network", environment: "prod", dir: "infra/network" });
const TF_ERROR = [
  "Error: local-exec provisioner error",
  "",
  "  with terraform_data.migrate,",
  "  on main.tf line 3, in resource \"terraform_data\" \"migrate\":",
  "   3:   provisioner \"local-exec\" {",
  "",
  "Error running command 'exit 1': exit status 1. Output:",
].join("\n");

describe("apply results", () => {
  it("says what changed in the plan's own headline (golden)", () => {
    const body = renderApplyResult(run, {
      dir: "infra/network",
      status: "applied",
      counts: { imported: 1, added: 2, changed: 6, destroyed: 3 },
      output: "terraform_data.delete_me: Destroying...\nApply complete! Resources: 1 imported, 2 added, 6 changed, 3 destroyed.",
      durationMs: 8_400,
    });
    // The very headline the report shows (its function, not a copy of its format).
    expect(body).toContain(`**${runHeadline(run).text}** — applied.`);
    expect(findStructureProblems(body)).toEqual([]);
    expectGolden("github-apply-applied.md", body);
  });

  it("shows a failed apply's error outside any collapsed section (golden)", () => {
    const body = renderApplyResult(run, {
      dir: "infra/network",
      status: "failed",
      counts: null,
      output: TF_ERROR,
      error: { summary: "terraform apply failed in infra/network (exit code 1).", detail: TF_ERROR, where: "infra/network/main.tf:3", hint: "Some resources may have been changed before the failure; run `/stakpak plan` to see where things stand, fix the cause and apply again." },
      durationMs: 1_300,
    });
    const beforeDetails = body.split("<details>")[0] ?? "";
    expect(beforeDetails).toContain("Error: local-exec provisioner error");
    expect(beforeDetails).toContain("Error running command 'exit 1'");
    // The output was only the error: it is not repeated in a collapsed section.
    expect(body).not.toContain("<details>");
    expect(findStructureProblems(body)).toEqual([]);
    expectGolden("github-apply-failed.md", body);
  });

  it("keeps a longer output collapsed below the error, and says why a project was not applied", () => {
    const body = renderApplyResult(run, { dir: "infra/network", status: "failed", counts: null, output: `terraform_data.a: Creating...\n${TF_ERROR}`, error: { summary: "terraform apply failed", detail: TF_ERROR }, durationMs: 900 });
    expect(body.indexOf("Error: local-exec provisioner error")).toBeLessThan(body.indexOf("<details>"));
    expect(body).toContain("terraform_data.a: Creating...");
    const skipped = renderApplyNotRun(run, "Not applied: an earlier project's apply failed (`dns`).");
    expect(skipped).toContain("### ⏭️ Not applied: network · prod");
    expect(skipped).toContain(`**${runHeadline(run).text}**`);
  });
});
