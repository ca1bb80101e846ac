import { acquireLock, listLocks, lockLabelName, parseLockLabel, releaseLock, type LockKey } from "../github/commands/lock-labels.js";
import type { ActionContext } from "./action-context.js";
import type { Unmet } from "./apply-requirements.js";
import type { CommandBatch } from "./command-batch.js";

function keyText(key: LockKey): string {
  return key.env === null ? key.project : `${key.project}/${key.env}`;
}

/**
 * Takes the lock of each project and environment for this pull request (a repository label,
 * created atomically: see lock-labels.ts). Refused, with who holds it, when another pull request
 * does; the locks taken by this call are then released again, so a refused apply holds nothing
 * new. Locks stay with the pull request after an apply, until `unlock` or the pull request closes.
 */
export async function takeLocks(ctx: ActionContext, batch: CommandBatch, keys: readonly LockKey[]): Promise<Unmet[]> {
  const repository = { owner: ctx.repository.owner, repo: ctx.repository.repo };
  const before = new Set((await listLocks(ctx.client, repository)).filter((l) => l.holder.pullNumber === batch.pr.ref.pullNumber).map((l) => l.label));
  const holder = { pullNumber: batch.pr.ref.pullNumber, headSha: batch.pr.ref.headSha, login: batch.actor?.login ?? "stakpak" };
  const problems: Unmet[] = [];
  const taken: string[] = [];
  for (const key of keys) {
    const result = await acquireLock(ctx.client, repository, key, holder);
    if (result.acquired) {
      if (!before.has(result.label)) taken.push(result.label);
      continue;
    }
    const by = result.heldBy.pullNumber ? `pull request #${result.heldBy.pullNumber}${result.heldBy.login ? ` (@${result.heldBy.login})` : ""}` : "someone (the lock label has no holder)";
    problems.push({
      id: "locked",
      summary: `\`${keyText(key)}\` is locked by ${by}`,
      hint: `wait until that pull request is merged or closed, or have it run \`${ctx.inputs.prefix} unlock\`; a maintainer can also delete the label \`${result.label}\``,
    });
  }
  if (problems.length > 0) for (const label of taken) await releaseLock(ctx.client, repository, label);
  return problems;
}

/** The locks that are no longer this pull request's (released by `unlock`, or taken over) right before applying. */
export async function lostLocks(ctx: ActionContext, batch: CommandBatch, keys: readonly LockKey[]): Promise<Unmet[]> {
  const problems: Unmet[] = [];
  for (const key of keys) {
    const name = lockLabelName(key);
    const label = await ctx.client.request("GET /repos/{owner}/{repo}/labels/{name}", { owner: ctx.repository.owner, repo: ctx.repository.repo, name }).then(
      (response) => response.data,
      (err: unknown) => {
        if ((err as { status?: unknown } | null)?.status === 404) return null;
        throw err;
      },
    );
    if (label && parseLockLabel(label)?.holder.pullNumber === batch.pr.ref.pullNumber) continue;
    problems.push({ id: "lock-lost", summary: `the lock of \`${keyText(key)}\` was released while planning`, hint: "someone ran unlock meanwhile; comment again to take it and apply" });
  }
  return problems;
}
