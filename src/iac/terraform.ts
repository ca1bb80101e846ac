import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../user-error.js";
import { classifyTerraformFailure } from "./classify-terraform-failure.js";
import type { Diagnostic } from "./plan-model.js";
import { runProcess, tail, type RunResult } from "./run-process.js";
import { rawValidateSchema } from "./terraform-plan-json.js";
import { TERRAFORM_ENV } from "./tool-environment.js";

export interface TerraformRunOptions {
  /** The root module directory. */
  dir: string;
  workspace?: string | undefined;
  /** -var-file paths, relative to `dir` or absolute. */
  varFiles?: readonly string[] | undefined;
  /** -backend-config values: a file path or `key=value`. */
  backendConfig?: readonly string[] | undefined;
  initArgs?: readonly string[] | undefined;
  /** terraform duration, e.g. `2m`. */
  lockTimeout: string;
  /** Limit for each terraform command. */
  timeoutMs: number;
  /**
   * How messages name the directory (repository-relative in reports, so a PR comment does not
   * show the runner's file system); `dir` by default.
   */
  displayDir?: string | undefined;
  /** Binary to run; `STAKPAK_TERRAFORM_BIN` or `terraform` by default. */
  binary?: string | undefined;
  /** `-target` addresses for plan (a comment's `--target`). */
  targets?: readonly string[] | undefined;
  /** More variables (names or globs) terraform gets besides TERRAFORM_ENV: the config's `terraform.pass_env`. */
  passEnv?: readonly string[] | undefined;
}

export const TERRAFORM_INSTALL_HINT =
  "Install Terraform 1.5 or newer (https://developer.hashicorp.com/terraform/install, or `apt-get install terraform` " +
  "from HashiCorp's apt repository) and make sure `terraform version` works, or point STAKPAK_TERRAFORM_BIN at the binary.";

/** Variables that make terraform behave in a pipeline: no prompts, no colour codes, no update checks. */
const AUTOMATION_ENV: Record<string, string | undefined> = {
  TF_IN_AUTOMATION: "1",
  TF_INPUT: "0",
  CHECKPOINT_DISABLE: "1",
  NO_COLOR: "1",
  // The workspace is chosen explicitly with `workspace select`; an inherited one would silently win.
  TF_WORKSPACE: undefined,
};

function shown(opts: TerraformRunOptions): string {
  return opts.displayDir ?? opts.dir;
}

function terraform(opts: TerraformRunOptions, args: string[]): Promise<RunResult> {
  const binary = opts.binary ?? process.env.STAKPAK_TERRAFORM_BIN ?? "terraform";
  return runProcess(binary, args, {
    cwd: opts.dir,
    passEnv: [...TERRAFORM_ENV, ...(opts.passEnv ?? [])],
    env: AUTOMATION_ENV,
    timeoutMs: opts.timeoutMs,
    installHint: TERRAFORM_INSTALL_HINT,
  });
}

/** A failed terraform command as a UserError: terraform's first error, where it is, and what to do. */
function commandFailed(step: string, opts: TerraformRunOptions, result: RunResult, fallbackHint: string): UserError {
  return classifyTerraformFailure({ step, dir: shown(opts), fallbackHint }, result);
}

export async function terraformInit(opts: TerraformRunOptions): Promise<void> {
  const args = ["init", "-input=false", "-no-color", `-lock-timeout=${opts.lockTimeout}`];
  for (const value of opts.backendConfig ?? []) args.push(`-backend-config=${value}`);
  args.push(...(opts.initArgs ?? []));
  const result = await terraform(opts, args);
  if (result.exitCode !== 0) {
    const failure = classifyTerraformFailure(
      { step: "init", dir: shown(opts), fallbackHint: "Check the backend configuration and module sources, then run `terraform init` locally." },
      result,
    );
    // Only when init says the configuration itself has errors is validate asked: it names file,
    // line and column. A lock, a backend or a provider download is never a validation failure.
    if (failure.invalidConfiguration) {
      const diagnostics = await terraformValidate(opts).catch(() => []);
      const errors = diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) throw invalidConfiguration(opts, errors);
    }
    throw failure;
  }
}

export async function terraformSelectWorkspace(opts: TerraformRunOptions, workspace: string): Promise<void> {
  const result = await terraform(opts, ["workspace", "select", "-or-create=true", "-no-color", workspace]);
  if (result.exitCode !== 0) {
    throw commandFailed(`workspace select ${workspace}`, opts, result, "Check the workspace name in .stakpak/config.yml.");
  }
}

/** `terraform validate -json`: the configuration's diagnostics (an empty list when valid). */
export async function terraformValidate(opts: TerraformRunOptions): Promise<Diagnostic[]> {
  const result = await terraform(opts, ["validate", "-json", "-no-color"]);
  let data: unknown;
  try {
    data = JSON.parse(result.stdout);
  } catch {
    throw commandFailed("validate", opts, result, "Run `terraform validate` locally to see the problem.");
  }
  const parsed = rawValidateSchema.safeParse(data);
  if (!parsed.success) throw commandFailed("validate", opts, result, "Run `terraform validate` locally to see the problem.");
  return parsed.data.diagnostics.map((d) => ({
    severity: d.severity,
    summary: d.summary,
    detail: d.detail ?? "",
    where: d.range ? `${join(shown(opts), d.range.filename)}:${d.range.start.line}:${d.range.start.column}` : null,
    snippet: d.snippet?.code ?? null,
  }));
}

export function invalidConfiguration(opts: TerraformRunOptions, errors: Diagnostic[]): UserError {
  const first = errors[0];
  return new UserError({
    summary: `The Terraform configuration in ${shown(opts)} is invalid: ${first?.summary ?? "see below"}.`,
    where: first?.where ?? shown(opts),
    // The first error's summary and place are the summary and `where`: its detail does not repeat them.
    detail: errors
      .map((d, i) => [i === 0 ? "" : `${d.where ?? shown(opts)}: ${d.summary}`, d.snippet ? `  ${d.snippet.trim()}` : "", d.detail].filter(Boolean).join("\n"))
      .filter(Boolean)
      .join("\n\n"),
    hint: "Fix the configuration, then check it with `terraform validate`.",
  });
}

export interface PlanFileResult {
  planFile: string;
  /** terraform's -detailed-exitcode: 0 no changes, 2 changes. */
  exitCode: 0 | 2;
}

/** `terraform plan -out`, into `planFile` or a new temporary file. */
export async function terraformPlan(opts: TerraformRunOptions, planFile?: string): Promise<PlanFileResult> {
  const out = planFile ?? join(await mkdtemp(join(tmpdir(), "stakpak-plan-")), "plan.tfplan");
  const args = ["plan", "-input=false", "-no-color", `-out=${out}`, "-detailed-exitcode", `-lock-timeout=${opts.lockTimeout}`];
  for (const file of opts.varFiles ?? []) args.push(`-var-file=${file}`);
  for (const address of opts.targets ?? []) args.push(`-target=${address}`);
  const result = await terraform(opts, args);
  if (result.exitCode === 0 || result.exitCode === 2) return { planFile: out, exitCode: result.exitCode };
  throw commandFailed("plan", opts, result, "Run `terraform plan` locally in that directory to reproduce it.");
}

export async function terraformShowJson(opts: TerraformRunOptions, planFile: string): Promise<string> {
  const result = await terraform(opts, ["show", "-json", "-no-color", planFile]);
  if (result.exitCode !== 0) throw commandFailed("show -json", opts, result, "Is the plan file from the same terraform version?");
  return result.stdout;
}

export async function terraformShowText(opts: TerraformRunOptions, planFile: string): Promise<string> {
  const result = await terraform(opts, ["show", "-no-color", planFile]);
  if (result.exitCode !== 0) throw commandFailed("show", opts, result, "Is the plan file from the same terraform version?");
  return result.stdout;
}

/**
 * `terraform apply PLANFILE`: applies exactly the saved plan (no variables, no approval prompt:
 * a saved plan is its own approval). Returns terraform's output; a failure (a partial apply
 * included) is a UserError whose detail is the end of that output.
 */
export async function terraformApply(opts: TerraformRunOptions, planFile: string): Promise<RunResult> {
  const result = await terraform(opts, ["apply", "-input=false", "-no-color", `-lock-timeout=${opts.lockTimeout}`, planFile]);
  if (result.exitCode !== 0) {
    // The detail of an apply is shown as terraform's output (what was changed before the
    // failure), so it stays the raw end of that output rather than one classified error.
    const output = (result.stderr.trim() || result.stdout.trim()).replace(/\r/g, "");
    const located = classifyTerraformFailure({ step: "apply", dir: shown(opts), fallbackHint: "" }, result).where;
    throw new UserError({
      summary: `terraform apply failed in ${shown(opts)} (exit code ${result.exitCode}).`,
      where: located ?? shown(opts),
      detail: tail(output, 60),
      hint: "Some resources may have been changed before the failure; run `/stakpak plan` to see where things stand, fix the cause and apply again.",
    });
  }
  return result;
}
