import type { Redacted } from "../redact/redacted.js";
import { sameLogin } from "./authenticated-login.js";
import type { GitHubClient } from "./create-octokit.js";
import { COMMENT_BODY_LIMIT } from "./github-limits.js";
import { minimizeComments } from "./minimize-comments.js";
import type { PullRequestRef } from "./pull-request-ref.js";
import { splitMarkdown } from "./split-markdown.js";
import { formatStatusMarker, parseStatusMarker, sameStatusKey, type StatusKey, type StatusMarker } from "./status-marker.js";

export interface StatusCommentOptions {
  /** The login the bot posts as (see `authenticatedLogin`); null: touch no earlier comment. */
  botLogin: string | null;
  /** Markdown atop continuation parts of a long body: `**title** · part 2 of 3`. */
  title?: Redacted;
}

export interface StatusCommentResult {
  /** The comment(s) now holding the body, in order (several when it was split). */
  comments: Array<{ id: number; nodeId: string; url: string; part: number }>;
  created: number;
  updated: number;
  /** Parts whose body was already the same (no request sent). */
  unchanged: number;
  /** Parts left over from a longer body for the same commit, deleted. */
  deleted: number;
  /** Status comments for the same command, project and environment on older commits, now hidden as outdated. */
  minimized: number;
}

interface ExistingComment {
  id: number;
  nodeId: string;
  url: string;
  body: string;
  marker: StatusMarker;
}

/**
 * Writes the status comment for one command, project and environment on the pull request's head
 * commit: the bot's comment for that key and commit is edited in place (found by its hidden
 * marker), or a new one is posted; the bot's comments for the same key on earlier commits are
 * hidden as outdated. A body over GitHub's limit is split into numbered comments. Only comments
 * written by `botLogin` are ever edited, deleted or hidden.
 */
export async function upsertStatusComment(
  client: GitHubClient,
  pr: PullRequestRef,
  key: StatusKey,
  body: Redacted,
  options: StatusCommentOptions,
): Promise<StatusCommentResult> {
  const sha = pr.headSha.toLowerCase();
  const markerRoom = formatStatusMarker({ ...key, sha, part: 999 }).length + 1;
  const parts = splitMarkdown(body.text, { maxChars: COMMENT_BODY_LIMIT - markerRoom, ...(options.title ? { title: options.title.text } : {}) });
  const bodies = parts.map((text, i) => `${formatStatusMarker({ ...key, sha, part: i + 1 })}\n${text}`);

  const mine = options.botLogin === null ? [] : await listOwnStatusComments(client, pr, key, options.botLogin);
  const current = new Map<number, ExistingComment>();
  const leftovers: ExistingComment[] = [];
  const outdated: ExistingComment[] = [];
  for (const c of mine) {
    if (c.marker.sha !== sha) outdated.push(c);
    else if (c.marker.part > bodies.length || current.has(c.marker.part)) leftovers.push(c);
    else current.set(c.marker.part, c);
  }

  const result: StatusCommentResult = { comments: [], created: 0, updated: 0, unchanged: 0, deleted: 0, minimized: 0 };
  const { owner, repo } = pr;
  for (const [i, text] of bodies.entries()) {
    const part = i + 1;
    const existing = current.get(part);
    if (existing && existing.body === text) {
      result.unchanged++;
      result.comments.push({ id: existing.id, nodeId: existing.nodeId, url: existing.url, part });
      continue;
    }
    const { data } = existing
      ? await client.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: text })
      : await client.rest.issues.createComment({ owner, repo, issue_number: pr.pullNumber, body: text });
    if (existing) result.updated++;
    else result.created++;
    result.comments.push({ id: data.id, nodeId: data.node_id, url: data.html_url, part });
  }
  for (const c of leftovers) {
    await client.rest.issues.deleteComment({ owner, repo, comment_id: c.id });
    result.deleted++;
  }
  result.minimized = await minimizeComments(
    client,
    outdated.map((c) => c.nodeId),
    "OUTDATED",
  );
  return result;
}

/** The bot's status comments on the pull request for this key, oldest first. */
async function listOwnStatusComments(client: GitHubClient, pr: PullRequestRef, key: StatusKey, botLogin: string): Promise<ExistingComment[]> {
  const all = await client.paginate(client.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.pullNumber, per_page: 100 });
  const found: ExistingComment[] = [];
  for (const c of all) {
    if (!sameLogin(c.user?.login, botLogin)) continue;
    const marker = parseStatusMarker(c.body);
    if (marker && sameStatusKey(marker, key)) found.push({ id: c.id, nodeId: c.node_id, url: c.html_url, body: c.body ?? "", marker });
  }
  return found;
}
