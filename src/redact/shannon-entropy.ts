const counts = new Int32Array(65536);

/** Bits of Shannon entropy per character: random tokens score high, words and placeholders low. */
export function shannonEntropy(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  for (let i = 0; i < n; i++) counts[value.charCodeAt(i)]!++;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const k = counts[c]!;
    if (k === 0) continue;
    const p = k / n;
    bits -= p * Math.log2(p);
    counts[c] = 0; // each character counted once, and the table left clean for the next call
  }
  return bits;
}
