/**
 * What the Action's process keeps of the step's environment once it has read its secrets. The
 * runner gives the step GITHUB_TOKEN (when the workflow maps it), the Actions runtime and OIDC
 * tokens and every input as INPUT_*; deleting them from `process.env` does not remove them from
 * `/proc/<pid>/environ`, which every process of the same user can read, terraform's providers
 * included. So the Action starts again with this environment (see relaunch-scrubbed.ts).
 */

/** Removed from the Action's environment. Inputs are handed over on stdin; the rest is not needed. */
const REMOVED = [/^INPUT_/, /^ACTIONS_/, /^OPENAI_/, /^GITHUB_TOKEN$/, /^GH_TOKEN$/, /^GH_ENTERPRISE_TOKEN$/];

export function isRemovedFromAction(name: string): boolean {
  return REMOVED.some((pattern) => pattern.test(name));
}

export interface ScrubbedEnvironment {
  /** The environment the Action runs on with. */
  env: Record<string, string>;
  /** The variables removed, handed to the relaunched Action: its inputs, and the tokens for the redactor to know. */
  removed: Record<string, string>;
}

export function scrubEnvironment(source: Readonly<Record<string, string | undefined>>): ScrubbedEnvironment {
  const env: Record<string, string> = {};
  const removed: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (isRemovedFromAction(name)) removed[name] = value;
    else env[name] = value;
  }
  return { env, removed };
}

/** Reads an input as @actions/core's getInput does (`INPUT_` + the name upper-cased, spaces as `_`; trimmed). */
export function handedInput(removed: Readonly<Record<string, string>>, name: string): string {
  const key = `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
  return (Object.hasOwn(removed, key) ? (removed[key] ?? "") : "").trim();
}
