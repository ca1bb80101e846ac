import type { ActionInvocation } from "../iac/plan-model.js";
import { cellCode, escapeText } from "./escape-markdown.js";
import { plural } from "./format-count.js";
import { formatAttributeChange } from "./format-plan-value.js";
import type { MarkdownBuilder } from "./markdown-builder.js";

/** Config entries shown per action in the table; the full plan has the rest. */
const CONFIG_ENTRIES = 5;

function triggerCell(ai: ActionInvocation): string {
  if (ai.trigger.kind === "lifecycle") {
    const event = ai.trigger.event === "" ? "a lifecycle event" : cellCode(ai.trigger.event);
    return ai.trigger.resource === "" ? event : `${event} of ${cellCode(ai.trigger.resource)}`;
  }
  if (ai.trigger.kind === "unknown") return "_a trigger this tool does not know_";
  return ai.trigger.resource ? `\`-invoke\` (for ${cellCode(ai.trigger.resource)})` : "`-invoke`";
}

function configCell(ai: ActionInvocation, valueChars: number): string {
  if (ai.config.length === 0) return "";
  const shown = ai.config.slice(0, CONFIG_ENTRIES).map((c) => formatAttributeChange(c, valueChars).replace(/\|/g, "\\|"));
  const more = ai.config.length > CONFIG_ENTRIES ? ` +${ai.config.length - CONFIG_ENTRIES} more` : "";
  return `${shown.join("<br>")}${more}`;
}

/**
 * Provider actions (terraform 1.14 `action` blocks) the apply would run: they change things
 * outside any resource's diff, so a plan holding only actions is not "No changes".
 * Returns the rows left out.
 */
export function renderActionInvocations(b: MarkdownBuilder, actions: readonly ActionInvocation[], maxRows: number, valueChars: number): number {
  if (actions.length === 0) return 0;
  b.block(`**Actions** (${plural(actions.length, "action")} to invoke)`);
  const shown = Math.min(actions.length, maxRows);
  if (shown > 0) {
    b.line("| Action | Triggered by | Configuration |").line("| --- | --- | --- |");
    for (let i = 0; i < shown && !b.overflowed; i++) {
      const ai = actions[i] as ActionInvocation;
      b.line(`| \`!\` ${cellCode(ai.address)} | ${triggerCell(ai)} | ${configCell(ai, valueChars)} |`);
    }
    b.line();
  }
  const omitted = actions.length - shown;
  if (omitted > 0) b.block(`_… ${plural(omitted, "more action")} not shown._`);
  return omitted;
}

/** Parts of the plan the parser does not read: the report says so, since they could hold any change. */
export function renderUnrecognizedParts(b: MarkdownBuilder, parts: readonly string[]): void {
  if (parts.length === 0) return;
  const names = parts.map(cellCode).join(", ");
  b.block(`> ⚠️ ${escapeText("This plan holds parts this report does not read:")} ${names}. ${escapeText("Review the plan itself; Warden's plan gate does not allow it.")}`);
}
