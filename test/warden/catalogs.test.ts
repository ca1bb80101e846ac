import { beforeAll, describe, expect, it } from "vitest";
import { CLASSIFIERS } from "../../src/warden/catalogs.js";
import type { CatalogEntry } from "../../src/warden/classifier.js";
import { DISPATCH_CATALOG } from "../../src/warden/classify-command.js";
import { FILE_WRITE_CATALOG } from "../../src/warden/classify-file-writes.js";
import { EFFECT_RANK, type Effect } from "../../src/warden/operation.js";
import { createWarden, type Warden } from "../../src/warden/warden.js";

const ALL_ENTRIES: readonly CatalogEntry[] = [...DISPATCH_CATALOG, ...FILE_WRITE_CATALOG, ...CLASSIFIERS.flatMap((c) => c.catalog)];

let warden: Warden;
beforeAll(async () => {
  warden = await createWarden({ workspace: "/work/repo" });
});

function worst(effects: readonly Effect[]): Effect | undefined {
  return [...effects].sort((a, b) => EFFECT_RANK[b] - EFFECT_RANK[a])[0];
}

describe("catalogs: every entry is data with its own examples", () => {
  it("gives every entry a unique id", () => {
    const ids = ALL_ENTRIES.map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("lets each program name belong to one catalog only", () => {
    const owners = new Map<string, number>();
    const clashes: string[] = [];
    CLASSIFIERS.forEach((c, i) => {
      for (const name of new Set(c.commands)) {
        if (owners.has(name)) clashes.push(name);
        owners.set(name, i);
      }
    });
    expect(clashes).toEqual([]);
  });

  it("gives every entry at least one example (except the nesting limit, which needs absurd input)", () => {
    expect(ALL_ENTRIES.filter((e) => e.examples.length === 0).map((e) => e.id)).toEqual(["shell.too-deep"]);
  });

  for (const entry of ALL_ENTRIES) {
    for (const example of entry.examples) {
      it(`${entry.id} (${entry.effect}): ${example.replace(/\n/g, "⏎").slice(0, 90)}`, () => {
        const { decision } = warden.explain(example);
        const ops = decision.operations;
        if (entry.delegates) {
          // A wrapper has no operation of its own: the command it wraps decides, found through it.
          expect(ops.some((op) => op.via.length > 0)).toBe(true);
          expect(worst(ops.map((op) => op.effect))).toBe(entry.effect);
        } else {
          const mine = ops.filter((op) => op.catalog === entry.id);
          expect(mine.map((op) => op.effect), JSON.stringify(ops.map((op) => [op.catalog, op.effect]))).toContain(entry.effect);
        }
      });
    }
  }
});
