import { rename, writeFile } from "node:fs/promises";
import type { Redacted } from "./redacted.js";

/** Writes a report or artifact: only redacted text, and atomically (write then rename). */
export async function writeRedactedFile(path: string, content: Redacted): Promise<void> {
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, content.text);
  await rename(partial, path);
}
