import type { RepositoryRef } from "../github/authorization/repository-roles.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { DEFAULT_POLICY_PATHS, parseWardenPolicy } from "../warden/load-policy.js";
import { EMPTY_POLICY, type WardenPolicy } from "../warden/policy.js";

/**
 * The Warden policy that judges plans, read from `.stakpak/warden.yml` on the default branch
 * through the contents API: the pull request being judged cannot loosen its own gate. Without a
 * policy file the built-in default applies. An invalid policy throws (nothing is applied).
 */
export async function readGatePolicy(client: GitHubClient, repository: RepositoryRef, ref: string): Promise<WardenPolicy> {
  for (const path of DEFAULT_POLICY_PATHS) {
    const text = await client
      .request("GET /repos/{owner}/{repo}/contents/{path}", { owner: repository.owner, repo: repository.repo, path, ref, mediaType: { format: "raw" } })
      .then(
        (response) => (typeof response.data === "string" ? response.data : String(response.data)),
        (err: unknown) => {
          if ((err as { status?: unknown } | null)?.status === 404) return undefined;
          throw err;
        },
      );
    if (text !== undefined) return parseWardenPolicy(text, `${path} (${ref})`);
  }
  return EMPTY_POLICY;
}
