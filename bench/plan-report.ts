/**
 * Benchmark of the report path for a 10,000-resource plan:
 * JSON text → parsePlanJson → renderMarkdownReport (and renderJsonReport).
 *
 * The parent generates the plan and writes it to bench/.out/, bundles this file with esbuild and
 * runs the bundle in a fresh plain `node` process to measure: its peak RSS is the pipeline's as
 * shipped (bundled JS), not the generator's or tsx's (tsx alone adds ~60 MB of RSS). Prints a table and
 * compares with the goals (under 500 ms, under 200 MB). Always exits 0 unless the run crashes.
 *
 *   npm run bench:plan-report [-- --resources 10000 --iterations 5 --warmup 1]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildSync } from "esbuild";
import type { ProjectRun } from "../src/iac/project-run.js";
import { parsePlanJson } from "../src/iac/parse-plan-json.js";
import { collectSensitiveValues } from "../src/iac/sensitive-values.js";
import { rawPlanSchema } from "../src/iac/terraform-plan-json.js";
import { renderJsonReport } from "../src/report/render-json.js";
import { DEFAULT_MAX_CHARS, renderMarkdownReport } from "../src/report/render-markdown.js";
import { generatePlan, generatePlanText } from "../test/support/generate-plan.js";

const GOAL_MS = 500;
const GOAL_MB = 200;
const OUT_DIR = fileURLToPath(new URL("./.out/", import.meta.url));
const MB = 1024 * 1024;

const STAGES = ["parse", "markdown", "json", "parse+markdown", "jsonParse", "zod", "collectSecrets"] as const;
type Stage = (typeof STAGES)[number];
const PIPELINE: ReadonlySet<Stage> = new Set(["parse", "markdown", "json"]);

interface Measurement {
  timings: Record<Stage, number[]>;
  peakRssBytes: number;
  peakHeapUsedBytes: number;
  baselineRssBytes: number;
  markdownChars: number;
  jsonChars: number;
  listedResources: number;
}

const { values } = parseArgs({
  options: {
    resources: { type: "string", default: "10000" },
    iterations: { type: "string", default: "5" },
    warmup: { type: "string", default: "1" },
    seed: { type: "string", default: "42" },
    measure: { type: "boolean", default: false },
    once: { type: "boolean", default: false },
    data: { type: "string", default: OUT_DIR },
  },
});

function main(): void {
  const resources = Number(values.resources);
  const started = performance.now();
  const generated = generatePlan(resources, Number(values.seed));
  const json = JSON.stringify(generated.plan);
  const text = generatePlanText(generated.plan);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(`${OUT_DIR}plan.json`, json);
  writeFileSync(`${OUT_DIR}plan.txt`, text);
  const generateMs = performance.now() - started;

  const bundle = `${OUT_DIR}plan-report.mjs`;
  buildSync({ entryPoints: [fileURLToPath(import.meta.url)], outfile: bundle, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "error" });
  const child = spawnSync(
    process.execPath,
    ["--expose-gc", bundle, "--measure", "--data", OUT_DIR, "--iterations", values.iterations ?? "5", "--warmup", values.warmup ?? "1"],
    { encoding: "utf8", maxBuffer: 16 * MB, stdio: ["ignore", "pipe", "inherit"] },
  );
  if (child.status !== 0) {
    console.error(`The measuring process failed (exit ${child.status ?? child.signal}).`);
    process.exit(1);
  }
  const m = JSON.parse(child.stdout) as Measurement;
  const single = spawnSync(process.execPath, [bundle, "--once", "--data", OUT_DIR], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (single.status !== 0) {
    console.error(`The single-run process failed (exit ${single.status ?? single.signal}).`);
    process.exit(1);
  }
  const once = JSON.parse(single.stdout) as SingleRun;
  report(m, once, { resources, jsonBytes: json.length, textBytes: text.length, generateMs, iterations: Number(values.iterations), warmup: Number(values.warmup) });
}

interface SingleRun {
  ms: number;
  peakRssBytes: number;
  baselineRssBytes: number;
}

/**
 * What one `stakpak-gitops plan` does with a plan, once, in a fresh process: cold parse and
 * markdown render, and the process's peak RSS. The memory goal is judged on this run; the loop
 * above keeps several plans' garbage alive between collections.
 */
function measureOnce(dataDir: string): void {
  const json = readFileSync(`${dataDir}plan.json`, "utf8");
  const planText = readFileSync(`${dataDir}plan.txt`, "utf8");
  const baselineRssBytes = process.memoryUsage().rss;
  const start = performance.now();
  const plan = parsePlanJson(json);
  const run: ProjectRun = { project: "platform", environment: "prod", dir: "infra/platform", tool: "terraform", status: "changes", plan, planText, diagnostics: [], durationMs: 0 };
  const markdown = renderMarkdownReport([run]);
  const ms = performance.now() - start;
  if (markdown.length === 0) throw new Error("empty report");
  const result: SingleRun = { ms, peakRssBytes: process.resourceUsage().maxRSS * 1024, baselineRssBytes };
  process.stdout.write(JSON.stringify(result));
}

/** Runs in the fresh child: reads the plan, times each stage, samples memory between stages. */
function measure(dataDir: string, iterations: number, warmup: number): void {
  const json = readFileSync(`${dataDir}plan.json`, "utf8");
  const planText = readFileSync(`${dataDir}plan.txt`, "utf8");
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baselineRssBytes = process.memoryUsage().rss;
  const timings = Object.fromEntries(STAGES.map((s) => [s, [] as number[]])) as Record<Stage, number[]>;
  let peakHeapUsedBytes = 0;
  const sample = (): void => {
    peakHeapUsedBytes = Math.max(peakHeapUsedBytes, process.memoryUsage().heapUsed);
  };
  const time = <T>(stage: Stage, record: boolean, fn: () => T): T => {
    const start = performance.now();
    const result = fn();
    if (record) timings[stage].push(performance.now() - start);
    if (PIPELINE.has(stage)) sample();
    return result;
  };

  let markdownChars = 0;
  let jsonChars = 0;
  let listedResources = 0;
  for (let i = 0; i < warmup + iterations; i++) {
    const record = i >= warmup;
    const plan = time("parse", record, () => parsePlanJson(json));
    const run: ProjectRun = { project: "platform", environment: "prod", dir: "infra/platform", tool: "terraform", status: "changes", plan, planText, diagnostics: [], durationMs: 0 };
    const markdown = time("markdown", record, () => renderMarkdownReport([run]));
    const jsonReport = time("json", record, () => renderJsonReport([run]));
    if (record) timings["parse+markdown"].push((timings.parse.at(-1) ?? 0) + (timings.markdown.at(-1) ?? 0));
    markdownChars = markdown.length;
    jsonChars = jsonReport.length;
    listedResources = plan.resourceChanges.length;
    gc?.();
  }
  // Read before the breakdown below, which holds extra copies of the plan the pipeline never has.
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;

  // Where parsePlanJson spends its time (each piece is exported from src/iac).
  for (let i = 0; i < warmup + iterations; i++) {
    const record = i >= warmup;
    const data = time("jsonParse", record, () => JSON.parse(json) as unknown);
    const raw = time("zod", record, () => rawPlanSchema.parse(data));
    time("collectSecrets", record, () => collectSensitiveValues(raw));
    gc?.();
  }
  const result: Measurement = {
    timings,
    peakRssBytes,
    peakHeapUsedBytes,
    baselineRssBytes,
    markdownChars,
    jsonChars,
    listedResources,
  };
  process.stdout.write(JSON.stringify(result));
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function report(
  m: Measurement,
  once: SingleRun,
  info: { resources: number; jsonBytes: number; textBytes: number; generateMs: number; iterations: number; warmup: number },
): void {
  const row = (label: string, stage: Stage, goal = ""): string[] => [label, fmt(median(m.timings[stage])), fmt(Math.max(...m.timings[stage])), goal];
  const parseMarkdown = median(m.timings["parse+markdown"]);
  const peakMb = once.peakRssBytes / MB;
  const pass = (ok: boolean): string => (ok ? "PASS" : "FAIL");
  const rest = median(m.timings.parse) - median(m.timings.jsonParse) - median(m.timings.zod) - median(m.timings.collectSecrets);

  console.log(`\nPlan report benchmark — ${info.resources.toLocaleString("en-US")} resources (${m.listedResources.toLocaleString("en-US")} with changes), ` +
    `plan JSON ${fmt(info.jsonBytes / MB)} MB, plan text ${fmt(info.textBytes / MB)} MB`);
  console.log(`Node ${process.version}; ${info.iterations} timed iterations after ${info.warmup} warm-up, in a fresh node process running the esbuild bundle; generating took ${fmt(info.generateMs, 0)} ms\n`);
  table(["stage", "median ms", "max ms", "goal"], [
    row("JSON text → parsePlanJson", "parse"),
    row("renderMarkdownReport", "markdown"),
    row("renderJsonReport", "json"),
    row("parse + markdown", "parse+markdown", `< ${GOAL_MS} ms  ${pass(parseMarkdown < GOAL_MS)}`),
  ]);
  console.log("\nInside parsePlanJson (same input, timed separately):");
  table(["piece", "median ms", "max ms", ""], [
    row("  JSON.parse", "jsonParse"),
    row("  zod rawPlanSchema.parse", "zod"),
    row("  collectSensitiveValues", "collectSecrets"),
    ["  the rest (model build, masking)", fmt(rest), "", ""],
  ]);
  console.log(`\nOne cold run in a fresh process (what the CLI does): parse + markdown ${fmt(once.ms)} ms`);
  console.log("\nMemory:");
  table(["", "MB", "goal", ""], [
    ["peak RSS, one cold run (getrusage maxRSS)", fmt(peakMb), `< ${GOAL_MB} MB`, pass(peakMb < GOAL_MB)],
    ["  RSS after startup and reading the input", fmt(once.baselineRssBytes / MB), "", ""],
    ["  peak RSS above that (the pipeline's own)", fmt((once.peakRssBytes - once.baselineRssBytes) / MB), "", ""],
    ["peak RSS over all timed iterations, incl. JSON report", fmt(m.peakRssBytes / MB), "", ""],
    ["peak heap used (sampled after each pipeline stage)", fmt(m.peakHeapUsedBytes / MB), "", ""],
  ]);
  console.log(`\nMarkdown: ${m.markdownChars.toLocaleString("en-US")} characters (limit ${DEFAULT_MAX_CHARS.toLocaleString("en-US")}); JSON report: ${fmt(m.jsonChars / MB)} MB\n`);
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

// Last, so every declaration above is initialized before either side runs.
if (values.once) measureOnce(values.data ?? OUT_DIR);
else if (values.measure) measure(values.data ?? OUT_DIR, Number(values.iterations), Number(values.warmup));
else main();
