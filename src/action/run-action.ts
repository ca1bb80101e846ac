import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ProjectRun } from "../iac/project-run.js";
import { createOctokit, type CreateOctokitOptions } from "../github/create-octokit.js";
import type { Redactor } from "../redact/redactor.js";
import { writeRedactedFile } from "../redact/write-redacted-file.js";
import { runHeadline } from "../report/plan-headline.js";
import { renderMarkdownReport } from "../report/render-markdown.js";
import { UserError } from "../user-error.js";
import type { ActionContext, ActionSink, CommandOutcome } from "./action-context.js";
import { forgetSecretInputs, readActionInputs, type ActionInputs } from "./action-inputs.js";
import { handleComment } from "./handle-comment.js";
import { handleDispatch } from "./handle-dispatch.js";
import { handlePullRequest } from "./handle-pull-request.js";
import { planWorkspace } from "./plan-workspace.js";
import { readActionEvent, type ActionEvent, type RepositoryPayload } from "./read-event.js";
import { lockGroup, routeEvent } from "./route-event.js";

export interface RunActionOptions {
  /** The step's environment (process.env in the Action); secret inputs are removed from it once read. */
  env: NodeJS.ProcessEnv;
  getInput(name: string): string;
  sink: ActionSink & { mask(value: string): void };
  redactor: Redactor;
  /** Client settings tests change (retry unit, pacing). */
  client?: Partial<Pick<CreateOctokitOptions, "secondMs" | "paceWrites" | "maxRateLimitRetries">>;
}

type Handled = Exclude<ActionEvent, { name: "unsupported" }>;

/** One handler per event: the App, the Action and the CLI differ in where the event comes from; this is where the Action's does. */
const HANDLERS: { [K in Handled["name"]]: (ctx: ActionContext, payload: Extract<Handled, { name: K }>["payload"]) => Promise<CommandOutcome[]> } = {
  issue_comment: handleComment,
  pull_request: handlePullRequest,
  workflow_dispatch: handleDispatch,
  repository_dispatch: handleDispatch,
};

/**
 * The Action: event → (route, or) handler → commands → outputs. Events it does not handle end
 * with a notice. Whatever a command could not do fails the step after everything was reported.
 */
export async function runAction(options: RunActionOptions): Promise<void> {
  const { env, sink, redactor } = options;
  const inputs = readActionInputs(options.getInput);
  for (const secret of [inputs.githubToken, inputs.openaiApiKey]) {
    if (secret) for (const form of redactor.addKnownValue("action-input", secret, { mask: true, minLength: 1 })) sink.mask(form);
  }
  forgetSecretInputs(env);

  const event = await readActionEvent(env);
  if (inputs.mode === "route") {
    const route = routeEvent(event, inputs);
    sink.setOutput("run", redactor.redact(String(route.run)));
    sink.setOutput("agent", redactor.redact(String(route.agent)));
    sink.setOutput("lock", redactor.redact(lockGroup(route)));
    sink.info(redactor.redact(`route: run=${route.run} agent=${route.agent} lock=${lockGroup(route)}`));
    if (route.notice) sink.notice(redactor.redact(route.notice));
    if (route.problem) sink.fail(redactor.redact(route.problem.format()));
    return;
  }
  if (event.name === "unsupported") {
    if (inputs.command) {
      const repoRoot = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), inputs.workingDirectory);
      const outcomes = await planWorkspace({ inputs, repoRoot, env, redactor, sink, eventName: event.eventName });
      for (const form of redactor.valuesToMask()) sink.mask(form);
      return finish({ redactor, sink, tempDir: env.RUNNER_TEMP || (await mkdtemp(join(tmpdir(), "stakpak-"))) }, outcomes);
    }
    sink.notice(redactor.redact(`stakpak-gitops does not handle ${event.eventName} events; nothing to do. It runs on issue_comment, pull_request, workflow_dispatch and repository_dispatch (and plans on any event given \`command: plan\`).`));
    setEmptyOutputs(sink, redactor);
    return;
  }

  const ctx = await createContext(options, inputs, event.payload.repository);
  const outcomes = await (HANDLERS[event.name] as (ctx: ActionContext, payload: unknown) => Promise<CommandOutcome[]>)(ctx, event.payload);
  for (const form of redactor.valuesToMask()) sink.mask(form);
  await finish(ctx, outcomes);
}

async function createContext(options: RunActionOptions, inputs: ActionInputs, repository: RepositoryPayload): Promise<ActionContext> {
  const { env, sink, redactor } = options;
  if (!inputs.githubToken) {
    throw new UserError({ summary: "the github-token input is empty", where: "with: github-token", hint: "leave it to its default (`${{ github.token }}`) or pass a GitHub App token" });
  }
  const quiet = (line: string) => sink.info(redactor.redact(line));
  const client = createOctokit({
    token: inputs.githubToken,
    baseUrl: env.GITHUB_API_URL,
    // The request log reports each failed request at `error`, before retries and callers decide
    // what it means (a 404 is often an answer); the plugins' `warn`s (rate limits) are warnings.
    log: { debug: () => {}, info: quiet, warn: (line) => sink.warning(redactor.redact(line)), error: quiet },
    ...options.client,
  });
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  return {
    client,
    repository: { owner: repository.owner.login, repo: repository.name, defaultBranch: repository.default_branch },
    inputs,
    workspace,
    repoRoot: resolve(workspace, inputs.workingDirectory),
    redactor,
    env,
    runUrl: env.GITHUB_RUN_ID ? `${server.replace(/\/+$/, "")}/${repository.full_name}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    tempDir: env.RUNNER_TEMP || (await mkdtemp(join(tmpdir(), "stakpak-"))),
    sink,
  };
}

function summaryLine(run: ProjectRun): string {
  return `${run.environment ? `${run.project}/${run.environment}` : run.project}: ${runHeadline(run).text}`;
}

function setEmptyOutputs(sink: ActionSink, redactor: Redactor): void {
  sink.setOutput("has-changes", redactor.redact("false"));
  sink.setOutput("plan-summary", redactor.redact(""));
  sink.setOutput("report-path", redactor.redact(""));
}

/** Outputs (has-changes, plan-summary, report-path), the report file, and the step's verdict. */
async function finish(ctx: Pick<ActionContext, "redactor" | "sink" | "tempDir">, outcomes: readonly CommandOutcome[]): Promise<void> {
  const { sink, redactor } = ctx;
  const runs = outcomes.flatMap((o) => o.runs);
  const lines = [...runs.map(summaryLine), ...outcomes.flatMap((o) => o.lines)];
  if (outcomes.length === 0) return setEmptyOutputs(sink, redactor);
  let reportPath = "";
  if (runs.length > 0 || lines.length > 0) {
    reportPath = join(ctx.tempDir, "stakpak-plan.md");
    const markdown = [runs.length > 0 ? renderMarkdownReport(runs) : "", ...outcomes.flatMap((o) => (o.markdown ? [o.markdown] : [])), lines.map((l) => `- ${l}`).join("\n")].filter(Boolean).join("\n\n");
    await writeRedactedFile(reportPath, redactor.redact(markdown));
  }
  sink.setOutput("has-changes", redactor.redact(runs.some((r) => r.status === "changes") ? "true" : "false"));
  sink.setOutput("plan-summary", redactor.redact(lines.join("; ")));
  sink.setOutput("report-path", redactor.redact(reportPath));
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length > 0) sink.fail(redactor.redact(`Not everything succeeded: ${failed.map((o) => o.command).join(", ")}. See the pull request and the job summary.`));
}
