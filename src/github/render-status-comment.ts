import type { ProjectRun } from "../iac/project-run.js";
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
}

/** One project's status comment: Warden's verdict when it is not a plain allow, the report, the footer. */
export function renderStatusComment(content: StatusCommentContent): string {
  const verdict = renderVerdicts([{ run: content.run, verdict: content.verdict }]);
  return `${verdict}${content.report.trimEnd()}\n\n${renderFooter(content.command, content.sha, content.runUrl)}`;
}
