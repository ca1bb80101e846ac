import { readFile } from "node:fs/promises";
import path from "node:path";

// `source = "./x"` in HCL and `"source": "../x"` in .tf.json; registry and git sources never
// start with a dot, so only local modules match.
const LOCAL_SOURCE = /"?\bsource"?\s*[=:]\s*"(\.{1,2}\/[^"]*)"/g;
const BLOCK_COMMENT = /\/\*[\s\S]*?\*\//g;
const LINE_COMMENT = /^\s*(#|\/\/).*$/gm;

/** Absolute dirs that the given terraform files use as local module sources. */
export async function findLocalModuleSources(dir: string, terraformFiles: readonly string[]): Promise<string[]> {
  const sources: string[] = [];
  for (const file of terraformFiles) {
    const text = (await readFile(path.join(dir, file), "utf8")).replace(BLOCK_COMMENT, "").replace(LINE_COMMENT, "");
    for (const match of text.matchAll(LOCAL_SOURCE)) {
      if (match[1]) sources.push(path.resolve(dir, match[1]));
    }
  }
  return sources;
}
