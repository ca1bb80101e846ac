import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

function positionOf(node: Node | null | undefined, lineCounter: LineCounter): SourcePosition {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Where a data path lives in the YAML source. `at: "key"` points at the key of the last segment
 * (unknown keys, misplaced keys); otherwise at the value, except that a block collection or an
 * empty value is reported on its key's line, where the reader looks. A path that stops existing
 * part-way (a missing key) points at the deepest mapping or sequence that does exist.
 */
export function locateInYaml(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
  at: "key" | "value" = "value",
): SourcePosition {
  let node: unknown = doc.contents;
  let keyNode: Node | null = null;

  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return positionOf(node, lineCounter);
      keyNode = isScalar(pair.key) ? pair.key : null;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (!item) return positionOf(node, lineCounter);
      keyNode = null;
      node = item;
    } else {
      // The path goes deeper than the document (e.g. into a scalar): the scalar is the culprit.
      return positionOf(node as Node | null, lineCounter);
    }
  }

  if (at === "key" && keyNode) return positionOf(keyNode, lineCounter);
  const emptyValue = node == null || (isScalar(node) && node.value === null && !node.source);
  if (keyNode && (emptyValue || isMap(node) || isSeq(node))) {
    // Flow collections (`[a, b]`) sit on the key's line; block ones start on the next line.
    const flow = (isMap(node) || isSeq(node)) && node.flow;
    if (!flow) return positionOf(keyNode, lineCounter);
  }
  return positionOf(node as Node | null, lineCounter);
}
