import { z } from "zod";
import { UserError } from "../../user-error.js";
import type { GitHubClient, RepositoryRef } from "../authorization/repository-roles.js";
import { parseCommentCommands, type ParsedCommand } from "./parse-comment.js";

/**
 * The contract between the App and the repository's stakpak workflow. The App accepts a comment
 * (or a push) and starts the workflow with `workflow_dispatch`; the workflow does the work in the
 * repository's runners. The workflow must declare these inputs, all strings:
 *
 * ```yaml
 * on:
 *   workflow_dispatch:
 *     inputs:
 *       command: { required: true }       # canonical commands, one per line, without prefix
 *       trigger: { required: true }       # comment | autoplan
 *       pr_number: { required: true }     # the pull request, or the issue an agent request was made on
 *       head_sha: { required: true }      # the pull request's head pinned when the App accepted the request,
 *                                         # or for an issue the default branch commit the agent starts from
 *       comment_id: { required: false }   # the comment's id; empty for autoplan
 *       requested_by: { required: true }  # login of who asked (or pushed)
 * ```
 *
 * The workflow checks out `head_sha`, never the branch: a push after acceptance must not change
 * what runs. An agent request (`agent <request>`) is always alone in `command`.
 */
export const DEFAULT_WORKFLOW_FILE = "stakpak.yml";

export const DISPATCH_INPUT_NAMES = ["command", "trigger", "pr_number", "head_sha", "comment_id", "requested_by"] as const;

export const dispatchInputsSchema = z.strictObject({
  command: z.string().min(1),
  trigger: z.enum(["comment", "autoplan"]),
  pr_number: z.string().regex(/^[1-9][0-9]*$/),
  head_sha: z.string().regex(/^[0-9a-f]{40}$/),
  comment_id: z.string().regex(/^([1-9][0-9]*)?$/),
  requested_by: z.string().min(1),
});

export type DispatchInputs = z.infer<typeof dispatchInputsSchema>;

/** What the workflow gets: the inputs, checked, and the commands parsed again with the same grammar. */
export interface DispatchRequest {
  inputs: DispatchInputs;
  commands: ParsedCommand[];
  pullNumber: number;
  commentId: number | undefined;
}

/**
 * For the workflow side: validates the inputs (`core.getInput` for each of DISPATCH_INPUT_NAMES)
 * and parses `command` with the grammar the App used. Anything off is a UserError: the workflow
 * must never run something the App did not accept.
 */
export function parseDispatchInputs(raw: Readonly<Record<string, string | undefined>>): DispatchRequest {
  const picked = Object.fromEntries(DISPATCH_INPUT_NAMES.map((name) => [name, raw[name] ?? ""]));
  const checked = dispatchInputsSchema.safeParse(picked);
  if (!checked.success) {
    throw new UserError({
      summary: "the workflow_dispatch inputs are not the App's",
      detail: checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"),
      where: "workflow_dispatch inputs",
      hint: `declare the inputs ${DISPATCH_INPUT_NAMES.join(", ")} and let the App start the workflow`,
    });
  }
  const inputs = checked.data;
  const { commands, errors } = parseCommentCommands(inputs.command, { prefix: "" });
  if (errors.length > 0 || commands.length === 0) {
    throw new UserError({
      summary: "the workflow_dispatch command input is not a valid command",
      detail: errors.map((e) => `${e.where}: ${e.summary}`).join("\n") || "(no command)",
      where: "workflow_dispatch input `command`",
      hint: "write one command per line without the prefix, e.g. `plan -p network`",
    });
  }
  return { inputs, commands, pullNumber: Number(inputs.pr_number), commentId: inputs.comment_id ? Number(inputs.comment_id) : undefined };
}

export interface DispatchTarget extends RepositoryRef {
  /** Workflow file name under .github/workflows (or its id). */
  workflow: string;
  /** Branch the workflow definition is taken from: the default branch, so a pull request cannot change it. */
  ref: string;
}

/** `POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches` (actions: write). */
export async function dispatchWorkflow(client: GitHubClient, target: DispatchTarget, inputs: DispatchInputs): Promise<void> {
  await client.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
    owner: target.owner,
    repo: target.repo,
    workflow_id: target.workflow,
    ref: target.ref,
    inputs: { ...inputs },
  });
}
