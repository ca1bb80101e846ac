import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as core from "@actions/core";
import { planExitCode, planProjects } from "../core/plan-projects.js";
import type { ProjectRun } from "../core/project-run.js";
import { runHeadline } from "../report/plan-headline.js";
import { renderMarkdownReport } from "../report/render-markdown.js";
import { isUserError } from "../user-error.js";

/**
 * The GitHub Action's entry (dist/index.js): plans the projects of the checked-out repository and
 * publishes the report as the job summary and a file. Comment commands, reviews and apply come
 * with the GitHub integration; this is the same core the CLI runs.
 */
async function main(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const repoRoot = resolve(workspace, core.getInput("working-directory") || ".");
  const outcome = await planProjects({
    repoRoot,
    configPath: core.getInput("config") || undefined,
    project: core.getInput("project") || undefined,
    env: core.getInput("environment") || undefined,
    onProgress: (line) => core.info(line),
  });
  const report = renderMarkdownReport(outcome.runs);
  const reportPath = join(process.env.RUNNER_TEMP ?? (await mkdtemp(join(tmpdir(), "stakpak-"))), "stakpak-plan.md");
  await writeFile(reportPath, report);
  await core.summary.addRaw(report, true).write();

  const exitCode = planExitCode(outcome.runs);
  core.setOutput("has-changes", exitCode === 2 ? "true" : "false");
  core.setOutput("plan-summary", summaryLine(outcome.runs));
  core.setOutput("report-path", reportPath);
  if (exitCode === 1) core.setFailed("At least one plan failed; see the report in the job summary.");
}

function summaryLine(runs: readonly ProjectRun[]): string {
  return runs.map((run) => `${run.environment ? `${run.project}/${run.environment}` : run.project}: ${runHeadline(run).text}`).join("; ");
}

main().catch((err: unknown) => {
  core.setFailed(isUserError(err) ? err.format() : `Internal error: ${(err as Error)?.stack ?? String(err)}`);
});
