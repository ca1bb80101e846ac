import { escapeText, inlineCode } from "../../report/escape-markdown.js";
import { DEFAULT_COMMAND_PREFIX, availableCommands, usageOf } from "../../config/command-table.js";
import type { CommandError } from "./parse-comment.js";

/** Long lines are cut when echoed: the reply must stay far below GitHub's comment limit. */
const MAX_SHOWN_LINE = 200;

/**
 * The reply to a comment with bad command lines: nothing ran, each problem with its line, a hint
 * and the command's usage, then the list of commands when one was not recognized.
 */
export function renderCommandErrors(errors: readonly CommandError[], options: { prefix?: string } = {}): string {
  const prefix = options.prefix ?? DEFAULT_COMMAND_PREFIX;
  const count = errors.length === 1 ? "a problem" : `${errors.length} problems`;
  const lines = [`:warning: Nothing was run: this comment has ${count}.`, ""];
  for (const error of errors) {
    const source = error.source.length > MAX_SHOWN_LINE ? `${error.source.slice(0, MAX_SHOWN_LINE)}…` : error.source;
    lines.push(`- line ${error.line} ${inlineCode(source)}: ${error.summary}`);
    lines.push(`  ${error.hint}`);
    if (error.usage) lines.push(`  usage: ${inlineCode(error.usage)}`);
  }
  if (errors.some((e) => e.kind === "unknown-command" || e.kind === "unavailable" || e.kind === "bad-quoting")) {
    lines.push("", "Commands:", "", ...availableCommands().map((spec) => `- ${inlineCode(prefix ? `${prefix} ${usageOf(spec)}` : usageOf(spec))}: ${escapeText(spec.help)}`));
  }
  lines.push("", "Post a new comment with the corrected commands (edited comments are not read again).");
  return lines.join("\n");
}
