import type { RepositoryRef } from "../github/authorization/repository-roles.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { readFirstRepositoryFile } from "../github/read-repository-file.js";
import { DEFAULT_POLICY_PATHS, parseWardenPolicy } from "../warden/load-policy.js";
import { EMPTY_POLICY, type WardenPolicy } from "../warden/policy.js";

/**
 * The Warden policy that judges plans, read from `.stakpak/warden.yml` on the default branch
 * through the contents API: the pull request being judged cannot loosen its own gate. Without a
 * policy file the built-in default applies. An invalid policy throws (nothing is applied).
 */
export async function readGatePolicy(client: GitHubClient, repository: RepositoryRef, ref: string): Promise<WardenPolicy> {
  const found = await readFirstRepositoryFile(client, repository, DEFAULT_POLICY_PATHS, ref);
  return found ? parseWardenPolicy(found.text, `${found.path} (${ref})`) : EMPTY_POLICY;
}
