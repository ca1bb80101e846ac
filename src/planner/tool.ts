import type { z } from "zod";
import type { Redacted } from "../redact/redacted.js";
import type { AgentRun } from "./agent-run.js";

/** What `finish` hands back: the change, described for a commit and a pull request. */
export interface FinishRequest {
  summary: string;
  commitMessage: string;
  title: string | null;
}

/** What a tool returns to the loop. `content` is all the model sees of it. */
export interface ToolOutcome {
  content: Redacted;
  /** The tool failed in a way the model can correct (bad path, no match, denied): shown as an error. */
  isError?: boolean;
  /** Set by `finish` only: the loop stops with this result. */
  finish?: FinishRequest;
}

/**
 * One tool the model may call: its zod schema is the single source of the JSON schema sent to
 * the model and of the argument check, and `execute` calls the product's components (files,
 * Warden, the sandbox, the plan pipeline), never re-implementing them. The loop knows no tool by
 * name.
 */
export interface AgentTool<Input extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: Input;
  execute(args: z.output<Input>, run: AgentRun): Promise<ToolOutcome>;
}

/** Keeps a tool's argument type while putting it in a table of tools of other types. */
export function defineTool<Input extends z.ZodType>(tool: AgentTool<Input>): AgentTool {
  return tool as unknown as AgentTool;
}
