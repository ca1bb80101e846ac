import { RecentValues } from "./recent-values.js";

/** Per-character counts for code units below 256 (a small table stays in cache); others use a map. */
const counts = new Int32Array(256);

/**
 * p·log2(p) for p = k/n, by (n, k), filled as first met: every candidate a rule finds is scored,
 * and a log per distinct character was most of the cost. Computed exactly as it would be on the
 * spot, so scores (compared with thresholds) are bit for bit the same.
 */
const TERM_MAX_LENGTH = 128;
const terms = new Float64Array((TERM_MAX_LENGTH + 1) * (TERM_MAX_LENGTH + 1)).fill(Number.NaN);

function term(n: number, k: number): number {
  const at = n * (TERM_MAX_LENGTH + 1) + k;
  let t = terms[at]!;
  if (Number.isNaN(t)) {
    const p = k / n;
    terms[at] = t = p * Math.log2(p);
  }
  return t;
}

/** Scores of the last values scored (most candidates are scored by two rules or more). */
const recent = new RecentValues<number>();

/** Bits of Shannon entropy per character: random tokens score high, words and placeholders low. */
export function shannonEntropy(value: string): number {
  let bits = recent.get(value);
  if (bits === undefined) recent.set(value, (bits = score(value)));
  return bits;
}

function score(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  let wide: Map<number, number> | undefined;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 256) counts[c]!++;
    else (wide ??= new Map()).set(c, (wide.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 256) continue;
    const k = counts[c]!;
    if (k === 0) continue;
    bits -= n <= TERM_MAX_LENGTH ? term(n, k) : (k / n) * Math.log2(k / n);
    counts[c] = 0; // each character counted once, and the table left clean for the next call
  }
  if (wide) {
    for (const k of wide.values()) {
      const p = k / n;
      bits -= p * Math.log2(p);
    }
  }
  return bits;
}
