import type { GitHubClient } from "./create-octokit.js";
import { isGitHubApiError } from "./github-api-error.js";
import { COMMENT_BODY_LIMIT } from "./github-limits.js";
import { truncateMarkdown } from "./split-markdown.js";

export interface PullRequestDraft {
  owner: string;
  repo: string;
  /** The branch with the change. */
  head: string;
  base: string;
  title: string;
  body: string;
}

/** GitHub's limit on a pull request title. */
const TITLE_LIMIT = 256;

/**
 * `POST /repos/{owner}/{repo}/pulls` (pull-requests: write): the pull request an agent request on
 * an issue ends with. When the branch already has an open pull request (a second request on the
 * same issue, same words), GitHub refuses with 422 and the commit is already on that pull request:
 * it is returned with `existing: true`.
 */
export async function openPullRequest(client: GitHubClient, draft: PullRequestDraft): Promise<{ number: number; url: string; existing: boolean }> {
  const title = draft.title.replace(/\s+/g, " ").trim().slice(0, TITLE_LIMIT) || "stakpak agent change";
  try {
    const { data } = await client.rest.pulls.create({
      owner: draft.owner,
      repo: draft.repo,
      head: draft.head,
      base: draft.base,
      title,
      body: truncateMarkdown(draft.body, COMMENT_BODY_LIMIT, "_✂️ Cut to fit._"),
    });
    return { number: data.number, url: data.html_url, existing: false };
  } catch (error) {
    if (!isGitHubApiError(error) || error.status !== 422) throw error;
    const { data } = await client.rest.pulls.list({ owner: draft.owner, repo: draft.repo, head: `${draft.owner}:${draft.head}`, base: draft.base, state: "open", per_page: 1 });
    const open = data[0];
    if (!open) throw error;
    return { number: open.number, url: open.html_url, existing: true };
  }
}
