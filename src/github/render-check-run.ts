import type { ProjectRun } from "../iac/project-run.js";
import { headlineMarkdown, runHeadline } from "../report/plan-headline.js";
import { plural } from "../report/format-count.js";
import type { DangerousBlock } from "./locate-dangerous-changes.js";
import type { PlanVerdict } from "./plan-verdict.js";
import { safeUrl } from "./render-footer.js";

export type CheckConclusion = "success" | "neutral" | "action_required" | "failure";

/** `stakpak/plan: network (staging)`, or `stakpak/plan: network` for a project without environments. */
export function checkRunName(command: string, run: Pick<ProjectRun, "project" | "environment">): string {
  return `stakpak/${command}: ${run.project}${run.environment ? ` (${run.environment})` : ""}`;
}

/**
 * success: nothing changes; neutral: changes to review (or a person must approve them);
 * action_required: Warden denied the plan (GitHub wants a details URL for it, so failure
 * without one); failure: the plan itself failed.
 */
export function checkConclusion(run: ProjectRun, verdict: PlanVerdict | undefined, hasDetailsUrl: boolean): CheckConclusion {
  if (run.status === "error" || run.error) return "failure";
  if (verdict?.verdict === "deny") return hasDetailsUrl ? "action_required" : "failure";
  return runHeadline(run).icon === "✅" ? "success" : "neutral";
}

/** The check's title (plain text, shown in the checks list): the headline, after Warden's word if it has one. */
export function checkTitle(run: ProjectRun, verdict: PlanVerdict | undefined): string {
  const headline = runHeadline(run).text;
  if (verdict?.verdict === "deny") return `Denied by Warden · ${headline}`;
  if (verdict?.verdict === "require_approval") return `Needs approval · ${headline}`;
  return headline;
}

export interface CheckLinks {
  /** The status comment that holds the report. */
  statusUrl?: string | undefined;
  /** The workflow run, whose job summary holds the full plan. */
  runUrl?: string | undefined;
}

/**
 * The check's summary: Warden's verdict, the headline, and where the report is. The report itself
 * is posted once, in the status comment; the check points there rather than holding a copy.
 */
export function checkSummary(run: ProjectRun, verdict: PlanVerdict | undefined, links: CheckLinks = {}): string {
  const where = [
    links.statusUrl ? `[the status comment](${safeUrl(links.statusUrl)}) on the pull request` : "",
    links.runUrl ? `[the workflow run](${safeUrl(links.runUrl)})'s job summary (full plan)` : "",
  ].filter(Boolean);
  const pointer = where.length > 0 ? `\nThe report: ${where.join("; ")}.\n` : "\nThe report is in the pull request's status comment.\n";
  return `${verdictLine(verdict)}${headlineMarkdown(runHeadline(run))}\n${pointer}`;
}

/** Warden's word in one line: its reasons are in the review and the status comment, not copied here. */
function verdictLine(verdict: PlanVerdict | undefined): string {
  if (verdict?.verdict === "deny") return "**Warden denied this plan:** it will not be applied. Its reasons are in the pull request's review and status comment.\n\n";
  if (verdict?.verdict === "require_approval") return "**Warden requires a person's approval** before this plan is applied. Its reasons are in the status comment.\n\n";
  return "";
}

/** An annotation on the .tf block behind destroys or replaces, in plain text (annotations are not markdown). */
export function checkAnnotation(block: DangerousBlock): { title: string; message: string } | null {
  if (!block.location) return null;
  const destroyed = block.changes.filter((c) => c.action === "delete").length;
  const replaced = block.changes.length - destroyed;
  const what = [destroyed > 0 ? `destroys ${plural(destroyed, "resource")}` : "", replaced > 0 ? `replaces ${plural(replaced, "resource")}` : ""].filter(Boolean).join(" and ");
  const message = block.changes
    .map((c) => `${c.action === "delete" ? "destroy" : c.replaceOrder === "create-before-destroy" ? "replace (create, then destroy)" : "replace (destroy, then create)"}: ${c.address}`)
    .join("\n");
  return { title: `This plan ${what} declared here`, message };
}
