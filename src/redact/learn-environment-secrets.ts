import type { Redactor } from "./redactor.js";
import { isSecretEnvName } from "./secret-env-names.js";

/**
 * Registers the value of every secret environment variable (by convention or configured name)
 * as a known value. Returns every form that will be hidden (the value, its URL-encoded and
 * base64 forms), for the Action to pass to `core.setSecret`.
 */
export function learnEnvironmentSecrets(
  redactor: Redactor,
  env: Readonly<Record<string, string | undefined>>,
  configuredNames: readonly string[] = [],
): string[] {
  const forms: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !isSecretEnvName(name, configuredNames)) continue;
    forms.push(...redactor.addKnownValue(name, value, { mask: true }));
  }
  return forms;
}
