import OpenAI from "openai";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import type { LlmSettings } from "../config/llm-settings.js";
import { UserError } from "../user-error.js";

/** The one call the loop makes; a scripted fake in tests is the real SDK against a local server. */
export interface ModelClient {
  complete(request: ChatCompletionCreateParamsNonStreaming): Promise<ChatCompletion>;
}

/** Why a run could not talk to the model, in words the reply can show. */
export class ModelError extends UserError {}

/**
 * The SDK client for the configured endpoint. The key comes from the variable `api_key_env`
 * names; 429 and 5xx answers are retried by the SDK with exponential backoff (it honours
 * `retry-after`), each call has its own timeout.
 */
export function createModelClient(settings: LlmSettings, env: Readonly<Record<string, string | undefined>>): ModelClient {
  const apiKey = env[settings.apiKeyEnv];
  if (!apiKey) {
    throw new ModelError({
      summary: `No API key for the model: ${settings.apiKeyEnv} is not set.`,
      hint:
        `set ${settings.apiKeyEnv} (in the Action: the openai-api-key input from a secret), or name another variable in .stakpak/config.yml ` +
        "`llm: { api_key_env: ... }`; `plan`, `warden` and `redact` work without a model",
      exitCode: 2,
    });
  }
  const client = new OpenAI({ apiKey, baseURL: settings.baseUrl, timeout: settings.callTimeoutMs, maxRetries: settings.maxRetries });
  return {
    async complete(request) {
      try {
        return await client.chat.completions.create(request);
      } catch (error) {
        throw explainModelError(error, settings);
      }
    },
  };
}

/** The SDK's errors as a ModelError saying what to fix; anything else is passed on. */
export function explainModelError(error: unknown, settings: LlmSettings): unknown {
  const endpoint = settings.baseUrl ?? "the OpenAI API";
  if (error instanceof OpenAI.AuthenticationError) {
    return new ModelError({ summary: `The model endpoint (${endpoint}) refused the API key (401).`, hint: `check the key in ${settings.apiKeyEnv} and that it is valid for this endpoint` });
  }
  if (error instanceof OpenAI.PermissionDeniedError) {
    return new ModelError({ summary: `The model endpoint (${endpoint}) denied access (403).`, hint: `check that the key in ${settings.apiKeyEnv} may use model ${settings.model}` });
  }
  if (error instanceof OpenAI.NotFoundError) {
    return new ModelError({ summary: `The model ${settings.model} was not found at ${endpoint} (404).`, hint: "set `llm: { model: ... }` to a model this endpoint serves, and check base_url (it usually ends in /v1)" });
  }
  if (error instanceof OpenAI.RateLimitError) {
    return new ModelError({ summary: `The model endpoint kept answering 429 (rate limit or quota) after ${settings.maxRetries} retries.`, hint: "wait and ask again, or raise the quota; `llm: { max_retries: N }` retries more" });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ModelError({ summary: `The model did not answer within ${Math.round(settings.callTimeoutMs / 1000)} s.`, hint: "raise `llm: { call_timeout: 5m }` or lower max_output_tokens" });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ModelError({ summary: `Could not reach the model endpoint ${endpoint}.`, hint: "check base_url and that the runner can reach it" });
  }
  if (error instanceof OpenAI.APIError) {
    return new ModelError({ summary: `The model endpoint answered ${error.status ?? "an error"}: ${error.message}`.slice(0, 500), hint: "check the endpoint's status; a 400 often means the model does not support tool calls" });
  }
  return error;
}
