import { z } from "zod";
import { secretInContent } from "../committable-content.js";
import { defineTool } from "../tool.js";

export const editFileTool = defineTool({
  name: "edit_file",
  description:
    "Replace `old_text` with `new_text` in a file. `old_text` must appear exactly once in the file as read_file shows it " +
    "(copy it with its indentation; include surrounding lines to make it unique). Placeholders of secrets already in the " +
    "file may be kept in old_text; new_text may not add a secret or a placeholder.",
  input: z.strictObject({
    path: z.string().min(1).describe("file path relative to the repository root"),
    old_text: z.string().min(1).describe("the exact text to replace, as read_file shows it (without line numbers)"),
    new_text: z.string().describe("the replacement"),
  }),
  async execute({ path, old_text, new_text }, run) {
    const file = await run.files.resolve(path);
    const refusal = run.files.writeRefusal(file.rel) ?? secretInContent(run.redactor, new_text);
    if (refusal) {
      run.step({ kind: "refused", text: run.redactor.redact(`edit ${file.rel} refused`) });
      return { content: run.redactor.redact(`Not changed: ${file.rel}: ${refusal}`), isError: true };
    }
    const real = await run.files.read(file);
    // The model edits the text it was shown: secrets already in the file stay, as placeholders
    // in the view and as themselves on disk.
    const view = run.redactor.redact(real).text;
    const first = view.indexOf(old_text);
    if (first === -1) {
      return { content: run.redactor.redact(`Not changed: old_text does not appear in ${file.rel}. Read the file again and copy the text exactly.`), isError: true };
    }
    if (view.indexOf(old_text, first + 1) !== -1) {
      return { content: run.redactor.redact(`Not changed: old_text appears more than once in ${file.rel}; include more surrounding lines so it matches once.`), isError: true };
    }
    const newView = view.slice(0, first) + new_text + view.slice(first + old_text.length);
    const updated = run.redactor.vault.withValues(newView).text;
    // The same secrets, in the same places, and nothing new: what goes to disk is what the model asked for.
    if (run.redactor.redact(updated).text !== newView) {
      return { content: run.redactor.redact(`Not changed: the edit would move or split a secret in ${file.rel}; edit around the placeholder, not inside it.`), isError: true };
    }
    await run.files.write(file, updated);
    run.touched.add(file.rel);
    run.step({ kind: "write", text: run.redactor.redact(`edited ${file.rel}`) });
    const line = view.slice(0, first).split("\n").length;
    return { content: run.redactor.redact(`Edited ${file.rel} at line ${line}.`) };
  },
});
