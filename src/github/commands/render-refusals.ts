import type { ConfigError } from "../../config/config-error.js";
import { codeBlock, escapeText, inlineCode } from "../../report/escape-markdown.js";
import { replySymbol } from "./reply-symbols.js";

/**
 * Replies for commands the App will not run. Each says what was refused, why, and what to do.
 * They render text only; the App redacts and posts them.
 */

function commandList(prefix: string, canonicals: readonly string[]): string {
  return canonicals.map((c) => inlineCode(prefix ? `${prefix} ${c}` : c)).join(", ");
}

export interface Refused {
  /** Canonical command text, without prefix. */
  canonical: string;
  reason: string;
}

export function renderUnauthorized(refused: readonly Refused[], options: { prefix: string; configFile: string | null }): string {
  return [
    `${replySymbol("refused")} Nothing was run: ${refused.length === 1 ? "a command was" : "some commands were"} not allowed.`,
    "",
    ...refused.map((r) => `- ${commandList(options.prefix, [r.canonical])}: ${r.reason}.`),
    "",
    options.configFile
      ? `Who may run each command is set under \`authorization:\` in ${inlineCode(options.configFile)} on the default branch.`
      : "Who may run each command can be set under `authorization:` in `.stakpak/config.yml` on the default branch.",
  ].join("\n");
}

/** Marks the one explanatory comment a fork's pull request gets, so it is posted once. */
export const FORK_NOTICE_MARKER = "<!-- stakpak:fork-notice -->";

const FORK_WHY = [
  "Planning or applying runs the pull request's code (Terraform providers and external data sources, kubectl plugins) in this repository's workflow,",
  "which has this repository's secrets. Workflows started from a comment or by the App run in the base repository's context:",
  "the protection `actions/checkout` and `pull_request` runs give forks does not apply to them.",
].join(" ");

export function renderForkRefusal(options: { prefix: string; canonicals: readonly string[]; headRepo: string | null }): string {
  const from = options.headRepo ? `the fork ${inlineCode(options.headRepo)}` : "a fork that no longer exists";
  return [
    `${replySymbol("refused")} Not run: ${commandList(options.prefix, options.canonicals)}. This pull request comes from ${from}, and commands that run its code are refused on forks.`,
    "",
    FORK_WHY,
    "",
    "To plan it, a maintainer can review the change and push the branch to this repository, then open a pull request from there.",
  ].join("\n");
}

export function renderForkNotice(options: { headRepo: string | null }): string {
  const from = options.headRepo ? `the fork ${inlineCode(options.headRepo)}` : "a fork";
  return [
    FORK_NOTICE_MARKER,
    `${replySymbol("info")} stakpak does not plan pull requests from forks: this one comes from ${from}.`,
    "",
    FORK_WHY,
    "",
    "A maintainer can review the change and push the branch to this repository to have it planned.",
  ].join("\n");
}

export function renderClosedRefusal(options: { prefix: string; canonicals: readonly string[]; state: "closed" | "merged" }): string {
  return [
    `${replySymbol("refused")} Not run: ${commandList(options.prefix, options.canonicals)}. This pull request is ${options.state}.`,
    "",
    "Plans and applies are made for open pull requests, on their latest commit. Reopen it, or open a new one.",
  ].join("\n");
}

export function renderConfigRefusal(error: ConfigError): string {
  return [
    `${replySymbol("refused")} Nothing was run: ${escapeText(error.summary)}. Who may run commands cannot be decided until it is fixed.`,
    "",
    codeBlock(error.problems.map((p) => `${p.file}:${p.line}:${p.column}  ${p.key ? `${p.key}: ` : ""}${p.message}\n    hint: ${p.hint}`).join("\n")),
  ].join("\n");
}

/** A failure while checking permissions or reading the config: refuse, say so, never guess. */
export function renderCheckFailed(options: { what: string; detail: string; hint?: string | undefined }): string {
  return [
    `${replySymbol("refused")} Nothing was run: could not ${options.what}.`,
    "",
    codeBlock(options.detail),
    ...(options.hint ? ["", options.hint] : []),
    "",
    "Try again in a few minutes; if it keeps failing, check the App's installation and permissions.",
  ].join("\n");
}

export function renderDispatchFailed(options: { workflow: string; ref: string; status: number | undefined; message: string }): string {
  const hint =
    options.status === 404
      ? `Add the stakpak workflow as ${inlineCode(`.github/workflows/${options.workflow}`)} on ${inlineCode(options.ref)}, with a \`workflow_dispatch\` trigger.`
      : options.status === 422
        ? `Check that ${inlineCode(options.workflow)} has a \`workflow_dispatch\` trigger declaring the inputs command, trigger, pr_number, head_sha, comment_id and requested_by.`
        : "Try again in a few minutes.";
  return [
    `${replySymbol("failed")} Could not start the workflow ${inlineCode(options.workflow)} on ${inlineCode(options.ref)}${options.status ? ` (HTTP ${options.status})` : ""}: ${escapeText(options.message)}`,
    "",
    hint,
  ].join("\n");
}
