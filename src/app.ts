import { pathToFileURL } from "node:url";
import { ProbotOctokit, run, type ApplicationFunction, type Context, type Probot, type Server } from "probot";
import { ConfigError } from "./config/config-error.js";
import { DEFAULT_AUTHORIZATION_RULES, type AuthorizationRules } from "./config/authorization-rules.js";
import { addReaction } from "./github/add-reaction.js";
import { authorize } from "./github/authorization/authorize.js";
import { isBot, isForkPullRequest } from "./github/authorization/pull-request-origin.js";
import { readRepositoryAuthorization } from "./github/authorization/read-repository-authorization.js";
import { githubRoleLookup, type GitHubClient, type RepositoryRef } from "./github/authorization/repository-roles.js";
import { AGENT_COMMAND, DEFAULT_COMMAND_PREFIX, commandSpec } from "./config/command-table.js";
import { releasePullRequestLocks } from "./github/commands/lock-labels.js";
import { DEFAULT_MAX_COMMANDS, parseCommentCommands, type ParseResult, type ParsedCommand } from "./github/commands/parse-comment.js";
import { readBranchHead } from "./github/commands/read-branch-head.js";
import { renderCommandErrors } from "./github/commands/render-command-errors.js";
import { renderHelp } from "./github/commands/render-help.js";
import {
  FORK_NOTICE_MARKER,
  renderCheckFailed,
  renderClosedRefusal,
  renderConfigRefusal,
  renderDispatchFailed,
  renderForkNotice,
  renderForkRefusal,
  renderUnauthorized,
  type Refused,
} from "./github/commands/render-refusals.js";
import { renderUnlockResult } from "./github/commands/render-unlock-result.js";
import { DEFAULT_WORKFLOW_FILE, dispatchWorkflow, type DispatchInputs } from "./github/commands/workflow-dispatch.js";
import type { GitHubClient as PublishingClient } from "./github/create-octokit.js";
import { postReply } from "./github/post-reply.js";
import type { IssueRef } from "./github/pull-request-ref.js";
import { Redactor } from "./redact/redactor.js";
import { UserError, isUserError } from "./user-error.js";

/**
 * The GitHub App (Probot). It holds no state: every event reads what it needs from GitHub (the
 * config on the default branch, permissions, the pull request), so any number of replicas can run.
 * The work itself runs in the repository's runners: the App authorizes a comment, pins the pull
 * request's head commit (for a request to the agent on an issue, the default branch's), and starts
 * the repository's stakpak workflow with `workflow_dispatch`.
 *
 * Every reply goes through a Redactor: `postReply` (src/github/post-reply.ts) takes only `Redacted`.
 */

export interface StakpakAppOptions {
  /** What starts a command line (STAKPAK_COMMAND_PREFIX, default `/stakpak`). */
  prefix: string;
  /** The workflow started for plan/apply/deploy (STAKPAK_WORKFLOW, default `stakpak.yml`). */
  workflowFile: string;
  maxCommands: number;
}

export const DEFAULT_APP_OPTIONS: StakpakAppOptions = { prefix: DEFAULT_COMMAND_PREFIX, workflowFile: DEFAULT_WORKFLOW_FILE, maxCommands: DEFAULT_MAX_COMMANDS };

/** Probot's default secret when WEBHOOK_SECRET is unset: a published string, so anyone could sign webhooks with it. */
export const PROBOT_DEFAULT_WEBHOOK_SECRET = "development";

/** The webhook secret, or a UserError when it is missing or Probot's known default. */
export function assertWebhookSecret(env: NodeJS.ProcessEnv): string {
  const secret = env.WEBHOOK_SECRET;
  const hint =
    "generate one (e.g. `openssl rand -hex 32`), set it as the App's webhook secret in its GitHub settings, and pass the same value in WEBHOOK_SECRET";
  if (!secret) {
    throw new UserError({
      summary: "WEBHOOK_SECRET is not set: refusing to start",
      detail: "Without it Probot falls back to the public default \"development\", and anyone could send forged webhooks (comments, pushes) that the App would act on.",
      where: "environment variable WEBHOOK_SECRET",
      hint,
    });
  }
  if (secret === PROBOT_DEFAULT_WEBHOOK_SECRET) {
    throw new UserError({
      summary: `WEBHOOK_SECRET is Probot's public default "${PROBOT_DEFAULT_WEBHOOK_SECRET}": refusing to start`,
      detail: "Anyone could sign forged webhooks with it.",
      where: "environment variable WEBHOOK_SECRET",
      hint,
    });
  }
  return secret;
}

/** App options from the environment, checked. */
export function readAppOptions(env: NodeJS.ProcessEnv): StakpakAppOptions {
  const prefix = env.STAKPAK_COMMAND_PREFIX || DEFAULT_APP_OPTIONS.prefix;
  if (/\s/.test(prefix)) {
    throw new UserError({ summary: `STAKPAK_COMMAND_PREFIX ${JSON.stringify(prefix)} contains a blank`, where: "STAKPAK_COMMAND_PREFIX", hint: "use one word, e.g. `/stakpak` or `/infra`" });
  }
  const workflowFile = env.STAKPAK_WORKFLOW || DEFAULT_APP_OPTIONS.workflowFile;
  if (!/^([\w.-]+\.ya?ml|\d+)$/.test(workflowFile)) {
    throw new UserError({
      summary: `STAKPAK_WORKFLOW ${JSON.stringify(workflowFile)} is not a workflow file name`,
      where: "STAKPAK_WORKFLOW",
      hint: "give the file name under .github/workflows, e.g. `stakpak.yml`",
    });
  }
  return { ...DEFAULT_APP_OPTIONS, prefix, workflowFile };
}

/** The App's handlers with the given options. */
export function createStakpakApp(overrides: Partial<StakpakAppOptions> = {}): ApplicationFunction {
  const options: StakpakAppOptions = { ...DEFAULT_APP_OPTIONS, ...overrides };
  return (app: Probot) => {
    app.on("issue_comment.created", (context) => onComment(context, options));
    app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], (context) => onPullRequest(context, options));
  };
}

/**
 * For `probot run`: refuses to load without a proper webhook secret, then reads its options from
 * the environment. A bad setup is the operator's to fix, so it is printed plainly (no stack
 * trace) and the process exits, instead of throwing into Probot's loader.
 */
const stakpakApp: ApplicationFunction = (app, appOptions) => {
  try {
    assertWebhookSecret(process.env);
    return createStakpakApp(readAppOptions(process.env))(app, appOptions);
  } catch (err) {
    if (!isUserError(err)) throw err;
    process.stderr.write(`${err.format()}\n`);
    process.exit(err.exitCode);
  }
};
export default stakpakApp;

export interface AppOctokitOptions {
  /** Milliseconds in one of GitHub's "retry after N seconds" (and the retry plugin's backoff unit); tests shrink it. Default 1000. */
  secondMs?: number;
  /** GitHub's pacing of writes (one at a time, a second apart; three between comments). Default true; tests turn it off. */
  paceWrites?: boolean;
  /** Rate-limit retries, primary or secondary. Default 2. */
  maxRateLimitRetries?: number;
}

/** Runs every job at once, standing in for the throttling plugin's pacing groups when pacing is off. */
const UNPACED_GROUP = {
  key: () => ({
    schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => Promise.resolve().then(() => job(...args)),
  }),
};

/**
 * Probot's Octokit (retry and throttling plugins) with rate limits retried, secondary ones
 * included (Probot's default only logs those): up to `maxRateLimitRetries` times, after the wait
 * GitHub asks for. 5xx answers are retried by the retry plugin (waits 1, 4, 9 units).
 */
export function appOctokit(options: AppOctokitOptions = {}): typeof ProbotOctokit {
  const secondMs = options.secondMs ?? 1000;
  const maxRetries = options.maxRateLimitRetries ?? 2;
  const retryLimited = (retryAfter: number, request: { method: string; url: string }, octokit: { log: { warn(m: string): void } }, retryCount: number) => {
    octokit.log.warn(`rate limit on ${request.method} ${request.url}: ${retryCount < maxRetries ? `retrying in ${retryAfter}s` : "giving up"}`);
    return retryCount < maxRetries;
  };
  const unpaced = options.paceWrites === false ? { global: UNPACED_GROUP, write: UNPACED_GROUP, search: UNPACED_GROUP, notifications: UNPACED_GROUP } : {};
  return ProbotOctokit.defaults((instance: Record<string, unknown>) => ({
    ...instance,
    throttle: {
      ...(instance["throttle"] as object | undefined),
      onRateLimit: retryLimited,
      onSecondaryRateLimit: retryLimited,
      retryAfterBaseValue: secondMs,
      ...unpaced,
    },
    retry: { ...(instance["retry"] as object | undefined), retryAfterBaseValue: secondMs },
  })) as typeof ProbotOctokit;
}

/** Starts the App's HTTP server (Probot's: `/api/github/webhooks`, signatures verified with WEBHOOK_SECRET). */
export async function startApp(env: NodeJS.ProcessEnv = process.env): Promise<Server> {
  assertWebhookSecret(env);
  const options = readAppOptions(env);
  return run(createStakpakApp(options), { env, Octokit: appOctokit() });
}

function describeError(err: unknown): string {
  if (isUserError(err)) return err.summary;
  const status = (err as { status?: unknown } | null)?.status;
  const message = err instanceof Error ? err.message : String(err);
  return typeof status === "number" ? `HTTP ${status}: ${message}` : message;
}

// ---------------------------------------------------------------------------------------------
// issue_comment.created: event → parse → authorize → acknowledge → pin → run (App) or dispatch (workflow)

interface CommentRun {
  client: GitHubClient;
  repository: RepositoryRef;
  pullNumber: number;
  rules: AuthorizationRules;
  prefix: string;
}

/** Commands the App answers itself, each returning its reply. */
const APP_COMMANDS: Partial<Record<ParsedCommand["name"], (command: ParsedCommand, run: CommentRun) => Promise<string>>> = {
  help: async (_command, run) => renderHelp({ prefix: run.prefix, rules: run.rules }),
  unlock: async (command, run) => {
    const filter = { project: command.project, env: command.env };
    return renderUnlockResult(await releasePullRequestLocks(run.client, run.repository, run.pullNumber, filter), filter);
  },
};

/** Whether a comment asks the agent for something, well written or not. */
function asksTheAgent(parsed: ParseResult): boolean {
  return parsed.commands.some((c) => c.name === AGENT_COMMAND) || parsed.errors.some((e) => e.command === AGENT_COMMAND);
}

async function onComment(context: Context<"issue_comment.created">, options: StakpakAppOptions): Promise<void> {
  const { payload, log } = context;
  const client = context.octokit;
  // The bot's own comments (and other bots') are never commands.
  if (isBot(payload.comment.user) || isBot(payload.sender)) return;

  const parsed = parseCommentCommands(payload.comment.body ?? "", { prefix: options.prefix, maxCommands: options.maxCommands });
  if (parsed.commands.length === 0 && parsed.errors.length === 0) return;
  // On an issue only a request for the agent is read (it opens a pull request); the other
  // commands work on a pull request and are left alone on an issue, as before there was an agent.
  const onPullRequest = Boolean(payload.issue.pull_request);
  if (!onPullRequest && !asksTheAgent(parsed)) return;

  const repository = { owner: payload.repository.owner.login, repo: payload.repository.name };
  // A pull request's number, or the issue's for an agent request on an issue.
  const pullNumber = payload.issue.number;
  const redactor = new Redactor();
  const reply = async (text: string): Promise<void> => {
    await postReply(client, { ...repository, issueNumber: pullNumber }, redactor.redact(text));
  };
  // The log is an exit too: only redacted text goes to it.
  const note = (level: "info" | "error", text: string): void => log[level](redactor.redact(`${repository.owner}/${repository.repo}#${pullNumber}: ${text}`).text);

  try {
    if (parsed.errors.length > 0) return await reply(renderCommandErrors(parsed.errors, { prefix: options.prefix }));

    // Who may run what comes from the default branch: a pull request cannot grant itself rights.
    const defaultBranch = payload.repository.default_branch;
    let rules = DEFAULT_AUTHORIZATION_RULES;
    let configFile: string | null = null;
    try {
      ({ rules, file: configFile } = await readRepositoryAuthorization(client, repository, defaultBranch));
    } catch (err) {
      if (err instanceof ConfigError) return await reply(renderConfigRefusal(err));
      return await reply(renderCheckFailed({ what: `read .stakpak/config.yml on ${defaultBranch}`, detail: describeError(err) }));
    }

    const login = payload.comment.user?.login ?? payload.sender.login;
    const actor = { login, association: payload.comment.author_association };
    const lookup = githubRoleLookup(client, repository);
    const refused: Refused[] = [];
    try {
      for (const command of parsed.commands) {
        const result = await authorize({ command: command.name, actor, repository, rules }, lookup);
        note("info", `${command.canonical}: ${result.allowed ? "allowed" : "refused"}: ${result.reason}`);
        if (!result.allowed) refused.push({ canonical: command.canonical, reason: result.reason });
      }
    } catch (err) {
      return await reply(renderCheckFailed({ what: "check who may run these commands", detail: describeError(err), hint: isUserError(err) ? err.hint : undefined }));
    }
    if (refused.length > 0) return await reply(renderUnauthorized(refused, { prefix: options.prefix, configFile }));

    await addReaction(client, { ...repository, commentId: payload.comment.id }, "eyes");

    const toWorkflow = parsed.commands.filter((c) => commandSpec(c.name).runsIn === "workflow");
    const runningCode = parsed.commands.filter((c) => commandSpec(c.name).runsCode);
    let headSha: string | undefined;
    if (!onPullRequest) {
      // An issue has no head: the agent starts from the default branch as it is now, pinned like a
      // pull request's head. (Only an agent request gets this far on an issue, alone in its comment.)
      try {
        headSha = await readBranchHead(client, repository, defaultBranch);
      } catch (err) {
        return await reply(renderCheckFailed({ what: `read the head commit of ${defaultBranch}`, detail: describeError(err) }));
      }
    } else if (toWorkflow.length > 0 || runningCode.length > 0) {
      const { data: pr } = await client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...repository, pull_number: pullNumber });
      if (runningCode.length > 0 && isForkPullRequest(pr)) {
        return await reply(renderForkRefusal({ prefix: options.prefix, canonicals: runningCode.map((c) => c.canonical), headRepo: pr.head.repo?.full_name ?? null }));
      }
      if (pr.state !== "open") {
        return await reply(renderClosedRefusal({ prefix: options.prefix, canonicals: toWorkflow.map((c) => c.canonical), state: pr.merged ? "merged" : "closed" }));
      }
      // Pinned now: a push after this comment does not change what the workflow runs.
      headSha = pr.head.sha;
    }

    // help and unlock take effect now; the rest run in the workflow, in the order written.
    const commentRun: CommentRun = { client, repository, pullNumber, rules, prefix: options.prefix };
    for (const command of parsed.commands) {
      const handler = APP_COMMANDS[command.name];
      if (handler) await reply(await handler(command, commentRun));
    }
    if (toWorkflow.length > 0 && headSha) {
      const inputs: DispatchInputs = {
        command: toWorkflow.map((c) => c.canonical).join("\n"),
        trigger: "comment",
        pr_number: String(pullNumber),
        head_sha: headSha,
        comment_id: String(payload.comment.id),
        requested_by: login,
      };
      try {
        await dispatchWorkflow(client, { ...repository, workflow: options.workflowFile, ref: defaultBranch }, inputs);
        note("info", `dispatched ${options.workflowFile} on ${defaultBranch} at ${headSha}: ${inputs.command.replace(/\n/g, "; ")}`);
      } catch (err) {
        const status = (err as { status?: unknown } | null)?.status;
        await reply(renderDispatchFailed({ workflow: options.workflowFile, ref: defaultBranch, status: typeof status === "number" ? status : undefined, message: describeError(err) }));
      }
    }
  } catch (err) {
    note("error", `handling a comment command failed: ${describeError(err)}`);
    await reply(renderCheckFailed({ what: "handle this comment", detail: describeError(err) })).catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// pull_request opened/synchronize/reopened: autoplan for same-repository pull requests.

async function onPullRequest(
  context: Context<"pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened">,
  options: StakpakAppOptions,
): Promise<void> {
  const { payload, log } = context;
  const client = context.octokit;
  const pr = payload.pull_request;
  const repository = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const redactor = new Redactor();
  const note = (level: "info" | "error", text: string): void => log[level](redactor.redact(`${repository.owner}/${repository.repo}#${pr.number}: ${text}`).text);
  if (isForkPullRequest(pr)) {
    await postForkNoticeOnce(client, { ...repository, issueNumber: pr.number }, pr.head.repo?.full_name ?? null);
    return;
  }
  if (pr.state !== "open") return;
  const inputs: DispatchInputs = {
    command: "plan",
    trigger: "autoplan",
    pr_number: String(pr.number),
    head_sha: pr.head.sha,
    comment_id: "",
    requested_by: payload.sender.login,
  };
  try {
    await dispatchWorkflow(client, { ...repository, workflow: options.workflowFile, ref: payload.repository.default_branch }, inputs);
    note("info", `autoplan: dispatched ${options.workflowFile} at ${pr.head.sha}`);
  } catch (err) {
    // No comment on every push when the workflow is missing; the log says why.
    note("error", `autoplan: could not dispatch ${options.workflowFile} on ${payload.repository.default_branch}: ${describeError(err)}`);
  }
}

/** One explanatory comment per fork pull request: skipped when one with the marker is already there. */
async function postForkNoticeOnce(client: GitHubClient & PublishingClient, target: IssueRef, headRepo: string | null): Promise<void> {
  for (let page = 1; ; page++) {
    const { data } = await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      per_page: 100,
      page,
    });
    if (data.some((c) => isBot(c.user) && (c.body ?? "").includes(FORK_NOTICE_MARKER))) return;
    if (data.length < 100) break;
  }
  await postReply(client, target, new Redactor().redact(renderForkNotice({ headRepo })));
}

// `node dist/app.js` (or `tsx src/app.ts`): start the server.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  startApp().catch((err: unknown) => {
    const text = isUserError(err) ? err.format() : `Internal error: ${(err as Error)?.stack ?? String(err)}`;
    process.stderr.write(`${new Redactor().redact(text).text}\n`);
    process.exit(isUserError(err) ? err.exitCode : 1);
  });
}
