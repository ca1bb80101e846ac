import type { KubeObjectChangeView, KubernetesDiffView } from "../iac/project-run.js";
import { ACTION_STYLES } from "./action-style.js";
import type { DetailLevel } from "./detail-levels.js";
import { cellCode, codeBlock, escapeText } from "./escape-markdown.js";
import { formatCount, plural } from "./format-count.js";
import type { MarkdownBuilder } from "./markdown-builder.js";
import { shortenHeadTail } from "./shorten-text.js";

const RANK: Record<KubeObjectChangeView["action"], number> = { delete: 0, update: 1, create: 2 };

/** kubectl's words, with terraform's symbols so both kinds of section scan the same way. */
const KUBE_STYLES: Record<KubeObjectChangeView["action"], { symbol: string; word: string }> = {
  delete: { symbol: ACTION_STYLES.delete.symbol, word: "delete" },
  update: { symbol: ACTION_STYLES.update.symbol, word: "update" },
  create: { symbol: ACTION_STYLES.create.symbol, word: "create" },
};

export interface KubeOmissions {
  objects: number;
  diffChars: number;
}

/** Objects table (deletions first) and the unified diff, both cut to the level's limits. */
export function renderKubeDetails(b: MarkdownBuilder, kube: KubernetesDiffView, level: DetailLevel): KubeOmissions {
  const objects = [...kube.objects].sort((x, y) => RANK[x.action] - RANK[y.action]);
  const shown = Math.min(objects.length, level.tableRows);
  if (shown > 0) {
    b.line("| Action | Kind | Object | Lines |").line("| --- | --- | --- | --- |");
    for (let i = 0; i < shown && !b.overflowed; i++) {
      const o = objects[i] as KubeObjectChangeView;
      const style = KUBE_STYLES[o.action];
      const name = o.namespace ? `${o.namespace}/${o.name}` : o.name;
      const lines = `+${formatCount(o.addedLines.length)} −${formatCount(o.removedLines.length)}`;
      b.line(`| \`${style.symbol}\` ${style.word} | ${escapeText(o.kind)} | ${cellCode(name)} | ${lines} |`);
    }
    b.line();
  }
  const omittedObjects = objects.length - shown;
  if (omittedObjects > 0) b.block(`_… ${plural(omittedObjects, "more object")} not shown._`);

  let diffChars = 0;
  const diff = kube.rawDiff.trimEnd();
  if (diff !== "") {
    if (level.kubeDiffChars <= 0) {
      diffChars = diff.length;
      b.block(`_The diff (${formatCount(diff.length)} characters) was left out to fit the size limit._`);
    } else if (Math.min(diff.length, level.kubeDiffChars) > b.remaining) {
      b.overflow();
    } else {
      const shortened = shortenHeadTail(diff, level.kubeDiffChars);
      diffChars = shortened.omittedChars;
      b.line(codeBlock(shortened.text, "diff")).line();
    }
  }
  return { objects: omittedObjects, diffChars };
}
