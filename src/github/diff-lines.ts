/** The lines of one file a pull request review comment can be placed on. */
export interface DiffLines {
  /** New-file line numbers shown in the diff (added or context): `side: "RIGHT"`. */
  right: Set<number>;
  /** Old-file line numbers of removed lines: `side: "LEFT"`. */
  left: Set<number>;
  /** Removed lines with their old line numbers, to find what a change deleted. */
  removed: Array<{ line: number; text: string }>;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/**
 * Reads a unified diff of one file (the `patch` GitHub gives for each pull request file) into
 * the lines review comments may target: GitHub accepts comments only on lines inside the diff's
 * hunks.
 */
export function parseDiffLines(patch: string): DiffLines {
  const result: DiffLines = { right: new Set(), left: new Set(), removed: [] };
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  for (const line of patch.split("\n")) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      inHunk = true;
      continue;
    }
    if (!inHunk || line.startsWith("\\")) continue;
    const mark = line[0];
    if (mark === "+") result.right.add(newLine++);
    else if (mark === "-") {
      result.left.add(oldLine);
      result.removed.push({ line: oldLine++, text: line.slice(1) });
    } else if (mark === " " || line === "") {
      // A context line (an empty one may have lost its leading space).
      result.right.add(newLine++);
      oldLine++;
    }
  }
  return result;
}
