import { createServer, type IncomingMessage, type Server } from "node:http";
import { readBody } from "./read-body.js";
import type { AddressInfo } from "node:net";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageToolCall } from "openai/resources/chat/completions";

/** What one scripted turn answers: a completion, or an HTTP error as the OpenAI API sends it. */
export type ScriptedReply = ChatCompletion | { status: number; error: { message: string; type: string; code: string | null }; headers?: Record<string, string> };

/** A turn of the script: a fixed reply, or one computed from the request (to echo what the agent saw). */
export type ScriptedTurn = ScriptedReply | ((request: ChatCompletionCreateParamsNonStreaming) => ScriptedReply);

let nextId = 0;

/** A completion whose message calls tools, shaped as the chat completions API returns it. */
export function toolCalls(...calls: { name: string; arguments: unknown }[]): ChatCompletion {
  const tool_calls: ChatCompletionMessageToolCall[] = calls.map((c) => ({
    id: `call_${++nextId}`,
    type: "function",
    function: { name: c.name, arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments) },
  }));
  return completion({ role: "assistant", content: null, refusal: null, tool_calls }, "tool_calls");
}

/** A completion with text only (no tool call). */
export function textReply(text: string): ChatCompletion {
  return completion({ role: "assistant", content: text, refusal: null }, "stop");
}

function completion(message: ChatCompletion["choices"][number]["message"], finish_reason: ChatCompletion["choices"][number]["finish_reason"]): ChatCompletion {
  return {
    id: `chatcmpl-${++nextId}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "scripted-model",
    choices: [{ index: 0, message, finish_reason, logprobs: null }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

export interface ScriptedModel {
  baseUrl: string;
  /** Every request body received, in order, as sent over HTTP by the SDK. */
  requests: ChatCompletionCreateParamsNonStreaming[];
  /** The raw bodies, to search for any secret. */
  rawBodies: string[];
  /** Authorization headers seen. */
  authorizations: string[];
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible server on 127.0.0.1 that answers `POST /v1/chat/completions` with the
 * script's turns in order and records every request. The agent talks to it with the real SDK.
 * A request past the end of the script gets a 500, which fails the test loudly.
 */
export async function startScriptedModel(turns: ScriptedTurn[], options: { apiKey?: string } = {}): Promise<ScriptedModel> {
  const requests: ChatCompletionCreateParamsNonStreaming[] = [];
  const rawBodies: string[] = [];
  const authorizations: string[] = [];
  let at = 0;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(value));
    };
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") return send(404, { error: { message: `Unknown request ${req.method} ${req.url}`, type: "invalid_request_error", code: "unknown_url" } });
    authorizations.push(req.headers.authorization ?? "");
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } });
    }
    rawBodies.push(body);
    const request = JSON.parse(body) as ChatCompletionCreateParamsNonStreaming;
    requests.push(request);
    const turn = turns[at++];
    if (!turn) return send(500, { error: { message: `The script has no turn ${at}`, type: "server_error", code: null } });
    const reply = typeof turn === "function" ? turn(request) : turn;
    if ("status" in reply) return send(reply.status, { error: reply.error }, reply.headers);
    send(200, reply);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    rawBodies,
    authorizations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

