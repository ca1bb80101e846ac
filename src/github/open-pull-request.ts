import type { GitHubClient } from "./create-octokit.js";
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

/** `POST /repos/{owner}/{repo}/pulls` (pull-requests: write): the pull request an agent request on an issue ends with. */
export async function openPullRequest(client: GitHubClient, draft: PullRequestDraft): Promise<{ number: number; url: string }> {
  const title = draft.title.replace(/\s+/g, " ").trim().slice(0, TITLE_LIMIT) || "stakpak agent change";
  const { data } = await client.rest.pulls.create({
    owner: draft.owner,
    repo: draft.repo,
    head: draft.head,
    base: draft.base,
    title,
    body: truncateMarkdown(draft.body, COMMENT_BODY_LIMIT, "_✂️ Cut to fit._"),
  });
  return { number: data.number, url: data.html_url };
}
