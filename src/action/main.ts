import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as core from "@actions/core";
import { planExitCode, planProjects } from "../core/plan-projects.js";
import type { ProjectRun } from "../core/project-run.js";
import { learnEnvironmentSecrets } from "../redact/learn-environment-secrets.js";
import type { Redacted } from "../redact/redacted.js";
import { Redactor } from "../redact/redactor.js";
import { writeRedactedFile } from "../redact/write-redacted-file.js";
import { runHeadline } from "../report/plan-headline.js";
import { renderMarkdownReport } from "../report/render-markdown.js";
import { isUserError } from "../user-error.js";

/**
 * The GitHub Action's entry (dist/index.js): plans the projects of the checked-out repository and
 * publishes the report as the job summary and a file. Comment commands, reviews and apply come
 * with the GitHub integration; this is the same core the CLI runs.
 *
 * Everything it publishes is `Redacted`: the functions below are the Action's only exits.
 */
const redactor = new Redactor();

async function main(): Promise<void> {
  // Every secret in the step's environment (and so every secret passed to the Action) is hidden
  // by this redactor and masked by the runner in its own log.
  const masked = new Set(learnEnvironmentSecrets(redactor, process.env));
  for (const form of masked) core.setSecret(form);

  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const repoRoot = resolve(workspace, core.getInput("working-directory") || ".");
  const outcome = await planProjects({
    repoRoot,
    configPath: core.getInput("config") || undefined,
    project: core.getInput("project") || undefined,
    env: core.getInput("environment") || undefined,
    redactor,
    processEnv: process.env,
    onProgress: log,
  });
  // Variables named in the config's `redact.env` were learned while planning.
  for (const form of redactor.valuesToMask()) if (!masked.has(form)) core.setSecret(form);
  const report = redactor.redact(renderMarkdownReport(outcome.runs));
  const reportPath = join(process.env.RUNNER_TEMP ?? (await mkdtemp(join(tmpdir(), "stakpak-"))), "stakpak-plan.md");
  await writeRedactedFile(reportPath, report);
  await publishSummary(report);

  const exitCode = planExitCode(outcome.runs);
  setOutput("has-changes", redactor.redact(exitCode === 2 ? "true" : "false"));
  setOutput("plan-summary", redactor.redact(summaryLine(outcome.runs)));
  setOutput("report-path", redactor.redact(reportPath));
  if (exitCode === 1) fail(redactor.redact("At least one plan failed; see the report in the job summary."));
}

function summaryLine(runs: readonly ProjectRun[]): string {
  return runs.map((run) => `${run.environment ? `${run.project}/${run.environment}` : run.project}: ${runHeadline(run).text}`).join("; ");
}

function log(line: Redacted): void {
  core.info(line.text);
}

async function publishSummary(markdown: Redacted): Promise<void> {
  await core.summary.addRaw(markdown.text, true).write();
}

function setOutput(name: string, value: Redacted): void {
  core.setOutput(name, value.text);
}

function fail(message: Redacted): void {
  core.setFailed(message.text);
}

main().catch((err: unknown) => {
  fail(redactor.redact(isUserError(err) ? err.format() : `Internal error: ${(err as Error)?.stack ?? String(err)}`));
});
