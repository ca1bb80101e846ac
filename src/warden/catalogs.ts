import type { CommandClassifier } from "./classifier.js";
import { awsClassifier } from "./classify-aws.js";
import { azClassifier } from "./classify-az.js";
import { databasesClassifier } from "./classify-databases.js";
import { dockerClassifier } from "./classify-docker.js";
import { filesystemClassifier, isMkfs } from "./classify-filesystem.js";
import { gcloudClassifier } from "./classify-gcloud.js";
import { ghClassifier } from "./classify-gh.js";
import { gitClassifier } from "./classify-git.js";
import { helmClassifier } from "./classify-helm.js";
import { httpClassifier } from "./classify-http.js";
import { interpretersClassifier } from "./classify-interpreters.js";
import { kubectlClassifier } from "./classify-kubectl.js";
import { mongoClassifier } from "./classify-mongo.js";
import { readOnlyClassifier } from "./classify-read-only.js";
import { redisClassifier } from "./classify-redis.js";
import { remoteClassifier } from "./classify-remote.js";
import { shellsClassifier } from "./classify-shells.js";
import { systemClassifier } from "./classify-system.js";
import { terraformClassifier } from "./classify-terraform.js";
import { wrappersClassifier } from "./classify-wrappers.js";

/** Every tool catalog. Adding a tool is adding its classifier here. */
export const CLASSIFIERS: readonly CommandClassifier[] = [
  awsClassifier,
  gcloudClassifier,
  azClassifier,
  kubectlClassifier,
  helmClassifier,
  terraformClassifier,
  databasesClassifier,
  redisClassifier,
  mongoClassifier,
  gitClassifier,
  ghClassifier,
  dockerClassifier,
  httpClassifier,
  interpretersClassifier,
  remoteClassifier,
  shellsClassifier,
  wrappersClassifier,
  filesystemClassifier,
  systemClassifier,
  readOnlyClassifier,
];

const BY_NAME: ReadonlyMap<string, CommandClassifier> = (() => {
  const map = new Map<string, CommandClassifier>();
  for (const classifier of CLASSIFIERS) {
    for (const name of classifier.commands) {
      // A name claimed twice is a mistake the catalog test reports; the first claim is kept.
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
