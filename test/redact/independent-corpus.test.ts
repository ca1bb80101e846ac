import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/redact/redactor.js";

/**
 * Test strings from other scanners' own suites (gitleaks, secretlint, detect-secrets, GitHub token scanning) and tldr command examples, kept apart
 * from the hand-made corpus so the rules are measured on text they were not written against.
 * test/fixtures/redact/independent/make-cases.mjs builds cases.json and names each case's source.
 */
const CASES = join(import.meta.dirname, "..", "fixtures", "redact", "independent", "cases.json");

interface SecretCase {
  source: string;
  text: string;
  /** Substrings that must not survive redaction. */
  secrets: string[];
}
interface LookAlikeCase {
  source: string;
  text: string;
}

const { secrets, lookAlikes } = JSON.parse(readFileSync(CASES, "utf8")) as { secrets: SecretCase[]; lookAlikes: LookAlikeCase[] };

const MAX_SURVIVING = 0.05;
const MAX_LOOK_ALIKES_CHANGED = 0.02;

describe("independent corpus (other scanners' test data)", () => {
  it(`lets at most ${MAX_SURVIVING * 100}% of secrets survive and changes at most ${MAX_LOOK_ALIKES_CHANGED * 100}% of look-alikes`, () => {
    const redactor = new Redactor();
    const survived: string[] = [];
    for (const c of secrets) {
      const out = redactor.redact(c.text).text;
      if (c.secrets.some((s) => out.includes(s))) survived.push(`${c.source}: ${JSON.stringify(c.text.slice(0, 90))}`);
    }
    const changed: string[] = [];
    for (const c of lookAlikes) {
      const out = redactor.redact(c.text).text;
      if (out !== c.text) changed.push(`${c.source}: ${JSON.stringify(c.text.slice(0, 90))} -> ${JSON.stringify(out.slice(0, 90))}`);
    }
    const surviving = survived.length / secrets.length;
    const changedRate = changed.length / lookAlikes.length;
    const bySource = (list: string[]): string =>
      [...list.reduce((m, l) => m.set(l.split(": ")[0]!, (m.get(l.split(": ")[0]!) ?? 0) + 1), new Map<string, number>())].map(([s, n]) => `${n} ${s}`).join("; ");
    console.log(
      `independent corpus: ${secrets.length} secrets, ${(surviving * 100).toFixed(1)}% survive (${survived.length}); ` +
        `${lookAlikes.length} look-alikes, ${(changedRate * 100).toFixed(1)}% changed (${changed.length})` +
        (survived.length ? `\n  surviving by source: ${bySource(survived)}\n  ${survived.join("\n  ")}` : "") +
        (changed.length ? `\n  changed look-alikes:\n  ${changed.join("\n  ")}` : ""),
    );
    expect(secrets.length).toBeGreaterThanOrEqual(1400);
    expect(lookAlikes.length).toBeGreaterThanOrEqual(250);
    expect(surviving).toBeLessThanOrEqual(MAX_SURVIVING);
    expect(changedRate).toBeLessThanOrEqual(MAX_LOOK_ALIKES_CHANGED);
  });
});
