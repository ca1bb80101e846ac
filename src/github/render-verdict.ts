import type { ProjectRun } from "../iac/project-run.js";
import { escapeText, escapeTextKeepingCode } from "../report/escape-markdown.js";
import { runTitle } from "../report/render-run-section.js";
import type { PlanVerdict } from "./plan-verdict.js";

/**
 * GitHub alert blocks for the runs Warden did not simply allow: a denied plan as CAUTION, one
 * that needs a person's approval as IMPORTANT, each with Warden's reasons. Empty when every plan
 * is allowed (or was not judged).
 */
export function renderVerdicts(judged: ReadonlyArray<{ run: ProjectRun; verdict: PlanVerdict | undefined }>): string {
  const blocks: string[] = [];
  for (const kind of ["deny", "require_approval"] as const) {
    const runs = judged.filter((j) => j.verdict?.verdict === kind);
    if (runs.length === 0) continue;
    const lines = [kind === "deny" ? "> [!CAUTION]" : "> [!IMPORTANT]"];
    for (const { run, verdict } of runs) {
      const what = kind === "deny" ? "denied this plan: it will not be applied." : "requires a person's approval before this plan is applied.";
      lines.push(`> **Warden** ${what}${judged.length > 1 ? ` (${escapeText(runTitle(run))})` : ""}`);
      for (const reason of verdict?.reasons ?? []) lines.push(`> - ${escapeTextKeepingCode(reason)}`);
    }
    blocks.push(lines.join("\n"));
  }
  return blocks.length ? `${blocks.join("\n\n")}\n\n` : "";
}
