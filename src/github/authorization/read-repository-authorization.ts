import { DEFAULT_CONFIG_PATHS } from "../../config/load-config.js";
import { authorizationFromConfigText } from "./authorization-from-config-text.js";
import { DEFAULT_AUTHORIZATION_RULES, type AuthorizationRules } from "../../config/authorization-rules.js";
import type { GitHubClient, RepositoryRef } from "./repository-roles.js";

export interface RepositoryAuthorization {
  rules: AuthorizationRules;
  /** The config file read, or null when the repository has none (the defaults apply). */
  file: string | null;
}

/**
 * Reads who may run what from `.stakpak/config.yml` on `ref` through the contents API
 * (contents: read). The App passes the default branch, never the pull request's head: a pull
 * request must not be able to grant itself the right to apply. Throws a ConfigError when the
 * `authorization:` section is invalid.
 */
export async function readRepositoryAuthorization(client: GitHubClient, repository: RepositoryRef, ref: string): Promise<RepositoryAuthorization> {
  for (const path of DEFAULT_CONFIG_PATHS) {
    const text = await client
      .request("GET /repos/{owner}/{repo}/contents/{path}", { ...repository, path, ref, mediaType: { format: "raw" } })
      .then(
        (response) => (typeof response.data === "string" ? response.data : String(response.data)),
        (err: unknown) => {
          if ((err as { status?: unknown } | null)?.status === 404) return undefined;
          throw err;
        },
      );
    if (text !== undefined) return { rules: authorizationFromConfigText(text, path), file: path };
  }
  return { rules: DEFAULT_AUTHORIZATION_RULES, file: null };
}
