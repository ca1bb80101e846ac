/**
 * Lines up the elements of a list or set before and after a change, so a report shows the
 * elements added and removed instead of every position after the first difference. Terraform's
 * JSON does not say which arrays are sets; a longest common subsequence serves both: for a set
 * (terraform orders its elements canonically) it finds the unchanged elements, for a list it is
 * what terraform's own renderer does.
 */

export type ElementStep =
  | { kind: "same"; before: number; after: number }
  | { kind: "removed"; before: number }
  | { kind: "added"; after: number };

export interface Alignment {
  steps: ElementStep[];
  /**
   * The lists were too long for a common subsequence, so elements were matched by value alone:
   * additions and removals are exact, a change of order alone is not visible in `steps`.
   */
  byValueOnly: boolean;
  /** Subsequence table cells used (0 when matched by value or when a side was empty). */
  cells: number;
}

/**
 * Cells of the subsequence table allowed (after the common head and tail are cut off): keeps the
 * cost of one list bounded, whatever its length. Beyond it, matching by value is linear.
 */
export const MAX_LCS_CELLS = 250_000;

/**
 * `before` and `after` are element keys: equal keys are equal elements; null is an element equal
 * to nothing (one whose value is not known yet).
 */
export function alignListElements(before: readonly (string | null)[], after: readonly (string | null)[], maxCells = MAX_LCS_CELLS): Alignment {
  const same = (i: number, j: number): boolean => before[i] !== null && before[i] === after[j];
  let head = 0;
  while (head < before.length && head < after.length && same(head, head)) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && same(before.length - 1 - tail, after.length - 1 - tail)) tail++;

  const steps: ElementStep[] = [];
  for (let k = 0; k < head; k++) steps.push({ kind: "same", before: k, after: k });
  const bEnd = before.length - tail;
  const aEnd = after.length - tail;
  const n = bEnd - head;
  const m = aEnd - head;
  let byValueOnly = false;
  let cells = 0;
  if (n === 0) for (let j = head; j < aEnd; j++) steps.push({ kind: "added", after: j });
  else if (m === 0) for (let i = head; i < bEnd; i++) steps.push({ kind: "removed", before: i });
  else if (n * m <= maxCells) {
    cells = n * m;
    alignByLcs(head, bEnd, aEnd, same, steps);
  }
  else {
    byValueOnly = true;
    alignByValue(before, after, head, bEnd, aEnd, steps);
  }
  for (let k = 0; k < tail; k++) steps.push({ kind: "same", before: bEnd + k, after: aEnd + k });
  return { steps, byValueOnly, cells };
}

/** Classic dynamic programme over the middle part; n*m is bounded by the caller. */
function alignByLcs(start: number, bEnd: number, aEnd: number, same: (i: number, j: number) => boolean, steps: ElementStep[]): void {
  const n = bEnd - start;
  const m = aEnd - start;
  const width = m + 1;
  // lengths[i * width + j] = LCS length of before[start+i..] and after[start+j..].
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = same(start + i, start + j)
        ? (lengths[(i + 1) * width + j + 1] as number) + 1
        : Math.max(lengths[(i + 1) * width + j] as number, lengths[i * width + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(start + i, start + j)) {
      steps.push({ kind: "same", before: start + i, after: start + j });
      i++;
      j++;
    } else if ((lengths[(i + 1) * width + j] as number) >= (lengths[i * width + j + 1] as number)) {
      steps.push({ kind: "removed", before: start + i });
      i++;
    } else {
      steps.push({ kind: "added", after: start + j });
      j++;
    }
  }
  for (; i < n; i++) steps.push({ kind: "removed", before: start + i });
  for (; j < m; j++) steps.push({ kind: "added", after: start + j });
}

/** Multiset matching: linear, exact for sets, blind to order. Removals first, then additions. */
function alignByValue(before: readonly (string | null)[], after: readonly (string | null)[], start: number, bEnd: number, aEnd: number, steps: ElementStep[]): void {
  // Per key, the after positions holding it and how many are taken (no shift(): it is linear per call).
  const available = new Map<string, { positions: number[]; taken: number }>();
  for (let j = start; j < aEnd; j++) {
    const key = after[j];
    if (key === null || key === undefined) continue;
    const entry = available.get(key);
    if (entry) entry.positions.push(j);
    else available.set(key, { positions: [j], taken: 0 });
  }
  const matchedAfter = new Set<number>();
  const additions: ElementStep[] = [];
  for (let i = start; i < bEnd; i++) {
    const key = before[i];
    const entry = key === null || key === undefined ? undefined : available.get(key);
    const j = entry ? entry.positions[entry.taken++] : undefined;
    if (j === undefined) steps.push({ kind: "removed", before: i });
    else {
      matchedAfter.add(j);
      additions.push({ kind: "same", before: i, after: j });
    }
  }
  for (let j = start; j < aEnd; j++) if (!matchedAfter.has(j)) additions.push({ kind: "added", after: j });
  for (const step of additions) steps.push(step);
}
