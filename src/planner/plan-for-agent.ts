import path from "node:path";
import { planProjects } from "../core/plan-projects.js";
import type { ProjectRun } from "../iac/project-run.js";
import type { Redactor } from "../redact/redactor.js";
import { renderMarkdownReport } from "../report/render-markdown.js";
import { isUserError, type UserError } from "../user-error.js";
import { judgePlan } from "../warden/judge-plan.js";
import type { WardenPolicy } from "../warden/policy.js";
import type { PlanReport, PlanSelection } from "./agent-run.js";
import { describeFormatting, formatTerraformFiles, type FormatOutcome } from "./format-terraform.js";
import type { RepoFiles } from "./repo-files.js";

export interface AgentPlanOptions {
  /** The run's files: the Terraform files it wrote are formatted through them before the plan. */
  files: RepoFiles;
  redactor: Redactor;
  policy: WardenPolicy;
  processEnv?: NodeJS.ProcessEnv;
}

/** The projects a change touches: the directories of the files written (projects inside them are planned). */
export function touchedDirs(touched: readonly string[]): string[] {
  return [...new Set(touched.map((file) => path.posix.dirname(file)))].sort();
}

/**
 * The plan tool's pipeline, also the validation at finish: `terraform fmt` on the files the run
 * wrote (the committed change is formatted), then the real `planProjects` on the working tree
 * (init, validate, plan, show), Warden's plan gate on each plan, and the review as the model reads
 * it. A file fmt cannot parse, and a bad selection (an unknown project), are errors the model can
 * correct, not crashes.
 */
export async function planForAgent(options: AgentPlanOptions, selection: PlanSelection): Promise<PlanReport> {
  const { redactor } = options;
  let formatting: FormatOutcome;
  try {
    formatting = await formatTerraformFiles(options.files, redactor, selection.touched);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return failedReport(redactor, error);
  }
  const notes = describeFormatting(formatting);
  // validate would only repeat the parse error after a slow init; the model fixes the syntax first.
  if (formatting.problems.length > 0) return { text: redactor.redact(notes), ok: false, allowed: false };
  const report = await planTree(options, selection);
  return notes === "" ? report : { ...report, text: redactor.redact(`${notes}\n\n${report.text.text}`) };
}

/** The plan of the working tree as it is, for the model. */
async function planTree(options: AgentPlanOptions, selection: PlanSelection): Promise<PlanReport> {
  const { redactor } = options;
  const named = selection.project !== undefined || selection.environment !== undefined;
  const dirs = named ? undefined : touchedDirs(selection.touched);
  if (!named && dirs!.length === 0) {
    return { text: redactor.redact("Nothing to plan yet: no file was changed in this run. Name a project to plan it as it is."), ok: false, allowed: true };
  }
  let runs: ProjectRun[];
  try {
    ({ runs } = await planProjects({ repoRoot: options.files.root, dirs, project: selection.project, env: selection.environment, redactor, processEnv: options.processEnv }));
  } catch (error) {
    if (!isUserError(error)) throw error;
    return failedReport(redactor, error);
  }
  if (runs.length === 0) {
    return { text: redactor.redact(`No project holds the changed files (${selection.touched.join(", ")}); put the change in a project directory or add the project to .stakpak/config.yml.`), ok: false, allowed: true };
  }
  const verdicts: string[] = [];
  let allowed = true;
  for (const run of runs) {
    const plan = run.plan ?? run.kube;
    const where = `${run.project}${run.environment ? ` (${run.environment})` : ""}`;
    if (run.status === "error" || !plan) {
      verdicts.push(`- ${where}: plan failed`);
      continue;
    }
    const decision = judgePlan(plan, options.policy, { environment: run.environment });
    if (decision.decision !== "allow") allowed = false;
    verdicts.push(`- ${where}: Warden plan gate: ${decision.decision} — ${decision.reason} (${decision.rule})`);
  }
  const ok = runs.every((r) => r.status !== "error" && r.diagnostics.every((d) => d.severity !== "error"));
  const text = [renderMarkdownReport(runs), "", "Warden plan gate:", ...verdicts].join("\n");
  return { text: redactor.redact(text), ok, allowed };
}

/** An expected failure (terraform missing, a bad selection), as a report the model can act on. */
function failedReport(redactor: Redactor, error: UserError): PlanReport {
  return { text: redactor.redact([error.summary, error.detail, error.hint && `Hint: ${error.hint}`].filter(Boolean).join("\n")), ok: false, allowed: false };
}
