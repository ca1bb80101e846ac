import { escapeText, inlineCode } from "../../report/escape-markdown.js";
import { DEFAULT_COMMAND_PREFIX, availableCommands, usageOf } from "../../config/command-table.js";
import type { CommandError } from "./parse-comment.js";
import { cutLine, replyText } from "./reply-lines.js";
import { replySymbol } from "./reply-symbols.js";

/** Long lines are cut when echoed: the reply must stay far below GitHub's comment limit. */
const MAX_SHOWN_LINE = 200;

/**
 * The reply to a comment with bad command lines: nothing ran, each problem with its line (shown
 * once, cut when long), a hint and the command's usage when the hint does not already write it,
 * then the list of commands when one was not recognized.
 */
export function renderCommandErrors(errors: readonly CommandError[], options: { prefix?: string } = {}): string {
  const prefix = options.prefix ?? DEFAULT_COMMAND_PREFIX;
  const count = errors.length === 1 ? "a problem" : `${errors.length} problems`;
  const lines = [`${replySymbol("invalid")} Nothing was run: this comment has ${count}.`, ""];
  for (const error of errors) {
    lines.push(`- line ${error.line} ${inlineCode(cutLine(error.source, MAX_SHOWN_LINE))}: ${error.summary}`);
    lines.push(`  ${error.hint}`);
    if (error.usage && !error.hint.includes(error.usage)) lines.push(`  usage: ${inlineCode(error.usage)}`);
  }
  if (errors.some((e) => e.kind === "unknown-command" || e.kind === "unavailable" || e.kind === "bad-quoting")) {
    lines.push("", "Commands:", "", ...availableCommands().map((spec) => `- ${inlineCode(prefix ? `${prefix} ${usageOf(spec)}` : usageOf(spec))}: ${escapeText(spec.help)}`));
  }
  lines.push("", "Post a new comment with the corrected commands (edited comments are not read again).");
  return replyText(lines);
}
