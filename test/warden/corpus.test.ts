import { beforeAll, describe, expect, it } from "vitest";
import { createWarden, type Warden } from "../../src/warden/warden.js";
import { CORPUS_POLICY, CORPUS_WORKSPACE, loadCorpus, type CorpusEntry } from "./corpus.js";

// The commands in the corpus are only parsed and judged, never run.

interface Scored extends CorpusEntry {
  got: string;
  rule: string;
}

let scored: Scored[];

beforeAll(async () => {
  const warden: Warden = await createWarden({ workspace: CORPUS_WORKSPACE, policy: CORPUS_POLICY });
  scored = loadCorpus().map((entry) => {
    const decision = warden.check(entry.command, { environment: entry.env ?? null });
    return { ...entry, got: decision.decision, rule: decision.rule };
  });
});

function pct(part: number, whole: number): string {
  return whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(1)}%`;
}

describe("labelled command corpus (test/fixtures/warden/commands.jsonl)", () => {
  it("has at least 300 commands, 100 evasions and 50 read-only look-alikes", () => {
    expect(scored.length).toBeGreaterThanOrEqual(300);
    expect(scored.filter((e) => e.kind === "evasion").length).toBeGreaterThanOrEqual(100);
    expect(scored.filter((e) => e.kind === "lookalike" && e.effect === "read").length).toBeGreaterThanOrEqual(50);
    expect(new Set(scored.map((e) => `${e.command}\u0000${e.env ?? ""}`)).size).toBe(scored.length);
  });

  it("never allows a destroy or an unknown (100% recall) and blocks at most 2% of reads; prints the figures", () => {
    const dangerous = scored.filter((e) => e.effect === "destroy" || e.effect === "unknown");
    const allowedDanger = dangerous.filter((e) => e.got === "allow");
    const reads = scored.filter((e) => e.effect === "read");
    const blockedReads = reads.filter((e) => e.got !== "allow");
    const evasions = scored.filter((e) => e.kind === "evasion");
    const lookalikes = scored.filter((e) => e.kind === "lookalike");
    const mismatches = scored.filter((e) => e.got !== e.expect);
    const figures = [
      `commands: ${scored.length} (evasions ${evasions.length}, look-alikes ${lookalikes.length}, plain ${scored.length - evasions.length - lookalikes.length})`,
      `destroy/unknown recall: ${dangerous.length - allowedDanger.length}/${dangerous.length} not allowed (${pct(dangerous.length - allowedDanger.length, dangerous.length)})`,
      `evasions not allowed: ${evasions.filter((e) => e.got !== "allow").length}/${evasions.length}`,
      `reads falsely blocked: ${blockedReads.length}/${reads.length} (${pct(blockedReads.length, reads.length)})`,
      `look-alikes allowed: ${lookalikes.filter((e) => e.got === "allow").length}/${lookalikes.length}`,
      `decisions matching the label: ${scored.length - mismatches.length}/${scored.length} (${pct(scored.length - mismatches.length, scored.length)})`,
      ...mismatches.map((e) => `  mismatch: expected ${e.expect}, got ${e.got} (${e.rule}): ${JSON.stringify(e.command)}`),
    ];
    console.log(`Warden corpus\n${figures.join("\n")}`);
    expect(allowedDanger.map((e) => e.command)).toEqual([]);
    expect(blockedReads.length / reads.length).toBeLessThanOrEqual(0.02);
  });

  it("matches every label (the labels are what a careful reviewer decides, written before the code ran)", () => {
    const mismatches = scored.filter((e) => e.got !== e.expect).map((e) => `${e.expect} ≠ ${e.got} (${e.rule}): ${e.command}`);
    expect(mismatches).toEqual([]);
  });
});
