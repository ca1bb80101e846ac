import { readFile } from "node:fs/promises";
import path from "node:path";
import type { LlmSettings } from "../config/llm-settings.js";
import type { Redacted } from "../redact/redacted.js";
import { runAgent, type AgentOutcome } from "./agent-loop.js";
import type { PlanReport } from "./agent-run.js";
import { changeDiff } from "./change-diff.js";
import { createAgentRun, type AgentRunOptions } from "./create-agent-run.js";
import type { ModelClient } from "./model-client.js";
import type { AgentPrompt } from "./prompt.js";
import { AGENT_TOOLS, ToolTable } from "./tool-table.js";
import { searchMemoryTool } from "./tools/search-memory.js";
import type { MemoryIndex } from "../memory/memory-index.js";
import type { Redactor } from "../redact/redactor.js";

export interface AgentRequest extends AgentRunOptions {
  /** The checkout the agent works in (its files are changed in place). */
  repoRoot: string;
  prompt: AgentPrompt;
  client: ModelClient;
  settings: LlmSettings;
}

export interface AgentResult {
  outcome: AgentOutcome;
  /** Every file the run wrote, with its content now (the commit's content). */
  files: { path: string; content: string | null }[];
  diff: Redacted;
  /** The last plan the run made (the validation at finish, or the model's own). */
  plan: PlanReport | null;
}

/**
 * An agent request from start to change, the same for the CLI and the Action: the run wired to
 * the real components, the loop, then what changed on disk (for a diff, a commit or a pull
 * request) and the last plan.
 */
export async function runAgentRequest(request: AgentRequest): Promise<AgentResult> {
  const { client, settings, ...runOptions } = request;
  const run = await createAgentRun(runOptions);
  // With a team memory, the model gets search_memory and, up front, the memories nearest the request.
  const tools = new ToolTable(request.memories ? [...AGENT_TOOLS, searchMemoryTool] : AGENT_TOOLS);
  const prompt = request.memories ? { ...request.prompt, memories: firstMemories(request.memories, request.prompt.request.text, run.redactor) } : request.prompt;
  let lastPlan: PlanReport | null = null;
  const plan = run.plan;
  run.plan = async (selection) => (lastPlan = await plan(selection));
  const outcome = await runAgent({ client, settings, tools, run, prompt });

  const originals = run.files.originals();
  const current = new Map<string, string | null>();
  for (const rel of originals.keys()) current.set(rel, await readFile(path.join(run.files.root, rel), "utf8").catch(() => null));
  const files = [...current].filter(([rel, content]) => originals.get(rel) !== content).map(([rel, content]) => ({ path: rel, content }));
  return { outcome, files, diff: await changeDiff(originals, current, request.redactor), plan: lastPlan };
}

/** Memories in the first prompt: the best few for the request's words. */
const FIRST_MEMORIES = 3;

function firstMemories(index: MemoryIndex, request: string, redactor: Redactor): { id: string; title: string; text: Redacted }[] {
  return index.search(request, { limit: FIRST_MEMORIES }).map((hit) => ({ id: hit.memory.id, title: hit.memory.title, text: redactor.redact(hit.memory.body) }));
}
