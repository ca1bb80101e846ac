import { UserError } from "../user-error.js";

/** The Action's inputs (action.yml), read once at the start. */
export interface ActionInputs {
  /** Commands to run instead of what the event asks (one per line, without prefix): `plan -p network`. */
  command: string | undefined;
  /** Config file, relative to the working directory. */
  config: string | undefined;
  githubToken: string | undefined;
  /** For the agent's commands (review, ask) of later versions; masked, never passed to terraform. */
  openaiApiKey: string | undefined;
  openaiBaseUrl: string | undefined;
  model: string | undefined;
  /** Repository root holding .stakpak/config.yml, relative to the workspace. */
  workingDirectory: string;
  /** Only this project / environment (autoplan and `plan` without flags). */
  project: string | undefined;
  environment: string | undefined;
  /** What starts a command line in a comment (`/stakpak`). */
  prefix: string;
  /** Login of the stakpak App's bot (`<app-slug>[bot]`): dispatches it sends are authorized by the App, not checked again. */
  appBot: string | undefined;
  /** `run` does the work; `route` only tells the workflow whether to run and which lock group to queue in. */
  mode: "run" | "route";
}

/** Inputs the runner passes as INPUT_<NAME> variables; they are removed from the environment once read (see `forgetSecretInputs`). */
export const SECRET_INPUTS = ["github-token", "openai-api-key"] as const;

export function readActionInputs(getInput: (name: string) => string): ActionInputs {
  const optional = (name: string): string | undefined => getInput(name).trim() || undefined;
  const mode = optional("mode") ?? "run";
  if (mode !== "run" && mode !== "route") {
    throw new UserError({ summary: `input mode: invalid value "${mode}"`, where: "with: mode", hint: "use run (the default) or route" });
  }
  const prefix = optional("prefix") ?? "/stakpak";
  if (/\s/.test(prefix)) throw new UserError({ summary: `input prefix ${JSON.stringify(prefix)} contains a blank`, where: "with: prefix", hint: "use one word, e.g. `/stakpak`" });
  return {
    command: optional("command"),
    config: optional("config"),
    githubToken: getInput("github-token") || undefined,
    openaiApiKey: getInput("openai-api-key") || undefined,
    openaiBaseUrl: optional("openai-base-url"),
    model: optional("model"),
    workingDirectory: optional("working-directory") ?? ".",
    project: optional("project"),
    environment: optional("environment"),
    prefix,
    appBot: optional("app-bot"),
    mode,
  };
}

/**
 * Removes the secret inputs from the process environment once read. Only a second line of
 * defence: terraform and kubectl get an allowlist (src/iac/tool-environment.ts), and the Action
 * runs relaunched without any INPUT_* (relaunch-scrubbed.ts), since a deleted variable stays in
 * /proc/<pid>/environ.
 */
export function forgetSecretInputs(env: NodeJS.ProcessEnv): void {
  for (const name of SECRET_INPUTS) {
    delete env[`INPUT_${name.toUpperCase()}`];
    delete env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`];
  }
}
