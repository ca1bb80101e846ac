import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { CatalogEntry } from "../../src/warden/classifier.js";
import { scanArgs } from "../../src/warden/scan-args.js";
import { literalWord } from "../../src/warden/shell-word.js";
import { familyOf, splitCommandPath, type VerbFamily } from "../../src/warden/verb-families.js";
import { createWarden, type Warden } from "../../src/warden/warden.js";
import { readJsonl } from "../support/read-jsonl.js";

// Commands taken from public sources (tldr-pages, the aws-cli examples, the PostgreSQL, MySQL and
// MongoDB manuals), each with its source; they are only parsed and judged, never run.
// `local` is work inside the workspace (allowed); `write` changes something elsewhere (needs a person).

const CORPUS_FILE = join(import.meta.dirname, "..", "fixtures", "warden", "real-world-semantics.jsonl");

const entrySchema = z.strictObject({
  command: z.string().min(1),
  effect: z.enum(["read", "local", "write", "destroy", "unknown"]),
  source: z.string().min(1),
});
type Entry = z.infer<typeof entrySchema>;

function loadEntries(): Entry[] {
  return readJsonl(CORPUS_FILE, entrySchema, CORPUS_FILE);
}

interface Scored extends Entry {
  decision: string;
  rule: string;
}

let scored: Scored[];

beforeAll(async () => {
  const warden: Warden = await createWarden({ workspace: "/work/repo" });
  scored = loadEntries().map((e) => {
    const d = warden.check(e.command);
    return { ...e, decision: d.decision, rule: d.rule };
  });
});

function pct(part: number, whole: number): string {
  return whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(1)}%`;
}

describe("real-world commands for issue 8 item 3 (test/fixtures/warden/real-world-semantics.jsonl)", () => {
  it("holds at least 1,000 distinct commands, each with a public source", () => {
    expect(scored.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(scored.map((e) => e.command)).size).toBe(scored.length);
    expect(scored.filter((e) => !/^(tldr-pages\/tldr|aws\/aws-cli|postgresql\.org|dev\.mysql\.com|mongodb\.com|issue 8)/.test(e.source))).toEqual([]);
  });

  it("allows no destroy or unknown, at most 1% of writes, and blocks at most 2% of reads; prints the figures", () => {
    const of = (effect: Entry["effect"]) => scored.filter((e) => e.effect === effect);
    const dangerous = [...of("destroy"), ...of("unknown")];
    const allowedDanger = dangerous.filter((e) => e.decision === "allow");
    const allowedWrites = of("write").filter((e) => e.decision === "allow");
    const blockedReads = of("read").filter((e) => e.decision !== "allow");
    const blockedLocal = of("local").filter((e) => e.decision !== "allow");
    const line = (e: Scored) => `  ${e.effect} -> ${e.decision} (${e.rule}): ${e.command} [${e.source}]`;
    console.log(
      [
        `Warden real-world semantics corpus: ${scored.length} commands`,
        `destroys/unknowns allowed: ${allowedDanger.length}/${dangerous.length} (destroy ${of("destroy").length}, unknown ${of("unknown").length})`,
        `writes allowed without approval: ${allowedWrites.length}/${of("write").length} (${pct(allowedWrites.length, of("write").length)})`,
        `reads blocked: ${blockedReads.length}/${of("read").length} (${pct(blockedReads.length, of("read").length)})`,
        `local work blocked: ${blockedLocal.length}/${of("local").length}`,
        ...[...allowedDanger, ...allowedWrites, ...blockedReads, ...blockedLocal].map(line),
      ].join("\n"),
    );
    expect(allowedDanger.map(line)).toEqual([]);
    expect(allowedWrites.length / of("write").length).toBeLessThanOrEqual(0.01);
    expect(blockedReads.length / of("read").length).toBeLessThanOrEqual(0.02);
  });
});

const entry = (id: string, effect: CatalogEntry["effect"], verbs: string[]): VerbFamily => ({ id, description: id, effect, examples: [], verbs });
const FAMILIES: readonly VerbFamily[] = [
  entry("t.destroy", "destroy", ["delete", "delete-*", "remove-*", "purge"]),
  entry("t.write", "write", ["create", "update", "lock", "run", "admin", "set-*", "deploy"]),
  entry("t.read", "read", ["list", "list-*", "show", "get-*", "describe"]),
];
const words = (line: string) => line.split(" ").map(literalWord);

describe("verb families: every word of a verb counts", () => {
  const cases: [string, string | undefined][] = [
    ["delete", "t.destroy"],
    ["admin-delete-user", "t.destroy"],
    ["bulk_purge_items", "t.destroy"],
    ["admin-create-user", "t.write"],
    ["batch-create-things", "t.write"],
    ["list-deleted", "t.read"],
    ["get-delete-status", "t.read"],
    ["frobnicate", undefined],
    ["frobnicate-all", undefined],
  ];
  for (const [verb, id] of cases) {
    it(`${verb} -> ${id ?? "no family"}`, () => {
      expect(familyOf(verb, FAMILIES)?.id).toBe(id);
    });
  }

  const paths: [string, string | undefined, string | undefined][] = [
    ["lock delete", "t.destroy", "delete"],
    ["lock list", "t.read", "list"],
    ["resource lock show", "t.read", "show"],
    ["run services delete api", "t.destroy", "delete"],
    ["run services list", "t.read", "list"],
    ["compute instances create web-1", "t.write", "create"],
    // A later exact destroy word wins even when a read came first: the path may name it.
    ["compute instances describe purge", "t.destroy", "purge"],
    // A resource name that only looks like a verb by prefix does not count.
    ["compute instances create delete-me", "t.write", "create"],
    ["storage immutability-policy lock", "t.write", "lock"],
  ];
  for (const [path, id, verb] of paths) {
    it(`path "${path}" -> ${id} (${verb})`, () => {
      const split = splitCommandPath(words(path), FAMILIES, ["lock", "run"]);
      expect(split.family?.id).toBe(id);
      expect(split.verb?.text).toBe(verb);
    });
  }
});

describe("scanArgs: options that take values never hide the command", () => {
  it("reads -0 and -5 as flags, not as the first positional", () => {
    const a = scanArgs(words("-0 -n 1 ls -l"), { valued: ["-n"], stopAtPositional: true });
    expect([...a.options.keys()]).toEqual(["-0", "-n"]);
    expect(a.rest.map((w) => w.text)).toEqual(["ls", "-l"]);
  });

  it("takes an optional value only when attached (mysql -pSECRET, -p alone prompts)", () => {
    const a = scanArgs(words("-uapp -psecret app -e x -p"), { valued: ["-u", "-e"], attachedValue: ["-p"] });
    expect(a.options.get("-p")?.map((w) => w.text)).toEqual(["secret", ""]);
    expect(a.options.get("-e")?.map((w) => w.text)).toEqual(["x"]);
    expect(a.positionals.map((w) => w.text)).toEqual(["app"]);
  });

  it("keeps reading options after the tool's own positionals (ssh HOST -p 22 CMD)", () => {
    const a = scanArgs(words("-v host -p 22 -o X=1 uptime -p"), { valued: ["-p", "-o"], stopAtPositional: true, ownPositionals: 1 });
    expect(a.positionals.map((w) => w.text)).toEqual(["host"]);
    expect(a.options.get("-p")?.map((w) => w.text)).toEqual(["22"]);
    expect(a.rest.map((w) => w.text)).toEqual(["uptime", "-p"]);
  });
});
