import { commandSpec, type CommandName, type ConfigurableCommandName } from "../../config/command-table.js";
import type { AuthorizationRules } from "../../config/authorization-rules.js";
import type { RepositoryRef, RoleLookup } from "./repository-roles.js";
import { describeRole, formatRole, permissionAtLeast, type PermissionLevel, type Role } from "../../config/role.js";

/** Who asked: the comment's author, as the webhook names them. */
export interface Actor {
  login: string;
  /** The comment's `author_association` (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE...). */
  association: string;
}

export interface AuthorizeRequest {
  command: CommandName;
  actor: Actor;
  repository: RepositoryRef;
  /** From `loadConfig(...).authorization`, or `DEFAULT_AUTHORIZATION_RULES`. */
  rules: AuthorizationRules;
}

export interface AuthorizationResult {
  allowed: boolean;
  /** One sentence for the reply or the log: which role matched, or what was needed and what the user has. */
  reason: string;
  /** The role that allowed it, as written in the config (`permission:maintain`). */
  role: string | undefined;
}

/**
 * Whether the actor may run the command: any one of its roles is enough. Roles that need no API
 * call (author association) are tried first, then the repository permission (one call), then
 * teams (one call each). An API failure other than "not found" is thrown, never read as a "no"
 * or a "yes", so the caller can say the check itself failed.
 */
export async function authorize(request: AuthorizeRequest, lookup: RoleLookup): Promise<AuthorizationResult> {
  const { command, actor, repository } = request;
  const spec = commandSpec(command);
  if (spec.defaultRoles === "everyone") {
    return { allowed: true, reason: `anyone may run \`${command}\``, role: undefined };
  }
  const roles = request.rules[command as ConfigurableCommandName] ?? [];
  if (roles.length === 0) {
    return {
      allowed: false,
      reason: `nobody may run \`${command}\` in this repository (\`authorization.${command}\` is an empty list in .stakpak/config.yml)`,
      role: undefined,
    };
  }

  let permission: PermissionLevel | "none" | undefined;
  const ordered = [...roles].sort((a, b) => cost(a) - cost(b));
  for (const role of ordered) {
    let matched: boolean;
    switch (role.kind) {
      case "association":
        matched = actor.association.toUpperCase() === role.association;
        break;
      case "permission":
        permission ??= await lookup.repositoryPermission(actor.login);
        matched = permissionAtLeast(permission, role.level);
        break;
      case "team":
        matched = await lookup.isTeamMember(role.org ?? repository.owner, role.slug, actor.login);
        break;
    }
    if (matched) {
      return { allowed: true, reason: `@${actor.login} may run \`${command}\`: ${describeRole(role)}`, role: formatRole(role) };
    }
  }

  const needed = roles.map(describeRole).join(", or ");
  const has = permission === undefined ? `author association ${actor.association}` : permission === "none" ? "no permission on the repository" : `${permission} permission on the repository`;
  return { allowed: false, reason: `@${actor.login} may not run \`${command}\`: it needs ${needed}; @${actor.login} has ${has}`, role: undefined };
}

function cost(role: Role): number {
  return role.kind === "association" ? 0 : role.kind === "permission" ? 1 : 2;
}
