import { z } from "zod";
import { secretInContent } from "../committable-content.js";
import { defineTool } from "../tool.js";

/** Larger files are not infrastructure code an agent should write in one call. */
export const MAX_WRITE_BYTES = 512 * 1024;

export const writeFileTool = defineTool({
  name: "write_file",
  description:
    "Create or replace a whole file (relative to the repository root) with `content`. Only infrastructure code and docs may be written " +
    "(agent.writable); never .git/, .github/ or .stakpak/. Never write a secret or a [[SECRET:…]] placeholder: reference secrets through " +
    "sensitive variables or a secret store. Prefer edit_file for a change to part of an existing file.",
  input: z.strictObject({
    path: z.string().min(1).describe("file path relative to the repository root, e.g. `infra/staging/logs.tf`"),
    content: z.string().max(MAX_WRITE_BYTES).describe("the complete new content of the file"),
  }),
  async execute({ path, content }, run) {
    const file = await run.files.resolve(path);
    const refusal = run.files.writeRefusal(file.rel) ?? secretInContent(run.redactor, content);
    if (refusal) {
      run.step({ kind: "refused", text: run.redactor.redact(`write ${file.rel} refused`) });
      return { content: run.redactor.redact(`Not written: ${file.rel}: ${refusal}`), isError: true };
    }
    await run.files.write(file, content);
    run.touched.add(file.rel);
    run.step({ kind: "write", text: run.redactor.redact(`wrote ${file.rel}`) });
    const lines = content === "" ? 0 : content.split("\n").length - (content.endsWith("\n") ? 1 : 0);
    return { content: run.redactor.redact(`Wrote ${file.rel} (${lines} lines).`) };
  },
});
