import { runProcess } from "../iac/run-process.js";
import { isUserError, UserError } from "../user-error.js";
import type { ActionContext } from "./action-context.js";
import type { PinnedPullRequest } from "./accept-pull-request.js";
import { reply } from "./command-batch.js";
import { renderUserErrorReply } from "./render-action-replies.js";

const GIT_HINT = "Add `actions/checkout` before this step (the Action fetches and checks out the pull request's pinned head itself).";
const TIMEOUT_MS = 5 * 60_000;

async function git(workspace: string, args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string }> {
  const result = await runProcess("git", args, { cwd: workspace, env: { GIT_TERMINAL_PROMPT: "0", ...env }, timeoutMs: TIMEOUT_MS, installHint: "Install git on the runner." });
  return { code: result.exitCode, out: (result.stdout || result.stderr).trim() };
}

/** The commit checked out in the workspace, or null when it is not a git work tree. */
export async function checkedOutCommit(workspace: string): Promise<string | null> {
  const head = await git(workspace, ["rev-parse", "--verify", "HEAD^{commit}"]);
  return head.code === 0 && /^[0-9a-f]{40}$/.test(head.out) ? head.out : null;
}

export interface CheckoutOptions {
  /** Token for fetching from the server (unless the checkout kept its own credentials). */
  token?: string | undefined;
  /** GITHUB_SERVER_URL, whose credentials the fetch uses. */
  serverUrl?: string | undefined;
}

/**
 * Makes the workspace hold exactly the pinned commit: nothing to do when it already does,
 * otherwise that one commit is fetched by its id and checked out (detached). The commit is
 * verified afterwards, so a plan is never made on anything else.
 */
export async function checkoutPinnedHead(workspace: string, sha: string, options: CheckoutOptions = {}): Promise<void> {
  const current = await checkedOutCommit(workspace);
  if (current === null) throw new UserError({ summary: "the workspace is not a git checkout, so the pinned commit cannot be checked out or verified", where: workspace, hint: GIT_HINT });
  if (current === sha) return;

  const present = (await git(workspace, ["cat-file", "-e", `${sha}^{commit}`])).code === 0;
  if (!present) await fetchCommit(workspace, sha, options);
  const switched = await git(workspace, ["checkout", "--force", "--detach", sha]);
  if (switched.code !== 0) throw new UserError({ summary: `cannot check out the pinned commit ${sha.slice(0, 7)}`, detail: switched.out, where: workspace, hint: GIT_HINT });
  const now = await checkedOutCommit(workspace);
  if (now !== sha) throw new UserError({ summary: `the workspace holds ${now?.slice(0, 7) ?? "no commit"} instead of the pinned ${sha.slice(0, 7)}`, where: workspace, hint: GIT_HINT });
}

/** Fetches one commit by its id from `origin` (GitHub serves any commit of the repository, pull request heads included). */
async function fetchCommit(workspace: string, sha: string, options: CheckoutOptions): Promise<void> {
  const auth: Record<string, string> = {};
  const server = (options.serverUrl ?? "https://github.com").replace(/\/+$/, "");
  const existing = await git(workspace, ["config", "--get-regexp", "^http\\..*\\.extraheader$"]);
  if (options.token && existing.code !== 0) {
    // Passed through the environment, not argv: other processes cannot read it from `ps`.
    const basic = Buffer.from(`x-access-token:${options.token}`).toString("base64");
    Object.assign(auth, { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: `http.${server}/.extraheader`, GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}` });
  }
  const fetched = await git(workspace, ["fetch", "--no-tags", "--no-recurse-submodules", "--depth=1", "origin", sha], auth);
  if (fetched.code !== 0) {
    throw new UserError({ summary: `cannot fetch the pinned commit ${sha.slice(0, 7)}`, detail: fetched.out, where: workspace, hint: "Check that the workflow's token may read the repository (permissions: contents: read)." });
  }
}

/** Checks out the pinned head for the commands; when it cannot, says so on the pull request and returns false. */
export async function checkoutOrReply(ctx: ActionContext, pr: PinnedPullRequest): Promise<boolean> {
  try {
    await checkoutPinnedHead(ctx.workspace, pr.ref.headSha, { token: ctx.inputs.githubToken, serverUrl: ctx.env.GITHUB_SERVER_URL });
    return true;
  } catch (err) {
    if (!isUserError(err)) throw err;
    await reply(ctx, pr, renderUserErrorReply({ prefix: ctx.inputs.prefix, outcome: "Nothing was run" }, err));
    ctx.sink.warning(ctx.redactor.redact(err.format()));
    return false;
  }
}
