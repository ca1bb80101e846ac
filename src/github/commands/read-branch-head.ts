import type { GitHubClient, RepositoryRef } from "../authorization/repository-roles.js";

/**
 * The commit a branch points at now (`GET /repos/{owner}/{repo}/git/ref/heads/{branch}`,
 * contents: read). An agent request on an issue starts from the default branch: the App pins
 * this commit when it accepts the request, so a push after the comment does not change where the
 * agent starts. The ref is one path parameter (`heads%2Fmain`), as GitHub documents it.
 */
export async function readBranchHead(client: GitHubClient, repository: RepositoryRef, branch: string): Promise<string> {
  const { data } = await client.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repository, ref: `heads/${branch}` });
  return data.object.sha;
}
