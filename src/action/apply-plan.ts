import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { applySavedPlan, sealPlanFile, terraformRunOptionsFor, type ApplyRun, type SealedPlan } from "../core/apply-project.js";
import { planProjects } from "../core/plan-projects.js";
import type { ProjectRun } from "../iac/project-run.js";
import type { TerraformProjectRun } from "../core/plan-terraform-project.js";
import type { TerraformProject } from "../config/project.js";
import type { SelectedProject } from "../config/select-projects.js";
import { authenticatedLogin } from "../github/authenticated-login.js";
import { authorize } from "../github/authorization/authorize.js";
import type { ParsedCommand } from "../github/commands/parse-comment.js";
import { runKey } from "../github/plan-verdict.js";
import { headlineMarkdown, runHeadline } from "../report/plan-headline.js";
import { isUserError } from "../user-error.js";
import { log, type ActionContext, type CommandOutcome } from "./action-context.js";
import { actionRoleLookup } from "./action-role-lookup.js";
import { lostLocks, takeLocks } from "./apply-locks.js";
import { readApplyFacts, unmetRequirements, type ApplyFacts, type Unmet } from "./apply-requirements.js";
import { checkedOutCommit } from "./checkout-head.js";
import { reply, type CommandBatch } from "./command-batch.js";
import { readGatePolicy } from "./gate-policy.js";
import { judgeRuns, type JudgedRun } from "./judge-runs.js";
import { ACTIONS_BOT } from "./plan-command.js";
import { postedPlans } from "./posted-plans.js";
import { publishApplyResults } from "./publish-apply-results.js";
import { renderNothingApplied, renderUserErrorReply } from "./render-action-replies.js";
import { selectTargets } from "./select-targets.js";

/** A plan that passed every check, ready for `terraform apply`. */
interface ReadyPlan {
  run: TerraformProjectRun;
  project: TerraformProject;
  sealed: SealedPlan;
}

/**
 * `apply` and `deploy <env>`: applies the saved plans of the pinned head commit, and only when
 * everything holds:
 *
 * 1. the requirements (apply-requirements.ts): open, not a draft, head unchanged, approved,
 *    mergeable, checks green;
 * 2. a plan of each project and environment was posted for this head commit;
 * 3. the lock of each project and environment is this pull request's;
 * 4. the plan made now, on the pinned commit, into RUNNER_TEMP (sealed by sha256), succeeded, shows
 *    the headline posted earlier, and Warden's plan gate allows it (`require_approval`: an
 *    approving review of this commit by someone allowed to run the command);
 * 5. right before applying: the pull request's head, the checked-out commit and the locks are
 *    checked again, and the plan file's hash.
 *
 * Any failure applies nothing and says so; applying stops at the first project that fails.
 */
export async function runApplyCommand(ctx: ActionContext, batch: CommandBatch, command: ParsedCommand): Promise<CommandOutcome> {
  const label = command.canonical;
  const runs: ProjectRun[] = [];
  const refuse = async (problems: ReadonlyArray<Pick<Unmet, "summary" | "hint">>): Promise<CommandOutcome> => {
    await reply(ctx, batch.pr, renderNothingApplied({ prefix: ctx.inputs.prefix, canonical: label, problems }));
    ctx.sink.warning(ctx.redactor.redact(`${label}: nothing was applied: ${problems.map((p) => p.summary).join("; ")}`));
    return { command: label, ok: false, runs, lines: [`${label}: nothing applied`] };
  };

  let planDir: string | undefined;
  try {
    const facts = await readApplyFacts(ctx.client, batch.pr.ref, { runId: ctx.env.GITHUB_RUN_ID, ownLogin: await authenticatedLogin(ctx.client, ACTIONS_BOT) });
    const unmet = unmetRequirements(facts);
    if (unmet.length > 0) return await refuse(unmet);

    const env = command.env ?? ctx.inputs.environment;
    const targets = await selectTargets(ctx, batch.pr.ref, { project: command.project ?? ctx.inputs.project, env });
    log(ctx, `${label}: ${targets.why}`);
    if (targets.selected.length === 0) return await refuse([{ summary: `there is no project to apply: it works on ${targets.why}`, hint: "name one with `-p PROJECT`" }]);
    const other = targets.selected.filter((s) => s.project.tool !== "terraform");
    if (other.length > 0) {
      return await refuse([{ summary: `applying Kubernetes projects (${names(other)}) is not available in this version`, hint: "leave them out with `-p PROJECT`" }]);
    }

    const posted = await postedPlans(ctx.client, batch.pr.ref, ACTIONS_BOT);
    const unplanned = targets.selected.filter((s) => !posted.has(runKey({ project: s.project.name, environment: s.environment })));
    if (unplanned.length > 0) {
      return await refuse(
        unplanned.map((s) => ({
          summary: `no plan of \`${runKey({ project: s.project.name, environment: s.environment })}\` was posted for ${batch.pr.ref.headSha.slice(0, 7)}`,
          hint: `run \`${ctx.inputs.prefix} plan -p ${s.project.name}${s.environment ? ` -e ${s.environment}` : ""}\` and review it first`,
        })),
      );
    }

    const keys = targets.selected.map((s) => ({ project: s.project.name, env: s.environment }));
    const locked = await takeLocks(ctx, batch, keys);
    if (locked.length > 0) return await refuse(locked);

    const commit = await checkedOutCommit(ctx.workspace);
    if (commit !== batch.pr.ref.headSha) {
      return await refuse([{ summary: `the workspace holds ${commit?.slice(0, 7) ?? "no commit"}, not the pinned ${batch.pr.ref.headSha.slice(0, 7)}`, hint: "a step changed the checkout; comment again" }]);
    }

    // Saved plans hold variable values in clear: they stay in RUNNER_TEMP for this job only.
    planDir = await mkdtemp(join(ctx.tempDir, "stakpak-plans-"));
    const outcome = await planProjects({
      repoRoot: ctx.repoRoot,
      configPath: ctx.inputs.config,
      projects: [...new Set(targets.selected.map((s) => s.project.name))],
      env,
      targets: command.targets,
      planDir,
      redactor: ctx.redactor,
      processEnv: ctx.env as NodeJS.ProcessEnv,
      onProgress: (line) => ctx.sink.info(line),
    });
    runs.push(...outcome.runs);
    const judged = judgeRuns(outcome.runs, await readGatePolicy(ctx.client, ctx.repository, ctx.repository.defaultBranch));
    // Approvers matter only where Warden wants a person's approval: their roles (a `team:` role the
    // token may not be able to check) are not looked up otherwise.
    const wantsApproval = [...judged.values()].some((j) => j.verdict.verdict === "require_approval");
    const approvers = wantsApproval ? await authorizedApprovers(ctx, batch, facts, command) : [];

    const problems: Array<Pick<Unmet, "summary" | "hint">> = [];
    const ready: ReadyPlan[] = [];
    for (const run of outcome.runs as TerraformProjectRun[]) {
      const key = runKey(run);
      const problem = planProblem(run, judged.get(key), posted.get(key) ?? "", approvers, batch.pr.ref.headSha);
      if (problem) problems.push({ summary: `\`${key}\`: ${problem.summary}`, hint: problem.hint });
      else if (run.status === "changes" && run.planFile) {
        const project = targets.selected.find((s) => s.project.name === run.project)?.project as TerraformProject;
        ready.push({ run, project, sealed: await sealPlanFile(run.planFile, commit) });
      }
    }
    if (problems.length > 0) return await refuse(problems);
    if (ready.length === 0) return await refuse([{ summary: "the plan has no changes", hint: "there is nothing to apply on this commit" }]);

    const stale = await lastChecks(ctx, batch, keys, ready);
    if (stale.length > 0) return await refuse(stale);

    const applied: ApplyRun[] = [];
    for (const plan of ready) {
      log(ctx, `Applying ${runKey(plan.run)} (${plan.sealed.sha256.slice(0, 12)}…)`);
      const result = await applySavedPlan({
        project: plan.run.project,
        environment: plan.run.environment,
        dir: plan.run.dir,
        run: terraformRunOptionsFor(plan.project, plan.run.environment),
        sealed: plan.sealed,
      });
      applied.push(result);
      if (result.status === "failed") break;
    }
    await publishApplyResults(ctx, batch, command, ready, applied);
    const ok = applied.length === ready.length && applied.every((a) => a.status === "applied");
    if (!ok) ctx.sink.warning(ctx.redactor.redact(`${label}: ${applied.filter((a) => a.status === "applied").length} of ${ready.length} applied; see the pull request.`));
    return {
      command: label,
      ok,
      runs,
      lines: applied.map((a) => `${runKey(a)}: ${a.status === "applied" ? `applied (${a.counts ? `${a.counts.added} added, ${a.counts.changed} changed, ${a.counts.destroyed} destroyed` : "no counts"})` : `apply failed: ${a.error?.summary ?? ""}`}`),
    };
  } catch (err) {
    if (!isUserError(err)) throw err;
    await reply(ctx, batch.pr, renderUserErrorReply({ prefix: ctx.inputs.prefix, canonical: label, outcome: "failed; nothing was applied" }, err));
    return { command: label, ok: false, runs, lines: [`${label}: ${err.summary}`] };
  } finally {
    if (planDir) await rm(planDir, { recursive: true, force: true });
  }
}

function names(selected: readonly SelectedProject[]): string {
  return [...new Set(selected.map((s) => s.project.name))].join(", ");
}

/** Why one plan must not be applied, or null. */
function planProblem(run: ProjectRun, judged: JudgedRun | undefined, postedBody: string, approvers: readonly string[], headSha: string): Omit<Unmet, "id"> | null {
  if (run.status === "error") return { summary: `the plan failed: ${run.error?.summary ?? "see the log"}`, hint: "fix it and plan again" };
  const headline = headlineMarkdown(runHeadline(run));
  if (!postedBody.includes(headline)) {
    return { summary: `the plan made now (${runHeadline(run).text}) is not the one posted for ${headSha.slice(0, 7)}`, hint: "something changed since it was planned (the infrastructure, or `--target`); plan again, review, then apply" };
  }
  if (!judged) return { summary: "Warden did not judge this plan", hint: "plan again" };
  if (judged.verdict.verdict === "deny") return { summary: `Warden denied the plan: ${judged.verdict.reasons.join("; ")}`, hint: "change the pull request so the plan passes the gate (`.stakpak/warden.yml` on the default branch)" };
  if (judged.verdict.verdict === "require_approval" && approvers.length === 0) {
    return {
      summary: `Warden requires a person's approval: ${judged.verdict.reasons.join("; ")}`,
      hint: `someone allowed to apply (other than the author) must approve the pull request at ${headSha.slice(0, 7)}`,
    };
  }
  return null;
}

/**
 * Reviewers whose latest review approves the pinned head commit and who may run this command
 * themselves; the pull request's author never counts.
 */
async function authorizedApprovers(ctx: ActionContext, batch: CommandBatch, facts: ApplyFacts, command: ParsedCommand): Promise<string[]> {
  const repository = { owner: ctx.repository.owner, repo: ctx.repository.repo };
  const lookup = actionRoleLookup(ctx);
  const approvers: string[] = [];
  for (const review of facts.reviews) {
    if (review.state !== "APPROVED" || review.commitId !== batch.pr.ref.headSha || review.login.toLowerCase() === batch.pr.author.toLowerCase()) continue;
    const result = await authorize({ command: command.name, actor: { login: review.login, association: review.association }, repository, rules: batch.rules }, lookup);
    if (result.allowed) approvers.push(review.login);
  }
  return approvers;
}

/** Right before `terraform apply`: the head has not moved, the checkout is the pinned commit, and the locks are still this pull request's. */
async function lastChecks(ctx: ActionContext, batch: CommandBatch, keys: ReadonlyArray<{ project: string; env: string | null }>, ready: readonly ReadyPlan[]): Promise<Unmet[]> {
  const problems: Unmet[] = [];
  const { data: pull } = await ctx.client.rest.pulls.get({ owner: ctx.repository.owner, repo: ctx.repository.repo, pull_number: batch.pr.ref.pullNumber });
  if (pull.head.sha.toLowerCase() !== batch.pr.ref.headSha) {
    problems.push({ id: "current-head", summary: `the pull request moved on to ${pull.head.sha.slice(0, 7)} while ${batch.pr.ref.headSha.slice(0, 7)} was being planned`, hint: "the plan is stale; let the new commit be planned and reviewed, then comment again" });
  }
  if (pull.state !== "open") problems.push({ id: "open", summary: "the pull request was closed while planning", hint: "reopen it" });
  const commit = await checkedOutCommit(ctx.workspace);
  for (const plan of ready) {
    if (plan.sealed.commit !== batch.pr.ref.headSha || commit !== batch.pr.ref.headSha) {
      problems.push({ id: "mixed-commit", summary: `the plan of \`${runKey(plan.run)}\` and the checkout are not both of ${batch.pr.ref.headSha.slice(0, 7)}`, hint: "a step changed the checkout; comment again" });
    }
  }
  problems.push(...(await lostLocks(ctx, batch, keys)));
  return problems;
}
