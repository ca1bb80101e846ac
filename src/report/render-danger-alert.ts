import type { KubeObjectChangeView } from "../iac/project-run.js";
import type { ResourceChange } from "../iac/plan-model.js";
import { isDangerous } from "./action-style.js";
import { inlineCode, escapeText } from "./escape-markdown.js";
import { formatCount } from "./format-count.js";
import { groupInstances, type InstanceGroup } from "./group-instances.js";
import type { MarkdownBuilder } from "./markdown-builder.js";

/** Names listed per line of the alert; the table below has every row. */
const LISTED = 8;

function groupName(g: InstanceGroup): string {
  const n = g.members.length;
  const name = inlineCode(g.label);
  const order = g.action === "replace-delete-first" ? " (destroyed first)" : "";
  return n > 1 ? `${name} ×${formatCount(n)}${order}` : `${name}${order}`;
}

function listLine(label: string, count: number, names: readonly string[]): string {
  const shown = names.slice(0, LISTED).join(", ");
  const more = names.length > LISTED ? `, and ${formatCount(names.length - LISTED)} more` : "";
  return `> **${formatCount(count)} ${label}:** ${shown}${more}`;
}

/** Joins alert lines with hard breaks (a trailing backslash), so each reads as its own line. */
function writeAlert(b: MarkdownBuilder, lines: readonly string[]): void {
  if (lines.length === 0) return;
  b.line("> [!WARNING]");
  lines.forEach((line, i) => b.line(i < lines.length - 1 ? `${line}\\` : line));
  b.line();
}

/**
 * The one alert of a section, above its table, naming what is destroyed or replaced (instances
 * of one resource grouped): the first thing a reviewer must not miss. Nothing when nothing is.
 */
export function renderDangerAlert(b: MarkdownBuilder, rows: readonly ResourceChange[]): void {
  const danger = groupInstances(rows.filter(isDangerous));
  const destroyed = danger.filter((g) => g.action === "delete");
  const replaced = danger.filter((g) => g.action !== "delete");
  const count = (groups: readonly InstanceGroup[]): number => groups.reduce((n, g) => n + g.members.length, 0);
  const lines: string[] = [];
  if (destroyed.length > 0) lines.push(listLine("to destroy", count(destroyed), destroyed.map(groupName)));
  if (replaced.length > 0) lines.push(listLine("to replace", count(replaced), replaced.map(groupName)));
  writeAlert(b, lines);
}

/** The same for Kubernetes: objects `kubectl apply --prune` or a delete would remove. */
export function renderKubeDangerAlert(b: MarkdownBuilder, objects: readonly KubeObjectChangeView[]): void {
  const deleted = objects.filter((o) => o.action === "delete");
  if (deleted.length === 0) return;
  const names = deleted.map((o) => `${escapeText(o.kind)} ${inlineCode(o.namespace ? `${o.namespace}/${o.name}` : o.name)}`);
  writeAlert(b, [listLine("to delete", deleted.length, names)]);
}
