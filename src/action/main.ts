import * as core from "@actions/core";
import { learnEnvironmentSecrets } from "../redact/learn-environment-secrets.js";
import type { Redacted } from "../redact/redacted.js";
import { Redactor } from "../redact/redactor.js";
import { isUserError } from "../user-error.js";
import { runAction } from "./run-action.js";

/**
 * The GitHub Action's entry (dist/index.js): wires `runAction` to the runner through
 * @actions/core. Everything it writes is `Redacted`: the sink below is the Action's only exit
 * besides the GitHub API, and every text sent there goes through the same redactor.
 */
const redactor = new Redactor();

const masked = new Set<string>();

const sink = {
  info: (line: Redacted) => core.info(line.text),
  notice: (line: Redacted) => core.notice(line.text),
  warning: (line: Redacted) => core.warning(line.text),
  setOutput: (name: string, value: Redacted) => core.setOutput(name, value.text),
  fail: (message: Redacted) => core.setFailed(message.text),
  mask: (value: string) => {
    if (masked.has(value)) return;
    masked.add(value);
    core.setSecret(value);
  },
};

async function main(): Promise<void> {
  // Every secret in the step's environment is hidden by the redactor and masked in the runner's log.
  for (const form of learnEnvironmentSecrets(redactor, process.env)) sink.mask(form);
  await runAction({ env: process.env, getInput: (name) => core.getInput(name), sink, redactor });
}

main().catch((err: unknown) => {
  sink.fail(redactor.redact(isUserError(err) ? err.format() : `Internal error: ${(err as Error)?.stack ?? String(err)}`));
});
