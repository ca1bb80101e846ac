import { beforeAll, describe, expect, it } from "vitest";
import { EMPTY_POLICY } from "../../src/warden/policy.js";
import { createWarden } from "../../src/warden/warden.js";
import { loadRealWorldCorpus, type RealWorldCase } from "./real-world-corpus.js";

// An independent corpus: command examples copied from public documentation (tldr-pages, the
// aws-cli examples, kubectl and cloud CLI references), each labelled by what the tool really does
// and judged by the same entry point as `warden check`, with the default policy. The commands are
// only parsed and judged, never run.

const WORKSPACE = "/work/repo";

interface Judged extends RealWorldCase {
  got: string;
  rule: string;
}

let judged: Judged[];

beforeAll(async () => {
  const warden = await createWarden({ workspace: WORKSPACE, policy: EMPTY_POLICY });
  judged = loadRealWorldCorpus().map((c) => {
    const decision = warden.check(c.command, { environment: null });
    return { ...c, got: decision.decision, rule: decision.rule };
  });
});

function pct(part: number, whole: number): string {
  return whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(1)}%`;
}

/**
 * Misses whose class lives in a classifier another change owns (reported, not fixed here): they are
 * printed with the figures and left out of the asserted goals until that change lands.
 */
const KNOWN_MISSES: readonly { command: string; owner: string }[] = [];
const known = new Set(KNOWN_MISSES.map((m) => m.command));

const show = (c: Judged) => `  ${c.effect}${c.local ? " (local)" : ""} → ${c.got} (${c.rule}) ${c.file}:${c.line}: ${c.command}`;

describe("real-world command corpus (test/fixtures/warden/real-world/)", () => {
  it("has several hundred distinct cases across tools, each with a source", () => {
    expect(judged.length).toBeGreaterThanOrEqual(500);
    expect(new Set(judged.map((c) => c.command)).size).toBe(judged.length);
    expect(new Set(judged.map((c) => c.file)).size).toBeGreaterThanOrEqual(8);
  });

  it("allows no destroy or unknown, at most 1% of remote writes and blocks at most 2% of reads; prints the figures", () => {
    const dangerous = judged.filter((c) => (c.effect === "destroy" && !c.local) || c.effect === "unknown");
    const dangerAllowed = dangerous.filter((c) => c.got === "allow");
    const writes = judged.filter((c) => c.effect === "write" && !c.local);
    const writesAllowed = writes.filter((c) => c.got === "allow");
    const localChanges = judged.filter((c) => c.effect !== "read" && c.local);
    const localBlocked = localChanges.filter((c) => c.got !== "allow");
    const reads = judged.filter((c) => c.effect === "read");
    const readsBlocked = reads.filter((c) => c.got !== "allow");
    const files = [...new Set(judged.map((c) => c.file))];
    const misses = [...dangerAllowed, ...writesAllowed, ...readsBlocked];
    const mine = (list: readonly Judged[]) => list.filter((c) => !known.has(c.command));
    const figures = [
      `cases: ${judged.length} (reads ${reads.length}, remote writes ${writes.length}, destroys/unknowns ${dangerous.length}, local changes ${localChanges.length})`,
      `by file: ${files.map((f) => `${f} ${judged.filter((c) => c.file === f).length}`).join(", ")}`,
      `destroys/unknowns allowed: ${dangerAllowed.length}/${dangerous.length} (${pct(dangerAllowed.length, dangerous.length)})`,
      `writes allowed without approval: ${writesAllowed.length}/${writes.length} (${pct(writesAllowed.length, writes.length)})`,
      `reads blocked: ${readsBlocked.length}/${reads.length} (${pct(readsBlocked.length, reads.length)}); without the known misses of other classifiers ${mine(readsBlocked).length}/${reads.length} (${pct(mine(readsBlocked).length, reads.length)})`,
      `local changes not allowed (not a goal; shown for review): ${localBlocked.length}/${localChanges.length}`,
      ...misses.map((c) => `${show(c)}${known.has(c.command) ? "  [known: another classifier's class]" : ""}`),
      ...localBlocked.map(show),
      ...KNOWN_MISSES.filter((m) => !misses.some((c) => c.command === m.command)).map((m) => `  known miss now passes, remove it from KNOWN_MISSES: ${m.command}`),
    ];
    console.log(`Warden real-world corpus\n${figures.join("\n")}`);
    expect(KNOWN_MISSES.every((m) => judged.some((c) => c.command === m.command))).toBe(true);
    expect(dangerAllowed.map(show)).toEqual([]);
    expect(mine(writesAllowed).length / writes.length).toBeLessThanOrEqual(0.01);
    expect(mine(readsBlocked).length / reads.length).toBeLessThanOrEqual(0.02);
  });
});
