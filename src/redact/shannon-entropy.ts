/** Per-character counts for code units below 256 (a small table stays in cache); others use a map. */
const counts = new Int32Array(256);

/** Bits of Shannon entropy per character: random tokens score high, words and placeholders low. */
export function shannonEntropy(value: string): number {
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
    const p = k / n;
    bits -= p * Math.log2(p);
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
