import type { GitHubClient } from "../github/create-octokit.js";
import type { PullRequestRef } from "../github/pull-request-ref.js";

/**
 * What must hold before `apply` or `deploy` touches anything, as data: one record per
 * requirement, each judging the facts read from GitHub once. Every unmet one is reported, so
 * one round of fixes is enough.
 */

export interface ReviewFact {
  login: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED";
  commitId: string;
  association: string;
}

export interface CheckFact {
  name: string;
  /** queued | in_progress | completed (a commit status: pending → in_progress, else completed). */
  status: string;
  conclusion: string | null;
}

export interface ApplyFacts {
  pinnedSha: string;
  pull: { state: string; merged: boolean; draft: boolean; mergeable: boolean | null; mergeableState: string; headSha: string };
  /** Each reviewer's latest review that approved, requested changes or was dismissed. */
  reviews: ReviewFact[];
  /** The head commit's check runs (latest per name) and commit statuses, without this workflow run's own and earlier applies'. */
  checks: CheckFact[];
  /** Check names the base branch requires; null when they could not be read (then every check must pass). */
  requiredChecks: string[] | null;
}

export interface Unmet {
  id: string;
  summary: string;
  hint: string;
}

export interface ApplyRequirement {
  id: string;
  /** What it asks, for the README and `help`. */
  description: string;
  check(facts: ApplyFacts): Omit<Unmet, "id"> | null;
}

const GREEN = new Set(["success", "neutral", "skipped"]);

export const APPLY_REQUIREMENTS: readonly ApplyRequirement[] = [
  {
    id: "open",
    description: "the pull request is open",
    check: (f) => (f.pull.state === "open" ? null : { summary: `the pull request is ${f.pull.merged ? "merged" : "closed"}`, hint: "apply from an open pull request" }),
  },
  {
    id: "ready",
    description: "the pull request is not a draft",
    check: (f) => (f.pull.draft ? { summary: "the pull request is a draft", hint: "mark it ready for review first" } : null),
  },
  {
    id: "current-head",
    description: "the plan is made on the pull request's current head commit",
    check: (f) =>
      f.pull.headSha === f.pinnedSha
        ? null
        : { summary: `the pull request moved on to ${f.pull.headSha.slice(0, 7)} after ${f.pinnedSha.slice(0, 7)} was pinned`, hint: "a newer commit was pushed: let it be planned and reviewed, then comment again" },
  },
  {
    id: "approved",
    description: "the pull request is approved, and no reviewer requests changes",
    check: (f) => {
      const blocking = f.reviews.filter((r) => r.state === "CHANGES_REQUESTED").map((r) => `@${r.login}`);
      if (blocking.length > 0) return { summary: `changes are requested by ${blocking.join(", ")}`, hint: "address the review, and have it dismissed or approved" };
      if (!f.reviews.some((r) => r.state === "APPROVED")) return { summary: "the pull request is not approved", hint: "ask a reviewer to approve it" };
      return null;
    },
  },
  {
    id: "mergeable",
    description: "the pull request can be merged (no conflicts)",
    check: (f) => {
      if (f.pull.mergeable === true) return null;
      if (f.pull.mergeable === null) return { summary: "GitHub has not finished checking whether the pull request can be merged", hint: "comment again in a minute" };
      return { summary: `the pull request cannot be merged (${f.pull.mergeableState})`, hint: "resolve the conflicts with the base branch" };
    },
  },
  {
    id: "checks-green",
    description: "the required checks (every check, when the branch requires none that can be read) passed on the head commit",
    check: (f) => {
      const byName = new Map(f.checks.map((c) => [c.name, c]));
      const wanted = f.requiredChecks && f.requiredChecks.length > 0 ? f.requiredChecks : [...byName.keys()];
      const missing = wanted.filter((name) => !byName.has(name));
      const pending = wanted.filter((name) => byName.get(name)?.status !== "completed" && byName.has(name));
      const failed = wanted.filter((name) => {
        const c = byName.get(name);
        return c?.status === "completed" && !GREEN.has(c.conclusion ?? "");
      });
      const parts = [
        failed.length ? `failed: ${failed.map(quote).join(", ")}` : "",
        pending.length ? `still running: ${pending.map(quote).join(", ")}` : "",
        missing.length ? `not reported: ${missing.map(quote).join(", ")}` : "",
      ].filter(Boolean);
      return parts.length === 0 ? null : { summary: `checks are not green (${parts.join("; ")})`, hint: "wait for the checks to finish, or fix what failed, then comment again" };
    },
  },
];

function quote(name: string): string {
  return `\`${name.replace(/`/g, "'")}\``;
}

export function unmetRequirements(facts: ApplyFacts): Unmet[] {
  return APPLY_REQUIREMENTS.flatMap((r) => {
    const problem = r.check(facts);
    return problem ? [{ id: r.id, ...problem }] : [];
  });
}

/** Each reviewer's state as GitHub counts it: their latest approval, change request or dismissal (comments change nothing). */
export function latestReviews(reviews: ReadonlyArray<{ user: { login: string } | null; state: string; commit_id?: string | null; author_association?: string; id: number }>): ReviewFact[] {
  const latest = new Map<string, ReviewFact>();
  for (const r of [...reviews].sort((a, b) => a.id - b.id)) {
    if (!r.user || (r.state !== "APPROVED" && r.state !== "CHANGES_REQUESTED" && r.state !== "DISMISSED")) continue;
    latest.set(r.user.login.toLowerCase(), { login: r.user.login, state: r.state, commitId: (r.commit_id ?? "").toLowerCase(), association: r.author_association ?? "NONE" });
  }
  return [...latest.values()];
}

/** Check runs whose name starts so are results of `apply`/`deploy` themselves: an earlier failed apply must not block a retry. */
const OWN_APPLY_CHECK = /^stakpak\/(apply|deploy)[: ]/;

/** Reads the facts the requirements judge (pull request, reviews, checks, branch protection). */
export async function readApplyFacts(
  client: GitHubClient,
  pr: PullRequestRef,
  options: { runId?: string | undefined; waitMs?: number; ownLogin?: string | null } = {},
): Promise<ApplyFacts> {
  const repo = { owner: pr.owner, repo: pr.repo };
  let pull = (await client.rest.pulls.get({ ...repo, pull_number: pr.pullNumber })).data;
  // GitHub computes mergeability in the background; null means "ask again shortly".
  for (let attempt = 0; pull.mergeable === null && pull.state === "open" && attempt < 3; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, options.waitMs ?? 2000));
    pull = (await client.rest.pulls.get({ ...repo, pull_number: pr.pullNumber })).data;
  }
  // The token's own reviews are Warden's verdicts on earlier plans, not a reviewer's: the gate
  // judges the plan being applied afresh, and a stale "changes requested" of its own must not
  // block it (nor hide the real reason when Warden denies again).
  const own = options.ownLogin?.toLowerCase();
  const reviews = (await client.paginate(client.rest.pulls.listReviews, { ...repo, pull_number: pr.pullNumber, per_page: 100 })).filter((r) => !own || r.user?.login.toLowerCase() !== own);

  const ownRun = options.runId ? new RegExp(`/actions/runs/${options.runId}(/|$)`) : null;
  const runs = await client.paginate(client.rest.checks.listForRef, { ...repo, ref: pr.headSha, per_page: 100 });
  const latestRun = new Map<string, (typeof runs)[number]>();
  for (const run of runs) {
    if (OWN_APPLY_CHECK.test(run.name)) continue;
    if (ownRun && (ownRun.test(run.html_url ?? "") || ownRun.test(run.details_url ?? ""))) continue;
    const seen = latestRun.get(run.name);
    if (!seen || run.id > seen.id) latestRun.set(run.name, run);
  }
  const checks: CheckFact[] = [...latestRun.values()].map((r) => ({ name: r.name, status: r.status, conclusion: r.conclusion ?? null }));
  const combined = (await client.rest.repos.getCombinedStatusForRef({ ...repo, ref: pr.headSha, per_page: 100 })).data;
  for (const s of combined.statuses) {
    if (latestRun.has(s.context)) continue;
    checks.push({ name: s.context, status: s.state === "pending" ? "in_progress" : "completed", conclusion: s.state === "success" ? "success" : s.state === "pending" ? null : "failure" });
  }

  return {
    pinnedSha: pr.headSha,
    pull: {
      state: pull.state,
      merged: pull.merged === true,
      draft: pull.draft === true,
      mergeable: pull.mergeable ?? null,
      mergeableState: pull.mergeable_state ?? "unknown",
      headSha: pull.head.sha.toLowerCase(),
    },
    reviews: latestReviews(reviews),
    checks,
    requiredChecks: await requiredChecks(client, repo, pull.base.ref),
  };
}

/**
 * The check names the base branch requires, from branch protection (`GET /branches/{b}`, readable
 * with contents: read) and repository rulesets. Null when neither can be read: then every check
 * on the commit must pass, which is stricter.
 */
async function requiredChecks(client: GitHubClient, repo: { owner: string; repo: string }, branch: string): Promise<string[] | null> {
  const names = new Set<string>();
  let known = false;
  try {
    const { data } = await client.rest.repos.getBranch({ ...repo, branch });
    known = true;
    const required = data.protection?.required_status_checks;
    for (const context of required?.contexts ?? []) names.add(context);
    for (const check of required?.checks ?? []) names.add(check.context);
  } catch {
    // unreadable: stay strict
  }
  try {
    const { data } = await client.request("GET /repos/{owner}/{repo}/rules/branches/{branch}", { ...repo, branch, per_page: 100 });
    for (const rule of data as Array<{ type: string; parameters?: { required_status_checks?: Array<{ context: string }> } }>) {
      if (rule.type === "required_status_checks") for (const check of rule.parameters?.required_status_checks ?? []) names.add(check.context);
    }
  } catch {
    // rulesets unreadable or not available (GHES before 3.11): branch protection is what there is
  }
  return known ? [...names] : null;
}
