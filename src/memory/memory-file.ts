import { parse } from "yaml";
import { UserError } from "../user-error.js";
import { memoryFrontMatterSchema, type MemoryRecord } from "./memory-record.js";

/** Where a memory lives on the knowledge branch. */
export const MEMORY_DIR = "memories";

export function memoryPath(id: string): string {
  return `${MEMORY_DIR}/${id}.md`;
}

const FIELDS = ["id", "title", "tags", "paths", "source", "author", "created", "updated"] as const;

/**
 * A memory as its markdown file: YAML front matter between `---` lines, then the body. Each field
 * is written `key: <JSON>`, which is YAML too (JSON is YAML's flow style), so a person can edit it
 * as YAML and the common case reads back without a YAML parser (10,000 memories load in well
 * under a second).
 */
export function formatMemoryFile(memory: MemoryRecord): string {
  const lines = FIELDS.map((key) => `${key}: ${JSON.stringify(memory[key])}`);
  return `---\n${lines.join("\n")}\n---\n\n${memory.body.trim()}\n`;
}

/** The front matter as written by formatMemoryFile, or undefined when a line is anything else. */
function fastFrontMatter(text: string): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^([a-z]+): (.*)$/.exec(line);
    if (!match) return undefined;
    try {
      data[match[1]!] = JSON.parse(match[2]!);
    } catch {
      return undefined;
    }
  }
  return data;
}

/** Parses a memory file; what does not fit the front matter's schema is an error naming the file. */
export function parseMemoryFile(text: string, where: string): MemoryRecord {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new UserError({ summary: `${where} is not a memory file (no front matter between --- lines)`, where, hint: "a memory file starts with `---`, its YAML fields, `---`, then the text" });
  let data: unknown = fastFrontMatter(match[1] ?? "");
  try {
    data ??= parse(match[1] ?? "");
  } catch (error) {
    throw new UserError({ summary: `${where}: the front matter is not YAML`, detail: (error as Error).message, where });
  }
  const checked = memoryFrontMatterSchema.safeParse(data);
  if (!checked.success) {
    throw new UserError({ summary: `${where}: the front matter does not fit`, detail: checked.error.issues.map((i) => `${i.path.join(".") || "(front matter)"}: ${i.message}`).join("\n"), where });
  }
  return { ...checked.data, body: (match[2] ?? "").replace(/^\r?\n/, "").replace(/\s+$/, "") };
}
