import type { ApplyRun } from "../core/apply-project.js";
import { codeBlock, escapeText, escapeTextKeepingCode, inlineCode } from "../report/escape-markdown.js";
import type { UserError } from "../user-error.js";
import type { Unmet } from "./apply-requirements.js";
import { replyText } from "../github/commands/reply-lines.js";
import { replySymbol } from "../github/commands/reply-symbols.js";

/**
 * The Action's own replies and apply results, as markdown. Rendering only: the runner redacts
 * and posts them.
 */

function commands(prefix: string, canonicals: readonly string[]): string {
  return canonicals.map((c) => inlineCode(prefix ? `${prefix} ${c}` : c)).join(", ");
}

export function renderHeadMoved(options: { prefix: string; canonicals: readonly string[]; pinned: string; head: string }): string {
  return [
    `${replySymbol("refused")} Not run: ${commands(options.prefix, options.canonicals)}. The pull request moved on to ${inlineCode(options.head.slice(0, 7))} after ${inlineCode(options.pinned.slice(0, 7))} was accepted.`,
    "",
    "A command runs on the commit that was the head when it was accepted, never on one pushed later. Comment again to run it on the new head.",
  ].join("\n");
}

/** exit code 2: the command line, the selection or the config cannot be understood (USAGE_EXIT_CODE). */
const INVALID_EXIT_CODE = 2;

/**
 * An expected failure as a reply: what happened to the command (or that nothing ran), where, the
 * detail, what to do. A request that cannot be understood (an unknown project or environment, a
 * config with errors: exit code 2) is marked invalid and was not run; anything else failed.
 */
export function renderUserErrorReply(options: { prefix: string; canonical?: string | undefined; outcome: string }, err: UserError): string {
  const invalid = err.exitCode === INVALID_EXIT_CODE;
  const outcome = invalid && options.canonical !== undefined ? "was not run" : options.outcome;
  const what = options.canonical === undefined ? outcome : `${commands(options.prefix, [options.canonical])} ${outcome}`;
  const lines = [`${replySymbol(invalid ? "invalid" : "failed")} ${what}: ${escapeTextKeepingCode(err.summary)}`];
  if (err.where) lines.push("", `at ${inlineCode(err.where)}`);
  if (err.detail) lines.push("", codeBlock(err.detail));
  if (err.hint) lines.push("", escapeTextKeepingCode(err.hint));
  return replyText(lines);
}

export function renderNoProjects(options: { prefix: string; canonical: string; why: string }): string {
  return [
    `${replySymbol("info")} ${commands(options.prefix, [options.canonical])}: nothing to do. It works on ${escapeTextKeepingCode(options.why)}.`,
    "",
    `Name a project to work on another one: ${inlineCode(`${options.prefix ? `${options.prefix} ` : ""}${options.canonical.split(" ")[0]} -p PROJECT`)}.`,
  ].join("\n");
}

/** Why an apply did not run: each unmet requirement with what to do. Never worded as a success. */
export function renderNothingApplied(options: { prefix: string; canonical: string; problems: ReadonlyArray<Pick<Unmet, "summary" | "hint">> }): string {
  return [
    `${replySymbol("refused")} **Nothing was applied**: ${commands(options.prefix, [options.canonical])} needs ${options.problems.length === 1 ? "one more thing" : `${options.problems.length} more things`}.`,
    "",
    ...options.problems.map((p) => `- ${escapeTextKeepingCode(p.summary)}: ${escapeTextKeepingCode(p.hint)}.`),
  ].join("\n");
}

/** The result of one project's apply, for its status comment. */
export function renderApplyRun(run: ApplyRun, options: { headline: string }): string {
  const title = `${inlineCode(run.project)}${run.environment ? ` · ${inlineCode(run.environment)}` : ""}`;
  const lines: string[] = [];
  if (run.status === "applied") {
    const c = run.counts;
    const counts = c ? `${c.imported ? `${c.imported} imported, ` : ""}${c.added} added, ${c.changed} changed, ${c.destroyed} destroyed` : "terraform reported no counts";
    lines.push(`### ${replySymbol("done")} Applied ${title}`, "", `**Apply complete: ${counts}.** It applied the plan that said: ${escapeText(options.headline)}`);
  } else {
    lines.push(`### ${replySymbol("failed")} Apply failed: ${title}`, "", `**${escapeTextKeepingCode(run.error?.summary ?? "terraform apply failed")}**`);
    if (run.error?.hint) lines.push("", escapeTextKeepingCode(run.error.hint));
  }
  lines.push("", `<sub>\`${escapeText(run.dir)}\` · ${(run.durationMs / 1000).toFixed(1)} s</sub>`);
  if (run.output.trim()) lines.push("", "<details><summary>terraform apply output</summary>", "", codeBlock(tailLines(run.output.trim(), 400)), "", "</details>");
  return lines.join("\n");
}

/** A run that was not applied because an earlier step stopped the command. */
export function renderNotApplied(options: { project: string; environment: string | null; reason: string }): string {
  return `- ${inlineCode(options.project)}${options.environment ? ` · ${inlineCode(options.environment)}` : ""}: not applied, ${escapeTextKeepingCode(options.reason)}`;
}

export function renderSkippedCommands(options: { prefix: string; failed: string; skipped: readonly string[] }): string {
  return `${replySymbol("refused")} Not run: ${commands(options.prefix, options.skipped)}, because ${commands(options.prefix, [options.failed])} did not succeed.`;
}

function tailLines(text: string, max: number): string {
  const lines = text.split("\n");
  return lines.length <= max ? text : [`… ${lines.length - max} earlier lines left out …`, ...lines.slice(-max)].join("\n");
}
