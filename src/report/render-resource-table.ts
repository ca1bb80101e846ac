import type { ResourceChange } from "../iac/plan-model.js";
import { ACTION_STYLES, describeReason, displayAction, type DisplayAction } from "./action-style.js";
import { cellCode, escapeHtml, escapeText } from "./escape-markdown.js";
import { formatCount, plural } from "./format-count.js";
import { groupInstances, type InstanceGroup } from "./group-instances.js";
import type { MarkdownBuilder } from "./markdown-builder.js";

const MAX_LISTED_PATHS = 3;

/**
 * Past this many rows the table shows its destroy and replace rows and the first others, and
 * folds the rest: a 50-change plan stays about a screen long.
 */
const OPEN_ROWS = 15;
/** Rows other than destroy/replace shown above the fold when the table is folded. */
const OPEN_OTHER_ROWS = 10;

export function actionCell(rc: ResourceChange): string {
  const style = ACTION_STYLES[displayAction(rc)];
  return `\`${style.symbol}\` ${style.word}`;
}

/**
 * The report's action cell: coloured marker, terraform's symbol, the word. Non-breaking spaces
 * keep the three on one line in GitHub's 780 px comment column, however long the address is.
 */
export function markedActionCell(action: DisplayAction): string {
  const style = ACTION_STYLES[action];
  return `${style.marker}&nbsp;\`${style.symbol}\`&nbsp;${style.word}`;
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

/** A group's details: the members' when they agree, else the first's, marked as varying. */
function groupDetails(group: InstanceGroup, details: (rc: ResourceChange) => string): string {
  const first = details(group.members[0] as ResourceChange);
  if (group.members.length === 1) return first;
  const same = group.members.every((m) => details(m) === first);
  if (same) return first;
  return first === "" ? "differs by instance" : `${first} · differs by instance`;
}

/** The address, and for a group its size; keys the label elides are listed in a fold. */
function resourceCell(group: InstanceGroup): string {
  const n = group.members.length;
  if (n === 1) return cellCode(group.label);
  const elided = group.label.endsWith(", …]");
  if (!elided) return `${cellCode(group.label)} ×${formatCount(n)}`;
  const all = group.members.map((m) => escapeHtml(m.address)).join("<br>");
  return `${cellCode(group.label)} <details><summary>×${formatCount(n)}</summary>${all.replace(/\|/g, "&#124;")}</details>`;
}

function isDangerGroup(group: InstanceGroup): boolean {
  return group.action === "delete" || group.action.startsWith("replace");
}

function countResources(groups: readonly InstanceGroup[]): number {
  let n = 0;
  for (const g of groups) n += g.members.length;
  return n;
}

/**
 * A table of resources, already in display order, instances of one resource grouped into one
 * row. Destroy and replace rows are always above the fold; a long table folds the other rows.
 * Cut at `maxRows` rows (or when the builder is over budget), it states what was left out, by
 * action, so a reviewer knows what the cut hid. Returns the number of resources left out.
 */
export function renderResourceTable(
  b: MarkdownBuilder,
  rows: readonly ResourceChange[],
  maxRows: number,
  details: (rc: ResourceChange) => string,
  detailsHeader = "Details",
): number {
  const groups = groupInstances(rows);
  const shown = groups.slice(0, Math.min(groups.length, maxRows));
  const header = [`| Action | Resource | ${detailsHeader} |`, "| --- | --- | --- |"];
  const row = (g: InstanceGroup): string => `| ${markedActionCell(g.action)} | ${resourceCell(g)} | ${groupDetails(g, details)} |`;

  let open = shown;
  let folded: InstanceGroup[] = [];
  if (shown.length > OPEN_ROWS) {
    const danger = shown.filter(isDangerGroup);
    const others = shown.filter((g) => !isDangerGroup(g));
    open = [...danger, ...others.slice(0, OPEN_OTHER_ROWS)];
    folded = others.slice(OPEN_OTHER_ROWS);
  }
  if (open.length > 0) {
    for (const line of header) b.line(line);
    for (let i = 0; i < open.length && !b.overflowed; i++) b.line(row(open[i] as InstanceGroup));
    b.line();
  }
  if (folded.length > 0) {
    const summary = `${plural(countResources(folded), "more resource")}: ${breakdown(folded)}`;
    b.line(`<details><summary>${escapeHtml(summary)}</summary>`).line();
    for (const line of header) b.line(line);
    for (let i = 0; i < folded.length && !b.overflowed; i++) b.line(row(folded[i] as InstanceGroup));
    b.line().line("</details>").line();
  }
  const left = groups.slice(shown.length);
  const omitted = countResources(left);
  if (omitted > 0) b.block(`_… ${plural(omitted, "more resource")} not shown: ${breakdown(left)}._`);
  return omitted;
}

function breakdown(groups: readonly InstanceGroup[]): string {
  const counts = new Map<string, number>();
  for (const g of groups) {
    const word = ACTION_STYLES[g.action].word;
    counts.set(word, (counts.get(word) ?? 0) + g.members.length);
  }
  return [...counts].map(([word, n]) => `${formatCount(n)} ${word}`).join(", ");
}
