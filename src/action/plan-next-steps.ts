import { authenticatedLogin } from "../github/authenticated-login.js";
import { listLocks, type LockRecord } from "../github/commands/lock-labels.js";
import { targetArgs, type NextStep } from "../github/next-step.js";
import { runKey, type PlanVerdict } from "../github/plan-verdict.js";
import type { ProjectRun } from "../iac/project-run.js";
import { runHeadline } from "../report/plan-headline.js";
import { isUserError } from "../user-error.js";
import type { ActionContext } from "./action-context.js";
import { readApplyFacts, unmetRequirements, type ApplyFacts, type Unmet } from "./apply-requirements.js";
import type { CommandBatch } from "./command-batch.js";
import { ACTIONS_BOT } from "./plan-command.js";

/** What the facts read at plan time say about the whole pull request (the same for every run). */
interface PlanTimeFacts {
  facts: ApplyFacts | null;
  locks: LockRecord[] | null;
  /** Why the facts or the locks could not be read. */
  unreadable: string[];
}

/**
 * Each run's next step: the command to comment, and what an apply of it still needs, judged with
 * apply's own requirements (apply-requirements.ts) on what GitHub says now. What can change by
 * apply time (checks still running, mergeability not computed yet) is said as it stands; what
 * cannot be read is said to be unknown, never guessed. Reads only, and never fails the plan.
 */
export async function planNextSteps(
  ctx: Pick<ActionContext, "client" | "repository" | "inputs" | "env">,
  batch: Pick<CommandBatch, "pr">,
  runs: readonly ProjectRun[],
  verdicts: ReadonlyMap<string, PlanVerdict>,
): Promise<Map<string, NextStep>> {
  const prefix = ctx.inputs.prefix;
  const applicable = runs.some((run) => applyBlocker(run, verdicts.get(runKey(run))) === null);
  const known = applicable ? await readPlanTimeFacts(ctx, batch) : { facts: null, locks: null, unreadable: [] };
  const steps = new Map<string, NextStep>();
  for (const run of runs) {
    const verdict = verdicts.get(runKey(run));
    const args = targetArgs(run.project, run.environment);
    const blocker = applyBlocker(run, verdict);
    if (blocker) {
      steps.set(runKey(run), { command: `${prefix} ${blocker.kind === "plan-again" ? "plan" : "apply"} ${args}`, kind: blocker.kind, blocked: blocker.why, missing: [], unknown: [] });
      continue;
    }
    steps.set(runKey(run), { command: `${prefix} apply ${args}`, kind: "apply", blocked: null, ...stillMissing(run, verdict, known, batch.pr, prefix) });
  }
  return steps;
}

/** Why a run's plan cannot be applied as it is, whatever the pull request's state; null when it can. */
function applyBlocker(run: ProjectRun, verdict: PlanVerdict | undefined): { kind: "plan-again" | "none"; why: string } | null {
  const headline = runHeadline(run);
  if (headline.failed) return { kind: "plan-again", why: "The plan failed: fix what the error above says." };
  if (run.tool !== "terraform") return { kind: "none", why: "Applying Kubernetes projects from a pull request is not available in this version." };
  if (verdict?.verdict === "deny") return { kind: "plan-again", why: "Warden denies this plan, so it cannot be applied: change the pull request so the plan passes the gate (`.stakpak/warden.yml` on the default branch)." };
  if (headline.icon === "✅" && run.status !== "changes") return { kind: "none", why: "This plan changes nothing, so there is nothing to apply." };
  return null;
}

async function readPlanTimeFacts(ctx: Pick<ActionContext, "client" | "repository" | "env">, batch: Pick<CommandBatch, "pr">): Promise<PlanTimeFacts> {
  const known: PlanTimeFacts = { facts: null, locks: null, unreadable: [] };
  try {
    // No waiting for GitHub to compute mergeability: at plan time "not known yet" is the answer.
    known.facts = await readApplyFacts(ctx.client, batch.pr.ref, { runId: ctx.env.GITHUB_RUN_ID, ownLogin: await authenticatedLogin(ctx.client, ACTIONS_BOT), waitMs: 0 });
  } catch (err) {
    if (!isUserError(err)) throw err;
    known.unreadable.push(`whether the pull request is approved, mergeable and green (${err.summary})`);
  }
  try {
    known.locks = await listLocks(ctx.client, { owner: ctx.repository.owner, repo: ctx.repository.repo });
  } catch (err) {
    if (!isUserError(err)) throw err;
    known.unreadable.push("whether another pull request holds the lock (the repository's labels could not be read)");
  }
  return known;
}

/** The requirements apply would find unmet if it ran now. */
function stillMissing(
  run: ProjectRun,
  verdict: PlanVerdict | undefined,
  known: PlanTimeFacts,
  pr: CommandBatch["pr"],
  prefix: string,
): { missing: Array<Pick<Unmet, "summary" | "hint">>; unknown: string[] } {
  const missing: Array<Pick<Unmet, "summary" | "hint">> = [];
  const unknown = [...known.unreadable];
  if (known.facts) {
    for (const unmet of unmetRequirements(known.facts)) {
      // The plan is made on the head it names; a push after it is planned again anyway.
      if (unmet.id === "current-head") continue;
      if (unmet.id === "mergeable" && known.facts.pull.mergeable === null) unknown.push("whether the pull request can be merged (GitHub had not finished checking)");
      else missing.push(unmet);
    }
  }
  const held = known.locks?.find((lock) => lock.key?.project === run.project && (lock.key?.env ?? null) === run.environment && lock.holder.pullNumber !== pr.ref.pullNumber);
  if (held) {
    const by = held.holder.pullNumber ? `pull request #${held.holder.pullNumber}` : "someone (the lock label names no holder)";
    missing.push({ summary: `\`${runKey(run)}\` is locked by ${by}`, hint: `wait until it is merged or closed, or it runs \`${prefix} unlock\`` });
  }
  if (verdict?.verdict === "require_approval") {
    const sha = pr.ref.headSha.slice(0, 7);
    const approvals = (known.facts?.reviews ?? []).filter((r) => r.state === "APPROVED" && r.commitId === pr.ref.headSha.toLowerCase() && r.login.toLowerCase() !== pr.author.toLowerCase());
    if (approvals.length === 0) {
      missing.push({ summary: "Warden wants a person's approval of this plan", hint: `someone allowed to run \`apply\` (not the author) approves the pull request at ${sha}` });
    } else {
      unknown.push(`whether ${approvals.map((r) => `@${r.login}`).join(", ")} may run \`apply\`, which Warden's approval needs (checked when applying)`);
    }
  }
  return { missing, unknown };
}
