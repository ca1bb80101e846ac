import { readFile } from "node:fs/promises";
import { z } from "zod";
import { UserError } from "../user-error.js";

/**
 * The event that started the workflow: GITHUB_EVENT_NAME and the webhook payload GitHub wrote to
 * GITHUB_EVENT_PATH, checked against the shapes below (only the fields the Action reads; the
 * rest of GitHub's payload is ignored). A payload that does not fit is an error, never guessed at.
 */

const user = z.object({ login: z.string().min(1), type: z.string().optional() });

const repository = z.object({
  name: z.string().min(1),
  full_name: z.string().min(1),
  owner: z.object({ login: z.string().min(1) }),
  default_branch: z.string().min(1),
});

export const issueCommentPayloadSchema = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int().positive(),
    /** Present (an object) when the issue is a pull request. */
    pull_request: z.object({ url: z.string().optional() }).nullish(),
  }),
  comment: z.object({
    id: z.number().int().positive(),
    body: z.string().nullable(),
    user: user.nullable(),
    author_association: z.string(),
  }),
  repository,
  sender: user,
});

const repoRef = z.object({ full_name: z.string().min(1) });

export const pullRequestPayloadSchema = z.object({
  action: z.string(),
  number: z.number().int().positive(),
  pull_request: z.object({
    number: z.number().int().positive(),
    state: z.string(),
    draft: z.boolean().optional(),
    merged: z.boolean().nullish(),
    head: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/), ref: z.string(), repo: repoRef.nullable() }),
    base: z.object({ ref: z.string(), repo: repoRef }),
  }),
  repository,
  sender: user,
});

/** Dispatch inputs arrive as strings (or booleans and numbers for typed inputs); they are read as strings. */
const inputValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullish();

export const workflowDispatchPayloadSchema = z.object({
  inputs: inputValues,
  ref: z.string().optional(),
  repository,
  sender: user,
});

export const repositoryDispatchPayloadSchema = z.object({
  /** The event type the sender chose (`stakpak`). */
  action: z.string(),
  client_payload: inputValues,
  repository,
  sender: user,
});

export type IssueCommentPayload = z.infer<typeof issueCommentPayloadSchema>;
export type PullRequestPayload = z.infer<typeof pullRequestPayloadSchema>;
export type WorkflowDispatchPayload = z.infer<typeof workflowDispatchPayloadSchema>;
export type RepositoryDispatchPayload = z.infer<typeof repositoryDispatchPayloadSchema>;
export type RepositoryPayload = z.infer<typeof repository>;

export type ActionEvent =
  | { name: "issue_comment"; payload: IssueCommentPayload }
  | { name: "pull_request"; payload: PullRequestPayload }
  | { name: "workflow_dispatch"; payload: WorkflowDispatchPayload }
  | { name: "repository_dispatch"; payload: RepositoryDispatchPayload }
  /** An event the Action does not handle: it ends with a notice. */
  | { name: "unsupported"; eventName: string };

/** One record per event the Action handles: its payload schema. Handling a new event is adding a record (and its handler). */
const EVENT_SCHEMAS = {
  issue_comment: issueCommentPayloadSchema,
  pull_request: pullRequestPayloadSchema,
  workflow_dispatch: workflowDispatchPayloadSchema,
  repository_dispatch: repositoryDispatchPayloadSchema,
} as const;

type HandledEventName = keyof typeof EVENT_SCHEMAS;

function isHandled(name: string): name is HandledEventName {
  return Object.hasOwn(EVENT_SCHEMAS, name);
}

/** Reads and checks the event. `pull_request_target` and every other event are `unsupported`. */
export async function readActionEvent(env: Readonly<Record<string, string | undefined>>): Promise<ActionEvent> {
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  if (!eventName) {
    throw new UserError({ summary: "GITHUB_EVENT_NAME is not set", where: "environment", hint: "run the Action in a GitHub Actions workflow (or set GITHUB_EVENT_NAME and GITHUB_EVENT_PATH)" });
  }
  if (!isHandled(eventName)) return { name: "unsupported", eventName };
  const path = env.GITHUB_EVENT_PATH;
  if (!path) throw new UserError({ summary: "GITHUB_EVENT_PATH is not set", where: "environment", hint: "the runner sets it to the webhook payload's file" });
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new UserError({ summary: `cannot read the ${eventName} payload`, detail: (err as Error).message, where: path, hint: "GITHUB_EVENT_PATH must name the event's JSON payload" });
  }
  const parsed = EVENT_SCHEMAS[eventName].safeParse(data);
  if (!parsed.success) {
    throw new UserError({
      summary: `the ${eventName} payload is not shaped as expected`,
      detail: parsed.error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`).join("\n"),
      where: path,
      hint: "this is a payload GitHub did not write, or from a GitHub version this Action does not know; please report it",
    });
  }
  return { name: eventName, payload: parsed.data } as ActionEvent;
}

/** Dispatch inputs as the strings `parseDispatchInputs` reads. */
export function inputStrings(values: z.infer<typeof inputValues>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values ?? {})) if (value !== null) out[key] = String(value);
  return out;
}

/** The fields of a dispatch: `inputs` of a workflow_dispatch, `client_payload` of a repository_dispatch. */
export function dispatchValues(payload: WorkflowDispatchPayload | RepositoryDispatchPayload): Record<string, string> {
  return inputStrings("action" in payload ? payload.client_payload : payload.inputs);
}
