import type { PlanLabelKind, PlanLabelSettings } from "../config/labels-config.js";
import type { ProjectRun } from "../iac/project-run.js";
import { runHeadline } from "../report/plan-headline.js";
import type { GitHubClient } from "./create-octokit.js";
import { isGitHubApiError } from "./github-api-error.js";
import type { PullRequestRef } from "./pull-request-ref.js";

export interface PlanLabelsResult {
  added: string[];
  removed: string[];
}

/**
 * The kinds of label the runs earn: `plan_failed` when one failed, `destroy` when one destroys or
 * replaces something, `changes` when one changes something and none destroys, `no_changes` when
 * every run succeeded and changes nothing.
 */
export function planLabelKinds(runs: readonly ProjectRun[]): Set<PlanLabelKind> {
  const headlines = runs.map(runHeadline);
  const kinds = new Set<PlanLabelKind>();
  if (headlines.some((h) => h.failed)) kinds.add("plan_failed");
  if (headlines.some((h) => h.dangerous)) kinds.add("destroy");
  else if (headlines.some((h) => !h.failed && h.icon !== "✅")) kinds.add("changes");
  if (headlines.length > 0 && headlines.every((h) => !h.failed && h.icon === "✅")) kinds.add("no_changes");
  return kinds;
}

/**
 * Puts the labels the plan earned on the pull request and takes off the bot's labels it no longer
 * earns (a plan without destroys takes `stakpak:destroy` off). `complete`: the runs are every
 * project the pull request changes; a plan of some of them (`-p`, `-e`, `--target`) cannot tell
 * that nothing else destroys, so it only adds (and takes off `no_changes`, which it disproves).
 * Token permission: `pull-requests: write`.
 */
export async function syncPlanLabels(
  client: GitHubClient,
  pr: PullRequestRef,
  settings: PlanLabelSettings,
  runs: readonly ProjectRun[],
  options: { complete: boolean },
): Promise<PlanLabelsResult> {
  const earned = planLabelKinds(runs);
  const want = new Set<string>();
  const drop = new Set<string>();
  for (const [kind, name] of Object.entries(settings.names) as Array<[PlanLabelKind, string]>) {
    const key = name.toLowerCase();
    if (earned.has(kind) && (options.complete || kind !== "no_changes")) want.add(key);
    else if (!earned.has(kind) && (options.complete || kind === "no_changes")) drop.add(key);
  }

  const { owner, repo } = pr;
  const { data } = await client.rest.pulls.get({ owner, repo, pull_number: pr.pullNumber });
  const current = new Map(data.labels.map((l) => [l.name.toLowerCase(), l.name]));
  const names = new Map(Object.values(settings.names).map((n) => [n.toLowerCase(), n]));
  const added = [...want].filter((key) => !current.has(key)).map((key) => names.get(key) ?? key);
  const removed = [...drop].flatMap((key) => {
    const name = current.get(key);
    return name === undefined ? [] : [name];
  });

  // An unknown name creates the label (GitHub's default color); the repository needs no setup.
  if (added.length > 0) await client.rest.issues.addLabels({ owner, repo, issue_number: pr.pullNumber, labels: added });
  for (const name of removed) {
    try {
      await client.rest.issues.removeLabel({ owner, repo, issue_number: pr.pullNumber, name });
    } catch (err) {
      // Someone took it off meanwhile: the outcome wanted.
      if (!isGitHubApiError(err) || err.status !== 404) throw err;
    }
  }
  return { added, removed };
}
