import { z } from "zod";
import { defineTool } from "../tool.js";
import { matchesToolGlob } from "./path-glob.js";

/** A listing is for finding one's way, not for dumping a monorepo into the context. */
export const MAX_LISTED = 500;

export const listFilesTool = defineTool({
  name: "list_files",
  description:
    "List the repository's files (recursively, sorted, without .git, .terraform and node_modules). " +
    "`path` is a directory relative to the repository root (default the root); `glob` filters the relative paths, e.g. `**/*.tf`.",
  input: z.strictObject({
    path: z.string().optional().describe("directory relative to the repository root"),
    glob: z.string().min(1).optional().describe("only paths matching this glob, e.g. `infra/**/*.tf`"),
  }),
  async execute({ path, glob }, run) {
    const from = await run.files.resolve(path ?? ".");
    const listed: string[] = [];
    let more = 0;
    await run.files.walk(from, (rel) => {
      if (!matchesToolGlob(rel, glob)) return;
      if (listed.length < MAX_LISTED) listed.push(rel);
      else more++;
    });
    const lines = listed.length === 0 ? [`No files${glob ? ` match ${glob}` : ""} under ${from.rel || "."}.`] : listed;
    if (more > 0) lines.push(`… and ${more} more; narrow it with path or glob.`);
    return { content: run.redactor.redact(lines.join("\n")) };
  },
});
