import type { DiffLines } from "./diff-lines.js";
import type { DangerousBlock } from "./locate-dangerous-changes.js";

/** A block a review comment can sit on: a line of the pull request's diff. */
export interface PlacedBlock {
  block: DangerousBlock;
  path: string;
  line: number;
  side: "RIGHT" | "LEFT";
}

export interface Placement {
  inline: PlacedBlock[];
  /** Blocks no diff line belongs to: listed in the review body instead. */
  elsewhere: DangerousBlock[];
}

/** GitHub takes many, but a review with more inline comments than this is noise: the rest go to the body. */
export const MAX_INLINE_COMMENTS = 30;

/**
 * Puts each destroyed or replaced block on a line of the pull request's diff: its header line if
 * the diff shows it, else the first line of the block the diff shows (often the attribute that
 * forces the replacement). A block the pull request deleted (the destroy of removed code) sits on
 * its removed header line, on the diff's left side. The rest cannot take a review comment.
 */
export function placeReviewComments(blocks: readonly DangerousBlock[], diff: ReadonlyMap<string, DiffLines>, maxInline = MAX_INLINE_COMMENTS): Placement {
  const placement: Placement = { inline: [], elsewhere: [] };
  for (const block of blocks) {
    const placed = placeOne(block, diff);
    if (placed && placement.inline.length < maxInline) placement.inline.push(placed);
    else placement.elsewhere.push(block);
  }
  return placement;
}

function placeOne(block: DangerousBlock, diff: ReadonlyMap<string, DiffLines>): PlacedBlock | null {
  const loc = block.location;
  if (loc) {
    const lines = diff.get(loc.path);
    if (!lines) return null;
    for (let line = loc.line; line <= loc.endLine; line++) {
      if (lines.right.has(line)) return { block, path: loc.path, line, side: "RIGHT" };
    }
    return null;
  }
  // Gone from the tree: look for the block's header among the lines the pull request removed.
  const first = block.changes[0];
  if (!first) return null;
  const header = new RegExp(`^\\s*resource\\s+"?${escapeRegExp(first.type)}"?\\s+"?${escapeRegExp(first.name)}"?\\s*\\{`);
  const dir = block.run.dir.split("\\").join("/").replace(/\/+$/, "");
  const candidates: PlacedBlock[] = [];
  for (const [path, lines] of diff) {
    if (!path.endsWith(".tf")) continue;
    const removed = lines.removed.find((r) => header.test(r.text));
    if (removed) candidates.push({ block, path, line: removed.line, side: "LEFT" });
  }
  // The project's own files first (a module's are elsewhere); a guess among several is no help.
  const own = candidates.filter((c) => {
    const inDir = dir === "" || dir === "." ? c.path : c.path.startsWith(`${dir}/`) ? c.path.slice(dir.length + 1) : null;
    return inDir !== null && !inDir.includes("/");
  });
  if (own.length === 1) return own[0] as PlacedBlock;
  return candidates.length === 1 ? (candidates[0] as PlacedBlock) : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
