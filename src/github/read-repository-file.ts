import type { RepositoryRef } from "./authorization/repository-roles.js";
import type { GitHubClient } from "./create-octokit.js";

/**
 * A file's text at `ref` through the contents API (contents: read), or undefined when the file
 * does not exist there. How the App and the Action read what the default branch says (who may
 * run what, Warden's gate, the model to use) without trusting a checkout a pull request made.
 */
export async function readRepositoryFile(client: GitHubClient, repository: RepositoryRef, path: string, ref: string): Promise<string | undefined> {
  return client.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: repository.owner, repo: repository.repo, path, ref, mediaType: { format: "raw" } }).then(
    (response) => (typeof response.data === "string" ? response.data : String(response.data)),
    (err: unknown) => {
      if ((err as { status?: unknown } | null)?.status === 404) return undefined;
      throw err;
    },
  );
}

/** The first of `paths` that exists at `ref`, with its text. */
export async function readFirstRepositoryFile(client: GitHubClient, repository: RepositoryRef, paths: readonly string[], ref: string): Promise<{ path: string; text: string } | undefined> {
  for (const path of paths) {
    const text = await readRepositoryFile(client, repository, path, ref);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

/**
 * The files of a directory at `ref` (one level, files only) with their text: how the default
 * branch's `.stakpak/rulebooks/*.md` are read without a checkout. Empty when the directory does
 * not exist.
 */
export async function readRepositoryDirectory(client: GitHubClient, repository: RepositoryRef, dir: string, ref: string, accept: (name: string) => boolean = () => true): Promise<{ path: string; text: string }[]> {
  const listing = await client.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: repository.owner, repo: repository.repo, path: dir, ref }).then(
    (response) => response.data,
    (err: unknown) => {
      if ((err as { status?: unknown } | null)?.status === 404) return [];
      throw err;
    },
  );
  // A file where a directory was expected reads as nothing there.
  if (!Array.isArray(listing)) return [];
  const files: { path: string; text: string }[] = [];
  for (const entry of listing) {
    if (entry.type !== "file" || !accept(entry.name)) continue;
    const text = await readRepositoryFile(client, repository, entry.path, ref);
    if (text !== undefined) files.push({ path: entry.path, text });
  }
  return files;
}
