import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyTerraformFailure } from "../../src/iac/classify-terraform-failure.js";
import { readTerraformErrors } from "../../src/iac/read-terraform-errors.js";
import { TERRAFORM_FAILURE_KINDS } from "../../src/iac/terraform-failure-kinds.js";
import { FIXTURES } from "../support/terraform-fixture.js";

/** stderr of real terraform 1.11 runs, one file per failure (see the README beside them). */
const ERRORS = join(FIXTURES, "terraform-errors");

function stderrOf(name: string): string {
  return readFileSync(join(ERRORS, name), "utf8");
}

/** `state-lock.plan.stderr` was printed by `terraform plan`. */
function stepOf(name: string): string {
  return name.split(".").at(-2) === "workspace" ? "workspace select" : (name.split(".").at(-2) as string);
}

function classify(name: string) {
  return classifyTerraformFailure({ step: stepOf(name), dir: "infra/db", fallbackHint: "FALLBACK" }, { exitCode: 1, stdout: "", stderr: stderrOf(name) });
}

describe("every kind's examples are classified as that kind", () => {
  for (const kind of TERRAFORM_FAILURE_KINDS) {
    for (const example of kind.examples) {
      it(`${kind.id}: ${example}`, () => {
        const failure = classify(example);
        expect(failure.kind).toBe(kind.id);
        expect(failure.hint).not.toBe("FALLBACK");
      });
    }
  }

  it("every recorded output is some kind's example, or one of the known unclassified ones", () => {
    const examples = new Set(TERRAFORM_FAILURE_KINDS.flatMap((k) => k.examples));
    const unclassified = readdirSync(ERRORS).filter((f) => f.endsWith(".stderr") && !examples.has(f));
    expect(unclassified.sort()).toEqual(["backend-argument.init.stderr", "function-argument.plan.stderr", "workspace-name.workspace.stderr"]);
    for (const name of unclassified) expect(classify(name).kind).toBe("failed");
  });
});

describe("a failure is stated once, with where and the hint", () => {
  it("a state lock: terraform's summary with the step, the lock info as detail, force-unlock with the lock's id", () => {
    const failure = classify("state-lock.plan.stderr");
    expect(failure.summary).toBe("terraform plan in infra/db: Error acquiring the state lock");
    expect(failure.where).toBe("infra/db");
    expect(failure.detail).toMatch(/^Error message: resource temporarily unavailable\nLock Info:/);
    expect(failure.detail).not.toContain("Error acquiring the state lock");
    expect(failure.hint).toContain("`terraform force-unlock 17e2bdb1-fe32-c8a2-92fc-a993ff9c5bd5` in `infra/db`");
    expect(`${failure.summary}${failure.detail}${failure.hint}`).not.toContain("validate");
  });

  it("a provider that cannot be downloaded is an init failure, not an invalid configuration", () => {
    const failure = classify("provider-query.init.stderr");
    expect(failure.summary).toBe("terraform init in infra/db: Failed to query available provider packages");
    expect(failure.invalidConfiguration).toBe(false);
    expect(failure.hint).toMatch(/required_providers/);
  });

  it("init's 'problems with the configuration' preamble is skipped: the syntax error is named, with its line", () => {
    const failure = classify("syntax.init.stderr");
    expect(failure.kind).toBe("invalid-configuration");
    expect(failure.invalidConfiguration).toBe(true);
    expect(failure.summary).toBe("terraform init in infra/db: Invalid expression");
    expect(failure.where).toBe("infra/db/main.tf:5");
    expect(failure.detail).not.toContain("Terraform encountered problems");
  });

  it("a plan-time error names its file and line and keeps the fallback hint", () => {
    const failure = classify("function-argument.plan.stderr");
    expect(failure.summary).toBe("terraform plan in infra/db: Invalid function argument");
    expect(failure.where).toBe("infra/db/main.tf:2");
    expect(failure.hint).toBe("FALLBACK");
  });

  it("a long one-line summary is cut, and stated whole once in the detail", () => {
    const failure = classify("backend-unreachable.init.stderr");
    expect(failure.kind).toBe("backend-state");
    expect(failure.summary.length).toBeLessThan(200);
    expect(failure.summary.endsWith("…")).toBe(true);
    expect(failure.detail?.match(/connection refused/g)).toHaveLength(1);
  });

  it("two errors: the first is the summary, the second follows in the detail", () => {
    const failure = classify("module-directory.init.stderr");
    expect(failure.summary).toBe("terraform init in infra/db: Unreadable module directory");
    expect(failure.detail).toContain('Error: Unreadable module directory\n\nThe directory  could not be read for module "net" at main.tf:1.');
  });

  it("output without an Error line keeps the exit code and the output", () => {
    const failure = classify("workspace-name.workspace.stderr");
    expect(failure.summary).toBe("terraform workspace select failed in infra/db (exit code 1).");
    expect(failure.detail).toContain('The workspace name "bad name!" is not allowed');
  });
});

describe("readTerraformErrors", () => {
  it("joins a wrapped summary, skips warnings and progress lines, and reads box-drawn output", () => {
    const text = ["Initializing...", "", "╷", "│ Warning: Deprecated", "│", "│ old", "╵", "╷", "│ Error: A summary that terraform", "│ wrapped", "│", "│   on a.tf line 7:", "│ body", "╵"].join("\n");
    expect(readTerraformErrors(text)).toEqual([{ summary: "A summary that terraform wrapped", where: "a.tf:7", body: "  on a.tf line 7:\nbody" }]);
  });
});
