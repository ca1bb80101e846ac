import type { ProjectRun } from "../iac/project-run.js";
import { escapeText, cellCode } from "../report/escape-markdown.js";
import { formatCount, plural } from "../report/format-count.js";
import { headlineMarkdown, runHeadline } from "../report/plan-headline.js";
import { runTitle } from "../report/render-run-section.js";
import { actionCell, changeDetailsCell } from "../report/render-resource-table.js";
import type { DangerousBlock } from "./locate-dangerous-changes.js";
import { runKey, type PlanVerdict } from "./plan-verdict.js";
import { renderFooter, safeUrl } from "./render-footer.js";
import { renderVerdicts } from "./render-verdict.js";

/** Rows of the "outside the diff" table before the rest is only counted. */
const MAX_ELSEWHERE_ROWS = 50;

export interface ReviewContent {
  judged: ReadonlyArray<{ run: ProjectRun; verdict: PlanVerdict | undefined }>;
  /** Each run's status comment (keyed like `runKey`), which holds its report: linked from its line. */
  statusUrls?: ReadonlyMap<string, string> | undefined;
  /** Destroyed or replaced blocks that could not take an inline comment. */
  elsewhere: readonly DangerousBlock[];
  command: string;
  sha: string;
  runUrl?: string | undefined;
}

/**
 * The review's body: Warden's verdicts, one line per project and environment (its headline and a
 * link to the status comment that holds its report), the destroys and replaces no diff line shows,
 * the footer. The report itself is posted once, in the status comment, not again here.
 */
export function renderReviewBody(content: ReviewContent): string {
  const verdicts = renderVerdicts(content.judged);
  const lines = content.judged.map(({ run, verdict }) => reviewLine(run, verdict, content.statusUrls?.get(runKey(run))));
  const elsewhere = renderElsewhere(content.elsewhere, content.judged.length > 1);
  return `${verdicts}${lines.join("\n")}\n\n${elsewhere}${renderFooter(content.command, content.sha, content.runUrl)}`;
}

/** `- ⚠️ **network · prod** · denied by Warden · **Plan: …** · [plan](url)` */
function reviewLine(run: ProjectRun, verdict: PlanVerdict | undefined, statusUrl: string | undefined): string {
  const headline = runHeadline(run);
  const parts = [`${headline.icon} **${escapeText(runTitle(run))}**`];
  if (verdict?.verdict === "deny") parts.push("denied by Warden");
  else if (verdict?.verdict === "require_approval") parts.push("needs a person's approval (Warden)");
  parts.push(headlineMarkdown({ ...headline, dangerous: false, failed: false }));
  if (statusUrl) parts.push(`[plan](${safeUrl(statusUrl)})`);
  return `- ${parts.join(" · ")}`;
}

function renderElsewhere(blocks: readonly DangerousBlock[], multipleRuns: boolean): string {
  const rows = blocks.flatMap((block) => block.changes.map((change) => ({ block, change })));
  if (rows.length === 0) return "";
  const lines = [
    `**Destroyed or replaced where this pull request's diff has no line to comment on** (${formatCount(rows.length)}):`,
    "",
    "| Action | Resource | Declared in |",
    "| --- | --- | --- |",
  ];
  for (const { block, change } of rows.slice(0, MAX_ELSEWHERE_ROWS)) {
    const where = block.location ? cellCode(`${block.location.path}:${block.location.line}`) : "_no longer in the configuration, or in a remote module_";
    const project = multipleRuns ? ` · ${escapeText(runTitle(block.run))}` : "";
    lines.push(`| ${actionCell(change)} | ${cellCode(change.address)} | ${where}${project} |`);
  }
  if (rows.length > MAX_ELSEWHERE_ROWS) lines.push("", `_… ${plural(rows.length - MAX_ELSEWHERE_ROWS, "more resource")} not listed; see the status comments._`);
  return `${lines.join("\n")}\n\n`;
}

/**
 * An inline comment on the block behind destroys or replaces: what happens to what it declares.
 * On the diff's left side the pull request removed the block, and that is why it is destroyed.
 */
export function renderInlineComment(block: DangerousBlock, side: "RIGHT" | "LEFT" = "RIGHT"): string {
  const destroyed = block.changes.filter((c) => c.action === "delete").length;
  const replaced = block.changes.length - destroyed;
  const what = [destroyed > 0 ? `destroys ${formatCount(destroyed)}` : "", replaced > 0 ? `replaces ${formatCount(replaced)}` : ""].filter(Boolean).join(" and ");
  const noun = block.changes.length === 1 ? "resource" : "resources";
  const headline = side === "LEFT" ? `removing this block destroys ${formatCount(block.changes.length)} ${noun}` : `this plan ${what} ${noun} declared here`;
  const lines = [
    `⚠️ **${escapeText(runTitle(block.run))}: ${headline}.**`,
    "",
    "| Action | Resource | Details |",
    "| --- | --- | --- |",
    ...block.changes.map((c) => `| ${actionCell(c)} | ${cellCode(c.address)} | ${changeDetailsCell(c)} |`),
  ];
  return `${lines.join("\n")}\n`;
}
