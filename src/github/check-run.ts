import type { Redacted } from "../redact/redacted.js";
import type { GitHubClient } from "./create-octokit.js";
import { CHECK_ANNOTATIONS_PER_REQUEST, CHECK_OUTPUT_LIMIT } from "./github-limits.js";
import type { PullRequestRef, RepoRef } from "./pull-request-ref.js";
import type { CheckConclusion } from "./render-check-run.js";
import { truncateMarkdown } from "./split-markdown.js";

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  level: "notice" | "warning" | "failure";
  title: Redacted;
  message: Redacted;
}

export interface CheckRunResult {
  name: Redacted;
  conclusion: CheckConclusion;
  /** One line, plain text: the headline. */
  title: Redacted;
  /** Markdown: the verdict and the headline. */
  summary: Redacted;
  /** Markdown shown under the summary, cut to GitHub's 65,535 characters when longer; none by default (the report lives in the status comment). */
  text?: Redacted | undefined;
  detailsUrl?: string | undefined;
  annotations?: readonly CheckAnnotation[];
}

const CUT_NOTE = "_✂️ Cut to fit a check run's 65,535 characters; the full plan is in the pull request's status comment and the workflow run's job summary._";

/** Starts a check run as in progress (while planning), to be completed by `completeCheckRun`. */
export async function startCheckRun(client: GitHubClient, pr: PullRequestRef, name: Redacted, detailsUrl?: string): Promise<{ id: number; url: string }> {
  const { data } = await client.rest.checks.create({
    owner: pr.owner,
    repo: pr.repo,
    name: name.text,
    head_sha: pr.headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
    ...(detailsUrl ? { details_url: detailsUrl } : {}),
  });
  return { id: data.id, url: data.html_url ?? "" };
}

/**
 * Publishes a completed check run on the planned commit (or completes the one `checkRunId`
 * names). Annotations beyond the 50 one request may carry follow in further updates.
 */
export async function publishCheckRun(client: GitHubClient, pr: PullRequestRef, result: CheckRunResult, checkRunId?: number): Promise<{ id: number; url: string }> {
  const annotations = (result.annotations ?? []).map((a) => ({
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    annotation_level: a.level,
    title: a.title.text.slice(0, 255),
    message: a.message.text.slice(0, 64_000),
  }));
  const output = {
    title: result.title.text.slice(0, 1_000),
    summary: truncateMarkdown(result.summary.text, CHECK_OUTPUT_LIMIT, CUT_NOTE),
    ...(result.text ? { text: truncateMarkdown(result.text.text, CHECK_OUTPUT_LIMIT, CUT_NOTE) } : {}),
    annotations: annotations.slice(0, CHECK_ANNOTATIONS_PER_REQUEST),
  };
  const fields = {
    owner: pr.owner,
    repo: pr.repo,
    name: result.name.text,
    status: "completed" as const,
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output,
    ...(result.detailsUrl ? { details_url: result.detailsUrl } : {}),
  };
  const { data } =
    checkRunId === undefined
      ? await client.rest.checks.create({ ...fields, head_sha: pr.headSha })
      : await client.rest.checks.update({ ...fields, check_run_id: checkRunId });
  for (let at = CHECK_ANNOTATIONS_PER_REQUEST; at < annotations.length; at += CHECK_ANNOTATIONS_PER_REQUEST) {
    await appendAnnotations(client, pr, data.id, { title: output.title, summary: output.summary, annotations: annotations.slice(at, at + CHECK_ANNOTATIONS_PER_REQUEST) });
  }
  return { id: data.id, url: data.html_url ?? "" };
}

async function appendAnnotations(
  client: GitHubClient,
  repo: RepoRef,
  id: number,
  output: { title: string; summary: string; annotations: Array<{ path: string; start_line: number; end_line: number; annotation_level: "notice" | "warning" | "failure"; title: string; message: string }> },
): Promise<void> {
  await client.rest.checks.update({ owner: repo.owner, repo: repo.repo, check_run_id: id, output });
}
