import type { Octokit } from "@octokit/rest";
import { UserError } from "../../user-error.js";
import { PERMISSION_LEVELS, type PermissionLevel } from "../../config/role.js";

/** What authorization needs of a GitHub client: Probot's `context.octokit` and @octokit/rest both fit. */
export type GitHubClient = Pick<Octokit, "request">;

export interface RepositoryRef {
  owner: string;
  repo: string;
}

/** The answers authorization asks GitHub for. */
export interface RoleLookup {
  /** The user's permission on the repository; "none" when they have none (or do not exist). */
  repositoryPermission(login: string): Promise<PermissionLevel | "none">;
  /** Whether the user is an active (not just invited) member of the team. */
  isTeamMember(org: string, slug: string, login: string): Promise<boolean>;
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * The legacy `permission` field says `write` for maintain and `read` for triage; `role_name`
 * has the real role. A custom repository role has its own name there, and then the legacy
 * field (the role's base) is the most that can be said.
 */
export function permissionFromResponse(data: { permission?: string; role_name?: string }): PermissionLevel | "none" {
  const byRole = PERMISSION_LEVELS.find((l) => l === data.role_name);
  if (byRole) return byRole;
  const base = PERMISSION_LEVELS.find((l) => l === data.permission);
  return base ?? "none";
}

/**
 * Looks roles up through the REST API, each at most once per lookup object: make one per event
 * (the App keeps no state between events).
 *
 * - `GET /repos/{owner}/{repo}/collaborators/{username}/permission` (metadata: read)
 * - `GET /orgs/{org}/teams/{team_slug}/memberships/{username}` (organization members: read)
 */
export function githubRoleLookup(client: GitHubClient, repository: RepositoryRef): RoleLookup {
  const permissions = new Map<string, Promise<PermissionLevel | "none">>();
  const teams = new Map<string, Promise<boolean>>();
  return {
    repositoryPermission(login) {
      let answer = permissions.get(login);
      if (!answer) {
        answer = client
          .request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...repository, username: login })
          .then(
            (response) => permissionFromResponse(response.data),
            (err: unknown) => {
              if (statusOf(err) === 404) return "none" as const;
              throw err;
            },
          );
        permissions.set(login, answer);
      }
      return answer;
    },
    isTeamMember(org, slug, login) {
      const key = `${org}/${slug}/${login}`;
      let answer = teams.get(key);
      if (!answer) {
        answer = client.request("GET /orgs/{org}/teams/{team_slug}/memberships/{username}", { org, team_slug: slug, username: login }).then(
          (response) => response.data.state === "active",
          (err: unknown) => {
            const status = statusOf(err);
            // Not a member, no such team, or the owner is a user rather than an organization.
            if (status === 404) return false;
            if (status === 403) {
              throw new UserError({
                summary: `cannot read the members of team ${org}/${slug}`,
                where: `authorization: team:${slug}`,
                hint: "grant the App the organization permission Members: read, or use permission: roles instead of team: roles",
              });
            }
            throw err;
          },
        );
        teams.set(key, answer);
      }
      return answer;
    },
  };
}
