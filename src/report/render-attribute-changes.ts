import type { AttributeChange, ResourceChange } from "../iac/plan-model.js";
import { ACTION_STYLES, displayAction } from "./action-style.js";
import type { DetailLevel } from "./detail-levels.js";
import { inlineCode } from "./escape-markdown.js";
import { plural } from "./format-count.js";
import { formatAttributeChange } from "./format-plan-value.js";
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

/** Returns how many resources had attribute changes that were not listed. */
export function renderAttributeChanges(
  b: MarkdownBuilder,
  rows: readonly ResourceChange[],
  level: DetailLevel,
): number {
  const detailed = rows.filter(hasAttributeDetails);
  if (detailed.length === 0) return 0;
  const shown = Math.min(detailed.length, level.detailedResources);
  if (shown === 0) {
    b.block(`_Attribute changes of ${plural(detailed.length, "resource")} left out to fit the size limit._`);
    return detailed.length;
  }
  const open = detailed.length <= OPEN_AT_MOST ? " open" : "";
  b.line(`<details${open}><summary>Attribute changes (${plural(detailed.length, "resource")})</summary>`).line();
  for (let i = 0; i < shown && !b.overflowed; i++) {
    const rc = detailed[i] as ResourceChange;
    const style = ACTION_STYLES[displayAction(rc)];
    b.line(`\`${style.symbol}\` **${inlineCode(rc.address)}**`).line();
    const ordered = forcingFirst(rc.attributes);
    const count = Math.min(ordered.length, level.attributesPerResource);
    for (let j = 0; j < count; j++) b.line(`- ${formatAttributeChange(ordered[j]!, level.valueChars)}`);
    if (ordered.length > count) b.line(`- _… ${plural(ordered.length - count, "more attribute")}_`);
    b.line();
  }
  const omitted = detailed.length - shown;
  if (omitted > 0) b.block(`_… attribute changes of ${plural(omitted, "more resource")} not shown._`);
  b.line("</details>").line();
  return omitted;
}

/** The attribute that forces a replacement is the one to read first, and must survive a cut. */
function forcingFirst(attributes: readonly AttributeChange[]): readonly AttributeChange[] {
  if (!attributes.some((a) => a.forcesReplacement)) return attributes;
  return [...attributes.filter((a) => a.forcesReplacement), ...attributes.filter((a) => !a.forcesReplacement)];
}
