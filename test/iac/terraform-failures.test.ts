import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { planTerraformProject } from "../../src/core/plan-terraform-project.js";
import { TerraformFailure } from "../../src/iac/classify-terraform-failure.js";
import { UserError } from "../../src/user-error.js";
import { applyTerraform, prepareTerraformFixture, terraformTestEnv } from "../support/terraform-fixture.js";

/** Real terraform, failing for real: each failure is named for what it is, never "invalid" unless it is. */

function project(files: Record<string, string>): string {
  terraformTestEnv();
  const dir = mkdtempSync(join(tmpdir(), "stakpak-tf-failure-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function planFailure(dir: string): Promise<TerraformFailure> {
  const error = await planTerraformProject({
    project: "db",
    environment: null,
    dir: "infra/db",
    run: { dir, displayDir: "infra/db", lockTimeout: "1s", timeoutMs: 60_000 },
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TerraformFailure);
  return error as TerraformFailure;
}

/** Everything a person reads about the failure. */
function text(error: UserError): string {
  return [error.summary, error.where, error.detail, error.hint].join("\n");
}

describe("terraform failures, classified", () => {
  let holder: ChildProcess | undefined;
  beforeAll(() => terraformTestEnv());
  afterEach(() => {
    holder?.stdin?.end();
    holder = undefined;
  });

  it("a state held by another run is a lock error at plan, with force-unlock and the lock's id", async () => {
    const dir = prepareTerraformFixture("no-changes");
    applyTerraform(dir);
    // `terraform console` holds the state lock while it runs: the second process of the brief.
    holder = spawn("terraform", ["console"], { cwd: dir, stdio: ["pipe", "ignore", "ignore"], env: { ...process.env, TF_IN_AUTOMATION: "1" } });
    const lockInfo = join(dir, ".terraform.tfstate.lock.info");
    for (let i = 0; i < 100 && !existsSync(lockInfo); i++) await new Promise((r) => setTimeout(r, 100));
    const id = (JSON.parse(readFileSync(lockInfo, "utf8")) as { ID: string }).ID;

    const failure = await planFailure(dir);
    expect(failure.kind).toBe("state-lock");
    expect(failure.summary).toBe("terraform plan in infra/db: Error acquiring the state lock");
    expect(failure.hint).toContain(`terraform force-unlock ${id}`);
    expect(text(failure)).not.toMatch(/validate|invalid configuration/i);
    expect(text(failure).match(/Error acquiring the state lock/g)).toHaveLength(1);
  });

  it("a provider that cannot be downloaded fails init, and validate is not blamed", async () => {
    const dir = project({ "main.tf": 'terraform {\n  required_providers {\n    acme = {\n      source = "127.0.0.1:1/acme/widgets"\n    }\n  }\n}\n' });
    const failure = await planFailure(dir);
    expect(failure.kind).toBe("provider-install");
    expect(failure.summary).toBe("terraform init in infra/db: Failed to query available provider packages");
    expect(failure.detail).toContain("connection refused");
    // validate would have said "Missing required provider"; it is not asked.
    expect(text(failure)).not.toMatch(/validate|invalid|Missing required provider/i);
  });

  it("a backend that cannot be reached fails init as a state read", async () => {
    const dir = project({ "main.tf": 'terraform {\n  backend "http" {\n    address   = "http://127.0.0.1:1/state"\n    retry_max = 0\n  }\n}\n' });
    const failure = await planFailure(dir);
    expect(failure.kind).toBe("backend-state");
    expect(failure.summary).toMatch(/^terraform init in infra\/db: Error refreshing state/);
    expect(failure.hint).toMatch(/backend's address and credentials/);
    expect(text(failure)).not.toMatch(/validate/i);
  });

  it("a backend changed since the cached .terraform was made names -reconfigure", async () => {
    const dir = project({ "main.tf": 'terraform {\n  backend "local" {\n    path = "a.tfstate"\n  }\n}\n' });
    applyTerraform(dir);
    writeFileSync(join(dir, "main.tf"), 'terraform {\n  backend "local" {\n    path = "b.tfstate"\n  }\n}\n');
    const failure = await planFailure(dir);
    expect(failure.kind).toBe("backend-reinitialize");
    expect(failure.summary).toBe("terraform init in infra/db: Backend configuration changed");
    expect(failure.hint).toContain("-reconfigure");
  });

  it("a syntax error is an invalid configuration from validate, stated once with file, line and column", async () => {
    const dir = prepareTerraformFixture("syntax-error");
    const thrown: unknown = await planTerraformProject({ project: "db", environment: null, dir: "infra/db", run: { dir, displayDir: "infra/db", lockTimeout: "1s", timeoutMs: 60_000 } }).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(UserError);
    const error = thrown as UserError;
    expect(error.summary).toMatch(/^The Terraform configuration in infra\/db is invalid: /);
    expect(error.where).toMatch(/^infra\/db\/main\.tf:\d+:\d+$/);
    expect(error.hint).toContain("terraform validate");
    // The summary's words and the place are not said again in the detail.
    expect(error.detail ?? "").not.toContain(error.where as string);
  });

  it("a missing variable fails plan with where to give it a value", async () => {
    const dir = project({ "main.tf": 'variable "region" {\n  type = string\n}\n\nresource "terraform_data" "a" {\n  input = var.region\n}\n' });
    const failure = await planFailure(dir);
    expect(failure.kind).toBe("missing-variable");
    expect(failure.where).toBe("infra/db/main.tf:1");
    expect(failure.hint).toContain("var_files");
  });
});
