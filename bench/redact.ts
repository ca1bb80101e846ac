/**
 * Throughput of the redactor with every rule on, against secretlint's recommended preset, on the
 * same generated 50 MB DevOps corpus (bench/redact-corpus.ts). Prints MB/s for both, the ratio,
 * and the redactor's recall and look-alike rate on the planted values. Goal: at least 2x
 * secretlint, recall >= 98%, look-alikes redacted <= 1%. Always exits 0 unless the run crashes.
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
import { ALL_RULES } from "../src/redact/rules/all-rules.js";
import { StreamRedactor } from "../src/redact/stream-redactor.js";
import { generateCorpus, type CorpusDocument } from "./redact-corpus.js";

const MB = 1024 * 1024;
const { values } = parseArgs({
  options: { mb: { type: "string", default: "50" }, iterations: { type: "string", default: "3" }, measure: { type: "boolean" } },
});
if (!values.measure) {
  const outDir = fileURLToPath(new URL("./.out/", import.meta.url));
  mkdirSync(outDir, { recursive: true });
  const bundle = `${outDir}redact.mjs`;
  buildSync({ entryPoints: [fileURLToPath(import.meta.url)], outfile: bundle, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "error" });
  const child = spawnSync(process.execPath, [bundle, "--measure", "--mb", values.mb, "--iterations", values.iterations], { stdio: "inherit" });
  process.exit(child.status ?? 1);
}
const size = Number(values.mb) * MB;
const iterations = Number(values.iterations);

const started = performance.now();
const docs = generateCorpus(size);
const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
console.log(`corpus: ${docs.length} documents, ${(bytes / MB).toFixed(1)} MB, generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

/** Best of `iterations` runs, in MB/s. */
async function measure(name: string, run: () => Promise<void> | void): Promise<number> {
  await run(); // warm-up: JIT, regex compilation, secretlint's rule setup
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await run();
    best = Math.min(best, performance.now() - t);
  }
  const rate = bytes / MB / (best / 1000);
  console.log(`${name.padEnd(44)} ${rate.toFixed(1).padStart(7)} MB/s   (${(best / 1000).toFixed(2)} s best of ${iterations})`);
  return rate;
}

let outputs: string[] = [];
const perDocument = await measure(`stakpak redactor, ${ALL_RULES.length} rules, per document`, () => {
  const redactor = new Redactor();
  outputs = docs.map((d) => redactor.redact(d.text).text);
});
await measure(`stakpak redactor, ${ALL_RULES.length} rules, streamed (64 KiB)`, () => {
  const stream = new StreamRedactor(new Redactor());
  for (const d of docs) for (let at = 0; at < d.text.length; at += 64 * 1024) stream.write(d.text.slice(at, at + 64 * 1024));
  stream.end();
});
const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended }] };
let secretlintFindings = 0;
const secretlint = await measure("secretlint 12.0.0, preset-recommend", async () => {
  secretlintFindings = 0;
  for (const d of docs) {
    const result = await lintSource({ source: { content: d.text, filePath: `/corpus/${d.name}.txt`, contentType: "text" }, options: { config } });
    secretlintFindings += result.messages.length;
  }
});

const score = scoreOutputs(docs, outputs);
console.log("");
console.log(`ratio: ${(perDocument / secretlint).toFixed(2)}x secretlint (goal >= 2x)`);
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
