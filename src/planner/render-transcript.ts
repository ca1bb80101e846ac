import type { Redacted } from "../redact/redacted.js";
import type { Redactor } from "../redact/redactor.js";
import { codeBlock, escapeHtml, truncateText } from "../report/escape-markdown.js";
import type { AgentOutcome } from "./agent-loop.js";

/** A tool result longer than this is cut in the transcript (it went to the model whole). */
const MAX_RESULT_CHARS = 20_000;

/**
 * The redacted transcript as markdown, for `transcript.md` and the job summary: the outcome
 * first, then each message, tool calls with their arguments and results in collapsed sections.
 * Everything in it was redacted when it entered the transcript, and is redacted again here.
 */
export function renderTranscript(outcome: AgentOutcome, redactor: Redactor, title = "stakpak agent transcript"): Redacted {
  const lines = [`# ${title}`, "", `**${outcome.status}** after ${outcome.steps} model calls, ${outcome.tokens.prompt} prompt and ${outcome.tokens.completion} completion tokens.`];
  if (outcome.reason) lines.push("", `Why: ${outcome.reason.text}`);
  for (const entry of outcome.transcript) {
    lines.push("");
    if (entry.role === "system" || entry.role === "user") {
      lines.push(`<details><summary>${entry.role === "system" ? "Instructions" : "Request"}</summary>`, "", codeBlock(entry.text.text), "", "</details>");
    } else if (entry.role === "assistant" && entry.tool) {
      lines.push(`**→ ${escapeHtml(entry.tool)}**`, "", codeBlock(entry.text.text, "json"));
    } else if (entry.role === "assistant") {
      lines.push(`> ${entry.text.text.replace(/\n/g, "\n> ")}`);
    } else {
      lines.push(`<details><summary>${escapeHtml(entry.tool ?? "tool")} result</summary>`, "", codeBlock(truncateText(entry.text.text, MAX_RESULT_CHARS)), "", "</details>");
    }
  }
  return redactor.redact(`${lines.join("\n")}\n`);
}
