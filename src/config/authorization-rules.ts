import { COMMANDS, type ConfigurableCommandName } from "./command-table.js";
import { parseRole, type Role } from "./role.js";

/**
 * Who may run each command: any one of the roles is enough. Commands open to everyone (`help`)
 * are not listed. `.stakpak/config.yml` `authorization:` replaces a command's list; an empty
 * list lets nobody run it.
 */
export type AuthorizationRules = Readonly<Record<ConfigurableCommandName, readonly Role[]>>;

function rolesOf(texts: readonly string[]): Role[] {
  return texts.map((text) => {
    const parsed = parseRole(text);
    if (!parsed.ok) throw new Error(`internal: bad default role ${text}: ${parsed.problem}`);
    return parsed.role;
  });
}

/** The table's defaults: plan and review for write access, apply, deploy and unlock for maintainers. */
export const DEFAULT_AUTHORIZATION_RULES: AuthorizationRules = Object.fromEntries(
  COMMANDS.flatMap((c) => (c.defaultRoles === "everyone" ? [] : [[c.name, rolesOf(c.defaultRoles)]])),
) as Record<ConfigurableCommandName, Role[]>;

/** The defaults with a config's `authorization:` lists (already validated) put over them. */
export function authorizationRules(section: Partial<Record<ConfigurableCommandName, readonly string[]>> | undefined): AuthorizationRules {
  const rules: Record<string, readonly Role[]> = { ...DEFAULT_AUTHORIZATION_RULES };
  for (const [name, roles] of Object.entries(section ?? {})) {
    if (roles) rules[name] = rolesOf(roles);
  }
  return rules as AuthorizationRules;
}
