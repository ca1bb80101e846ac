import type { GitHubClient } from "./create-octokit.js";
import { parseDiffLines, type DiffLines } from "./diff-lines.js";
import type { PullRequestRef } from "./pull-request-ref.js";

/**
 * The files a pull request changes, by path, with the lines a review comment may target. GitHub
 * lists at most 3,000 files and leaves out the patch of large or binary files: those have no
 * commentable lines here.
 */
export async function pullRequestDiffLines(client: GitHubClient, pr: PullRequestRef): Promise<Map<string, DiffLines>> {
  const files = await client.paginate(client.rest.pulls.listFiles, { owner: pr.owner, repo: pr.repo, pull_number: pr.pullNumber, per_page: 100 });
  const byPath = new Map<string, DiffLines>();
  for (const f of files) {
    if (f.status === "removed" && !f.patch) continue;
    byPath.set(f.filename, f.patch ? parseDiffLines(f.patch) : { right: new Set(), left: new Set(), removed: [] });
  }
  return byPath;
}
