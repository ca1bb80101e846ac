import { authenticatedLogin, sameLogin } from "../github/authenticated-login.js";
import { githubRoleLookup, type RoleLookup } from "../github/authorization/repository-roles.js";
import { UserError } from "../user-error.js";
import type { ActionContext } from "./action-context.js";
import { ACTIONS_BOT } from "./plan-command.js";

/**
 * Roles as the Action can look them up. The workflow's GITHUB_TOKEN (it acts as
 * `github-actions[bot]`) cannot read organization membership: GitHub refuses it, or answers
 * "not found" as if nobody were a member. A `team:` role is then a check that cannot be made,
 * and says so (the step fails), instead of refusing everyone or guessing. A GitHub App token
 * with Members: read (actions/create-github-app-token) checks teams as the App does.
 */
export function actionRoleLookup(ctx: Pick<ActionContext, "client" | "repository">): RoleLookup {
  const lookup = githubRoleLookup(ctx.client, { owner: ctx.repository.owner, repo: ctx.repository.repo });
  return {
    repositoryPermission: (login) => lookup.repositoryPermission(login),
    async isTeamMember(org, slug, login) {
      if (sameLogin(await authenticatedLogin(ctx.client, ACTIONS_BOT), ACTIONS_BOT)) {
        throw new UserError({
          summary: `\`team:${org}/${slug}\` cannot be checked with the workflow's GITHUB_TOKEN`,
          detail: "GITHUB_TOKEN cannot read organization membership, so nobody could be found in the team.",
          where: `authorization: team:${slug}`,
          hint:
            "pass a GitHub App token with the organization permission Members: read as `github-token` (mint it with actions/create-github-app-token), " +
            "or let the stakpak App dispatch the workflow (it checks teams itself; set the Action's `app-bot` input to its bot's login)",
        });
      }
      return lookup.isTeamMember(org, slug, login);
    },
  };
}
