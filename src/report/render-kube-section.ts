import { parseDiffFileName } from "../iac/parse-kubectl-diff.js";
import type { KubeObjectChangeView, KubernetesDiffView } from "../iac/project-run.js";
import { ACTION_STYLES, type DisplayAction } from "./action-style.js";
import type { DetailLevel } from "./detail-levels.js";
import { cellCode, codeBlock, escapeHtml, escapeText } from "./escape-markdown.js";
import { formatCount, plural } from "./format-count.js";
import type { MarkdownBuilder } from "./markdown-builder.js";
import { renderKubeDangerAlert } from "./render-danger-alert.js";
import { shortenHeadTail } from "./shorten-text.js";

const RANK: Record<KubeObjectChangeView["action"], number> = { delete: 0, update: 1, create: 2 };

/** kubectl's words, with terraform's markers and symbols so both kinds of section scan the same way. */
const KUBE_STYLES: Record<KubeObjectChangeView["action"], { style: DisplayAction; word: string }> = {
  delete: { style: "delete", word: "delete" },
  update: { style: "update", word: "update" },
  create: { style: "create", word: "create" },
};

export interface KubeOmissions {
  objects: number;
  diffChars: number;
}

function objectName(o: Pick<KubeObjectChangeView, "kind" | "namespace" | "name">): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/${o.name}` : o.name}`;
}

function objectKey(o: Pick<KubeObjectChangeView, "apiVersion" | "kind" | "namespace" | "name">): string {
  return `${o.apiVersion}\0${o.kind}\0${o.namespace ?? ""}\0${o.name}`;
}

/** The object a `diff -u -N /tmp/LIVE-1/apps.v1.Deployment.shop.web …` header line is about. */
function chunkObject(header: string): string | null {
  const path = header.split(" ").at(-1) ?? "";
  const ref = parseDiffFileName(path.slice(path.lastIndexOf("/") + 1));
  return ref ? objectKey(ref) : null;
}

/**
 * kubectl's diff with the temp paths (`/tmp/LIVE-123/apps.v1.Deployment.default.web`) replaced by
 * the object's name, one file per object in `objects`' order. A file this cannot place keeps
 * kubectl's header and comes last, so nothing of the diff is lost.
 */
export function readableKubeDiff(rawDiff: string, objects: readonly KubeObjectChangeView[]): string {
  const chunks: Array<{ key: string | null; lines: string[] }> = [];
  for (const line of rawDiff.split("\n")) {
    if (line.startsWith("diff ")) chunks.push({ key: chunkObject(line), lines: [line] });
    else if (chunks.length === 0) chunks.push({ key: null, lines: [line] });
    else chunks[chunks.length - 1]?.lines.push(line);
  }
  const byKey = new Map(objects.map((o) => [objectKey(o), o]));
  const placed: string[] = [];
  const rest: string[] = [];
  const order = new Map(objects.map((o, i) => [objectKey(o), i]));
  const sorted = [...chunks].sort((a, b) => (order.get(a.key ?? "") ?? Infinity) - (order.get(b.key ?? "") ?? Infinity));
  for (const chunk of sorted) {
    const object = chunk.key === null ? undefined : byKey.get(chunk.key);
    if (!object) {
      rest.push(chunk.lines.join("\n"));
      continue;
    }
    const name = objectName(object);
    // Only the two header lines after `diff`: a content line may itself start with `---`.
    const body = chunk.lines.slice(1).map((line, i) => {
      if (i === 0 && line.startsWith("--- ")) return `--- ${name} (live)`;
      if (i === 1 && line.startsWith("+++ ")) return `+++ ${name} (after apply)`;
      return line;
    });
    placed.push(body.join("\n"));
  }
  return [...placed, ...rest].join("\n");
}

/** Deletions named in the alert, the objects table (deletions first), the diff folded under it. */
export function renderKubeDetails(b: MarkdownBuilder, kube: KubernetesDiffView, level: DetailLevel): KubeOmissions {
  const objects = [...kube.objects].sort((x, y) => RANK[x.action] - RANK[y.action]);
  renderKubeDangerAlert(b, objects);
  const shown = Math.min(objects.length, level.tableRows);
  if (shown > 0) {
    b.line("| Action | Kind | Object | Lines |").line("| --- | --- | --- | --- |");
    for (let i = 0; i < shown && !b.overflowed; i++) {
      const o = objects[i] as KubeObjectChangeView;
      const { style, word } = KUBE_STYLES[o.action];
      const { marker, symbol } = ACTION_STYLES[style];
      const name = o.namespace ? `${o.namespace}/${o.name}` : o.name;
      const lines = `+${formatCount(o.addedLines.length)} −${formatCount(o.removedLines.length)}`;
      b.line(`| ${marker}&nbsp;\`${symbol}\`&nbsp;${word} | ${escapeText(o.kind)} | ${cellCode(name)} | ${lines} |`);
    }
    b.line();
  }
  const omittedObjects = objects.length - shown;
  if (omittedObjects > 0) b.block(`_… ${plural(omittedObjects, "more object")} not shown._`);

  let diffChars = 0;
  const raw = kube.rawDiff.trimEnd();
  if (raw !== "") {
    if (level.kubeDiffChars <= 0) {
      diffChars = raw.length;
      b.block(`_The diff (${formatCount(raw.length)} characters) was left out to fit the size limit._`);
    } else if (Math.min(raw.length, level.kubeDiffChars) > b.remaining) {
      b.overflow();
    } else {
      const shortened = shortenHeadTail(readableKubeDiff(raw, objects), level.kubeDiffChars);
      diffChars = shortened.omittedChars;
      b.line(`<details><summary>${escapeHtml(`Diff (${plural(objects.length, "object")})`)}</summary>`).line();
      b.line(codeBlock(shortened.text, "diff")).line();
      b.line("</details>").line();
    }
  }
  return { objects: omittedObjects, diffChars };
}
