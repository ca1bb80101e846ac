import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveLlmSettings, type LlmSettings } from "../../config/llm-settings.js";
import { loadConfig } from "../../config/load-config.js";
import { resolvePlanRoot } from "../../config/plan-root.js";
import { runAgentRequest } from "../../planner/agent-request.js";
import { createModelClient, type ModelClient } from "../../planner/model-client.js";
import type { AgentOutcome } from "../../planner/agent-loop.js";
import { planMemoryChange, proposeMemories } from "../../planner/propose-memories.js";
import { MemoryIndex } from "../../memory/memory-index.js";
import { GitMemoryStore } from "../../memory/store/git-memory-store.js";
import { UserError } from "../../user-error.js";
import { describeAuditHead } from "../../warden/audit-chain.js";
import { AuditLog } from "../../warden/audit-log.js";
import { loadWardenPolicy } from "../../warden/load-policy.js";
import { createWarden } from "../../warden/warden.js";
import type { CliCommand, CliIo } from "../cli-io.js";
import { parseFlags, USAGE_EXIT_CODE } from "../parse-flags.js";

const usage = `Usage: stakpak-gitops agent "REQUEST" [--dir D] [--model M] [--max-steps N] [--dry-run] [--remember]

Asks the agent to make an infrastructure change in a local checkout, as a \`/stakpak REQUEST\`
comment would: it reads the code, writes Terraform / Kubernetes files, runs reads and plans
under Warden, and never sees a secret. The files are written in the working tree (nothing is
committed); the redacted summary, the diff and the plan report are printed.

The model is any OpenAI-compatible endpoint: \`llm:\` in .stakpak/config.yml, or OPENAI_API_KEY
(and OPENAI_BASE_URL, OPENAI_MODEL) in the environment.

Options:
  -d, --dir D         the repository (default: the current directory's repository)
  -m, --model M       the model (default: llm.model, OPENAI_MODEL, or gpt-4.1)
      --max-steps N   model calls at most (default: llm.max_steps, or 40)
      --remember      after a finished run, let the model propose up to 5 memories for the
                      team memory (the stakpak/knowledge branch); near-duplicates update one
      --dry-run       work on a temporary copy: print the diff, write nothing
  -h, --help          show this help

Exit codes: 0 the agent finished, 1 it failed or stopped at a limit, 2 bad input (no API key,
an invalid config or command line).`;

export const agentCommand: CliCommand = {
  name: "agent",
  summary: "Ask the agent for a change in a local checkout (needs a model)",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      argv,
      {
        dir: { type: "string", short: "d" },
        model: { type: "string", short: "m" },
        "max-steps": { type: "string" },
        "dry-run": { type: "boolean" },
        remember: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      usage,
    );
    if (values.help) {
      io.stdout(io.redactor.redact(`${usage}\n`));
      return 0;
    }
    const request = positionals.join(" ").trim();
    if (!request) throw new UserError({ summary: "agent needs a REQUEST, e.g. `stakpak-gitops agent \"add a private bucket for access logs to staging\"`.", exitCode: USAGE_EXIT_CODE });
    const maxSteps = values["max-steps"] === undefined ? undefined : Number(values["max-steps"]);
    if (maxSteps !== undefined && (!Number.isInteger(maxSteps) || maxSteps < 1)) {
      throw new UserError({ summary: `--max-steps must be a whole number above 0, not ${JSON.stringify(values["max-steps"])}.`, exitCode: USAGE_EXIT_CODE });
    }
    const { repoRoot } = await resolvePlanRoot(io.cwd, values.dir ? [values.dir] : []);
    const config = await loadConfig(repoRoot);
    const settings = resolveLlmSettings(config?.llm, io.env, { model: values.model, maxSteps });
    // Checked before anything is copied or run: no key is bad input, not a failed run.
    const client = createModelClient(settings, io.env);

    const dryRun = values["dry-run"] === true;
    const workRoot = dryRun ? await copyForDryRun(repoRoot) : repoRoot;
    try {
      const policy = await loadWardenPolicy(workRoot);
      const warden = await createWarden({ workspace: workRoot, policy });
      const progress = (line: string) => io.stderr(io.redactor.redact(`${line}\n`));
      // Every command the agent asks for is judged and logged outside the working tree.
      const audit = AuditLog.forRun(io.env, (t) => io.redactor.redact(t).text, { workspace: workRoot });
      progress(`agent: ${settings.model}${dryRun ? " (dry run on a copy)" : ""}`);
      const memories = await teamMemories(workRoot, io);
      const { outcome, diff, plan: planReport } = await runAgentRequest({
        repoRoot: workRoot,
        prompt: { request: io.redactor.redact(request), requester: "the CLI user", context: [], guidance: [] },
        client,
        settings,
        redactor: io.redactor,
        warden,
        writable: config?.agent.writable,
        env: io.env,
        audit,
        memories,
        onStep: (step) => progress(`  ${step.text.text}`),
      });
      await audit.close();
      if (audit.head.entries > 0) progress(describeAuditHead(audit.file, audit.head));
      const out = [
        `## ${outcome.status === "finished" ? "Done" : outcome.status === "stopped" ? "Stopped" : "Failed"}`,
        "",
        outcome.finish?.summary ?? outcome.reason?.text ?? "",
        "",
        diff.text ? `## Diff${dryRun ? " (dry run: nothing was written)" : ""}\n\n\`\`\`diff\n${diff.text}\`\`\`` : "No file was changed.",
        ...(planReport ? ["", "## Plan", "", planReport.text.text] : []),
        "",
        `${outcome.steps} model calls, ${outcome.tokens.prompt + outcome.tokens.completion} tokens.`,
      ];
      if (values.remember && !dryRun && outcome.status === "finished") out.push("", ...(await rememberRun(workRoot, io, { client, settings, outcome, request, memories })));
      io.stdout(io.redactor.redact(`${out.join("\n")}\n`));
      return outcome.status === "finished" ? 0 : 1;
    } finally {
      if (dryRun) await rm(workRoot, { recursive: true, force: true });
    }
  },
};

/** The working tree (with .git, without tool caches) in a temporary directory. */
async function copyForDryRun(repoRoot: string): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), "stakpak-agent-dry-run-"));
  const skipped = new Set([".terraform", "node_modules", ".terragrunt-cache"]);
  await cp(repoRoot, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => !skipped.has(path.basename(src)) });
  return copy;
}

/** The repository's knowledge branch, for search_memory; none when it has no memories yet. */
async function teamMemories(root: string, io: Pick<CliIo, "redactor">): Promise<MemoryIndex | undefined> {
  const memories = await GitMemoryStore.open({ repo: root, redactor: io.redactor })
    .list()
    .catch(() => []);
  return memories.length > 0 ? new MemoryIndex(memories) : undefined;
}

/** `--remember`: the run's proposals written to the knowledge branch; lines saying what changed. */
async function rememberRun(
  root: string,
  io: Pick<CliIo, "redactor" | "env">,
  run: { client: ModelClient; settings: LlmSettings; outcome: AgentOutcome; request: string; memories: MemoryIndex | undefined },
): Promise<string[]> {
  const proposed = await proposeMemories({ client: run.client, settings: run.settings, redactor: io.redactor, outcome: run.outcome, request: io.redactor.redact(run.request).text });
  if (proposed.problem) return [`No memory kept: ${proposed.problem}.`];
  if (proposed.memories.length === 0) return ["No memory proposed: nothing from this run seemed worth keeping."];
  const store = GitMemoryStore.open({ repo: root, redactor: io.redactor });
  const author = io.env.USER || "cli";
  const before = new Set((await store.list()).map((m) => m.id));
  const result = await store.write(
    (current) => {
      const taken = new Set(current.keys());
      return planMemoryChange(proposed.memories, current, run.memories, { author, source: null, now: new Date(), newId: () => newMemoryId(taken) });
    },
    "memory: what an agent run learned",
  );
  return ["## Remembered", "", ...[...result.links].map(([id, link]) => `- ${before.has(id) ? "updated" : "added"} ${id} (${link})`)];
}

function newMemoryId(taken: Set<string>): string {
  let id: string;
  do id = `m${randomBytes(3).toString("hex")}`;
  while (taken.has(id));
  taken.add(id);
  return id;
}
