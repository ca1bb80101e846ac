import { isBot } from "../github/authorization/pull-request-origin.js";
import { commandSpec } from "../config/command-table.js";
import { parseCommentCommands, type ParsedCommand } from "../github/commands/parse-comment.js";
import type { ActionInputs } from "./action-inputs.js";
import { AUTOPLAN_ACTIONS } from "./handle-pull-request.js";
import { dispatchValues, type ActionEvent } from "./read-event.js";

/**
 * `mode: route`: a look at the event, before any checkout, for the shipped workflow's first job.
 * `run` says whether the work job is needed at all (most comments hold no command), and `lock`
 * names the Actions concurrency group the work job queues in: `<project>-<env>` for an apply or
 * deploy of one project and environment, `<project|all>-<env|all>` for wider ones, `pr-<n>` for
 * plans. The exact lock is the lock label the apply takes; this only keeps runs of the same
 * target from running side by side.
 */
export interface Route {
  run: boolean;
  lock: string;
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
      const pr = String(payload.issue.number);
      if (payload.action !== "created" || !payload.issue.pull_request || isBot(payload.comment.user ?? payload.sender) || isBot(payload.sender)) return { run: false, lock: `pr-${pr}` };
      const body = inputs.command ?? payload.comment.body ?? "";
      const parsed = parseCommentCommands(body, { prefix: inputs.command ? "" : inputs.prefix });
      return { run: parsed.commands.length + parsed.errors.length > 0, lock: lockOf(parsed.commands.filter((c) => commandSpec(c.name).available), pr, inputs) };
    }
    case "pull_request": {
      const { payload } = event;
      return { run: payload.action === "closed" || AUTOPLAN_ACTIONS.has(payload.action), lock: `pr-${payload.pull_request.number}` };
    }
    case "workflow_dispatch":
    case "repository_dispatch": {
      const values = dispatchValues(event.payload);
      const command = inputs.command ?? values.command ?? "";
      const parsed = parseCommentCommands(command, { prefix: "" });
      return { run: true, lock: lockOf(parsed.commands, values.pr_number ?? "unknown", inputs) };
    }
    case "unsupported":
      return { run: false, lock: "none" };
  }
}

/** A concurrency group name: letters, digits, `.`, `_` and `-` only. */
export function lockGroup(route: Route): string {
  return route.lock.replace(/[^A-Za-z0-9._-]+/g, "_");
}
