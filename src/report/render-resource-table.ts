import type { ResourceChange } from "../iac/plan-model.js";
import { ACTION_STYLES, describeReason, displayAction } from "./action-style.js";
import { cellCode, escapeText } from "./escape-markdown.js";
import { formatCount, plural } from "./format-count.js";
import type { MarkdownBuilder } from "./markdown-builder.js";

const MAX_LISTED_PATHS = 3;

export function actionCell(rc: ResourceChange): string {
  const style = ACTION_STYLES[displayAction(rc)];
  return `\`${style.symbol}\` ${style.word}`;
}

/** What a reviewer needs next to the address: replace order and cause, import id, old address, reason. */
export function changeDetailsCell(rc: ResourceChange): string {
  const notes: string[] = [];
  if (rc.action === "replace") {
    notes.push(rc.replaceOrder === "create-before-destroy" ? "create, then destroy" : "**destroy, then create**");
    const forcing = rc.attributes.filter((a) => a.forcesReplacement).map((a) => a.path);
    if (forcing.length > 0) notes.push(`forced by ${listPaths(forcing)}`);
  }
  if (rc.action === "update") notes.push(listPaths(changedFirst(rc)));
  if (rc.importing) notes.push(rc.importing.id === null ? "imported" : `import id ${cellCode(rc.importing.id)}`);
  if (rc.previousAddress) notes.push(`moved from ${cellCode(rc.previousAddress)}`);
  const reason = describeReason(rc.reason);
  if (reason) notes.push(escapeText(reason));
  if (rc.sensitive) notes.push("sensitive values hidden");
  return notes.join(" · ");
}

/** Drift rows list which attributes changed outside terraform. */
export function driftDetailsCell(rc: ResourceChange): string {
  if (rc.action === "delete") return "deleted outside Terraform";
  return listPaths(rc.attributes.map((a) => a.path));
}

/** Values the configuration sets read before computed ones that merely become unknown. */
function changedFirst(rc: ResourceChange): string[] {
  const known = rc.attributes.filter((a) => a.after.kind !== "unknown").map((a) => a.path);
  const computed = rc.attributes.filter((a) => a.after.kind === "unknown").map((a) => a.path);
  return [...known, ...computed];
}

function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, MAX_LISTED_PATHS).map(cellCode).join(", ");
  const more = paths.length > MAX_LISTED_PATHS ? ` +${formatCount(paths.length - MAX_LISTED_PATHS)} more` : "";
  return `${shown}${more}`;
}

/**
 * A table of resources, already in display order, cut at `maxRows` (or when the builder is over
 * budget). States what was left out, by action, so a reviewer knows what the cut hid.
 * Returns the number of rows left out.
 */
export function renderResourceTable(
  b: MarkdownBuilder,
  rows: readonly ResourceChange[],
  maxRows: number,
  details: (rc: ResourceChange) => string,
  detailsHeader = "Details",
): number {
  const shown = Math.min(rows.length, maxRows);
  if (shown > 0) {
    b.line(`| Action | Resource | ${detailsHeader} |`).line("| --- | --- | --- |");
    for (let i = 0; i < shown && !b.overflowed; i++) {
      const rc = rows[i] as ResourceChange;
      b.line(`| ${actionCell(rc)} | ${cellCode(rc.address)} | ${details(rc)} |`);
    }
    b.line();
  }
  const omitted = rows.length - shown;
  if (omitted > 0) b.block(`_… ${plural(omitted, "more resource")} not shown: ${breakdown(rows, shown)}._`);
  return omitted;
}

function breakdown(rows: readonly ResourceChange[], from: number): string {
  const counts = new Map<string, number>();
  for (let i = from; i < rows.length; i++) {
    const word = ACTION_STYLES[displayAction(rows[i] as ResourceChange)].word;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].map(([word, n]) => `${formatCount(n)} ${word}`).join(", ");
}
