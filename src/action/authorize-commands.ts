import { ConfigError } from "../config/config-error.js";
import type { AuthorizationRules } from "../config/authorization-rules.js";
import { authorize, type Actor } from "../github/authorization/authorize.js";
import { readRepositoryAuthorization } from "../github/authorization/read-repository-authorization.js";
import type { ParsedCommand } from "../github/commands/parse-comment.js";
import { renderCheckFailed, renderConfigRefusal, renderUnauthorized, type Refused } from "../github/commands/render-refusals.js";
import { isUserError } from "../user-error.js";
import type { ActionContext } from "./action-context.js";
import { actionRoleLookup } from "./action-role-lookup.js";

/** Refused, or (`checkFailed`) could not be decided: then the step fails, since nobody was told no by a rule. */
export type AuthorizationOutcome = { allowed: true; rules: AuthorizationRules; configFile: string | null } | { allowed: false; reply: string; checkFailed: boolean };

export interface AuthorizeOptions {
  /**
   * Set when the stakpak App dispatched these commands (the dispatch's sender is its bot): the App
   * authorized them with its own token, `team:` roles included, so they are not checked again.
   * The rules are still read, for what the commands check later (who may approve an apply).
   */
  authorizedByApp?: string | undefined;
}

/**
 * Who may run what is read from `.stakpak/config.yml` on the default branch (never the pull
 * request's head: a pull request cannot grant itself the right to apply), then each command is
 * authorized for the actor. Any refusal refuses the whole comment; a failed check refuses too,
 * never guesses.
 */
export async function authorizeCommands(ctx: ActionContext, actor: Actor, commands: readonly ParsedCommand[], options: AuthorizeOptions = {}): Promise<AuthorizationOutcome> {
  const repository = { owner: ctx.repository.owner, repo: ctx.repository.repo };
  let rules: AuthorizationRules;
  let configFile: string | null;
  try {
    ({ rules, file: configFile } = await readRepositoryAuthorization(ctx.client, repository, ctx.repository.defaultBranch));
  } catch (err) {
    if (err instanceof ConfigError) return { allowed: false, reply: renderConfigRefusal(err), checkFailed: true };
    return { allowed: false, reply: renderCheckFailed({ what: `read .stakpak/config.yml on ${ctx.repository.defaultBranch}`, detail: describe(err) }), checkFailed: true };
  }
  if (options.authorizedByApp) {
    for (const command of commands) ctx.sink.info(ctx.redactor.redact(`${command.canonical}: authorized by the stakpak App (${options.authorizedByApp} dispatched it for @${actor.login})`));
    return { allowed: true, rules, configFile };
  }
  const lookup = actionRoleLookup(ctx);
  const refused: Refused[] = [];
  try {
    for (const command of commands) {
      const result = await authorize({ command: command.name, actor, repository, rules }, lookup);
      ctx.sink.info(ctx.redactor.redact(`${command.canonical}: ${result.reason}`));
      if (!result.allowed) refused.push({ canonical: command.canonical, reason: result.reason });
    }
  } catch (err) {
    return { allowed: false, reply: renderCheckFailed({ what: "check who may run these commands", detail: describe(err), hint: isUserError(err) ? err.hint : undefined }), checkFailed: true };
  }
  if (refused.length > 0) return { allowed: false, reply: renderUnauthorized(refused, { prefix: ctx.inputs.prefix, configFile }), checkFailed: false };
  return { allowed: true, rules, configFile };
}

export function describe(err: unknown): string {
  if (isUserError(err)) return err.summary;
  return err instanceof Error ? err.message : String(err);
}
