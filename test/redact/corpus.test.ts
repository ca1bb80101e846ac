import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/redact/redactor.js";

const CORPUS = join(import.meta.dirname, "..", "fixtures", "redact", "corpus");

/** Per file: the secrets it holds, and the look-alikes (digests, ids, references) it must keep. */
const labels = JSON.parse(readFileSync(join(CORPUS, "labels.json"), "utf8")) as Record<string, { secrets: string[]; lookAlikes: string[] }>;

interface Score {
  secrets: number;
  caught: number;
  lookAlikes: number;
  redacted: number;
  misses: string[];
  falsePositives: string[];
}

/** Redacts every file and counts which labelled strings survived. */
function scoreCorpus(): Score {
  const score: Score = { secrets: 0, caught: 0, lookAlikes: 0, redacted: 0, misses: [], falsePositives: [] };
  for (const [file, label] of Object.entries(labels)) {
    const text = readFileSync(join(CORPUS, file), "utf8");
    const out = new Redactor().redact(text).text;
    for (const secret of label.secrets) {
      score.secrets++;
      if (out.includes(secret)) score.misses.push(`${file}: ${secret.slice(0, 12)}…`);
      else score.caught++;
    }
    for (const lookAlike of label.lookAlikes) {
      score.lookAlikes++;
      if (out.includes(lookAlike)) continue;
      score.redacted++;
      score.falsePositives.push(`${file}: ${lookAlike.slice(0, 40)}`);
    }
  }
  return score;
}

describe("labelled corpus (test/fixtures/redact/corpus)", () => {
  it("finds at least 98% of the secrets and redacts at most 1% of the look-alikes", () => {
    const score = scoreCorpus();
    const recall = score.caught / score.secrets;
    const lookAlikeRate = score.redacted / score.lookAlikes;
    console.log(
      `redact corpus: ${Object.keys(labels).length} files, recall ${(recall * 100).toFixed(1)}% (${score.caught}/${score.secrets}), ` +
        `look-alikes redacted ${(lookAlikeRate * 100).toFixed(1)}% (${score.redacted}/${score.lookAlikes})` +
        (score.misses.length ? `\n  missed: ${score.misses.join("; ")}` : "") +
        (score.falsePositives.length ? `\n  redacted look-alikes: ${score.falsePositives.join("; ")}` : ""),
    );
    expect(score.secrets).toBeGreaterThanOrEqual(50);
    expect(score.lookAlikes).toBeGreaterThanOrEqual(50);
    expect(recall).toBeGreaterThanOrEqual(0.98);
    expect(lookAlikeRate).toBeLessThanOrEqual(0.01);
  });
});
