import { isBot } from "../github/authorization/pull-request-origin.js";
import { parseDispatchInputs, type DispatchRequest } from "../github/commands/workflow-dispatch.js";
import { UserError } from "../user-error.js";
import type { ActionInputs } from "./action-inputs.js";
import { dispatchValues, type RepositoryDispatchPayload, type WorkflowDispatchPayload } from "./read-event.js";

/** The `repository_dispatch` event type the Action answers. */
export const REPOSITORY_DISPATCH_TYPE = "stakpak";

export type CheckedDispatch = { handled: false; notice: string } | { handled: true; request: DispatchRequest };

/**
 * What a dispatch can be refused for without asking GitHub: an event type not ours (a notice),
 * inputs that are not the App's or commands that do not parse, an autoplan that is not a plan,
 * a bot's dispatch without the comment it answers (UserErrors). Made by the route job first, so
 * no runner is taken for the work job only to refuse, and by the work job again.
 */
export function checkDispatch(payload: WorkflowDispatchPayload | RepositoryDispatchPayload, inputs: Pick<ActionInputs, "command">): CheckedDispatch {
  if ("action" in payload && payload.action !== REPOSITORY_DISPATCH_TYPE) {
    return { handled: false, notice: `repository_dispatch ${payload.action}: only the event type "${REPOSITORY_DISPATCH_TYPE}" is handled.` };
  }
  const raw = dispatchValues(payload);
  if (inputs.command) raw.command = inputs.command;
  const request = parseDispatchInputs(raw);
  if (request.inputs.trigger === "autoplan") {
    const notPlans = request.commands.filter((c) => c.name !== "plan");
    if (notPlans.length > 0) throw new UserError({ summary: "an autoplan dispatch may only plan", detail: notPlans.map((c) => c.canonical).join("\n"), where: "dispatch input command", hint: "apply and deploy come from a comment" });
  } else if (request.commentId === undefined && isBot(payload.sender)) {
    throw new UserError({ summary: `a dispatch by ${payload.sender.login} without a comment_id`, where: "dispatch inputs", hint: "the App always passes the comment's id; a person can dispatch the workflow by hand" });
  }
  return { handled: true, request };
}
