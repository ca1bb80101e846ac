import type { MemoryIndex } from "../memory/memory-index.js";
import type { Redactor } from "../redact/redactor.js";
import type { AuditLog } from "../warden/audit-log.js";
import type { Warden } from "../warden/warden.js";
import type { AgentRun, AgentStep } from "./agent-run.js";
import { planForAgent } from "./plan-for-agent.js";
import { RedactedViews } from "./redacted-view.js";
import { RepoFiles } from "./repo-files.js";
import { sandboxedCommands, type AgentSandboxOptions } from "./sandboxed-command.js";

export interface AgentRunOptions {
  repoRoot: string;
  redactor: Redactor;
  warden: Warden;
  /** `agent.writable` globs; the defaults (IaC and docs) when not given. */
  writable?: readonly string[] | undefined;
  /** The environment commands and plans pick their allowed variables from. */
  env: Readonly<Record<string, string | undefined>>;
  audit?: AuditLog;
  sandbox?: AgentSandboxOptions["sandbox"];
  onStep?: (step: AgentStep) => void;
  /** The team's memories, for search_memory (and the first prompt's best matches). */
  memories?: MemoryIndex | undefined;
}

/** The run the tools work with, wired to the real components: files, Warden, the sandbox, the plan pipeline. */
export async function createAgentRun(options: AgentRunOptions): Promise<AgentRun> {
  const files = await RepoFiles.open(options.repoRoot, options.writable);
  const { redactor, warden } = options;
  return {
    files,
    redactor,
    views: new RedactedViews(files, redactor),
    touched: new Set<string>(),
    runCommand: sandboxedCommands({ warden, redactor, env: options.env, ...(options.audit ? { audit: options.audit } : {}), ...(options.sandbox ? { sandbox: options.sandbox } : {}) }),
    plan: (selection) => planForAgent({ files, redactor, policy: warden.policy, processEnv: options.env as NodeJS.ProcessEnv }, selection),
    step: (step) => options.onStep?.(step),
    memories: options.memories,
  };
}
