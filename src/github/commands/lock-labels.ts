import { createHash } from "node:crypto";
import type { GitHubClient, RepositoryRef } from "../authorization/repository-roles.js";

/**
 * The App-mode lock of a project and environment is a repository label, `stakpak-lock/network/production`.
 * Creating a label is atomic (a second create of the same name gets 422), so whoever creates it
 * holds the lock, with no state in the App: any number of replicas, and the workflow itself, can
 * take and release locks. The label's description names the holder (pull request, head commit,
 * login), and it is also put on the holding pull request so people see it there.
 *
 * `/stakpak unlock` deletes the labels held by its pull request. A maintainer can also delete a
 * lock label in the repository's label settings to release it by hand.
 */

export const LOCK_LABEL_PREFIX = "stakpak-lock/";
const MAX_LABEL_NAME = 50;
const MAX_LABEL_DESCRIPTION = 100;
const LOCK_COLOR = "b60205";

export interface LockKey {
  project: string;
  /** Null for a project without environments. */
  env: string | null;
}

export interface LockHolder {
  pullNumber: number;
  headSha: string;
  login: string;
}

export interface LockRecord {
  label: string;
  key: LockKey | undefined;
  holder: Partial<LockHolder> & { pullNumber: number | undefined };
}

function keyText(key: LockKey): string {
  return key.env === null ? key.project : `${key.project}/${key.env}`;
}

function keyFromText(text: string): LockKey | undefined {
  const [project, env, extra] = text.split("/");
  if (!project || extra !== undefined) return undefined;
  return { project, env: env ?? null };
}

/** The label name; keys too long for GitHub's 50 characters are shortened with a hash (the description keeps the key). */
export function lockLabelName(key: LockKey): string {
  const full = LOCK_LABEL_PREFIX + keyText(key);
  if (full.length <= MAX_LABEL_NAME) return full;
  const hash = createHash("sha256").update(keyText(key)).digest("hex").slice(0, 10);
  return `${full.slice(0, MAX_LABEL_NAME - hash.length - 1)}~${hash}`;
}

/** `PR #12 · network/production · 3f9c2a7 · @alice`, cut to GitHub's 100 characters from the end. */
export function lockLabelDescription(key: LockKey, holder: LockHolder): string {
  const parts = [`PR #${holder.pullNumber}`, keyText(key), holder.headSha.slice(0, 7), `@${holder.login}`];
  while (parts.length > 2 && parts.join(" · ").length > MAX_LABEL_DESCRIPTION) parts.pop();
  return parts.join(" · ").slice(0, MAX_LABEL_DESCRIPTION);
}

/** Reads a lock label back; undefined for labels that are not locks. */
export function parseLockLabel(label: { name: string; description?: string | null }): LockRecord | undefined {
  // GitHub's label names are case-insensitive: `Stakpak-Lock/app` is the same label, and holds the lock.
  if (!label.name.toLowerCase().startsWith(LOCK_LABEL_PREFIX)) return undefined;
  const [pr, keyPart, sha, login] = (label.description ?? "").split(" · ");
  const pullNumber = /^PR #(\d+)$/.exec(pr ?? "")?.[1];
  const hashed = label.name.includes("~");
  const key = hashed ? (keyPart ? keyFromText(keyPart) : undefined) : keyFromText(label.name.slice(LOCK_LABEL_PREFIX.length));
  const holder: LockRecord["holder"] = { pullNumber: pullNumber ? Number(pullNumber) : undefined };
  if (sha) holder.headSha = sha;
  if (login?.startsWith("@")) holder.login = login.slice(1);
  return { label: label.name, key, holder };
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

export type AcquireResult = { acquired: true; label: string } | { acquired: false; label: string; heldBy: LockRecord["holder"] };

/**
 * Takes the lock for the workflow's apply: creates the label (atomic), then puts it on the pull
 * request. A lock this pull request already holds is taken again (its description updated).
 */
export async function acquireLock(client: GitHubClient, repository: RepositoryRef, key: LockKey, holder: LockHolder): Promise<AcquireResult> {
  const name = lockLabelName(key);
  const description = lockLabelDescription(key, holder);
  try {
    await client.request("POST /repos/{owner}/{repo}/labels", { ...repository, name, color: LOCK_COLOR, description });
  } catch (err) {
    if (statusOf(err) !== 422) throw err;
    const existing = await client.request("GET /repos/{owner}/{repo}/labels/{name}", { ...repository, name });
    const record = parseLockLabel(existing.data);
    if (record?.holder.pullNumber !== holder.pullNumber) return { acquired: false, label: name, heldBy: record?.holder ?? { pullNumber: undefined } };
    await client.request("PATCH /repos/{owner}/{repo}/labels/{name}", { ...repository, name, description });
  }
  await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...repository, issue_number: holder.pullNumber, labels: [name] });
  return { acquired: true, label: name };
}

/** Every lock of the repository (the repository's labels, page by page). */
export async function listLocks(client: GitHubClient, repository: RepositoryRef): Promise<LockRecord[]> {
  const locks: LockRecord[] = [];
  for (let page = 1; ; page++) {
    const response = await client.request("GET /repos/{owner}/{repo}/labels", { ...repository, per_page: 100, page });
    for (const label of response.data) {
      const record = parseLockLabel(label);
      if (record) locks.push(record);
    }
    if (response.data.length < 100) return locks;
  }
}

/** Releases a lock: deletes its label (and so removes it from the pull request). Already gone is fine. */
export async function releaseLock(client: GitHubClient, repository: RepositoryRef, label: string): Promise<void> {
  try {
    await client.request("DELETE /repos/{owner}/{repo}/labels/{name}", { ...repository, name: label });
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
  }
}

/** `/stakpak unlock [-p P] [-e E]`: releases the locks this pull request holds, those matching the filter. */
export async function releasePullRequestLocks(
  client: GitHubClient,
  repository: RepositoryRef,
  pullNumber: number,
  filter: { project?: string | undefined; env?: string | undefined } = {},
): Promise<LockRecord[]> {
  const held = (await listLocks(client, repository)).filter(
    (lock) =>
      lock.holder.pullNumber === pullNumber &&
      (filter.project === undefined || lock.key?.project === filter.project) &&
      (filter.env === undefined || lock.key?.env === filter.env),
  );
  for (const lock of held) await releaseLock(client, repository, lock.label);
  return held;
}
