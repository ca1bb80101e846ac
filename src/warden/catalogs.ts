import type { CommandClassifier } from "./classifier.js";
import { filesystemClassifier, isMkfs } from "./classify-filesystem.js";
import { readOnlyClassifier } from "./classify-read-only.js";
import { shellsClassifier } from "./classify-shells.js";
import { wrappersClassifier } from "./classify-wrappers.js";

/** Every tool catalog. Adding a tool is adding its classifier here. */
export const CLASSIFIERS: readonly CommandClassifier[] = [readOnlyClassifier, filesystemClassifier, shellsClassifier, wrappersClassifier];

const BY_NAME: ReadonlyMap<string, CommandClassifier> = (() => {
  const map = new Map<string, CommandClassifier>();
  for (const classifier of CLASSIFIERS) {
    for (const name of classifier.commands) {
      // A later catalog claiming a name is a mistake the catalog test reports; keep the first.
      if (!map.has(name)) map.set(name, classifier);
    }
  }
  return map;
})();

/** The classifier for a program name: exact, then without a version suffix (`python3.12`), then by family (`mkfs.ext4`). */
export function findClassifier(name: string): CommandClassifier | undefined {
  const exact = BY_NAME.get(name);
  if (exact) return exact;
  const unversioned = name.replace(/(?<=[a-z])-?\d+(\.\d+)*$/, "");
  if (unversioned !== name) {
    const found = BY_NAME.get(unversioned);
    if (found) return found;
  }
  if (isMkfs(name)) return filesystemClassifier;
  return undefined;
}
