/** `[[SECRET:<rule-id>:<hex>]]`: what a secret becomes. The hex is a keyed hash, so it reveals nothing. */
export const PLACEHOLDER_PREFIX = "[[SECRET:";

/** Rule ids and known-value names allowed inside a placeholder. */
export const PLACEHOLDER_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export function formatPlaceholder(id: string, hex: string): string {
  return `${PLACEHOLDER_PREFIX}${id}:${hex}]]`;
}

/** Matches every well-formed placeholder; group 1 is the id, group 2 the hex. */
export function placeholderPattern(): RegExp {
  return /\[\[SECRET:([A-Za-z0-9_.-]{1,64}):([0-9a-f]{4,64})\]\]/g;
}

/** [start, end) of every placeholder already in the text: findings never overlap them (idempotence). */
export function placeholderSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  if (!text.includes(PLACEHOLDER_PREFIX)) return spans;
  const re = placeholderPattern();
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}
