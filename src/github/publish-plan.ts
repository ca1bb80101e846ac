import type { PlanLabelSettings } from "../config/labels-config.js";
import type { ProjectRun } from "../iac/project-run.js";
import type { Redacted } from "../redact/redacted.js";
import type { Redactor } from "../redact/redactor.js";
import { escapeText } from "../report/escape-markdown.js";
import { renderMarkdownReport } from "../report/render-markdown.js";
import { runTitle } from "../report/render-run-section.js";
import { isUserError, type UserError } from "../user-error.js";
import { authenticatedLogin } from "./authenticated-login.js";
import { publishCheckRun, type CheckAnnotation } from "./check-run.js";
import type { GitHubClient } from "./create-octokit.js";
import { CHECK_OUTPUT_LIMIT, COMMENT_BODY_LIMIT, JOB_SUMMARY_LIMIT_BYTES } from "./github-limits.js";
import { appendJobSummary, type JobSummaryResult } from "./job-summary.js";
import { locateDangerousChanges, type DangerousBlock } from "./locate-dangerous-changes.js";
import type { NextStep } from "./next-step.js";
import { placeReviewComments } from "./place-review-comments.js";
import { syncPlanLabels, type PlanLabelsResult } from "./plan-labels.js";
import { runKey, type PlanVerdict } from "./plan-verdict.js";
import { dismissOwnChangeRequests } from "./dismiss-change-requests.js";
import { publishReview, type ReviewResult } from "./publish-review.js";
import { formatReviewMarker } from "./review-marker.js";
import { pullRequestDiffLines } from "./pull-request-files.js";
import type { PullRequestRef } from "./pull-request-ref.js";
import { checkAnnotation, checkConclusion, checkRunName, checkSummary, checkTitle, type CheckConclusion } from "./render-check-run.js";
import { renderInlineComment, renderReviewBody } from "./render-review.js";
import { renderStatusComment } from "./render-status-comment.js";
import { truncateMarkdown } from "./split-markdown.js";
import { upsertStatusComment, type StatusCommentResult } from "./status-comment.js";

export { addReaction, type CommentRef, type ReactionContent } from "./add-reaction.js";
export { postReply } from "./post-reply.js";
export type { PlanVerdict } from "./plan-verdict.js";
export { runKey } from "./plan-verdict.js";

export interface PublishPlanContext {
  client: GitHubClient;
  pr: PullRequestRef;
  /** The command that made the plans (`plan`, or `autoplan`): part of the status comment's key and the check's name. */
  command: string;
  runs: ProjectRun[];
  /** Warden's decision per run, keyed `project/env` (`project` without environments; see `runKey`). */
  verdicts?: Map<string, PlanVerdict> | undefined;
  /** The run's redactor: every text is passed through it before it is sent. */
  redactor: Redactor;
  /** The workflow run's page (its job summary holds the full plan): linked from everything posted. */
  runUrl?: string | undefined;
  /** Where the pull request's head is checked out (project dirs are relative to it), to find .tf lines. Default: the working directory. */
  repoRoot?: string | undefined;
  /** The login the bot posts as, when known (an App: `slug[bot]`); otherwise asked once. */
  botLogin?: string | undefined;
  /** Used when the token cannot tell its own login: the Action's GITHUB_TOKEN posts as `github-actions[bot]`. */
  fallbackLogin?: string | undefined;
  /** Per run (keyed like `runKey`): what to do next and what an apply still needs, ending its status comment. */
  nextSteps?: ReadonlyMap<string, NextStep> | undefined;
  /** The plan labels (`labels:` of the default branch's config); none are touched when absent or off. */
  labels?: PlanLabelSettings | undefined;
  /** The runs are every project the pull request changes (no `-p`, `-e` or `--target`): labels it no longer earns come off. */
  coversAllProjects?: boolean | undefined;
}

export interface PublishTargets {
  /** A status comment per project and environment, edited in place: the one place the report is posted. */
  comment: boolean;
  /** One review: the verdict, a line per project and environment linking its status comment, inline comments on the .tf lines behind destroys and replaces. */
  review: boolean;
  /** A check run per project and environment: the verdict, the headline, links to the report. */
  checks: boolean;
  /** The full report in the Actions job summary (only inside Actions). */
  jobSummary?: boolean;
  /** The plan labels on the pull request, when `labels` in the context is enabled. */
  labels?: boolean;
}

export interface PublishFailure {
  target: "comment" | "review" | "checks" | "jobSummary" | "labels";
  /** The run (`project/env`) it was for, or null for the review, the labels and the job summary. */
  key: string | null;
  error: UserError;
}

export interface PublishPlanResult {
  statusComments: Array<{ key: string } & StatusCommentResult>;
  /** The review, and how many of the bot's earlier "changes requested" reviews it lifted (when nothing is denied any more). */
  review: (ReviewResult & { dismissed: number }) | null;
  checkRuns: Array<{ key: string; id: number; url: string; conclusion: CheckConclusion }>;
  jobSummary: JobSummaryResult | null;
  /** The plan labels added and taken off; null when labels are off. */
  labels: PlanLabelsResult | null;
  /** What could not be published (missing permission, GitHub down): the rest still was. */
  failures: PublishFailure[];
}

/** A status comment may run to this many characters before the report sheds detail (split into about three comments). */
const STATUS_REPORT_MAX_CHARS = 180_000;
/** The job summary's report: the plan in full unless it passes this (the cap is 1 MiB of UTF-8). */
const JOB_SUMMARY_REPORT_MAX_CHARS = JOB_SUMMARY_LIMIT_BYTES - 48_000;

/**
 * The one call after a plan: renders each result, redacts it, and publishes it where `publish`
 * says: status comments, labels, a review, check runs, the job summary. The report is posted
 * once on the pull request, in the status comment; the review and the check runs carry the
 * verdict and headline and link to it, so the status comments go out first. A target that fails
 * (a missing permission, GitHub down after retries) is reported in `failures` and the others
 * still go out (without the link it would have given); errors that are not `UserError`s (bugs)
 * are thrown.
 *
 *     const client = createOctokit({ token: core.getInput("github-token") });
 *     const pr = { owner, repo, pullNumber, headSha };  // headSha: the commit that was planned
 *     const { failures } = await publishPlanResults(
 *       { client, pr, command: "plan", runs, verdicts, redactor, runUrl, repoRoot, fallbackLogin: "github-actions[bot]" },
 *       { comment: true, review: true, checks: true, jobSummary: true },
 *     );
 *
 * Token permissions: `pull-requests: write` (comments, reviews, hiding, dismissing, labels),
 * `checks: write` (check runs), `contents: read`.
 */
export async function publishPlanResults(ctx: PublishPlanContext, publish: PublishTargets): Promise<PublishPlanResult> {
  const result: PublishPlanResult = { statusComments: [], review: null, checkRuns: [], jobSummary: null, labels: null, failures: [] };
  if (ctx.runs.length === 0) return result;
  const judged = ctx.runs.map((run) => ({ run, verdict: ctx.verdicts?.get(runKey(run)) }));
  const attempt = async (target: PublishFailure["target"], key: string | null, job: () => Promise<void>): Promise<void> => {
    try {
      await job();
    } catch (err) {
      if (!isUserError(err)) throw err;
      result.failures.push({ target, key, error: err });
    }
  };

  if (publish.jobSummary) {
    await attempt("jobSummary", null, async () => {
      const report = ctx.redactor.redact(renderMarkdownReport(ctx.runs, { maxChars: JOB_SUMMARY_REPORT_MAX_CHARS }));
      result.jobSummary = await appendJobSummary(report);
    });
  }

  const blocks = publish.review || publish.checks ? await locateDangerousChanges(ctx.runs, ctx.repoRoot ?? process.cwd()) : [];

  // The status comments go first: they hold the report, and the review and the check runs link to them.
  const statusUrls = new Map<string, string>();
  const botLogin = publish.comment || publish.review ? (ctx.botLogin ?? (await authenticatedLogin(ctx.client, ctx.fallbackLogin))) : null;
  if (publish.comment) {
    for (const { run, verdict } of judged) {
      await attempt("comment", runKey(run), async () => {
        const body = ctx.redactor.redact(
          renderStatusComment({
            run,
            verdict,
            command: ctx.command,
            sha: ctx.pr.headSha,
            runUrl: ctx.runUrl,
            report: renderMarkdownReport([run], { maxChars: STATUS_REPORT_MAX_CHARS }),
            nextStep: ctx.nextSteps?.get(runKey(run)),
          }),
        );
        const key = { cmd: ctx.command, project: run.project, env: run.environment };
        const published = await upsertStatusComment(ctx.client, ctx.pr, key, body, { botLogin, title: ctx.redactor.redact(escapeText(runTitle(run))) });
        result.statusComments.push({ key: runKey(run), ...published });
        const first = published.comments[0]?.url;
        if (first) statusUrls.set(runKey(run), first);
      });
    }
  }

  if (publish.labels && ctx.labels?.enabled) {
    const labels = ctx.labels;
    await attempt("labels", null, async () => {
      result.labels = await syncPlanLabels(ctx.client, ctx.pr, labels, ctx.runs, { complete: ctx.coversAllProjects === true });
    });
  }

  if (publish.review) {
    await attempt("review", null, async () => {
      const diff = await pullRequestDiffLines(ctx.client, ctx.pr);
      const placement = placeReviewComments(blocks, diff);
      const content = { judged, statusUrls, command: ctx.command, sha: ctx.pr.headSha, runUrl: ctx.runUrl };
      const denied = judged.filter((j) => j.verdict?.verdict === "deny").map((j) => runKey(j.run));
      const marker = formatReviewMarker({ cmd: ctx.command, sha: ctx.pr.headSha, denied });
      const bodyFor = (elsewhere: readonly DangerousBlock[]): Redacted => fitRedacted(() => `${marker}\n${renderReviewBody({ ...content, elsewhere })}`, COMMENT_BODY_LIMIT, ctx.redactor);
      const review = await publishReview(ctx.client, ctx.pr, {
        event: denied.length > 0 ? "REQUEST_CHANGES" : "COMMENT",
        body: bodyFor(placement.elsewhere),
        bodyWithoutComments: bodyFor(blocks),
        comments: placement.inline.map((p) => ({ path: p.path, line: p.line, side: p.side, body: ctx.redactor.redact(renderInlineComment(p.block, p.side)) })),
      });
      // Runs planned now and not denied settle earlier change requests made for them.
      const settled = new Set(judged.filter((j) => j.verdict?.verdict !== "deny" && j.run.status !== "error").map((j) => runKey(j.run)));
      const message = ctx.redactor.redact(`Superseded by the plan for ${ctx.pr.headSha.slice(0, 7)}: Warden no longer denies it.`);
      const lifted = await dismissOwnChangeRequests(ctx.client, ctx.pr, botLogin, settled, message);
      result.review = { ...review, dismissed: lifted };
    });
  }

  if (publish.checks) {
    for (const { run, verdict } of judged) {
      await attempt("checks", runKey(run), async () => {
        const published = await publishCheckRun(ctx.client, ctx.pr, {
          name: ctx.redactor.redact(checkRunName(ctx.command, run)),
          conclusion: checkConclusion(run, verdict, ctx.runUrl !== undefined),
          title: ctx.redactor.redact(checkTitle(run, verdict)),
          summary: fitRedacted(() => checkSummary(run, verdict, { statusUrl: statusUrls.get(runKey(run)), runUrl: ctx.runUrl }), CHECK_OUTPUT_LIMIT, ctx.redactor),
          detailsUrl: ctx.runUrl,
          annotations: annotationsFor(run, blocks, ctx.redactor),
        });
        result.checkRuns.push({ key: runKey(run), ...published, conclusion: checkConclusion(run, verdict, ctx.runUrl !== undefined) });
      });
    }
  }
  return result;
}

/**
 * Renders for `limit` characters and redacts; placeholders can be longer than the secrets they
 * replace, so when the redacted text is over the limit it is rendered again with less room.
 */
function fitRedacted(render: (maxChars: number) => string, limit: number, redactor: Redactor): Redacted {
  let budget = limit - 500;
  for (let tries = 0; tries < 4; tries++) {
    const text = redactor.redact(render(budget));
    if (text.length <= limit) return text;
    budget -= text.length - limit + 1_000;
  }
  return redactor.redact(truncateMarkdown(redactor.redact(render(budget)).text, limit - 200, "_✂️ Cut to fit GitHub's size limit._"));
}

function annotationsFor(run: ProjectRun, blocks: readonly DangerousBlock[], redactor: Redactor): CheckAnnotation[] {
  const annotations: CheckAnnotation[] = [];
  for (const block of blocks) {
    if (block.run !== run || !block.location) continue;
    const text = checkAnnotation(block);
    if (!text) continue;
    annotations.push({
      path: block.location.path,
      startLine: block.location.line,
      endLine: block.location.line,
      level: "warning",
      title: redactor.redact(text.title),
      message: redactor.redact(text.message),
    });
  }
  return annotations;
}
