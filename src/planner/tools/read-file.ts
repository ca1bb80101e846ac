import { z } from "zod";
import { defineTool } from "../tool.js";

/** Lines returned by one read: a larger file is read in parts, which keeps the context small. */
export const MAX_READ_LINES = 800;

export const readFileTool = defineTool({
  name: "read_file",
  description:
    "Read a text file of the repository, with line numbers. Secrets in it are shown as placeholders such as " +
    "[[SECRET:aws-access-key:1a2b]]. `start_line` and `end_line` (1-based, inclusive) read a part; at most " +
    `${MAX_READ_LINES} lines come back per call.`,
  input: z
    .strictObject({
      path: z.string().min(1).describe("file path relative to the repository root"),
      start_line: z.number().int().min(1).optional(),
      end_line: z.number().int().min(1).optional(),
    })
    .refine((a) => a.start_line === undefined || a.end_line === undefined || a.end_line >= a.start_line, {
      message: "end_line must not be before start_line",
      path: ["end_line"],
    }),
  async execute({ path, start_line, end_line }, run) {
    const file = await run.files.resolve(path);
    // Redacted as a whole, so that a secret spanning lines (a PEM key) is hidden before it is cut.
    const text = run.redactor.redact(await run.files.read(file)).text;
    const lines = text.split("\n");
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    const first = start_line ?? 1;
    if (first > Math.max(lines.length, 1)) {
      return { content: run.redactor.redact(`${file.rel} has ${lines.length} lines; start_line ${first} is past the end.`), isError: true };
    }
    const last = Math.min(end_line ?? lines.length, lines.length, first + MAX_READ_LINES - 1);
    const width = String(last).length;
    const body = lines.slice(first - 1, last).map((line, i) => `${String(first + i).padStart(width)}| ${line}`);
    const header = `${file.rel} (lines ${first}-${last} of ${lines.length})`;
    const footer = last < lines.length && (end_line === undefined || end_line > last) ? [`… ${lines.length - last} more lines; read on with start_line ${last + 1}.`] : [];
    run.step({ kind: "read", text: run.redactor.redact(`read ${file.rel}`) });
    return { content: run.redactor.redact([header, ...body, ...footer].join("\n")) };
  },
});
