import { createHash } from "node:crypto";
import type { RecordedRequest } from "./fake-github-api.js";

type Handler = (req: RecordedRequest, params: string[]) => { status: number; body?: unknown; headers?: Record<string, string> };

interface FakeCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

interface TreeEntry {
  mode: string;
  sha: string;
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

const notFound = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest/git" } };

/**
 * GitHub's Git database API (blobs, trees, commits, refs) over an in-memory object store, as
 * the fake GitHub API's routes. It keeps GitHub's rules that callers rely on: a tree's
 * `base_tree` is kept and `sha: null` deletes a path, a ref update that is not a fast-forward
 * (without `force`) is refused with 422 "Update is not a fast forward", and creating a ref that
 * exists is refused with 422 "Reference already exists". Trees are stored flat (path → blob).
 */
export class FakeGitData {
  readonly blobs = new Map<string, string>();
  readonly trees = new Map<string, Map<string, TreeEntry>>();
  readonly commits = new Map<string, FakeCommit>();
  /** `heads/main` → commit sha. */
  readonly refs = new Map<string, string>();

  constructor(private readonly base: () => string) {}

  /** A branch whose head commit holds exactly these files (a parent commit optional). */
  seedBranch(branch: string, files: Record<string, string>, parent?: string): string {
    const tree = new Map<string, TreeEntry>();
    for (const [path, content] of Object.entries(files)) tree.set(path, { mode: "100644", sha: this.putBlob(content) });
    const commit = this.putCommit(this.putTree(tree), parent ? [parent] : [], `seed ${branch}`);
    this.refs.set(`heads/${branch}`, commit);
    return commit;
  }

  /**
   * A commit with a given id holding exactly these files (a real checkout's commit, so that the
   * API and the work tree agree), and the branch pointing at it when one is named.
   */
  mirrorCommit(sha: string, files: Record<string, string>, branch?: string): void {
    const tree = new Map<string, TreeEntry>();
    for (const [path, content] of Object.entries(files)) tree.set(path, { mode: "100644", sha: this.putBlob(content) });
    this.commits.set(sha, { sha, tree: this.putTree(tree), parents: [], message: `mirror ${sha.slice(0, 7)}` });
    if (branch) this.refs.set(`heads/${branch}`, sha);
  }

  /** The files of a branch's head (or of a commit), by path. */
  filesAt(refOrSha: string): Record<string, string> {
    const sha = this.refs.get(`heads/${refOrSha}`) ?? refOrSha;
    const commit = this.commits.get(sha);
    if (!commit) throw new Error(`no commit ${refOrSha}`);
    const out: Record<string, string> = {};
    for (const [path, entry] of this.trees.get(commit.tree)!) out[path] = this.blobs.get(entry.sha)!;
    return out;
  }

  commit(sha: string): FakeCommit | undefined {
    return this.commits.get(sha);
  }

  private putBlob(content: string): string {
    const sha = sha1(`blob ${Buffer.byteLength(content)}\0${content}`);
    this.blobs.set(sha, content);
    return sha;
  }

  private putTree(tree: Map<string, TreeEntry>): string {
    const sha = sha1(`tree ${JSON.stringify([...tree].sort())}`);
    this.trees.set(sha, tree);
    return sha;
  }

  private putCommit(tree: string, parents: string[], message: string): string {
    const sha = sha1(`commit ${tree} ${parents.join(",")} ${message} ${this.commits.size}`);
    this.commits.set(sha, { sha, tree, parents, message });
    return sha;
  }

  private descends(sha: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const at = queue.pop()!;
      if (at === ancestor) return true;
      if (seen.has(at)) continue;
      seen.add(at);
      queue.push(...(this.commits.get(at)?.parents ?? []));
    }
    return false;
  }

  private refJson(ref: string, sha: string): Record<string, unknown> {
    return { ref: `refs/${ref}`, node_id: `REF_${sha1(ref).slice(0, 12)}`, url: `${this.base()}/git/refs/${ref}`, object: { type: "commit", sha, url: `${this.base()}/git/commits/${sha}` } };
  }

  private commitJson(c: FakeCommit): Record<string, unknown> {
    const person = { name: "stakpak[bot]", email: "stakpak[bot]@users.noreply.github.com", date: "2026-12-02T10:00:00Z" };
    return {
      sha: c.sha,
      node_id: `C_${c.sha.slice(0, 12)}`,
      url: `${this.base()}/git/commits/${c.sha}`,
      html_url: `https://github.com/commit/${c.sha}`,
      author: person,
      committer: person,
      message: c.message,
      tree: { sha: c.tree, url: `${this.base()}/git/trees/${c.tree}` },
      parents: c.parents.map((p) => ({ sha: p, url: `${this.base()}/git/commits/${p}`, html_url: `https://github.com/commit/${p}` })),
      // Commits made through the API by an App or the workflow token are signed by GitHub.
      verification: { verified: true, reason: "valid", signature: "-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----", payload: null, verified_at: "2026-12-02T10:00:00Z" },
    };
  }

  routes(): Array<[string, RegExp, Handler]> {
    return [
      [
        "POST",
        /^\/repos\/[^/]+\/[^/]+\/git\/blobs$/,
        (r) => {
          const encoding = r.body?.encoding ?? "utf-8";
          const raw = String(r.body?.content ?? "");
          const content = encoding === "base64" ? Buffer.from(raw, "base64").toString("utf8") : raw;
          const sha = this.putBlob(content);
          return { status: 201, body: { sha, url: `${this.base()}/git/blobs/${sha}` } };
        },
      ],
      [
        "POST",
        /^\/repos\/[^/]+\/[^/]+\/git\/trees$/,
        (r) => {
          const baseTree = r.body?.base_tree as string | undefined;
          if (baseTree !== undefined && !this.trees.has(baseTree)) return { status: 422, body: { message: "Invalid tree info", documentation_url: "https://docs.github.com/rest/git/trees#create-a-tree" } };
          const tree = new Map(baseTree ? this.trees.get(baseTree)! : []);
          for (const entry of (r.body?.tree ?? []) as Array<{ path: string; mode: string; type: string; sha?: string | null; content?: string }>) {
            if (entry.sha === null) {
              tree.delete(entry.path);
              continue;
            }
            const sha = entry.content !== undefined ? this.putBlob(entry.content) : entry.sha;
            if (!sha || !this.blobs.has(sha)) return { status: 422, body: { message: `Invalid tree info: ${entry.path}` } };
            tree.set(entry.path, { mode: entry.mode, sha });
          }
          const sha = this.putTree(tree);
          return {
            status: 201,
            body: { sha, url: `${this.base()}/git/trees/${sha}`, truncated: false, tree: [...tree].map(([path, e]) => ({ path, mode: e.mode, type: "blob", sha: e.sha, size: this.blobs.get(e.sha)!.length, url: `${this.base()}/git/blobs/${e.sha}` })) },
          };
        },
      ],
      [
        "POST",
        /^\/repos\/[^/]+\/[^/]+\/git\/commits$/,
        (r) => {
          const tree = String(r.body?.tree ?? "");
          const parents = (r.body?.parents ?? []) as string[];
          if (!this.trees.has(tree) || parents.some((p) => !this.commits.has(p))) return { status: 422, body: { message: "Tree SHA does not exist" } };
          const sha = this.putCommit(tree, parents, String(r.body?.message ?? ""));
          return { status: 201, body: this.commitJson(this.commits.get(sha)!) };
        },
      ],
      [
        "GET",
        /^\/repos\/[^/]+\/[^/]+\/git\/commits\/([0-9a-f]{40})$/,
        (_r, [sha]) => {
          const c = this.commits.get(sha ?? "");
          return c ? { status: 200, body: this.commitJson(c) } : notFound;
        },
      ],
      [
        "GET",
        /^\/repos\/[^/]+\/[^/]+\/git\/ref\/(.+)$/,
        (_r, [ref]) => {
          const sha = this.refs.get(ref ?? "");
          return sha ? { status: 200, body: this.refJson(ref!, sha) } : notFound;
        },
      ],
      [
        "POST",
        /^\/repos\/[^/]+\/[^/]+\/git\/refs$/,
        (r) => {
          const full = String(r.body?.ref ?? "");
          const sha = String(r.body?.sha ?? "");
          if (!full.startsWith("refs/") || full.split("/").length < 3) return { status: 422, body: { message: "Reference name must start with 'refs/' and have at least two slashes." } };
          const ref = full.slice("refs/".length);
          if (this.refs.has(ref)) return { status: 422, body: { message: "Reference already exists", documentation_url: "https://docs.github.com/rest/git/refs#create-a-reference" } };
          if (!this.commits.has(sha)) return { status: 422, body: { message: "Object does not exist" } };
          this.refs.set(ref, sha);
          return { status: 201, body: this.refJson(ref, sha) };
        },
      ],
      [
        "PATCH",
        /^\/repos\/[^/]+\/[^/]+\/git\/refs\/(.+)$/,
        (r, [ref]) => {
          const current = this.refs.get(ref ?? "");
          if (!current) return { status: 422, body: { message: "Reference does not exist" } };
          const sha = String(r.body?.sha ?? "");
          if (!this.commits.has(sha)) return { status: 422, body: { message: "Object does not exist" } };
          if (r.body?.force !== true && !this.descends(sha, current)) {
            return { status: 422, body: { message: "Update is not a fast forward", documentation_url: "https://docs.github.com/rest/git/refs#update-a-reference" } };
          }
          this.refs.set(ref!, sha);
          return { status: 200, body: this.refJson(ref!, sha) };
        },
      ],
    ];
  }
}
