import type { Redactor } from "../redact/redactor.js";
import type { GitHubClient } from "./create-octokit.js";
import { COMMENT_BODY_LIMIT } from "./github-limits.js";
import type { IssueRef } from "./pull-request-ref.js";
import { renderAgentProgress, type AgentProgress, type ProgressStep } from "./render-agent-progress.js";
import { truncateMarkdown } from "./split-markdown.js";

export interface ProgressCommentOptions {
  /** Edits at most this often while running (default 3 s): GitHub's secondary rate limit counts every edit. */
  minIntervalMs?: number;
  /** What a failed edit is reported to (the run goes on: the comment is news, not the work). */
  onError?: (error: unknown) => void;
}

/**
 * The one comment an agent run keeps up to date: created when the run starts, edited in place as
 * steps happen (coalesced, at most one edit per interval and one in flight), and edited a last
 * time with the outcome. Every body is rendered from the state and redacted before it is sent.
 */
export class AgentProgressComment {
  #state: AgentProgress;
  #pending: Promise<void> = Promise.resolve();
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #lastSent = 0;
  readonly #minIntervalMs: number;

  private constructor(
    private readonly client: GitHubClient,
    private readonly target: IssueRef,
    private readonly redactor: Redactor,
    readonly commentId: number,
    readonly url: string,
    state: AgentProgress,
    private readonly options: ProgressCommentOptions,
  ) {
    this.#state = state;
    this.#minIntervalMs = options.minIntervalMs ?? 3_000;
    this.#lastSent = Date.now();
  }

  static async create(client: GitHubClient, target: IssueRef, redactor: Redactor, state: AgentProgress, options: ProgressCommentOptions = {}): Promise<AgentProgressComment> {
    const { data } = await client.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body: render(redactor, state) });
    return new AgentProgressComment(client, target, redactor, data.id, data.html_url, state, options);
  }

  get state(): AgentProgress {
    return this.#state;
  }

  /** A step happened: shown with the next edit. */
  addStep(step: ProgressStep): void {
    this.#state = { ...this.#state, steps: [...this.#state.steps, step] };
    this.#schedule();
  }

  /** The run's end: the final state, sent now (after any edit in flight). */
  async finish(update: Partial<Omit<AgentProgress, "request" | "requester">>): Promise<void> {
    this.#state = { ...this.#state, ...update, links: { ...this.#state.links, ...update.links } };
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dirty = true;
    await this.#send();
  }

  #schedule(): void {
    this.#dirty = true;
    if (this.#timer) return;
    const wait = Math.max(0, this.#lastSent + this.#minIntervalMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#send();
    }, wait);
    // A pending edit must not keep the process alive after the run ended.
    this.#timer.unref();
  }

  #send(): Promise<void> {
    this.#pending = this.#pending.then(async () => {
      if (!this.#dirty) return;
      this.#dirty = false;
      this.#lastSent = Date.now();
      try {
        await this.client.rest.issues.updateComment({ owner: this.target.owner, repo: this.target.repo, comment_id: this.commentId, body: render(this.redactor, this.#state) });
      } catch (error) {
        this.options.onError?.(error);
      }
    });
    return this.#pending;
  }
}

function render(redactor: Redactor, state: AgentProgress): string {
  return truncateMarkdown(redactor.redact(renderAgentProgress(state)).text, COMMENT_BODY_LIMIT, "_✂️ Cut to fit a comment._");
}
