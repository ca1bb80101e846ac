import { z } from "zod";
import { defineTool } from "../tool.js";
import { matchesToolGlob } from "./path-glob.js";

export const MAX_MATCHES = 200;
/** Lines longer than this are cut in results (minified JSON would fill the context). */
const MAX_LINE = 300;

export const searchFilesTool = defineTool({
  name: "search_files",
  description:
    "Search the repository's text files for a regular expression (JavaScript syntax, case-sensitive unless it starts with (?i)). " +
    `Returns \`path:line: text\` for up to ${MAX_MATCHES} matching lines. \`glob\` limits the files, e.g. \`**/*.tf\`. ` +
    "Secrets are placeholders in the searched text, as in read_file.",
  input: z.strictObject({
    pattern: z.string().min(1).max(1000).describe("regular expression, e.g. `resource \"aws_s3_bucket\"`"),
    glob: z.string().min(1).optional().describe("only files whose relative path matches, e.g. `infra/**/*.tf`"),
  }),
  async execute({ pattern, glob }, run) {
    const ignoreCase = pattern.startsWith("(?i)");
    let regex: RegExp;
    let anyLine: RegExp;
    try {
      const source = ignoreCase ? pattern.slice(4) : pattern;
      regex = new RegExp(source, ignoreCase ? "i" : "");
      // Multiline, so that whatever matches one line also matches somewhere in the whole text.
      anyLine = new RegExp(source, ignoreCase ? "im" : "m");
    } catch (error) {
      return { content: run.redactor.redact(`Invalid regular expression: ${(error as Error).message}`), isError: true };
    }
    const root = await run.files.resolve(".");
    const rels: string[] = [];
    await run.files.walk(root, (rel) => {
      if (matchesToolGlob(rel, glob)) rels.push(rel);
    });
    const found: string[] = [];
    let more = 0;
    for (const rel of rels) {
      const text = await run.views.text(run.files.walked(rel));
      // Most files hold no match: one test of the whole text before splitting it into lines.
      if (text === null || !anyLine.test(text)) continue;
      const lines = text.split("\n");
      for (let i = 0; i < lines.length; i++) {
        if (!regex.test(lines[i]!)) continue;
        if (found.length >= MAX_MATCHES) {
          more++;
          continue;
        }
        const line = lines[i]!.length > MAX_LINE ? `${lines[i]!.slice(0, MAX_LINE)}…` : lines[i]!;
        found.push(`${rel}:${i + 1}: ${line}`);
      }
    }
    if (found.length === 0) return { content: run.redactor.redact(`No line matches /${pattern}/${glob ? ` in ${glob}` : ""}.`) };
    if (more > 0) found.push(`… ${more} more matching lines; narrow the pattern or the glob.`);
    return { content: run.redactor.redact(found.join("\n")) };
  },
});
