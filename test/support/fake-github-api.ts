import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readBody } from "./read-body.js";
import type { AddressInfo } from "node:net";
import { complete, findOperation, requestProblems, responseSchema, responseSpec, schemaProblems, type Operation } from "./github-openapi.js";
import { FakeGitData } from "./fake-git-data.js";
import { executeGraphql } from "./github-graphql.js";

/**
 * A real HTTP server on 127.0.0.1 that plays the part of the GitHub REST and GraphQL APIs the
 * Action uses, with state a test sets up and reads back: pull requests, their files, reviews,
 * comments, reactions, check runs, commit statuses, branch protection, labels (the App-mode
 * locks), collaborator permissions and file contents on a ref. Every request is recorded, and
 * failures (a 5xx, a secondary rate limit) can be queued for a route.
 *
 * The built `dist/index.js` talks to it through GITHUB_API_URL, so nothing in the Action knows
 * it is not GitHub. Anything it does not know is a 404 that tests see in `unknownRequests`.
 *
 * It holds itself to GitHub's own descriptions, so no test passes against a GitHub that does not
 * exist: every REST request must be an operation of GitHub's OpenAPI description
 * (`@octokit/openapi`) with the parameters and body that operation takes, and every answer must
 * have a status the operation documents (or one GitHub gives any operation: 403, 404, 429, 5xx)
 * and a body of the documented schema. The handlers model the fields the code reads; the other
 * fields GitHub always sends are filled with the least their schema allows before the check
 * (see `complete`). GraphQL queries are validated against and executed on GitHub's published
 * schema (`@octokit/graphql-schema`). What does not fit is collected in `violations`, and
 * `close()` fails with them.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the query string, percent-decoded. */
  path: string;
  /** The path as sent, percent-encoded (a label name's `/` is `%2F` here). */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: any;
  /** The status the server answered with. */
  status: number;
}

export interface FakeUser {
  login: string;
  type?: "User" | "Bot";
}

export interface FakePullRequest {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  title: string;
  user: FakeUser;
  headSha: string;
  headRef: string;
  /** `owner/repo` of the head; null when the fork was deleted. */
  headRepo: string | null;
  baseRef: string;
  baseSha: string;
  mergeable: boolean | null;
  mergeableState: string;
  /** Files as `GET /pulls/{n}/files` lists them. */
  files: Array<{ filename: string; status?: string; patch?: string; previous_filename?: string }>;
  /** Reviews as `GET /pulls/{n}/reviews` lists them, the token's own (posted through the API) included. */
  reviews: FakeReview[];
  labels: string[];
  /** The description, for pull requests opened through the API. */
  body?: string;
}

export interface FakeReview {
  /** Given when the review is added (tests may leave it out). */
  id?: number;
  user: FakeUser;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";
  commitId: string;
  /** GitHub always sends a body, "" for a review without one. */
  body?: string;
  authorAssociation?: string;
}

export interface FakeComment {
  id: number;
  node_id: string;
  issueNumber: number;
  body: string;
  user: FakeUser;
  author_association: string;
  minimized: boolean;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output?: { title?: string; summary?: string; text?: string; annotations?: unknown[] } | undefined;
  details_url?: string | undefined;
  html_url: string;
}

export interface FakeLabel {
  name: string;
  description: string | null;
  color: string;
}

export interface QueuedFailure {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many requests to fail (default 1). */
  times?: number;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string | null;
  user: FakeUser;
  state: "open" | "closed";
}

export interface FakeState {
  owner: string;
  repo: string;
  defaultBranch: string;
  pulls: Map<number, FakePullRequest>;
  /** Plain issues (not pull requests), as `GET /issues/{n}` answers them. */
  issues: Map<number, FakeIssue>;
  comments: FakeComment[];
  reactions: Array<{ commentId: number; content: string }>;
  reviewsPosted: Array<{ pullNumber: number; event: string; body: string; commit_id: string; comments: Array<{ path: string; line: number; body: string }> }>;
  checkRuns: FakeCheckRun[];
  /** `GET /commits/{sha}/status` statuses per sha. */
  statuses: Map<string, Array<{ context: string; state: "success" | "failure" | "pending" | "error" }>>;
  /** Required status check contexts of the default branch's protection (null: the branch is not protected). */
  requiredChecks: string[] | null;
  labels: Map<string, FakeLabel>;
  /** Repository permission (`role_name`) per login; missing logins have none (404). */
  permissions: Map<string, "read" | "triage" | "write" | "maintain" | "admin">;
  /** File contents per `ref:path`, for the contents API. */
  contents: Map<string, string>;
  /**
   * The login the token acts as: GraphQL `viewer` answers it (for installation tokens too), and it
   * authors what the token posts. GitHub App installation tokens, the workflow's GITHUB_TOKEN
   * among them (`github-actions[bot]`), are refused REST `GET /user`. (Seen on GitHub: the viewer
   * query answering an App's `<slug>[bot]` for its installation token, fullsend-ai/fullsend#1953;
   * `GET /user` answering 403 "Resource not accessible by integration" to one, pingdotgg/t3code#11273.)
   */
  viewer: string;
  /** Active members per `org/team-slug` (slug lower-case). */
  teams: Map<string, Set<string>>;
  /** Whether the token may read organization membership (an App token with Members: read); the workflow's GITHUB_TOKEN may not. */
  canReadMembers: boolean;
}

type Handler = (req: RecordedRequest, params: string[]) => { status: number; body?: unknown; headers?: Record<string, string> };

export class FakeGitHubApi {
  readonly requests: RecordedRequest[] = [];
  readonly state: FakeState;
  private readonly failures: QueuedFailure[] = [];
  /** Called with each request before it is answered: a test can change the state mid-run (a push while planning). */
  onRequest: ((request: RecordedRequest) => void) | undefined;
  private server: Server | undefined;
  private nextId = 5_000_000;
  url = "";

  constructor(options: { owner?: string; repo?: string; defaultBranch?: string } = {}) {
    this.state = {
      owner: options.owner ?? "acme",
      repo: options.repo ?? "infra",
      defaultBranch: options.defaultBranch ?? "main",
      pulls: new Map(),
      issues: new Map(),
      comments: [],
      reactions: [],
      reviewsPosted: [],
      checkRuns: [],
      statuses: new Map(),
      requiredChecks: null,
      labels: new Map(),
      permissions: new Map(),
      contents: new Map(),
      viewer: "github-actions[bot]",
      teams: new Map(),
      canReadMembers: false,
    };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops the server; fails when a request or an answer did not fit GitHub's descriptions (`violations`). */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    if (this.violations.length > 0) {
      const list = [...new Set(this.violations)];
      throw new Error(`The fake GitHub API saw ${list.length} request(s) or answer(s) GitHub would not take or give:\n${list.map((v) => `- ${v}`).join("\n")}`);
    }
  }

  /** Adds a pull request (defaults: open, same repository, mergeable, no reviews). */
  addPull(fields: Partial<FakePullRequest> & { number: number; headSha: string }): FakePullRequest {
    const full = `${this.state.owner}/${this.state.repo}`;
    const pr: FakePullRequest = {
      state: "open",
      merged: false,
      draft: false,
      title: "network: access logs bucket",
      user: { login: "alice" },
      headRef: "feature/logs",
      headRepo: full,
      baseRef: this.state.defaultBranch,
      baseSha: "b".repeat(40),
      mergeable: true,
      mergeableState: "clean",
      files: [],
      reviews: [],
      labels: [],
      ...fields,
    };
    this.state.pulls.set(pr.number, pr);
    return pr;
  }

  /** Adds a plain issue (an agent request on it ends with a pull request). */
  addIssue(fields: Partial<FakeIssue> & { number: number }): FakeIssue {
    const issue: FakeIssue = { title: "Access logs for staging", body: null, user: { login: "alice" }, state: "open", ...fields };
    this.state.issues.set(issue.number, issue);
    return issue;
  }

  /** The next `times` requests matching method and path fail with this answer. */
  fail(failure: QueuedFailure): void {
    this.failures.push({ times: 1, ...failure });
  }

  /** Requests the server had no route for. */
  get unknownRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.status === 404 && !this.knownNotFound.has(r));
  }

  /** Requests for one method and path pattern. */
  calls(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  /** Every text the Action sent to GitHub: comment, review and check-run bodies, label descriptions. */
  sentTexts(): string[] {
    return this.requests.filter((r) => r.method !== "GET").map((r) => (typeof r.body === "string" ? r.body : JSON.stringify(r.body ?? "")));
  }

  private readonly knownNotFound = new Set<RecordedRequest>();

  /** What did not fit GitHub's descriptions: requests GitHub would not take, answers it would not give. */
  readonly violations: string[] = [];

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: decodeURIComponent(url.pathname), rawPath: url.pathname, query: url.searchParams, headers: req.headers, body, status: 0 };
    this.requests.push(recorded);
    this.onRequest?.(recorded);

    const graphql = recorded.method === "POST" && /^(?:\/api)?\/graphql$/.test(recorded.path);
    const operation = graphql ? undefined : findOperation(recorded.method, recorded.rawPath);
    if (!graphql) {
      if (!operation) this.violations.push(`${recorded.method} ${recorded.rawPath}: not an operation of GitHub's REST API`);
      else this.violations.push(...requestProblems(operation, recorded.query, recorded.body));
    }

    const failure = this.failures.find((f) => f.method === recorded.method && f.path.test(recorded.path) && (f.times ?? 1) > 0);
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      return this.send(res, recorded, operation, failure.status, failure.body ?? { message: "Server Error" }, failure.headers);
    }
    if (graphql) return this.send(res, recorded, undefined, 200, this.graphql(recorded));

    for (const [method, pattern, handler] of this.routes) {
      if (method !== recorded.method) continue;
      const match = pattern.exec(recorded.path);
      if (!match) continue;
      const answer = handler(recorded, match.slice(1));
      if (answer.status === 404) this.knownNotFound.add(recorded);
      return this.send(res, recorded, operation, answer.status, answer.body, answer.headers);
    }
    return this.send(res, recorded, operation, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
  }

  /**
   * Checks the answer against the operation (status documented, body of the documented schema,
   * completed first: see `complete`), then sends it. 403, 404, 429 and 5xx are answers GitHub
   * gives any operation (permissions, missing resources, rate limits, outages), documented or not.
   */
  private send(res: ServerResponse, recorded: RecordedRequest, operation: Operation | undefined, status: number, bodyIn: unknown, headers: Record<string, string> = {}): void {
    recorded.status = status;
    let body = bodyIn;
    if (operation) {
      const name = `${operation.method} ${operation.template} -> ${status}`;
      const documented = responseSpec(operation, status);
      const anyOperation = status === 403 || status === 404 || status === 429 || status >= 500;
      if (!documented && !anyOperation) this.violations.push(`${name}: not a status the operation documents (${Object.keys(operation.spec.responses).join(", ")})`);
      const schema = responseSchema(operation, status);
      const raw = String(recorded.headers.accept ?? "").includes(".raw") && typeof body === "string";
      if (schema && !raw && body !== undefined && status < 300) {
        body = complete(schema, body);
        this.violations.push(...schemaProblems(schema, body, `${name} body`));
      } else if (documented && !documented.content && body !== undefined && status < 300) {
        this.violations.push(`${name}: the operation answers without a body, the fake sent one`);
      }
    }
    const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8",
      "x-github-request-id": `FAKE:${this.requests.length}`,
      ...headers,
    });
    res.end(text);
  }

  /** GraphQL on GitHub's schema: the query validated, then executed on the fake's state. */
  private graphql(recorded: RecordedRequest): unknown {
    const query = String(recorded.body?.query ?? "");
    const variables = (recorded.body?.variables ?? {}) as Record<string, unknown>;
    const result = executeGraphql(query, variables, {
      viewer: () => ({ login: this.state.viewer }),
      // GitHub answers null for an id it cannot resolve (deleted, or not visible to the token).
      nodes: ({ ids }: { ids: string[] }) => ids.map((id) => {
        const comment = this.state.comments.find((c) => c.node_id === id);
        return comment ? { __typename: "IssueComment", id, isMinimized: comment.minimized } : null;
      }),
      minimizeComment: ({ input }: { input: { subjectId: string } }) => {
        const comment = this.state.comments.find((c) => c.node_id === input.subjectId);
        if (!comment) throw Object.assign(new Error(`Could not resolve to a node with the global id of '${input.subjectId}'`), { type: "NOT_FOUND" });
        comment.minimized = true;
        return { minimizedComment: { __typename: "IssueComment", isMinimized: true } };
      },
    });
    this.violations.push(...result.invalid.map((m) => `GraphQL: ${m}`));
    return result.response;
  }

  private id(): number {
    return this.nextId++;
  }

  private html(path: string): string {
    return `https://github.com/${this.state.owner}/${this.state.repo}${path}`;
  }

  private user(u: FakeUser): Record<string, unknown> {
    return { login: u.login, id: u.login.length * 1000 + 7, type: u.type ?? (u.login.endsWith("[bot]") ? "Bot" : "User") };
  }

  private pullJson(pr: FakePullRequest): Record<string, unknown> {
    const base = `${this.state.owner}/${this.state.repo}`;
    return {
      id: 900_000 + pr.number,
      number: pr.number,
      state: pr.state,
      merged: pr.merged,
      draft: pr.draft,
      title: pr.title,
      user: this.user(pr.user),
      html_url: this.html(`/pull/${pr.number}`),
      mergeable: pr.mergeable,
      mergeable_state: pr.mergeableState,
      labels: pr.labels.map((name) => this.labelJson(this.label(name) ?? { name, description: null, color: "ededed" })),
      head: {
        ref: pr.headRef,
        sha: pr.headSha,
        repo: pr.headRepo === null ? null : { full_name: pr.headRepo, name: pr.headRepo.split("/")[1], owner: { login: pr.headRepo.split("/")[0] }, fork: pr.headRepo !== base },
      },
      base: { ref: pr.baseRef, sha: pr.baseSha, repo: { full_name: base, name: this.state.repo, owner: { login: this.state.owner }, fork: false } },
    };
  }

  private commentJson(c: FakeComment): Record<string, unknown> {
    return {
      id: c.id,
      node_id: c.node_id,
      body: c.body,
      user: this.user(c.user),
      author_association: c.author_association,
      html_url: this.html(`/pull/${c.issueNumber}#issuecomment-${c.id}`),
      issue_url: `${this.url}/repos/${this.state.owner}/${this.state.repo}/issues/${c.issueNumber}`,
      created_at: "2025-05-01T10:00:00Z",
      updated_at: "2025-05-01T10:00:00Z",
    };
  }

  private pull(n: string | undefined): FakePullRequest | undefined {
    return this.state.pulls.get(Number(n));
  }

  /** Label names are case-insensitive on GitHub: `GET /labels/Foo` finds `foo`. */
  private label(name: string): FakeLabel | undefined {
    const lower = name.toLowerCase();
    return [...this.state.labels.values()].find((l) => l.name.toLowerCase() === lower);
  }

  private labelJson(l: FakeLabel): Record<string, unknown> {
    return { id: 40_000 + l.name.length, node_id: `LA_${l.name}`, url: `${this.url}/repos/${this.state.owner}/${this.state.repo}/labels/${encodeURIComponent(l.name)}`, name: l.name, description: l.description, color: l.color, default: false };
  }

  private reviewId(rv: FakeReview, index: number): number {
    return rv.id ?? 70_000 + index;
  }

  private reviewJson(pr: FakePullRequest, rv: FakeReview, index: number): Record<string, unknown> {
    const id = this.reviewId(rv, index);
    return {
      id,
      node_id: `PRR_${id}`,
      user: this.user(rv.user),
      body: rv.body ?? "",
      state: rv.state,
      commit_id: rv.commitId,
      html_url: this.html(`/pull/${pr.number}#pullrequestreview-${id}`),
      pull_request_url: `${this.url}/repos/${this.state.owner}/${this.state.repo}/pulls/${pr.number}`,
      author_association: rv.authorAssociation ?? "MEMBER",
      submitted_at: `2025-05-01T10:${String(10 + (index % 50)).padStart(2, "0")}:00Z`,
      _links: { html: { href: this.html(`/pull/${pr.number}#pullrequestreview-${id}`) }, pull_request: { href: `${this.url}/repos/${this.state.owner}/${this.state.repo}/pulls/${pr.number}` } },
    };
  }

  /** The Git database (blobs, trees, commits, refs): commits made through the API land here. */
  readonly git = new FakeGitData(() => `${this.url}/repos/${this.state.owner}/${this.state.repo}`);

  /** The routes, as data: method, path pattern (anchored), handler. */
  private readonly routes: Array<[string, RegExp, Handler]> = [
    ...this.git.routes(),
    [
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/pulls$/,
      (r) => {
        const head = String(r.body?.head ?? "");
        const base = String(r.body?.base ?? "");
        const headSha = this.git.refs.get(`heads/${head}`);
        const baseSha = this.git.refs.get(`heads/${base}`);
        if (!headSha || !baseSha) return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "PullRequest", field: headSha ? "base" : "head", code: "invalid" }] } };
        if ([...this.state.pulls.values()].some((p) => p.state === "open" && p.headRef === head && p.baseRef === base)) {
          return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${this.state.owner}:${head}.` }] } };
        }
        const number = Math.max(0, ...this.state.pulls.keys(), ...this.state.comments.map((c) => c.issueNumber)) + 1;
        const pr = this.addPull({ number, headSha, headRef: head, baseRef: base, baseSha, title: String(r.body?.title ?? ""), user: { login: this.state.viewer }, draft: r.body?.draft === true });
        pr.body = String(r.body?.body ?? "");
        return { status: 201, body: this.pullJson(pr) };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/,
      (_r, [n]) => {
        const number = Number(n);
        const pr = this.state.pulls.get(number);
        const issue = this.state.issues.get(number);
        if (!pr && !issue) return { status: 404, body: { message: "Not Found" } };
        const api = `${this.url}/repos/${this.state.owner}/${this.state.repo}`;
        return {
          status: 200,
          body: {
            id: 700_000 + number,
            number,
            title: pr ? pr.title : issue!.title,
            body: pr ? (pr.body ?? null) : issue!.body,
            state: pr ? pr.state : issue!.state,
            user: this.user(pr ? pr.user : issue!.user),
            html_url: this.html(`/${pr ? "pull" : "issues"}/${number}`),
            url: `${api}/issues/${number}`,
            labels: [],
            ...(pr ? { pull_request: { url: `${api}/pulls/${number}`, html_url: this.html(`/pull/${number}`), diff_url: null, patch_url: null } } : {}),
          },
        };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/pulls$/,
      (r) => {
        const state = r.query.get("state") ?? "open";
        const head = r.query.get("head");
        const base = r.query.get("base");
        const pulls = [...this.state.pulls.values()].filter(
          (p) => (state === "all" || p.state === state) && (!head || `${(p.headRepo ?? "").split("/")[0]}:${p.headRef}` === head) && (!base || p.baseRef === base),
        );
        return { status: 200, body: pulls.map((p) => this.pullJson(p)) };
      },
    ],
    ["GET", /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/, (_r, [n]) => (this.pull(n) ? { status: 200, body: this.pullJson(this.pull(n) as FakePullRequest) } : { status: 404, body: { message: "Not Found" } })],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/,
      (r, [n]) => {
        const pr = this.pull(n);
        if (!pr) return { status: 404, body: { message: "Not Found" } };
        const page = Number(r.query.get("page") ?? "1");
        const perPage = Number(r.query.get("per_page") ?? "30");
        const files = pr.files.slice((page - 1) * perPage, page * perPage).map((f) => ({ status: "modified", additions: 1, deletions: 0, changes: 1, ...f, sha: "f".repeat(40) }));
        const headers: Record<string, string> = {};
        if (page * perPage < pr.files.length) headers.link = `<${this.url}${r.path}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
        return { status: 200, body: files, headers };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/,
      (r, [n]) => {
        const pr = this.pull(n);
        if (!pr) return { status: 404, body: { message: "Not Found" } };
        const page = Number(r.query.get("page") ?? "1");
        const perPage = Number(r.query.get("per_page") ?? "30");
        const listed = pr.reviews.slice((page - 1) * perPage, page * perPage);
        return { status: 200, body: listed.map((rv, i) => this.reviewJson(pr, rv, (page - 1) * perPage + i)) };
      },
    ],
    [
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/,
      (r, [n]) => {
        const pr = this.pull(n);
        if (!pr) return { status: 404, body: { message: "Not Found" } };
        const id = this.id();
        this.state.reviewsPosted.push({ pullNumber: Number(n), event: r.body?.event, body: r.body?.body ?? "", commit_id: r.body?.commit_id, comments: r.body?.comments ?? [] });
        // Without `event` the review stays PENDING (a draft nobody else sees); the code always submits.
        const state = ({ APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" } as const)[r.body?.event as "APPROVE"] ?? "COMMENTED";
        const review: FakeReview = { id, user: { login: this.state.viewer }, state, commitId: r.body?.commit_id ?? pr.headSha, body: r.body?.body ?? "", authorAssociation: "NONE" };
        pr.reviews.push(review);
        return { status: 200, body: this.reviewJson(pr, review, pr.reviews.length - 1) };
      },
    ],
    [
      "PUT",
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews\/(\d+)\/dismissals$/,
      (_r, [n, id]) => {
        const pr = this.pull(n);
        const at = pr?.reviews.findIndex((rv, i) => this.reviewId(rv, i) === Number(id)) ?? -1;
        const review = pr?.reviews[at];
        if (!pr || !review) return { status: 404, body: { message: "Not Found" } };
        review.state = "DISMISSED";
        return { status: 200, body: this.reviewJson(pr, review, at) };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/,
      (_r, [n]) => ({ status: 200, body: this.state.comments.filter((c) => c.issueNumber === Number(n)).map((c) => this.commentJson(c)) }),
    ],
    [
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/,
      (r, [n]) => {
        const id = this.id();
        const comment: FakeComment = {
          id,
          node_id: `IC_${id}`,
          issueNumber: Number(n),
          body: String(r.body?.body ?? ""),
          user: { login: this.state.viewer },
          author_association: "NONE",
          minimized: false,
        };
        this.state.comments.push(comment);
        return { status: 201, body: this.commentJson(comment) };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/,
      (_r, [id]) => {
        const c = this.state.comments.find((x) => x.id === Number(id));
        return c ? { status: 200, body: this.commentJson(c) } : { status: 404, body: { message: "Not Found" } };
      },
    ],
    [
      "PATCH",
      /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/,
      (r, [id]) => {
        const c = this.state.comments.find((x) => x.id === Number(id));
        if (!c) return { status: 404, body: { message: "Not Found" } };
        c.body = String(r.body?.body ?? "");
        return { status: 200, body: this.commentJson(c) };
      },
    ],
    [
      "DELETE",
      /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/,
      (_r, [id]) => {
        this.state.comments = this.state.comments.filter((x) => x.id !== Number(id));
        return { status: 204 };
      },
    ],
    [
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)\/reactions$/,
      (r, [id]) => {
        this.state.reactions.push({ commentId: Number(id), content: String(r.body?.content) });
        return { status: 201, body: { id: this.id(), content: r.body?.content } };
      },
    ],
    [
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/check-runs$/,
      (r) => {
        const id = this.id();
        const run: FakeCheckRun = { id, name: r.body?.name, head_sha: r.body?.head_sha, status: r.body?.status ?? "queued", conclusion: r.body?.conclusion ?? null, output: r.body?.output, details_url: r.body?.details_url, html_url: this.html(`/runs/${id}`) };
        this.state.checkRuns.push(run);
        return { status: 201, body: run };
      },
    ],
    [
      "PATCH",
      /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/,
      (r, [id]) => {
        const run = this.state.checkRuns.find((c) => c.id === Number(id));
        if (!run) return { status: 404, body: { message: "Not Found" } };
        Object.assign(run, { ...r.body, output: r.body?.output ?? run.output });
        return { status: 200, body: run };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)\/check-runs$/,
      (_r, [sha]) => {
        const runs = this.state.checkRuns.filter((c) => c.head_sha === sha);
        return { status: 200, body: { total_count: runs.length, check_runs: runs } };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)\/status$/,
      (_r, [sha]) => {
        const statuses = this.state.statuses.get(sha ?? "") ?? [];
        const state = statuses.some((s) => s.state === "failure" || s.state === "error") ? "failure" : statuses.some((s) => s.state === "pending") || statuses.length === 0 ? "pending" : "success";
        return { status: 200, body: { state, sha, total_count: statuses.length, statuses } };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/branches\/([^/]+)$/,
      (_r, [branch]) => {
        const protectedBranch = this.state.requiredChecks !== null;
        return {
          status: 200,
          body: {
            name: branch,
            protected: protectedBranch,
            protection: protectedBranch
              ? { enabled: true, required_status_checks: { enforcement_level: "non_admins", contexts: this.state.requiredChecks, checks: (this.state.requiredChecks ?? []).map((context) => ({ context, app_id: null })) } }
              : { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
          },
        };
      },
    ],
    ["GET", /^\/repos\/[^/]+\/[^/]+\/rules\/branches\/([^/]+)$/, () => ({ status: 200, body: [] })],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/collaborators\/([^/]+)\/permission$/,
      (_r, [login]) => {
        const role = this.state.permissions.get(login ?? "");
        if (!role) return { status: 404, body: { message: "Not Found" } };
        const legacy = role === "maintain" ? "write" : role === "triage" ? "read" : role;
        return { status: 200, body: { permission: legacy, role_name: role, user: { login } } };
      },
    ],
    [
      "GET",
      /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/,
      (_r, [org, slug, login]) => {
        if (!this.state.canReadMembers) return { status: 403, body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/teams/members#get-team-membership-for-a-user" } };
        const members = this.state.teams.get(`${org}/${slug}`.toLowerCase());
        if (!members || ![...members].some((m) => m.toLowerCase() === (login ?? "").toLowerCase())) return { status: 404, body: { message: "Not Found" } };
        return { status: 200, body: { url: `${this.url}/teams/1/memberships/${login}`, role: "member", state: "active" } };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/contents\/(.+)$/,
      (r, [path]) => {
        const ref = r.query.get("ref") ?? this.state.defaultBranch;
        const text = this.state.contents.get(`${ref}:${path}`);
        if (text !== undefined) return { status: 200, body: text };
        // A directory: GitHub lists its entries (files and subdirectories, one level) as JSON.
        const prefix = `${ref}:${path!.replace(/\/+$/, "")}/`;
        const entries = new Map<string, { type: "file" | "dir"; size: number }>();
        for (const [key, content] of this.state.contents) {
          if (!key.startsWith(prefix)) continue;
          const [name, ...deeper] = key.slice(prefix.length).split("/");
          entries.set(name!, deeper.length > 0 ? { type: "dir", size: 0 } : { type: "file", size: Buffer.byteLength(content) });
        }
        if (entries.size === 0) return { status: 404, body: { message: "Not Found" } };
        const dir = path!.replace(/\/+$/, "");
        return {
          status: 200,
          body: [...entries].sort(([a], [b]) => a.localeCompare(b)).map(([name, entry]) => {
            const full = `${dir}/${name}`;
            const sha = createHash("sha1").update(`${ref}:${full}`).digest("hex");
            const url = `${this.url}/repos/${this.state.owner}/${this.state.repo}/contents/${full}?ref=${ref}`;
            return {
              type: entry.type,
              name,
              path: full,
              sha,
              size: entry.size,
              url,
              html_url: this.html(`/${entry.type === "dir" ? "tree" : "blob"}/${ref}/${full}`),
              git_url: `${this.url}/repos/${this.state.owner}/${this.state.repo}/git/${entry.type === "dir" ? "trees" : "blobs"}/${sha}`,
              download_url: entry.type === "file" ? `https://raw.githubusercontent.com/${this.state.owner}/${this.state.repo}/${ref}/${full}` : null,
              _links: { self: url, git: null, html: null },
            };
          }),
        };
      },
    ],
    [
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/labels$/,
      (r) => {
        const name = String(r.body?.name);
        if (this.label(name)) return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "Label", code: "already_exists", field: "name" }] } };
        const label = { name, description: r.body?.description ?? null, color: r.body?.color ?? "ededed" };
        this.state.labels.set(name, label);
        return { status: 201, body: this.labelJson(label) };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/labels$/,
      (r) => {
        const page = Number(r.query.get("page") ?? "1");
        const perPage = Number(r.query.get("per_page") ?? "30");
        return { status: 200, body: [...this.state.labels.values()].slice((page - 1) * perPage, page * perPage).map((l) => this.labelJson(l)) };
      },
    ],
    [
      "GET",
      /^\/repos\/[^/]+\/[^/]+\/labels\/(.+)$/,
      (_r, [name]) => {
        const label = this.label(name ?? "");
        return label ? { status: 200, body: this.labelJson(label) } : { status: 404, body: { message: "Not Found" } };
      },
    ],
    [
      "PATCH",
      /^\/repos\/[^/]+\/[^/]+\/labels\/(.+)$/,
      (r, [name]) => {
        const label = this.label(name ?? "");
        if (!label) return { status: 404, body: { message: "Not Found" } };
        if (r.body?.description !== undefined) label.description = r.body.description;
        return { status: 200, body: this.labelJson(label) };
      },
    ],
    [
      "DELETE",
      /^\/repos\/[^/]+\/[^/]+\/labels\/(.+)$/,
      (_r, [name]) => {
        const label = this.label(name ?? "");
        if (!label) return { status: 404, body: { message: "Not Found" } };
        this.state.labels.delete(label.name);
        for (const pr of this.state.pulls.values()) pr.labels = pr.labels.filter((l) => l.toLowerCase() !== label.name.toLowerCase());
        return { status: 204 };
      },
    ],
    [
      "POST",
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/labels$/,
      (r, [n]) => {
        const pr = this.pull(n);
        if (!pr) return { status: 404, body: { message: "Not Found" } };
        const names: string[] = Array.isArray(r.body?.labels) ? r.body.labels : [];
        // A name is matched to an existing label case-insensitively; an unknown name creates the label.
        for (const name of names) {
          const label = this.label(name) ?? { name, description: null, color: "ededed" };
          this.state.labels.set(label.name, label);
          if (!pr.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) pr.labels.push(label.name);
        }
        return { status: 200, body: pr.labels.map((name) => this.labelJson(this.label(name) ?? { name, description: null, color: "ededed" })) };
      },
    ],
    [
      "DELETE",
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/labels\/(.+)$/,
      (_r, [n, name]) => {
        const pr = this.pull(n);
        const lower = (name ?? "").toLowerCase();
        // GitHub answers 404 "Label does not exist" when the issue does not carry it.
        if (!pr || !pr.labels.some((l) => l.toLowerCase() === lower)) return { status: 404, body: { message: "Label does not exist" } };
        pr.labels = pr.labels.filter((l) => l.toLowerCase() !== lower);
        return { status: 200, body: pr.labels.map((l) => this.labelJson(this.label(l) ?? { name: l, description: null, color: "ededed" })) };
      },
    ],
    // Installation tokens (the workflow's GITHUB_TOKEN too) are not users: GitHub refuses them this.
    ["GET", /^\/user$/, () => (this.state.viewer.endsWith("[bot]") ? { status: 403, body: { message: "Resource not accessible by integration" } } : { status: 200, body: this.user({ login: this.state.viewer }) })],
  ];
}

/** GitHub's answer to a secondary rate limit (403 with retry-after), for `fail`. */
export function secondaryRateLimit(retryAfterSeconds = 1): Omit<QueuedFailure, "method" | "path"> {
  return {
    status: 403,
    headers: { "retry-after": String(retryAfterSeconds), "x-ratelimit-remaining": "4000" },
    body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" },
  };
}
