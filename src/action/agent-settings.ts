import { DEFAULT_CONFIG_PATHS } from "../config/load-config.js";
import { configSectionsFromText } from "../config/config-sections-from-text.js";
import { resolveLlmSettings, type AgentConfig, type LlmSettings } from "../config/llm-settings.js";
import { readFirstRepositoryFile } from "../github/read-repository-file.js";
import type { ActionContext } from "./action-context.js";

export interface ActionAgentSettings {
  settings: LlmSettings;
  agent: AgentConfig;
  /** The variables the model client reads its key from: the step's, with the `openai-api-key` input under `api_key_env`'s name. */
  keyEnv: Record<string, string | undefined>;
}

/**
 * The model and what the agent may write, from `.stakpak/config.yml` on the default branch,
 * never from the pull request's head: a pull request that could set `llm.base_url` would send
 * the API key, and the repository it sees, to a server of its choosing, and one that could set
 * `agent.writable` would widen what the agent may change. The Action's inputs (`model`,
 * `openai-base-url`, `openai-api-key`) come from the workflow on the default branch too.
 */
export async function readActionAgentSettings(ctx: Pick<ActionContext, "client" | "repository" | "inputs" | "env">): Promise<ActionAgentSettings> {
  const found = await readFirstRepositoryFile(ctx.client, ctx.repository, DEFAULT_CONFIG_PATHS, ctx.repository.defaultBranch);
  const sections = found ? configSectionsFromText(found.text, `${found.path} (${ctx.repository.defaultBranch})`, ["llm", "agent"]) : { llm: undefined, agent: undefined };
  const settings = resolveLlmSettings(sections.llm ?? undefined, ctx.env, { model: ctx.inputs.model, baseUrl: ctx.inputs.openaiBaseUrl });
  const keyEnv = { ...ctx.env, [settings.apiKeyEnv]: ctx.inputs.openaiApiKey ?? ctx.env[settings.apiKeyEnv] };
  return { settings, agent: sections.agent ?? {}, keyEnv };
}
