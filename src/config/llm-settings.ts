import { z } from "zod";
import { parseDuration } from "./duration.js";

/**
 * `llm:` — the model the agent talks to, any OpenAI-compatible chat-completions endpoint. The
 * key is never written in the config: `api_key_env` names the variable that holds it.
 */
export const llmSchema = z.strictObject({
  base_url: z.url({ protocol: /^https?$/, error: "base_url must be an http(s) URL, e.g. `https://api.openai.com/v1`" }).optional(),
  model: z.string().min(1).optional(),
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "api_key_env is the NAME of an environment variable, e.g. `OPENAI_API_KEY`, never the key itself")
    .optional(),
  max_steps: z.number().int().min(1).max(500).optional(),
  max_output_tokens: z.number().int().min(64).max(200_000).optional(),
  call_timeout: z
    .string()
    .refine((v) => parseDuration(v) !== undefined, "call_timeout is a duration such as `90s` or `5m`")
    .optional(),
  token_budget: z.number().int().min(1_000).optional(),
  max_repairs: z.number().int().min(0).max(20).optional(),
  context_window: z.number().int().min(4_096).optional(),
  max_retries: z.number().int().min(0).max(10).optional(),
});

/** `agent:` — what the agent may change. */
export const agentSchema = z.strictObject({
  writable: z.array(z.string().min(1)).min(1).optional(),
});

export type LlmConfig = z.infer<typeof llmSchema>;
export type AgentConfig = z.infer<typeof agentSchema>;

export interface LlmSettings {
  /** Undefined: the SDK's own OPENAI_BASE_URL, else OpenAI. */
  baseUrl: string | undefined;
  model: string;
  apiKeyEnv: string;
  maxSteps: number;
  maxOutputTokens: number;
  callTimeoutMs: number;
  /** Prompt and completion tokens over the whole run. */
  tokenBudget: number;
  /** Times a change that does not validate goes back to the model before the run gives up. */
  maxRepairs: number;
  /** The model's context window in tokens: the transcript is kept under it. */
  contextWindow: number;
  /** 429 and 5xx answers are retried this many times with backoff (by the SDK). */
  maxRetries: number;
}

export const DEFAULT_MODEL = "gpt-4.1";
export const DEFAULT_LLM: Omit<LlmSettings, "baseUrl" | "model"> = {
  apiKeyEnv: "OPENAI_API_KEY",
  maxSteps: 40,
  maxOutputTokens: 4_096,
  callTimeoutMs: 120_000,
  tokenBudget: 1_000_000,
  maxRepairs: 3,
  contextWindow: 128_000,
  maxRetries: 3,
};

/**
 * The settings of a run: the config's `llm:` over the defaults, and `OPENAI_MODEL` /
 * `OPENAI_BASE_URL` from the environment where the config says nothing. `overrides` come from
 * the command line.
 */
export function resolveLlmSettings(config: LlmConfig | undefined, env: Readonly<Record<string, string | undefined>>, overrides: Partial<LlmSettings> = {}): LlmSettings {
  const settings: LlmSettings = {
    baseUrl: config?.base_url ?? (env.OPENAI_BASE_URL || undefined),
    model: config?.model ?? (env.OPENAI_MODEL || DEFAULT_MODEL),
    apiKeyEnv: config?.api_key_env ?? DEFAULT_LLM.apiKeyEnv,
    maxSteps: config?.max_steps ?? DEFAULT_LLM.maxSteps,
    maxOutputTokens: config?.max_output_tokens ?? DEFAULT_LLM.maxOutputTokens,
    callTimeoutMs: config?.call_timeout ? (parseDuration(config.call_timeout) ?? DEFAULT_LLM.callTimeoutMs) : DEFAULT_LLM.callTimeoutMs,
    tokenBudget: config?.token_budget ?? DEFAULT_LLM.tokenBudget,
    maxRepairs: config?.max_repairs ?? DEFAULT_LLM.maxRepairs,
    contextWindow: config?.context_window ?? DEFAULT_LLM.contextWindow,
    maxRetries: config?.max_retries ?? DEFAULT_LLM.maxRetries,
  };
  return { ...settings, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}
