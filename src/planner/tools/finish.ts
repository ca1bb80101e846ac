import { z } from "zod";
import { secretInContent } from "../committable-content.js";
import { defineTool } from "../tool.js";

export const finishTool = defineTool({
  name: "finish",
  description:
    "End the run. `summary` tells the requester what was changed and why (markdown, a few lines); `commit_message` is the commit's " +
    "message (a subject line, a blank line, details); `title` is the pull request's title when one is opened. Call it once the change " +
    "plans cleanly, or to explain why the request cannot be done.",
  input: z.strictObject({
    summary: z.string().min(1).max(20_000),
    commit_message: z.string().min(1).max(5_000),
    title: z.string().min(1).max(200).optional(),
  }),
  async execute({ summary, commit_message, title }, run) {
    const refusal = secretInContent(run.redactor, commit_message);
    if (refusal) return { content: run.redactor.redact(`Not finished: the commit message is committed too; ${refusal}`), isError: true };
    run.step({ kind: "finish", text: run.redactor.redact("finished") });
    return {
      content: run.redactor.redact("Finished."),
      finish: { summary: run.redactor.redact(summary).text, commitMessage: commit_message, title: title ?? null },
    };
  },
});
