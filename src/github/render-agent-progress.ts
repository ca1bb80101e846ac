import type { Redacted } from "../redact/redacted.js";
import { escapeText, escapeTextKeepingCode, truncateText } from "../report/escape-markdown.js";

/** One step as the agent reports it (the planner's AgentStep has this shape; github does not import planner). */
export interface ProgressStep {
  kind: "read" | "write" | "command" | "plan" | "refused" | "model" | "finish" | "error";
  text: Redacted;
}

/** What the progress comment shows: rendered again from this state after every step. */
export interface AgentProgress {
  request: Redacted;
  /** `@alice` */
  requester: string;
  status: "running" | "finished" | "stopped" | "failed";
  steps: readonly ProgressStep[];
  /** The summary (finished) or why it stopped (stopped, failed). */
  result: Redacted | null;
  links: { run?: string | undefined; pullRequest?: { number: number; url: string } | undefined; commit?: { sha: string; url: string } | undefined; transcript?: string | undefined };
}

/** Steps shown at most; earlier ones are counted (a long run stays one screen). */
export const MAX_SHOWN_STEPS = 25;

const HEADLINE: Record<AgentProgress["status"], string> = {
  running: "⏳ stakpak agent is working on it",
  finished: "✅ stakpak agent finished",
  stopped: "⏹️ stakpak agent stopped",
  failed: "❌ stakpak agent failed",
};

const MARK: Record<ProgressStep["kind"], string> = {
  read: "- [x]",
  write: "- [x]",
  command: "- [x]",
  plan: "- [x]",
  model: "- [x]",
  finish: "- [x]",
  refused: "- ⛔",
  error: "- ❌",
};

/**
 * The one comment a run edits in place: the request, a checklist of its steps (consecutive reads
 * folded into one line), and at the end the result with links. Pure: the publisher only creates
 * or edits the comment with what this returns.
 */
export function renderAgentProgress(progress: AgentProgress): string {
  const lines = [`### ${HEADLINE[progress.status]}`, "", `> ${escapeText(truncateText(oneLine(progress.request.text), 300))}`, `> — ${progress.requester}`, ""];
  if (progress.result && progress.status !== "running") {
    // Why it stopped may quote the model or an error: escaped, but its code spans (commands, config keys) kept.
    lines.push(progress.status === "finished" ? progress.result.text : `**Why:** ${escapeTextKeepingCode(progress.result.text)}`, "");
  }
  const links = linkLine(progress.links);
  if (links) lines.push(links, "");
  const checklist = stepLines(progress.steps);
  if (progress.status === "running") {
    lines.push(...checklist, "- [ ] …");
  } else if (checklist.length > 0) {
    lines.push(`<details><summary>Steps (${progress.steps.length})</summary>`, "", ...checklist, "", "</details>");
  }
  return lines.join("\n").trimEnd();
}

function stepLines(steps: readonly ProgressStep[]): string[] {
  const folded: { kind: ProgressStep["kind"]; text: string }[] = [];
  for (const step of steps) {
    const last = folded[folded.length - 1];
    if (step.kind === "read" && last?.kind === "read") {
      const count = Number(/^read (\d+) files$/.exec(last.text)?.[1] ?? 1) + 1;
      last.text = `read ${count} files`;
      continue;
    }
    folded.push({ kind: step.kind, text: step.text.text });
  }
  const hidden = Math.max(0, folded.length - MAX_SHOWN_STEPS);
  const shown = folded.slice(hidden).map((s) => `${MARK[s.kind]} ${escapeTextKeepingCode(truncateText(oneLine(s.text), 200))}`);
  return hidden > 0 ? [`- … ${hidden} earlier steps`, ...shown] : shown;
}

function linkLine(links: AgentProgress["links"]): string {
  const parts: string[] = [];
  if (links.pullRequest) parts.push(`Pull request: [#${links.pullRequest.number}](${links.pullRequest.url})`);
  if (links.commit) parts.push(`Commit: [\`${links.commit.sha.slice(0, 7)}\`](${links.commit.url})`);
  if (links.transcript) parts.push(`[Transcript](${links.transcript})`);
  if (links.run) parts.push(`[Workflow run](${links.run})`);
  return parts.join(" · ");
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
