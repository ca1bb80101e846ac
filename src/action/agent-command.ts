import { join } from "node:path";
import { planProjects } from "../core/plan-projects.js";
import type { Actor } from "../github/authorization/authorize.js";
import { agentBranchName } from "../github/agent-branch-name.js";
import { AgentProgressComment } from "../github/agent-progress-comment.js";
import type { ParsedCommand } from "../github/commands/parse-comment.js";
import { BranchMovedError, commitFiles } from "../github/commit-files.js";
import { isGitHubApiError } from "../github/github-api-error.js";
import { appendJobSummary } from "../github/job-summary.js";
import { openPullRequest } from "../github/open-pull-request.js";
import { publishPlanResults } from "../github/publish-plan.js";
import type { PullRequestRef } from "../github/pull-request-ref.js";
import type { ProjectRun } from "../iac/project-run.js";
import { runAgentRequest, type AgentResult } from "../planner/agent-request.js";
import { createModelClient } from "../planner/model-client.js";
import { touchedDirs } from "../planner/plan-for-agent.js";
import type { UntrustedText } from "../planner/prompt.js";
import { renderTranscript } from "../planner/render-transcript.js";
import type { Redacted } from "../redact/redacted.js";
import { writeRedactedFile } from "../redact/write-redacted-file.js";
import { isUserError, UserError } from "../user-error.js";
import { AuditLog } from "../warden/audit-log.js";
import { describeAuditHead } from "../warden/audit-chain.js";
import type { WardenPolicy } from "../warden/policy.js";
import { createWarden } from "../warden/warden.js";
import { log, type ActionContext, type CommandOutcome } from "./action-context.js";
import type { PinnedPullRequest } from "./accept-pull-request.js";
import { readActionAgentSettings } from "./agent-settings.js";
import { readGatePolicy } from "./gate-policy.js";
import { judgeRuns, verdictsOf } from "./judge-runs.js";
import { ACTIONS_BOT } from "./plan-command.js";
import { planNextSteps } from "./plan-next-steps.js";
import { readLabelSettings } from "./label-settings.js";

/** Where the agent's change goes: a new branch and pull request for an issue, a commit on the pull request's branch. */
export type AgentTarget =
  | { kind: "issue"; issueNumber: number; /** The default branch commit checked out, which the branch starts from. */ startSha: string }
  | { kind: "pull"; pr: PinnedPullRequest };

export interface AgentCommandRequest {
  target: AgentTarget;
  command: ParsedCommand;
  actor: Actor;
  /** The comment that asked, as data for the model (it may say more than the command line). */
  commentBody: string | undefined;
}

/**
 * An agent request in the Action: the model and policy from the default branch, one progress
 * comment edited as the agent works, the run itself (src/planner), then the change committed
 * through the Git data API (a branch and pull request for an issue, a commit on the pull
 * request's branch), the usual plan review on it, and the redacted transcript in the job summary
 * and `transcript.md`. Only a finished run is committed; a stopped or failed one is explained.
 */
export async function runAgentCommand(ctx: ActionContext, request: AgentCommandRequest): Promise<CommandOutcome> {
  const { command, target, actor } = request;
  const { redactor } = ctx;
  const issueNumber = target.kind === "issue" ? target.issueNumber : target.pr.ref.pullNumber;
  const issue = { owner: ctx.repository.owner, repo: ctx.repository.repo, issueNumber };
  const requestText = redactor.redact(command.text ?? "");
  const progress = await AgentProgressComment.create(
    ctx.client,
    issue,
    redactor,
    { request: requestText, requester: `@${actor.login}`, status: "running", steps: [], result: null, links: { run: ctx.runUrl } },
    { onError: (error) => ctx.sink.warning(redactor.redact(`Could not edit the agent's progress comment: ${describe(error)}`)) },
  );
  const fail = async (why: string): Promise<CommandOutcome> => {
    await progress.finish({ status: "failed", result: redactor.redact(why) });
    return { command: command.canonical, ok: false, runs: [], lines: [`agent: failed: ${why}`] };
  };

  let policy: WardenPolicy;
  let result: AgentResult;
  let transcriptPath: string;
  try {
    const { settings, agent, keyEnv } = await readActionAgentSettings(ctx);
    const client = createModelClient(settings, keyEnv);
    policy = await readGatePolicy(ctx.client, ctx.repository, ctx.repository.defaultBranch);
    const warden = await createWarden({ workspace: ctx.repoRoot, policy });
    const audit = AuditLog.forRun(ctx.env, (t) => redactor.redact(t).text, { workspace: ctx.repoRoot });
    log(ctx, `agent: ${settings.model} on ${target.kind === "issue" ? `issue #${issueNumber}` : `pull request #${issueNumber}`} for @${actor.login}`);
    result = await runAgentRequest({
      repoRoot: ctx.repoRoot,
      prompt: {
        request: requestText,
        requester: `@${actor.login} on ${target.kind === "issue" ? "issue" : "pull request"} #${issueNumber} of ${ctx.repository.owner}/${ctx.repository.repo}`,
        context: await requestContext(ctx, issueNumber, actor, request.commentBody),
        guidance: [],
      },
      client,
      settings,
      redactor,
      warden,
      writable: agent.writable,
      env: ctx.env,
      audit,
      onStep: (step) => {
        log(ctx, `agent: ${step.text.text}`);
        progress.addStep(step);
      },
    });
    await audit.close();
    if (audit.head.entries > 0) log(ctx, describeAuditHead(audit.file, audit.head));
    transcriptPath = await keepTranscript(ctx, result);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return fail(error.hint ? `${error.summary}\n\nHint: ${error.hint}` : error.summary);
  }
  const { outcome } = result;
  const links = { transcript: ctx.runUrl ? `${ctx.runUrl}#artifacts` : undefined };
  ctx.sink.setOutput("transcript-path", redactor.redact(transcriptPath));

  if (outcome.status !== "finished" || !outcome.finish) {
    await progress.finish({ status: outcome.status === "finished" ? "failed" : outcome.status, result: outcome.reason ?? redactor.redact("the run ended without a result"), links });
    return { command: command.canonical, ok: false, runs: [], lines: [`agent: ${outcome.status}: ${outcome.reason?.text ?? ""}`] };
  }
  const summary = redactor.redact(outcome.finish.summary);
  if (result.files.length === 0) {
    await progress.finish({ status: "finished", result: summary, links });
    return { command: command.canonical, ok: true, runs: [], lines: ["agent: finished without changing a file"] };
  }

  try {
    const committed = await commitChange(ctx, target, requestText, result, summary);
    const runs = await planAndPublish(ctx, committed.pinned, result, policy);
    await progress.finish({ status: "finished", result: summary, links: { ...links, pullRequest: committed.pullRequest, commit: { sha: committed.pr.headSha, url: committed.commitUrl } } });
    return { command: command.canonical, ok: true, runs, lines: [`agent: ${committed.pullRequest ? `opened #${committed.pullRequest.number}` : `committed ${committed.pr.headSha.slice(0, 7)}`}`] };
  } catch (error) {
    if (error instanceof BranchMovedError) return fail(`${error.summary}; ${error.hint}`);
    if (isGitHubApiError(error) && (error.status === 403 || error.status === 404)) {
      return fail(`GitHub refused to take the change (${error.status}): the agent's job needs \`permissions: contents: write\` and \`pull-requests: write\`. ${error.summary}`);
    }
    if (isUserError(error)) return fail(error.summary);
    throw error;
  }
}

/** The issue (or pull request) and the comment around the request, labelled as data for the model. */
async function requestContext(ctx: ActionContext, issueNumber: number, actor: Actor, commentBody: string | undefined): Promise<UntrustedText[]> {
  const { data } = await ctx.client.rest.issues.get({ owner: ctx.repository.owner, repo: ctx.repository.repo, issue_number: issueNumber });
  const kind = data.pull_request ? "pull request" : "issue";
  const context: UntrustedText[] = [{ source: `${kind} #${issueNumber} by @${data.user?.login ?? "unknown"}: title and body`, text: ctx.redactor.redact(`${data.title}\n\n${data.body ?? ""}`.trim()) }];
  if (commentBody) context.push({ source: `the comment by @${actor.login} that asked`, text: ctx.redactor.redact(commentBody) });
  return context;
}

/** transcript.md in RUNNER_TEMP (the workflow uploads it) and a collapsed copy in the job summary. */
async function keepTranscript(ctx: ActionContext, result: AgentResult): Promise<string> {
  const transcript = renderTranscript(result.outcome, ctx.redactor);
  const file = join(ctx.tempDir, "transcript.md");
  await writeRedactedFile(file, transcript);
  const diff = result.diff.text ? `\n\n<details><summary>Diff</summary>\n\n\`\`\`diff\n${result.diff.text}\`\`\`\n\n</details>` : "";
  await appendJobSummary(ctx.redactor.redact(`<details><summary>stakpak agent: ${result.outcome.status} after ${result.outcome.steps} model calls</summary>\n\n${transcript.text}\n\n</details>${diff}\n`));
  return file;
}

interface Committed {
  pr: PullRequestRef;
  /** The pull request as the plan's next step reads it (who opened it, its branches). */
  pinned: PinnedPullRequest;
  commitUrl: string;
  /** Set when a pull request was opened for an issue. */
  pullRequest?: { number: number; url: string };
}

async function commitChange(ctx: ActionContext, target: AgentTarget, requestText: Redacted, result: AgentResult, summary: Redacted): Promise<Committed> {
  const finish = result.outcome.finish!;
  const { owner, repo } = ctx.repository;
  const message = ctx.redactor.redact(finish.commitMessage).text;
  const files = result.files.map((f) => ({ path: f.path, content: f.content }));
  const commitUrl = (sha: string) => `${(ctx.env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/+$/, "")}/${owner}/${repo}/commit/${sha}`;
  if (target.kind === "pull") {
    const branch = target.pr.headRef;
    // The agent never commits to the default branch, whatever the pull request's head is.
    if (branch === ctx.repository.defaultBranch) throw new UserError({ summary: `the pull request's branch is the default branch (${branch}); the agent does not commit there` });
    const commit = await commitFiles(ctx.client, { owner, repo, branch, parent: target.pr.ref.headSha, message, files });
    const pr = { ...target.pr.ref, headSha: commit.sha };
    return { pr, pinned: { ...target.pr, ref: pr }, commitUrl: commitUrl(commit.sha) };
  }
  const branch = agentBranchName(target.issueNumber, requestText);
  const commit = await commitFiles(ctx.client, { owner, repo, branch, startFrom: target.startSha, message, files });
  const title = ctx.redactor.redact(finish.title ?? message.split("\n")[0] ?? "stakpak agent change").text;
  const body = ctx.redactor.redact(
    [summary.text, "", `Closes #${target.issueNumber}`, "", `_Written by the stakpak agent for the request on #${target.issueNumber}; ${ctx.runUrl ? `[workflow run and transcript](${ctx.runUrl})` : "the transcript is in the workflow run"}. Review it like any other change: nothing was applied._`].join("\n"),
  );
  const pull = await openPullRequest(ctx.client, { owner, repo, head: branch, base: ctx.repository.defaultBranch, title, body: body.text });
  const pr = { owner, repo, pullNumber: pull.number, headSha: commit.sha };
  return { pr, pinned: { ref: pr, author: ACTIONS_BOT, baseRef: ctx.repository.defaultBranch, headRef: branch }, commitUrl: commitUrl(commit.sha), pullRequest: { number: pull.number, url: pull.url } };
}

/**
 * The usual plan review on the commit: its projects planned and published as for `/stakpak plan`
 * (status comment, review, check run). A pull request the workflow's token opens starts no
 * workflow, so the agent's job reviews its own change here.
 */
async function planAndPublish(ctx: ActionContext, pinned: PinnedPullRequest, result: AgentResult, policy: WardenPolicy): Promise<ProjectRun[]> {
  const pr = pinned.ref;
  let runs: ProjectRun[];
  try {
    ({ runs } = await planProjects({ repoRoot: ctx.repoRoot, configPath: ctx.inputs.config, dirs: touchedDirs(result.files.map((f) => f.path)), redactor: ctx.redactor, processEnv: ctx.env as NodeJS.ProcessEnv, onProgress: (line) => ctx.sink.info(line) }));
  } catch (error) {
    if (!isUserError(error)) throw error;
    // The files changed are not in a project (docs only): nothing to plan.
    log(ctx, `agent: no plan for the change: ${error.summary}`);
    return [];
  }
  const verdicts = verdictsOf(judgeRuns(runs, policy));
  // The same plan review `/stakpak plan` gives: next steps and labels included.
  const nextSteps = await planNextSteps(ctx, { pr: pinned }, runs, verdicts);
  const labels = await readLabelSettings(ctx);
  if (labels.problem) ctx.sink.warning(ctx.redactor.redact(`Plan labels are off for this run: ${labels.problem.format()}`));
  const published = await publishPlanResults(
    { client: ctx.client, pr, command: "plan", runs, verdicts, redactor: ctx.redactor, runUrl: ctx.runUrl, repoRoot: ctx.repoRoot, fallbackLogin: ACTIONS_BOT, nextSteps, labels: labels.settings, coversAllProjects: false },
    { comment: true, review: true, checks: true, jobSummary: true, labels: true },
  );
  for (const failure of published.failures) ctx.sink.warning(ctx.redactor.redact(`Could not publish the ${failure.target}${failure.key ? ` of ${failure.key}` : ""}: ${failure.error.format()}`));
  return runs;
}

function describe(error: unknown): string {
  return isUserError(error) ? error.summary : error instanceof Error ? error.message : String(error);
}
