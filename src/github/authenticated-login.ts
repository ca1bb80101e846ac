import type { GitHubClient } from "./create-octokit.js";

const logins = new WeakMap<GitHubClient, Promise<string | null>>();

/**
 * The login the client's token posts as (`my-app[bot]`, `github-actions[bot]`, a user), asked
 * once per client: GraphQL `viewer` (works for users and GitHub App installation tokens), then
 * REST `GET /user`, then `fallback` (the Action passes `github-actions[bot]`, since its
 * GITHUB_TOKEN may be refused both). Null when nothing tells: the bot then edits and hides no
 * earlier comment, since it cannot tell its own.
 */
export function authenticatedLogin(client: GitHubClient, fallback?: string | null): Promise<string | null> {
  let login = logins.get(client);
  if (!login) {
    login = lookUp(client, fallback ?? null);
    logins.set(client, login);
  }
  return login;
}

async function lookUp(client: GitHubClient, fallback: string | null): Promise<string | null> {
  try {
    const { viewer } = await client.graphql<{ viewer: { login: string } | null }>("query { viewer { login } }");
    if (viewer?.login) return viewer.login;
  } catch {
    // Not allowed for this kind of token; try the next way.
  }
  try {
    const { data } = await client.rest.users.getAuthenticated();
    if (data.login) return data.login;
  } catch {
    // Same.
  }
  if (fallback === null) client.log.warn("Could not tell which GitHub login this token posts as; earlier status comments are left as they are.");
  return fallback;
}

/** GitHub logins are case-insensitive. */
export function sameLogin(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}
