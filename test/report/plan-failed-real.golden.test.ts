import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planTerraformProject } from "../../src/core/plan-terraform-project.js";
import { classifyTerraformFailure } from "../../src/iac/classify-terraform-failure.js";
import type { Diagnostic } from "../../src/iac/plan-model.js";
import type { ProjectRun } from "../../src/iac/project-run.js";
import { diagnosticsToList, renderDiagnostics } from "../../src/report/render-diagnostics.js";
import { MarkdownBuilder } from "../../src/report/markdown-builder.js";
import { renderMarkdownReport } from "../../src/report/render-markdown.js";
import { UserError } from "../../src/user-error.js";
import { FIXTURES, prepareTerraformFixture } from "../support/terraform-fixture.js";
import { findStructureProblems } from "./markdown-structure.js";

const GOLDEN = fileURLToPath(new URL("../golden/", import.meta.url));

function expectGolden(name: string, actual: string): void {
  const path = `${GOLDEN}${name}`;
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

/** A failed run as the plan pipeline (core/plan-projects) makes one from a UserError. */
function failedRun(err: UserError, dir: string): ProjectRun {
  return {
    project: "database",
    environment: "staging",
    dir,
    tool: "terraform",
    status: "error",
    diagnostics: [],
    error: { summary: err.summary, detail: err.detail, where: err.where, hint: err.hint },
    durationMs: 2_100,
  };
}

/** Every line of the report once, blank lines and fences aside: nothing is said twice. */
function repeatedLines(markdown: string): string[] {
  const lines = markdown.split("\n").filter((l) => l.trim() !== "" && !/^`{3,}/.test(l));
  return lines.filter((l, i) => lines.indexOf(l) !== i);
}

describe("failed plans from real terraform output, rendered", () => {
  it("a state lock at plan: stated once, never blamed on validate (test/golden/plan-failed-lock.md)", () => {
    const stderr = readFileSync(join(FIXTURES, "terraform-errors", "state-lock.plan.stderr"), "utf8");
    const failure = classifyTerraformFailure({ step: "plan", dir: "infra/database", fallbackHint: "Run `terraform plan` locally in that directory to reproduce it." }, { exitCode: 1, stdout: "", stderr });
    const markdown = renderMarkdownReport([failedRun(failure, "infra/database")]);
    expect(findStructureProblems(markdown)).toEqual([]);
    expect(markdown).not.toMatch(/validate/);
    expect(markdown.match(/Error acquiring the state lock/g)).toHaveLength(1); // the headline; the detail does not repeat it
    expect(repeatedLines(markdown)).toEqual([]);
    expectGolden("plan-failed-lock.md", markdown);
  });

  it("an HCL syntax error at validate: file, line and column, the hint naming validate (test/golden/plan-failed-syntax.md)", async () => {
    const dir = prepareTerraformFixture("syntax-error");
    const thrown: unknown = await planTerraformProject({
      project: "database",
      environment: "staging",
      dir: "infra/database",
      run: { dir, displayDir: "infra/database", lockTimeout: "1s", timeoutMs: 60_000 },
    }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(UserError);
    const markdown = renderMarkdownReport([failedRun(thrown as UserError, "infra/database")]);
    expect(findStructureProblems(markdown)).toEqual([]);
    expect(markdown).toContain("at `infra/database/main.tf:");
    expect(repeatedLines(markdown)).toEqual([]);
    expectGolden("plan-failed-syntax.md", markdown);
  });
});

describe("renderDiagnostics", () => {
  const lock: Diagnostic = { severity: "error", summary: "Error acquiring the state lock", detail: "", where: null, snippet: null };
  const other: Diagnostic = { severity: "error", summary: "Unsupported argument", detail: 'An argument named "inputz" is not expected here.', where: "main.tf:2:3", snippet: null };

  it("leaves out the one diagnostic the failure's summary already states", () => {
    expect(diagnosticsToList([lock, other], "error", { stated: "terraform plan in infra/db: Error acquiring the state lock" })).toEqual([other]);
    expect(diagnosticsToList([other, { ...other, where: "main.tf:9:3" }], "error", { stated: "The configuration is invalid: Unsupported argument." })).toEqual([{ ...other, where: "main.tf:9:3" }]);
    expect(diagnosticsToList([lock, other], "error")).toEqual([lock, other]);
  });

  it("renders nothing when every error is already stated", () => {
    const b = new MarkdownBuilder();
    expect(renderDiagnostics(b, [lock], "error", 10, { stated: "Error acquiring the state lock" })).toBe(0);
    expect(b.toString()).toBe("");
  });
});
