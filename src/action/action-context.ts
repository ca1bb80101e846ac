import type { ProjectRun } from "../iac/project-run.js";
import type { RepositoryRef } from "../github/authorization/repository-roles.js";
import type { GitHubClient } from "../github/create-octokit.js";
import type { Redacted } from "../redact/redacted.js";
import type { Redactor } from "../redact/redactor.js";
import type { ActionInputs } from "./action-inputs.js";

/** Where the Action writes besides GitHub's API: the step's log, outputs and failure (`@actions/core` in the Action). */
export interface ActionSink {
  info(line: Redacted): void;
  notice(line: Redacted): void;
  warning(line: Redacted): void;
  setOutput(name: string, value: Redacted): void;
  fail(message: Redacted): void;
}

/** Everything a handler needs, built once per run from the environment and the inputs. */
export interface ActionContext {
  client: GitHubClient;
  repository: RepositoryRef & { defaultBranch: string };
  inputs: ActionInputs;
  /** The checkout (GITHUB_WORKSPACE): a git work tree. */
  workspace: string;
  /** Where .stakpak/config.yml lives: the workspace and `working-directory`. */
  repoRoot: string;
  redactor: Redactor;
  env: Readonly<Record<string, string | undefined>>;
  /** The workflow run's page, linked from everything posted. */
  runUrl: string | undefined;
  /** RUNNER_TEMP (deleted by the runner after the job): reports and saved plans. */
  tempDir: string;
  sink: ActionSink;
}

/** What one command left for the step's outputs. */
export interface CommandOutcome {
  /** The command as written (canonical), `autoplan` for autoplan. */
  command: string;
  /** False when the command failed or (apply) nothing was applied: the step then fails. */
  ok: boolean;
  /** Plans made, for `has-changes`, `plan-summary` and the report file. */
  runs: ProjectRun[];
  /** Lines for `plan-summary` besides the plans' (an apply's result). */
  lines: string[];
  /** Markdown for the report file (already published elsewhere), besides the plans'. */
  markdown?: string;
}

export function log(ctx: Pick<ActionContext, "redactor" | "sink">, line: string): void {
  ctx.sink.info(ctx.redactor.redact(line));
}
