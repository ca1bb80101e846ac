import type { ProjectRun } from "../iac/project-run.js";
import { renderNextStep, type NextStep } from "./next-step.js";
import type { PlanVerdict } from "./plan-verdict.js";
import { renderFooter } from "./render-footer.js";
import { renderVerdicts } from "./render-verdict.js";

export interface StatusCommentContent {
  run: ProjectRun;
  /** The project's report, from `renderMarkdownReport([run])`. */
  report: string;
  verdict?: PlanVerdict | undefined;
  command: string;
  sha: string;
  runUrl?: string | undefined;
  /** What to do next and what an apply still needs: the comment's last section before the footer. */
  nextStep?: NextStep | undefined;
}

/**
 * One project's status comment: Warden's verdict when it is not a plain allow, the report, the
 * next step, the footer. A long body is split into parts, and the next step ends the last one.
 */
export function renderStatusComment(content: StatusCommentContent): string {
  const verdict = renderVerdicts([{ run: content.run, verdict: content.verdict }]);
  const next = content.nextStep ? `${renderNextStep(content.nextStep)}\n` : "";
  return `${verdict}${content.report.trimEnd()}\n\n${next}${renderFooter(content.command, content.sha, content.runUrl)}`;
}
