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

const PLACEHOLDER_AT = /\[\[SECRET:[A-Za-z0-9_.-]{1,64}:[0-9a-f]{4,64}\]\]/y;

/** End of the well-formed placeholder starting at `start`, or -1 (findings never overlap one). */
export function placeholderEndAt(text: string, start: number): number {
  PLACEHOLDER_AT.lastIndex = start;
  return PLACEHOLDER_AT.test(text) ? PLACEHOLDER_AT.lastIndex : -1;
}
