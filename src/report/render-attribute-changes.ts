import type { AttributeChange, ResourceChange } from "../iac/plan-model.js";
import { ACTION_STYLES } from "./action-style.js";
import type { DetailLevel } from "./detail-levels.js";
import { inlineCode } from "./escape-markdown.js";
import { formatCount, plural } from "./format-count.js";
import { formatAttributeChange } from "./format-plan-value.js";
import { groupInstances } from "./group-instances.js";
import type { MarkdownBuilder } from "./markdown-builder.js";

/** Small sets are shown expanded: a reviewer of a five-resource change wants to see the values. */
const OPEN_AT_MOST = 10;

/**
 * Attribute lists are for what will exist after apply. A destroyed or forgotten resource's old
 * values, or a data source read, are noise next to that (the full plan still has them).
 */
export function hasAttributeDetails(rc: ResourceChange): boolean {
  return rc.attributes.length > 0 && (rc.action === "create" || rc.action === "update" || rc.action === "replace");
}

/** One listed block: a resource, or instances of one resource whose lines are the same. */
interface Entry {
  label: string;
  symbol: string;
  resources: number;
  lines: string[];
}

/** The lines of one resource at `level`. */
function attributeLines(rc: ResourceChange, level: DetailLevel): string[] {
  const ordered = forcingFirst(withoutComputed(rc.attributes));
  const count = Math.min(ordered.length, level.attributesPerResource);
  const lines = ordered.slice(0, count).map((a) => `- ${formatAttributeChange(a, level.valueChars)}`);
  if (ordered.length > count) lines.push(`- _… ${plural(ordered.length - count, "more attribute")}_`);
  return lines;
}

/** Instances of one resource that change the same way are listed once, with their count. */
function* entries(detailed: readonly ResourceChange[], level: DetailLevel): Generator<Entry> {
  for (const group of groupInstances(detailed)) {
    const symbol = ACTION_STYLES[group.action].symbol;
    const perMember = group.members.map((m) => attributeLines(m, level));
    const first = (perMember[0] as string[]).join("\n");
    if (group.members.length > 1 && perMember.every((lines) => lines.join("\n") === first)) {
      yield { label: group.label, symbol, resources: group.members.length, lines: perMember[0] as string[] };
    } else {
      for (const [i, m] of group.members.entries()) yield { label: m.address, symbol, resources: 1, lines: perMember[i] as string[] };
    }
  }
}

/** Returns how many resources had attribute changes that were not listed. */
export function renderAttributeChanges(
  b: MarkdownBuilder,
  rows: readonly ResourceChange[],
  level: DetailLevel,
): number {
  const detailed = rows.filter(hasAttributeDetails);
  if (detailed.length === 0) return 0;
  if (level.detailedResources <= 0) {
    b.block(`_Attribute changes of ${plural(detailed.length, "resource")} left out to fit the size limit._`);
    return detailed.length;
  }
  const open = detailed.length <= OPEN_AT_MOST ? " open" : "";
  b.line(`<details${open}><summary>Attribute changes (${plural(detailed.length, "resource")})</summary>`).line();
  let listed = 0;
  // Generated lazily: at a short level, 5,000 resources are not formatted to list 25.
  for (const entry of entries(detailed, level)) {
    if (listed >= level.detailedResources || b.overflowed) break;
    const count = entry.resources > 1 ? ` ×${formatCount(entry.resources)}, each` : "";
    b.line(`\`${entry.symbol}\` **${inlineCode(entry.label)}**${count}`).line();
    for (const line of entry.lines) b.line(line);
    b.line();
    listed += entry.resources;
  }
  const omitted = detailed.length - listed;
  if (omitted > 0) b.block(`_… attribute changes of ${plural(omitted, "more resource")} not shown._`);
  b.line("</details>").line();
  return omitted;
}

/**
 * A line that only says a computed value becomes known after apply (`id`, `output`) tells a
 * reviewer nothing to act on; such lines are left out unless they are all the resource has (the
 * full plan keeps them). One that forces replacement always stays: it is the cause.
 */
function withoutComputed(attributes: readonly AttributeChange[]): readonly AttributeChange[] {
  const listed = attributes.filter((a) => a.after.kind !== "unknown" || a.forcesReplacement);
  return listed.length > 0 ? listed : attributes;
}

/** The attribute that forces a replacement is the one to read first, and must survive a cut. */
function forcingFirst(attributes: readonly AttributeChange[]): readonly AttributeChange[] {
  if (!attributes.some((a) => a.forcesReplacement)) return attributes;
  return [...attributes.filter((a) => a.forcesReplacement), ...attributes.filter((a) => !a.forcesReplacement)];
}
