import { z } from "zod";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { isUserError } from "../user-error.js";
import type { AgentRun } from "./agent-run.js";
import type { AgentTool, ToolOutcome } from "./tool.js";
import { editFileTool } from "./tools/edit-file.js";
import { finishTool } from "./tools/finish.js";
import { listFilesTool } from "./tools/list-files.js";
import { planTool } from "./tools/plan.js";
import { readFileTool } from "./tools/read-file.js";
import { runCommandTool } from "./tools/run-command.js";
import { searchFilesTool } from "./tools/search-files.js";
import { writeFileTool } from "./tools/write-file.js";

/** The agent's tools: names and argument names are a contract that scripted tests and evals drive. */
export const AGENT_TOOLS: readonly AgentTool[] = [listFilesTool, readFileTool, searchFilesTool, writeFileTool, editFileTool, runCommandTool, planTool, finishTool];

/**
 * Tools by name, with their JSON schemas for the model. Made from a list so later tools (memory)
 * are added by the door that has them, without the loop knowing any by name.
 */
export class ToolTable {
  readonly #tools = new Map<string, AgentTool>();

  constructor(tools: readonly AgentTool[] = AGENT_TOOLS) {
    for (const tool of tools) {
      if (this.#tools.has(tool.name)) throw new Error(`Two agent tools are called ${tool.name}.`);
      this.#tools.set(tool.name, tool);
    }
  }

  get names(): string[] {
    return [...this.#tools.keys()];
  }

  /** The `tools` parameter of a chat completion request. */
  definitions(): ChatCompletionFunctionTool[] {
    return [...this.#tools.values()].map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: toolParameters(tool.input) },
    }));
  }

  /**
   * Runs one call the model made. Unknown tools, arguments that are not JSON or do not fit the
   * schema, and the tool's own expected errors come back to the model as errors it can correct.
   */
  async call(name: string, rawArguments: string, run: AgentRun): Promise<ToolOutcome> {
    const tool = this.#tools.get(name);
    if (!tool) return error(run, `There is no tool called ${JSON.stringify(name)}. The tools are: ${this.names.join(", ")}.`);
    let parsed: unknown;
    try {
      parsed = rawArguments.trim() === "" ? {} : JSON.parse(rawArguments);
    } catch {
      return error(run, `The arguments of ${name} are not valid JSON: ${rawArguments.slice(0, 200)}. Send a JSON object matching the tool's schema.`);
    }
    const checked = tool.input.safeParse(parsed);
    if (!checked.success) return error(run, `Invalid arguments for ${name}:\n${describeIssues(checked.error)}\nCall ${name} again with corrected arguments.`);
    try {
      return await tool.execute(checked.data, run);
    } catch (caught) {
      if (isUserError(caught)) return error(run, [caught.summary, caught.detail, caught.hint && `Hint: ${caught.hint}`].filter(Boolean).join("\n"));
      throw caught;
    }
  }
}

function error(run: AgentRun, text: string): ToolOutcome {
  return { content: run.redactor.redact(text), isError: true };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `- ${issue.path.length ? issue.path.join(".") : "(arguments)"}: ${issue.message}`).join("\n");
}

/** The tool's zod schema as JSON schema, the form the chat completions API takes. */
export function toolParameters(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
