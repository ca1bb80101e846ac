import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { RULEBOOK_DIR, type RulebookFile } from "./rulebook.js";

/** Whether a repository path is a rulebook of `dir`: a `.md` file directly inside it (for a tree listed through the API). */
export function isRulebookPath(file: string, dir: string = RULEBOOK_DIR): boolean {
  const parent = path.posix.dirname(file);
  return parent === dir.replace(/\/+$/, "") && /\.md$/i.test(file);
}

/**
 * The `*.md` files directly inside `dir`, by name, their paths shown as `shownDir/name`. A
 * directory that does not exist holds no rulebooks; one that cannot be read is an error.
 */
export async function readRulebookDir(dir: string, shownDir: string): Promise<RulebookFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const names = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.md$/i.test(e.name)).map((e) => e.name).sort();
  return Promise.all(names.map(async (name) => ({ path: path.posix.join(shownDir, name), text: await readFile(path.join(dir, name), "utf8") })));
}

/** The repository's own rulebooks, from its work tree (`.stakpak/rulebooks/*.md`). */
export function readRepositoryRulebooks(repoRoot: string): Promise<RulebookFile[]> {
  return readRulebookDir(path.join(repoRoot, RULEBOOK_DIR), RULEBOOK_DIR);
}
