/**
 * Throughput of the redactor with every rule on, against secretlint's recommended preset, on the
 * same generated 50 MB DevOps corpus (bench/redact-corpus.ts). Prints MB/s for both, the ratio,
 * and the redactor's recall and look-alike rate on the planted values. Goal: at least 2x
 * secretlint, recall >= 98%, look-alikes redacted <= 1%. Always exits 0 unless the run crashes.
 *
 * Then the long-line case: one line of `--line-mb` MB and one of an eighth of that, each of four
 * kinds common in CI (a `terraform show -json` plan, which terraform prints on one line; a base64
 * blob; shell commands folded on one line; a one-line log), redacted whole and streamed in 64 KiB
 * writes as the CLI reads a file.
 * Prints the times and how far the big/small ratio is from linear (goal: within 2x, i.e. <= 16).
 *
 * Like bench/plan-report.ts, the parent bundles this file with esbuild and measures in a fresh
 * plain `node` process: the code measured is the bundled JS that ships in dist/, not tsx's
 * on-the-fly transform (which alone costs the redactor about a third of its speed).
 *
 *   npm run bench:redact [-- --mb 50 --iterations 3]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildSync } from "esbuild";
import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { Redactor } from "../src/redact/redactor.js";
import type { RedactionRule } from "../src/redact/redaction-rule.js";
import { ALL_RULES } from "../src/redact/rules/all-rules.js";
import { ASSIGNMENT_RULES } from "../src/redact/rules/assignment-rules.js";
import { STRUCTURED_RULES } from "../src/redact/rules/structured-rules.js";
import { StreamRedactor } from "../src/redact/stream-redactor.js";
import { generateCorpus, type CorpusDocument } from "./redact-corpus.js";

const MB = 1024 * 1024;
const { values } = parseArgs({
  options: {
    mb: { type: "string", default: "50" },
    iterations: { type: "string", default: "3" },
    "line-mb": { type: "string", default: "2" },
    measure: { type: "boolean" },
  },
});
if (!values.measure) {
  const outDir = fileURLToPath(new URL("./.out/", import.meta.url));
  mkdirSync(outDir, { recursive: true });
  const bundle = `${outDir}redact.mjs`;
  buildSync({ entryPoints: [fileURLToPath(import.meta.url)], outfile: bundle, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "error" });
  const child = spawnSync(process.execPath, [bundle, "--measure", "--mb", values.mb, "--iterations", values.iterations, "--line-mb", values["line-mb"]], { stdio: "inherit" });
  process.exit(child.status ?? 1);
}
const size = Number(values.mb) * MB;
const iterations = Number(values.iterations);

const started = performance.now();
const docs = generateCorpus(size);
const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
console.log(`corpus: ${docs.length} documents, ${(bytes / MB).toFixed(1)} MB, generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

interface Contender {
  name: string;
  run: () => Promise<void> | void;
  /** Best wall-clock and best CPU (user + system) seconds over the iterations. */
  best: number;
  bestCpu: number;
}

let outputs: string[] = [];
const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended }] };
let secretlintFindings = 0;
const contenders: Contender[] = [
  {
    name: `stakpak redactor, ${ALL_RULES.length} rules, per document`,
    run: () => {
      const redactor = new Redactor();
      outputs = docs.map((d) => redactor.redact(d.text).text);
    },
    best: Number.POSITIVE_INFINITY,
    bestCpu: Number.POSITIVE_INFINITY,
  },
  {
    name: `stakpak redactor, ${ALL_RULES.length} rules, streamed (64 KiB writes)`,
    run: () => {
      const stream = new StreamRedactor(new Redactor());
      for (const d of docs) for (let at = 0; at < d.text.length; at += 64 * 1024) stream.write(d.text.slice(at, at + 64 * 1024));
      stream.end();
    },
    best: Number.POSITIVE_INFINITY,
    bestCpu: Number.POSITIVE_INFINITY,
  },
  {
    name: "secretlint 12.0.0, preset-recommend",
    run: async () => {
      secretlintFindings = 0;
      for (const d of docs) {
        const result = await lintSource({ source: { content: d.text, filePath: `/corpus/${d.name}.txt`, contentType: "text" }, options: { config } });
        secretlintFindings += result.messages.length;
      }
    },
    best: Number.POSITIVE_INFINITY,
    bestCpu: Number.POSITIVE_INFINITY,
  },
];

// Warm-up (JIT, regex compilation, secretlint's rule setup), then the contenders take turns, so
// a machine that gets busier or quieter during the run affects all of them alike.
for (const c of contenders) await c.run();
for (let i = 0; i < iterations; i++) {
  for (const c of contenders) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    await c.run();
    const used = process.cpuUsage(cpu);
    c.best = Math.min(c.best, (performance.now() - t) / 1000);
    c.bestCpu = Math.min(c.bestCpu, (used.user + used.system) / 1e6);
  }
}
// CPU time is the figure compared: on a shared machine wall time also measures the neighbours.
const rate = (seconds: number): number => bytes / MB / seconds;
console.log(`${"".padEnd(52)} ${"MB/s (CPU)".padStart(11)} ${"MB/s (wall)".padStart(12)}`);
for (const c of contenders) {
  console.log(`${c.name.padEnd(52)} ${rate(c.bestCpu).toFixed(1).padStart(11)} ${rate(c.best).toFixed(1).padStart(12)}`);
}
console.log(`(best of ${iterations} turns each)`);
const perDocument = rate(contenders[0]!.bestCpu);
const secretlint = rate(contenders[2]!.bestCpu);
const wallRatio = contenders[2]!.best / contenders[0]!.best;

// The prefilter's promise: cost follows the text and how often keywords occur in it, not the
// number of rules. Vendor rules (rare keywords such as "ghp_", "xoxb-") are added 20, 100, 196 at
// a time; the last step adds the 26 structured and generic rules, whose keywords ("key", "token",
// "pass", "://") occur on many lines and which do most of the work.
const generic = new Set([...STRUCTURED_RULES, ...ASSIGNMENT_RULES].map((r) => r.id));
const vendor = ALL_RULES.filter((r) => !generic.has(r.id));
const subsets: [string, readonly RedactionRule[]][] = [
  ["20 vendor", vendor.slice(0, 20)],
  ["100 vendor", vendor.slice(0, 100)],
  [`${vendor.length} vendor`, vendor],
  [`all ${ALL_RULES.length}`, ALL_RULES],
];
const scaling = subsets.map(([label, rules]) => {
  const redactor = new Redactor({ rules });
  for (const d of docs) redactor.spans(d.text);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < iterations; i++) {
    const cpu = process.cpuUsage();
    for (const d of docs) redactor.spans(d.text);
    const used = process.cpuUsage(cpu);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return `${label} ${rate(best).toFixed(0)}`;
});
console.log(`finding only (no placeholders), MB/s by CPU: ${scaling.join(", ")}`);

const score = scoreOutputs(docs, outputs);
console.log("");
console.log(`ratio: ${(perDocument / secretlint).toFixed(2)}x secretlint by CPU time, ${wallRatio.toFixed(2)}x by wall time (goal >= 2x)`);
console.log(`recall: ${(score.recall * 100).toFixed(2)}% of ${score.secrets} planted secrets (goal >= 98%)`);
console.log(`look-alikes redacted: ${(score.lookAlikeRate * 100).toFixed(2)}% of ${score.lookAlikes} (goal <= 1%)`);
console.log(`(secretlint reported ${secretlintFindings} findings on the same input)`);

function scoreOutputs(corpus: readonly CorpusDocument[], redacted: readonly string[]) {
  let secrets = 0;
  let caught = 0;
  let lookAlikes = 0;
  let lost = 0;
  corpus.forEach((d, i) => {
    const out = redacted[i]!;
    for (const s of d.secrets) {
      secrets++;
      if (!out.includes(s)) caught++;
    }
    for (const l of d.lookAlikes) {
      lookAlikes++;
      if (!out.includes(l)) lost++;
    }
  });
  return { secrets, lookAlikes, recall: caught / secrets, lookAlikeRate: lost / lookAlikes };
}

const LONG_LINE_KINDS: readonly { name: string; make: (bytes: number) => string }[] = [
  {
    // The shape of `terraform show -json` (format_version, resource_changes[].change.after), which
    // terraform prints on one line; every resource carries a password and a token, as a plan of
    // database instances and CI variables does.
    name: "terraform show -json",
    make: (bytes) => {
      const r = randomText(7);
      return `{"format_version":"1.2","terraform_version":"1.11.0","resource_changes":[${oneLine(bytes, (i) =>
        `{"address":"aws_db_instance.db_${i}","mode":"managed","type":"aws_db_instance","name":"db_${i}","change":{"actions":["create"],"before":null,"after":{"identifier":"db-${i}","engine":"postgres","username":"app","password":"${r(20)}","tags":{"team":"payments","ci_token":"glpat-${r(20)}"}},"after_unknown":{"id":true,"arn":true}}},`,
      )}]}`;
    },
  },
  {
    // A base64 blob (a Helm release's payload, a kubeconfig's certificate data) with a few keywords in it.
    name: "base64 blob",
    make: (bytes) => {
      const r = randomText(11);
      const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      return `release: ${oneLine(bytes, (i) => (i % 16 === 0 ? `key${r(1000, B64)}` : r(1000, B64)))}`;
    },
  },
  {
    // Shell commands folded onto one line (a CI step's `run:` echoed by set -x, a Makefile recipe):
    // client commands whose password rules look far ahead of their keyword (`mysql ... -p`).
    name: "commands on one line",
    make: (bytes) => {
      const r = randomText(17);
      return oneLine(bytes, (i) => `mysql -h db-${i}.internal -u app --database app_${i} docker login registry.acme.io -u ci curl -sS https://api.acme.io/v1/${i} kubectl get pods -n ns-${r(4)} `);
    },
  },
  {
    // A one-line log: structured fields, a bearer token and a database URL every few entries.
    name: "one-line log",
    make: (bytes) => {
      const r = randomText(13);
      return oneLine(bytes, (i) => `ts=2026-01-12T10:00:${String(i % 60).padStart(2, "0")}Z level=info req=${i} msg="GET /v1/items/${i}" Authorization: Bearer ${r(40)} DATABASE_URL=postgres://app:${r(16)}@db.internal:5432/app `);
    },
  },
];

// The long-line case. Before the stream cut inside long lines it rescanned the growing line at
// every write: a 2 MB line cost 9-12 s against 0.45 s for 0.25 MB (issue 8, item 2).
const lineMb = Number(values["line-mb"]);
if (lineMb > 0) longLines();

function longLines(): void {
  console.log("");
  console.log(`long lines (${(lineMb / 8).toFixed(2)} MB and ${lineMb} MB, one line each), best CPU ms of ${Math.max(iterations, 1)}:`);
  console.log(`${"".padEnd(24)} ${"whole small".padStart(12)} ${"whole big".padStart(10)} ${"ratio".padStart(6)} ${"stream small".padStart(13)} ${"stream big".padStart(11)} ${"ratio".padStart(6)}`);
  let worst = 0;
  for (const kind of LONG_LINE_KINDS) {
    const small = kind.make(Math.round((lineMb * MB) / 8));
    const big = kind.make(Math.round(lineMb * MB));
    const whole = (text: string) => bestCpuMs(() => void new Redactor().redact(text));
    const streamed = (text: string) =>
      bestCpuMs(() => {
        const stream = new StreamRedactor(new Redactor());
        for (let at = 0; at < text.length; at += 64 * 1024) stream.write(text.slice(at, at + 64 * 1024));
        stream.end();
      });
    const [ws, wb, ss, sb] = [whole(small), whole(big), streamed(small), streamed(big)];
    worst = Math.max(worst, wb / ws, sb / ss);
    const ms = (n: number, w: number) => n.toFixed(0).padStart(w);
    console.log(`${kind.name.padEnd(24)} ${ms(ws, 12)} ${ms(wb, 10)} ${(wb / ws).toFixed(1).padStart(6)} ${ms(ss, 13)} ${ms(sb, 11)} ${(sb / ss).toFixed(1).padStart(6)}`);
  }
  console.log(`long-line cost: worst big/small ratio ${worst.toFixed(1)} for 8x the text, ${(worst / 8).toFixed(2)}x linear (goal <= 2x)`);
}

function bestCpuMs(run: () => void): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < Math.max(iterations, 1); i++) {
    const cpu = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpu);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** Deterministic filler: the same lines every run (mulberry32). */
function randomText(seed: number): (n: number, alphabet?: string) => string {
  let state = seed;
  const next = (): number => {
    let t = (state = (state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return (n, alphabet = ALNUM) => {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
}

/** Pieces repeated up to `bytes`, joined with no newline. */
function oneLine(bytes: number, piece: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const p = piece(i);
    parts.push(p);
    length += p.length;
  }
  return parts.join("").slice(0, bytes);
}
