import { isBot, isForkPullRequest } from "../github/authorization/pull-request-origin.js";
import { AGENT_COMMAND, commandSpec } from "../config/command-table.js";
import { agentRequestsOnly } from "./handle-comment.js";
import { parseCommentCommands, type ParsedCommand } from "../github/commands/parse-comment.js";
import type { ActionInputs } from "./action-inputs.js";
import { AUTOPLAN_ACTIONS } from "./handle-pull-request.js";
import { isUserError, type UserError } from "../user-error.js";
import { checkDispatch } from "./check-dispatch.js";
import { dispatchValues, type ActionEvent, type RepositoryDispatchPayload, type WorkflowDispatchPayload } from "./read-event.js";

/**
 * `mode: route`: a look at the event, before any checkout, for the shipped workflow's first job.
 * `run` says whether the work job is needed at all (most comments hold no command), `agent`
 * whether the agent job is (a request for the agent, on a pull request or an issue), and `lock`
 * names the Actions concurrency group the work job queues in: `<project>-<env>` for an apply or
 * deploy of one project and environment, `<project|all>-<env|all>` for wider ones, `pr-<n>` for
 * plans. The exact lock is the lock label the apply takes; this only keeps runs of the same
 * target from running side by side.
 *
 * Whatever the route job can tell without a token it tells itself, and the work job is not
 * started only to say it: a fork's pull request is never planned (`notice`), a dispatch the work
 * job would refuse for its inputs alone fails here (`problem`).
 */
export interface Route {
  run: boolean;
  /** The event is a request for the agent: the agent job runs it (with write permissions), not the work job. */
  agent: boolean;
  lock: string;
  /** Why there is nothing to do, for the route job's log (set when `run` is false for a reason worth telling). */
  notice?: string;
  /** A dispatch the work job would refuse: the route step fails with it. */
  problem?: UserError;
}

function lockOf(commands: readonly ParsedCommand[], pullNumber: string, inputs: ActionInputs): string {
  const applies = commands.filter((c) => c.name === "apply" || c.name === "deploy");
  if (applies.length === 0) return `pr-${pullNumber}`;
  const projects = new Set(applies.map((c) => c.project ?? inputs.project ?? "all"));
  const envs = new Set(applies.map((c) => c.env ?? inputs.environment ?? "all"));
  const one = (values: Set<string>): string => (values.size === 1 ? ([...values][0] as string) : "all");
  return `${one(projects)}-${one(envs)}`;
}

export function routeEvent(event: ActionEvent, inputs: ActionInputs): Route {
  switch (event.name) {
    case "issue_comment": {
      const { payload } = event;
      const number = String(payload.issue.number);
      if (payload.action !== "created" || isBot(payload.comment.user ?? payload.sender) || isBot(payload.sender)) return { run: false, agent: false, lock: `pr-${number}` };
      const body = inputs.command ?? payload.comment.body ?? "";
      let parsed = parseCommentCommands(body, { prefix: inputs.command ? "" : inputs.prefix });
      if (!payload.issue.pull_request) parsed = agentRequestsOnly(parsed);
      const agent = parsed.commands.some((c) => c.name === AGENT_COMMAND);
      if (agent) return { run: false, agent: true, lock: `agent-${number}` };
      return { run: parsed.commands.length + parsed.errors.length > 0, agent: false, lock: lockOf(parsed.commands.filter((c) => commandSpec(c.name).available), number, inputs) };
    }
    case "pull_request": {
      const { payload } = event;
      const lock = `pr-${payload.pull_request.number}`;
      // A fork's pull request is never planned, and never holds a lock to release (applies are refused on forks).
      if (isForkPullRequest(payload.pull_request)) {
        return { run: false, agent: false, lock, notice: `Pull request #${payload.pull_request.number} comes from ${payload.pull_request.head.repo?.full_name ?? "a deleted fork"}: forks are not planned, since planning runs their code with this repository's secrets.` };
      }
      return { run: payload.action === "closed" || AUTOPLAN_ACTIONS.has(payload.action), agent: false, lock };
    }
    case "workflow_dispatch":
    case "repository_dispatch":
      return routeDispatch(event.payload, inputs);
    case "unsupported":
      return { run: false, agent: false, lock: "none" };
  }
}

/** checkDispatch before any runner is taken for the work job. */
function routeDispatch(payload: WorkflowDispatchPayload | RepositoryDispatchPayload, inputs: ActionInputs): Route {
  const values = dispatchValues(payload);
  const unknownLock = `pr-${/^[1-9][0-9]*$/.test(values.pr_number ?? "") ? values.pr_number : "unknown"}`;
  try {
    const checked = checkDispatch(payload, inputs);
    if (!checked.handled) return { run: false, agent: false, lock: unknownLock, notice: checked.notice };
    const { commands, pullNumber } = checked.request;
    if (commands.some((c) => c.name === AGENT_COMMAND)) return { run: false, agent: true, lock: `agent-${pullNumber}` };
    return { run: true, agent: false, lock: lockOf(commands, String(pullNumber), inputs) };
  } catch (err) {
    if (!isUserError(err)) throw err;
    return { run: false, agent: false, lock: unknownLock, problem: err };
  }
}

/** A concurrency group name: letters, digits, `.`, `_` and `-` only. */
export function lockGroup(route: Route): string {
  return route.lock.replace(/[^A-Za-z0-9._-]+/g, "_");
}
