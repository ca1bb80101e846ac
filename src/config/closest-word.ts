/** Edit distance between two strings (insertions, deletions, substitutions cost 1). */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// camelCase and kebab-case spellings of a snake_case key should still find it.
function fold(word: string): string {
  return word.toLowerCase().replace(/[-_]/g, "");
}

/** The candidate closest to `word`, or undefined when none is close enough to be a plausible typo. */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = Math.min(levenshtein(word, candidate), levenshtein(fold(word), fold(candidate)));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(word.length / 4));
  return bestDistance <= tolerance ? best : undefined;
}

/**
 * For names people shorten (`prod` for `production`, `net` for `network`): the closest word, or
 * else the one candidate that starts with `word` (two characters or more).
 */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  const close = closestWord(word, candidates);
  if (close !== undefined || word.length < 2) return close;
  const lower = word.toLowerCase();
  const starting = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  return starting.length === 1 ? starting[0] : undefined;
}
