import type { GitHubClient } from "./create-octokit.js";
import { UserError } from "../user-error.js";
import { isGitHubApiError } from "./github-api-error.js";

/** One file of a commit: its new content, or null to delete it. */
export interface FileChange {
  path: string;
  content: string | null;
}

export interface CommitRequest {
  owner: string;
  repo: string;
  /** The branch the commit goes on (`stakpak/12-access-logs`). */
  branch: string;
  /** Create the branch from this commit; when absent the branch must exist and the commit goes on its head. */
  startFrom?: string;
  /**
   * Commit on exactly this parent, the branch's head when the work began: when someone pushed
   * meanwhile the commit is refused (BranchMovedError), never stacked on work it did not see.
   */
  parent?: string;
  message: string;
  files: readonly FileChange[];
  /** Attempts when someone pushes to the branch meanwhile (default 4). */
  attempts?: number;
  /** Waits between attempts, for tests (default: 200 ms × attempt, with jitter). */
  backoffMs?: (attempt: number) => number;
}

export interface CommitResult {
  sha: string;
  branch: string;
  /** Whether the branch was created by this commit. */
  created: boolean;
}

/**
 * Commits files through GitHub's Git database API (blobs, a tree on the parent's, a commit, the
 * ref), so the commit is attributed to the token's identity (the App's bot or
 * github-actions[bot]) and signed by GitHub; no git push, no credentials on disk. The ref update
 * is a compare-and-swap: GitHub refuses one that is not a fast-forward (422), and then the same
 * files are committed again on the new head, up to `attempts` times.
 */
export async function commitFiles(octokit: GitHubClient, request: CommitRequest): Promise<CommitResult> {
  const { owner, repo, branch } = request;
  const attempts = request.attempts ?? 4;
  const backoff = request.backoffMs ?? ((attempt: number) => 200 * attempt * (0.5 + Math.random()));
  // Blobs do not depend on the parent: made once, reused by every attempt.
  const blobs = new Map<string, string>();
  for (const file of request.files) {
    if (file.content === null) continue;
    const { data } = await octokit.rest.git.createBlob({ owner, repo, content: Buffer.from(file.content, "utf8").toString("base64"), encoding: "base64" });
    blobs.set(file.path, data.sha);
  }
  let create = request.startFrom !== undefined;
  for (let attempt = 1; ; attempt++) {
    const parent = create ? request.startFrom! : (request.parent ?? (await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha);
    const { data: parentCommit } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: parent });
    const { data: tree } = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: parentCommit.tree.sha,
      tree: request.files.map((file) => ({ path: file.path, mode: "100644" as const, type: "blob" as const, sha: file.content === null ? null : blobs.get(file.path)! })),
    });
    const { data: commit } = await octokit.rest.git.createCommit({ owner, repo, message: request.message, tree: tree.sha, parents: [parent] });
    try {
      if (create) await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
      else await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: false });
      return { sha: commit.sha, branch, created: create };
    } catch (error) {
      // 422: the branch moved (not a fast-forward) or, when creating, it exists already: commit on its head.
      if (!isGitHubApiError(error) || error.status !== 422) throw error;
      if (request.parent !== undefined) throw new BranchMovedError(branch, request.parent);
      if (attempt >= attempts) throw error;
      create = false;
      await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
    }
  }
}

/** The branch is no longer at the commit the work started from: the change was not committed. */
export class BranchMovedError extends UserError {
  constructor(
    readonly branch: string,
    readonly parent: string,
  ) {
    super({
      summary: `${branch} moved on while the agent worked (it was at ${parent.slice(0, 7)}), so the change was not committed`,
      where: `branch ${branch}`,
      hint: "ask again: the agent starts from the new head",
    });
    this.name = "BranchMovedError";
  }
}
