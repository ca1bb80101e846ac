import { inlineCode } from "../../report/escape-markdown.js";
import type { LockRecord } from "./lock-labels.js";
import { replySymbol } from "./reply-symbols.js";

function lockName(lock: LockRecord): string {
  return lock.key ? inlineCode(lock.key.env === null ? lock.key.project : `${lock.key.project}/${lock.key.env}`) : inlineCode(lock.label);
}

/** The reply to `unlock`: what was released, or that this pull request held nothing matching. */
export function renderUnlockResult(released: readonly LockRecord[], filter: { project?: string | undefined; env?: string | undefined }): string {
  const scope = [filter.project && `project ${inlineCode(filter.project)}`, filter.env && `environment ${inlineCode(filter.env)}`].filter(Boolean).join(", ");
  if (released.length === 0) {
    return `${replySymbol("unlocked")} This pull request holds no lock${scope ? ` for ${scope}` : ""}; nothing to release.`;
  }
  return [`${replySymbol("unlocked")} Released ${released.length === 1 ? "1 lock" : `${released.length} locks`} held by this pull request:`, "", ...released.map((l) => `- ${lockName(l)}`)].join(
    "\n",
  );
}
