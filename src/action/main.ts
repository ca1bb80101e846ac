import * as core from "@actions/core";
import { learnEnvironmentSecrets } from "../redact/learn-environment-secrets.js";
import type { Redacted } from "../redact/redacted.js";
import { Redactor } from "../redact/redactor.js";
import { isUserError } from "../user-error.js";
import { isScrubbedRelaunch, receiveHandedVariables, relaunchScrubbed } from "./relaunch-scrubbed.js";
import { runAction } from "./run-action.js";
import { handedInput } from "./scrubbed-environment.js";

/**
 * The GitHub Action's entry (dist/index.js): wires `runAction` to the runner through
 * @actions/core. Everything it writes is `Redacted`: the sink below is the Action's only exit
 * besides the GitHub API, and every text sent there goes through the same redactor.
 *
 * It runs twice: the runner starts the launcher, which starts the Action again with an
 * environment holding no input, token or runtime credential (see relaunch-scrubbed.ts), so that
 * neither the Action's /proc/<pid>/environ nor terraform's environment shows them.
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
  if (!isScrubbedRelaunch()) {
    process.exitCode = await relaunchScrubbed();
    return;
  }
  const handed = await receiveHandedVariables();
  // Every secret of the step's environment, removed ones included, is hidden by the redactor and masked in the runner's log.
  for (const form of learnEnvironmentSecrets(redactor, { ...process.env, ...handed })) sink.mask(form);
  await runAction({ env: process.env, getInput: (name) => handedInput(handed, name), sink, redactor });
}

main().catch((err: unknown) => {
  sink.fail(redactor.redact(isUserError(err) ? err.format() : `Internal error: ${(err as Error)?.stack ?? String(err)}`));
});
