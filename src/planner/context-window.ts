import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";

/** Tokens every message costs besides its text (role and separators), as OpenAI documents it. */
const PER_MESSAGE = 4;

/**
 * The exact count (gpt-tokenizer's o200k BPE) costs ~65 MB once loaded, so a run starts with an
 * estimate (a token is about four characters of English or code; three is on the safe side)
 * and loads the tokenizer only when the transcript nears the window, where exactness matters.
 */
let exactCount: ((text: string) => number) | null = null;

export async function loadTokenizer(): Promise<void> {
  if (!exactCount) exactCount = (await import("gpt-tokenizer")).countTokens;
}

export function tokenizerLoaded(): boolean {
  return exactCount !== null;
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

const estimated = new WeakMap<ChatCompletionMessageParam, number>();
const counted = new WeakMap<ChatCompletionMessageParam, number>();

/** The tokens of one message: its text and, for the assistant, its tool calls' names and arguments. */
export function messageTokens(message: ChatCompletionMessageParam): number {
  const cache = exactCount ? counted : estimated;
  const known = cache.get(message);
  if (known !== undefined) return known;
  let text = typeof message.content === "string" ? message.content : message.content ? JSON.stringify(message.content) : "";
  if (message.role === "assistant" && message.tool_calls) {
    for (const call of message.tool_calls) if (call.type === "function") text += call.function.name + call.function.arguments;
  }
  const tokens = (exactCount ? exactCount(text) : estimateTokens(text)) + PER_MESSAGE;
  cache.set(message, tokens);
  return tokens;
}

export function transcriptTokens(messages: readonly ChatCompletionMessageParam[]): number {
  let total = 0;
  for (const message of messages) total += messageTokens(message);
  return total;
}

/** What an old tool result becomes when the transcript must shrink. */
export function shortenedNotice(tokens: number): string {
  return `[This older tool result (${tokens} tokens) was shortened to keep the conversation within the model's context; call the tool again if you need it.]`;
}

/**
 * Keeps the transcript under `limit` tokens by shortening old tool results, oldest first, in
 * place (a shortened result stays short, so each step costs what it adds). The first `keep`
 * messages (the instructions, the rulebooks, the request) and the latest tool results are never
 * shortened. Returns false when even that is not enough.
 */
export function fitTranscript(messages: ChatCompletionMessageParam[], limit: number, keep: number, keepRecent = 2): boolean {
  let total = transcriptTokens(messages);
  if (total <= limit) return true;
  const toolIndexes: number[] = [];
  for (let i = keep; i < messages.length; i++) if (messages[i]!.role === "tool") toolIndexes.push(i);
  const shrinkable = toolIndexes.slice(0, Math.max(0, toolIndexes.length - keepRecent));
  for (const i of shrinkable) {
    if (total <= limit) break;
    const message = messages[i]!;
    if (message.role !== "tool") continue;
    const before = messageTokens(message);
    const notice = shortenedNotice(before - PER_MESSAGE);
    if (typeof message.content === "string" && message.content === notice) continue;
    const shorter: ChatCompletionMessageParam = { role: "tool", tool_call_id: message.tool_call_id, content: notice };
    const after = messageTokens(shorter);
    if (after >= before) continue;
    messages[i] = shorter;
    total += after - before;
  }
  return total <= limit;
}
