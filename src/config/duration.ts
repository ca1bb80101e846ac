/**
 * Terraform reads `-lock-timeout` with Go's time.ParseDuration, so the config accepts exactly that
 * syntax: one or more `<number><unit>` parts, e.g. `90s`, `2m`, `1h30m`, `1.5h`.
 */
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Milliseconds, or undefined when the text is not a valid non-negative duration. */
export function parseDuration(text: string): number | undefined {
  // Go accepts a bare "0" as the only unit-less duration.
  if (text === "0") return 0;
  if (text.length === 0) return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? Number.NaN);
  }
  return Number.isFinite(total) ? total : undefined;
}
