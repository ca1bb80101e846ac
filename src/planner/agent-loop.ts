import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { LlmSettings } from "../config/llm-settings.js";
import type { Redacted } from "../redact/redacted.js";
import { isUserError } from "../user-error.js";
import type { AgentRun } from "./agent-run.js";
import { fitTranscript, loadTokenizer, messageTokens, tokenizerLoaded, transcriptTokens } from "./context-window.js";
import type { ModelClient } from "./model-client.js";
import { newDataTag, requestMessage, systemMessage, type AgentPrompt } from "./prompt.js";
import type { FinishRequest } from "./tool.js";
import type { ToolTable } from "./tool-table.js";

export interface AgentOptions {
  client: ModelClient;
  settings: LlmSettings;
  tools: ToolTable;
  run: AgentRun;
  prompt: AgentPrompt;
}

/** One entry of the redacted transcript, as transcript.md and the job summary show it. */
export interface TranscriptEntry {
  role: "system" | "user" | "assistant" | "tool";
  /** The tool called (assistant) or answering (tool). */
  tool?: string;
  text: Redacted;
}

export interface AgentOutcome {
  /** finished: the model called finish on a change that validates; stopped: a limit; failed: an error. */
  status: "finished" | "stopped" | "failed";
  /** Why it stopped or failed, for the reply. */
  reason: Redacted | null;
  finish: FinishRequest | null;
  /** Model calls made. */
  steps: number;
  tokens: { prompt: number; completion: number };
  transcript: TranscriptEntry[];
}

/**
 * The agent: a chat-completions tool-calling loop. Each step sends the transcript (kept inside
 * the context window), runs the tool calls the model asked for through the tool table, and feeds
 * the results back, until `finish` on a change that validates, a limit, or an error. Every text
 * added to the transcript went through the run's redactor.
 */
export async function runAgent(options: AgentOptions): Promise<AgentOutcome> {
  const { client, settings, tools, run } = options;
  const redact = (text: string) => run.redactor.redact(text);
  const tag = newDataTag();
  const definitions = tools.definitions();
  const definitionsMessage: ChatCompletionMessageParam = { role: "system", content: JSON.stringify(definitions) };
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: redact(systemMessage(tag, tools.names)).text },
    { role: "user", content: redact(requestMessage(tag, options.prompt)).text },
  ];
  const transcript: TranscriptEntry[] = [
    { role: "system", text: redact(messages[0]!.content as string) },
    { role: "user", text: redact(messages[1]!.content as string) },
  ];
  const tokens = { prompt: 0, completion: 0 };
  let steps = 0;
  let nudges = 0;
  let repairs = 0;
  const end = (status: AgentOutcome["status"], reason: string | null, finish: FinishRequest | null = null): AgentOutcome => {
    if (reason) run.step({ kind: status === "finished" ? "finish" : "error", text: redact(reason) });
    return { status, reason: reason === null ? null : redact(reason), finish, steps, tokens, transcript };
  };

  while (steps < settings.maxSteps) {
    if (!tokenizerLoaded() && transcriptTokens(messages) + messageTokens(definitionsMessage) > (settings.contextWindow - settings.maxOutputTokens) / 2) await loadTokenizer();
    const toolTokens = messageTokens(definitionsMessage);
    const room = settings.contextWindow - settings.maxOutputTokens - toolTokens;
    if (!fitTranscript(messages, room, 2)) {
      return end("stopped", `The conversation no longer fits the model's context window (${settings.contextWindow} tokens) even with old tool results shortened.`);
    }
    const estimate = transcriptTokens(messages) + toolTokens;
    if (tokens.prompt + tokens.completion + estimate + settings.maxOutputTokens > settings.tokenBudget) {
      return end("stopped", `The token budget of ${settings.tokenBudget} is spent (${tokens.prompt + tokens.completion} used); raise llm.token_budget or narrow the request.`);
    }
    steps++;
    let response;
    try {
      response = await client.complete({
        model: settings.model,
        messages,
        tools: definitions,
        tool_choice: "auto",
        max_completion_tokens: settings.maxOutputTokens,
      });
    } catch (error) {
      if (isUserError(error)) return end("failed", [error.summary, error.hint && `(${error.hint})`].filter(Boolean).join(" "));
      throw error;
    }
    tokens.prompt += response.usage?.prompt_tokens ?? estimate;
    tokens.completion += response.usage?.completion_tokens ?? 0;
    const message = response.choices[0]?.message;
    if (!message) return end("failed", "The model answered without a message.");

    const content = message.content ? redact(message.content).text : null;
    const calls = (message.tool_calls ?? []).filter((c) => c.type === "function");
    messages.push({ role: "assistant", content, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
    if (content) transcript.push({ role: "assistant", text: redact(content) });
    if (calls.length === 0) {
      nudges++;
      if (nudges > settings.maxRepairs) return end("stopped", "The model stopped calling tools without calling finish.");
      const nudge = "Continue with the tools. When the change plans cleanly (or cannot be done), call finish.";
      messages.push({ role: "user", content: nudge });
      transcript.push({ role: "user", text: redact(nudge) });
      continue;
    }

    let finished: FinishRequest | null = null;
    for (const call of calls) {
      transcript.push({ role: "assistant", tool: call.function.name, text: redact(call.function.arguments) });
      let outcome = await tools.call(call.function.name, call.function.arguments, run);
      if (outcome.finish && run.touched.size > 0) {
        // Never proposed as ready unless it validates and plans.
        const report = await run.plan({ touched: [...run.touched] });
        if (!report.ok) {
          repairs++;
          if (repairs > settings.maxRepairs) {
            transcript.push({ role: "tool", tool: call.function.name, text: report.text });
            return end("failed", `The change still does not validate after ${settings.maxRepairs} repairs; it is not proposed.`);
          }
          outcome = { content: redact(`Not finished: the change does not validate or plan cleanly. Fix it, then call finish again.\n${report.text.text}`), isError: true };
        }
      }
      const text = outcome.isError ? `Error: ${outcome.content.text}` : outcome.content.text;
      const result: ChatCompletionMessageParam = { role: "tool", tool_call_id: call.id, content: text };
      messageTokens(result);
      messages.push(result);
      transcript.push({ role: "tool", tool: call.function.name, text: redact(text) });
      if (outcome.finish) finished = outcome.finish;
    }
    if (finished) return end("finished", null, finished);
  }
  return end("stopped", `The agent used its ${settings.maxSteps} steps without finishing; raise llm.max_steps or split the request.`);
}
