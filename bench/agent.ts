/**
 * The agent's own overhead per tool step, without the model and without terraform: the loop
 * (transcript, context window, redaction of every result) and the file tools on a generated
 * repository of 2,000 files. The model is an in-process script that answers at once, so what is
 * timed is everything stakpak-gitops does between two model answers. Peak memory is the
 * process's maximum resident set.
 *
 * Prints per tool: steps, mean and p95 ms; then all steps' mean against the goal (under 20 ms)
 * and the peak RSS against its goal (under 150 MB). run_command (one sandboxed process per step)
 * is timed apart: it is a process start, not the agent's overhead. Always exits 0.
 *
 * It runs as the product runs, from an esbuild bundle under plain node (tsx's loader alone
 * adds ~40 MB): started with tsx, it bundles itself into a temp file and runs that.
 *
 * Each of RUNS runs is one agent run of STEPS tool steps (40, llm.max_steps' default), with a
 * fresh transcript and a fresh cache of redacted files, as consecutive requests would be.
 *
 * Peak memory is measured as the product runs the agent: one request per Action job, so one run
 * in a process of its own (a second child, `--runs 1`), against the goal. The peak of the timing
 * process (RUNS runs in one process) is printed too: it is higher because V8 lets the earlier
 * runs' garbage pile up in the old generation before a full collection.
 *
 *   npx tsx bench/agent.ts [--files 2000] [--steps 40] [--runs 8]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { resolveLlmSettings } from "../src/config/llm-settings.js";
import { runAgent } from "../src/planner/agent-loop.js";
import { createAgentRun } from "../src/planner/create-agent-run.js";
import type { ModelClient } from "../src/planner/model-client.js";
import { ToolTable } from "../src/planner/tool-table.js";
import { Redactor } from "../src/redact/redactor.js";
import { createWarden } from "../src/warden/warden.js";

const GOAL_STEP_MS = 20;
const GOAL_RSS_MB = 150;

const { values } = parseArgs({
  options: { files: { type: "string", default: "2000" }, steps: { type: "string", default: "40" }, runs: { type: "string", default: "8" }, "peak-only": { type: "boolean", default: false } },
});
const FILES = Number(values.files);
/** Steps per run: llm.max_steps' default. */
const STEPS = Number(values.steps);
const RUNS = Number(values.runs);

function tfFile(i: number): string {
  const lines = [`# Module part ${i}: the network and storage of one service.`];
  for (let r = 0; r < 6; r++) {
    lines.push(
      `resource "terraform_data" "svc_${i}_${r}" {`,
      "  input = {",
      `    name        = "svc-${i}-${r}"`,
      `    environment = var.environment`,
      `    tags        = { team = "platform", cost_center = "cc-${i % 40}" }`,
      "  }",
      "}",
      "",
    );
  }
  if (i % 50 === 0) lines.push(`# rotate: password = "Xk${i}vQ9!mZ2pL7#rT4wB"`);
  return lines.join("\n");
}

function makeRepo(): string {
  const root = mkdtempSync(join(tmpdir(), "stakpak-bench-agent-"));
  for (let i = 0; i < FILES; i++) {
    const rel = i % 10 === 9 ? `docs/service-${i}.md` : `infra/team-${i % 20}/svc-${i}/main.tf`;
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), rel.endsWith(".md") ? `# Service ${i}\n\nOwned by platform. Runbook: restart, then check logs.\n` : tfFile(i));
  }
  execFileSync("git", ["init", "-q"], { cwd: root });
  return root;
}

/** The tool calls the bench cycles through, as a model would send them. */
function callFor(step: number): { name: string; args: unknown } {
  const i = (step * 37) % FILES;
  const tf = `infra/team-${i % 20}/svc-${i - (i % 10 === 9 ? 1 : 0)}/main.tf`;
  switch (step % 6) {
    case 0:
      return { name: "list_files", args: { path: `infra/team-${i % 20}`, glob: "**/*.tf" } };
    case 1:
      return { name: "read_file", args: { path: tf } };
    case 2:
      return { name: "search_files", args: { pattern: `svc-${i}-3`, glob: "infra/**/*.tf" } };
    case 3:
      return { name: "write_file", args: { path: `infra/team-${i % 20}/new-${step}.tf`, content: tfFile(step) } };
    case 4:
      return { name: "edit_file", args: { path: `infra/team-${i % 20}/new-${step - 1}.tf`, old_text: `"svc-${step - 1}-2"`, new_text: `"svc-${step - 1}-2-renamed"` } };
    default:
      return { name: "read_file", args: { path: tf, start_line: 3, end_line: 20 } };
  }
}

function completion(name: string, args: unknown, id: number): ChatCompletion {
  return {
    id: `b${id}`,
    object: "chat.completion",
    created: 0,
    model: "bench",
    choices: [{ index: 0, finish_reason: "tool_calls", logprobs: null, message: { role: "assistant", content: null, refusal: null, tool_calls: [{ id: `c${id}`, type: "function", function: { name, arguments: JSON.stringify(args) } }] } }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

function stats(ms: readonly number[]): { mean: number; p95: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { mean: ms.reduce((a, b) => a + b, 0) / Math.max(ms.length, 1), p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0 };
}

async function main(): Promise<void> {
  const baselineMb = process.memoryUsage().rss / 1024 / 1024;
  const root = makeRepo();
  try {
    const redactor = new Redactor();
    const warden = await createWarden({ workspace: root });
    const perTool = new Map<string, number[]>();
    let totalMs = 0;
    let status = "";
    let run = await createAgentRun({ repoRoot: root, redactor, warden, env: { PATH: process.env.PATH, HOME: root } });
    for (let r = 0; r < RUNS; r++) {
      run = await createAgentRun({ repoRoot: root, redactor, warden, env: { PATH: process.env.PATH, HOME: root } });
      let lastAnswer = 0;
      let step = 0;
      let pending = "";
      const client: ModelClient = {
        async complete(_request: ChatCompletionCreateParamsNonStreaming) {
          const now = performance.now();
          if (pending) perTool.get(pending)!.push(now - lastAnswer);
          step++;
          const call = step > STEPS ? { name: "finish", args: { summary: "bench", commit_message: "bench" } } : callFor(r * STEPS + step);
          pending = call.name === "finish" ? "" : call.name;
          if (pending && !perTool.has(pending)) perTool.set(pending, []);
          lastAnswer = performance.now();
          return completion(call.name, call.args, step);
        },
      };
      // The plan at finish is terraform's work, not the agent's: the bench leaves it out.
      run.plan = async () => ({ text: redactor.redact("bench: no plan"), ok: true, allowed: true });
      const settings = resolveLlmSettings({ model: "bench" }, {}, { maxSteps: STEPS + 5 });
      const started = performance.now();
      const outcome = await runAgent({ client, settings, tools: new ToolTable(), run, prompt: { request: redactor.redact("bench"), requester: "bench", context: [], guidance: [] } });
      totalMs += performance.now() - started;
      status = outcome.status;
    }

    const commandMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await run.runCommand("ls infra");
      commandMs.push(performance.now() - t);
    }

    const all = [...perTool.values()].flat();
    const peakMb = process.resourceUsage().maxRSS / 1024;
    if (values["peak-only"]) {
      console.log(`peak RSS of one agent run of ${STEPS} steps in a process of its own (an Action job answers one request): ${peakMb.toFixed(0)} MB (goal: under ${GOAL_RSS_MB} MB) ${peakMb < GOAL_RSS_MB ? "OK" : "MISSED"}; ${baselineMb.toFixed(0)} MB before the run (node, the loader, the modules)`);
      return;
    }
    console.log(`agent bench: ${FILES} files, ${RUNS} runs of ${STEPS} tool steps (${all.length} in all, last run ${status}), ${totalMs.toFixed(0)} ms`);
    for (const [name, ms] of perTool) {
      const s = stats(ms);
      console.log(`  ${name.padEnd(13)} ${String(ms.length).padStart(4)} steps  mean ${s.mean.toFixed(2)} ms  p95 ${s.p95.toFixed(2)} ms`);
    }
    const s = stats(all);
    console.log(`all tool steps: mean ${s.mean.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms (goal: under ${GOAL_STEP_MS} ms) ${s.mean < GOAL_STEP_MS ? "OK" : "MISSED"}`);
    console.log(`peak RSS of this process (${RUNS} runs, then the commands): ${peakMb.toFixed(0)} MB`);
    const c = stats(commandMs);
    console.log(`run_command (a sandboxed process each, not in the goal): mean ${c.mean.toFixed(1)} ms, p95 ${c.p95.toFixed(1)} ms`);
  } finally {
    if (root.startsWith(tmpdir())) rmSync(root, { recursive: true, force: true });
  }
}

if (process.env.STAKPAK_AGENT_BENCH_BUNDLED === "1") {
  await main();
} else {
  const { build } = await import("esbuild");
  const { spawnSync } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  // Inside node_modules, so that what the bundle reads at run time (the grammar's .wasm) resolves.
  const out = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", ".cache", "stakpak-bench", "agent-bench.mjs");
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile: out,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "warning",
    define: { __STAKPAK_VERSION__: '"bench"' },
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
    // esbuild itself stays outside the bundle (it is only imported on this branch).
    external: ["esbuild"],
  });
  const env = { ...process.env, STAKPAK_AGENT_BENCH_BUNDLED: "1" };
  const timing = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: "inherit", env });
  const peak = spawnSync(process.execPath, [out, ...process.argv.slice(2), "--runs", "1", "--peak-only"], { stdio: "inherit", env });
  rmSync(out, { force: true });
  process.exitCode = timing.status || peak.status || 0;
}
