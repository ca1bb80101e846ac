import type { KubernetesDiffView, ProjectRun } from "../iac/project-run.js";
import type { PlanSummary } from "../iac/plan-model.js";
import { escapeText } from "./escape-markdown.js";
import { formatCount, plural } from "./format-count.js";

export interface Headline {
  /** Plain text, no markdown: also used in the summary table and the JSON report. */
  text: string;
  icon: "✅" | "📝" | "⚠️" | "❌";
  /** Something is destroyed or replaced (or a Kubernetes object deleted). */
  dangerous: boolean;
  failed: boolean;
}

/**
 * The parts of a headline in the order a reviewer weighs them: what can lose data first. Zero
 * counts are left out: "0 to destroy" is one more thing to read that says nothing.
 */
const PARTS: ReadonlyArray<[keyof PlanSummary, (n: number) => string]> = [
  ["destroy", (n) => `${formatCount(n)} to destroy`],
  ["replace", (n) => `${formatCount(n)} to replace`],
  ["change", (n) => `${formatCount(n)} to change`],
  ["add", (n) => `${formatCount(n)} to add`],
  ["import", (n) => `${formatCount(n)} to import`],
  ["move", (n) => `${formatCount(n)} to move`],
  ["forget", (n) => `${formatCount(n)} to forget`],
  ["outputChanges", (n) => plural(n, "output change")],
  ["invoke", (n) => `${plural(n, "action")} to invoke`],
  ["drifted", (n) => `${formatCount(n)} drifted`],
];

/** `Plan: 1 to destroy, 2 to replace, 6 to change, 2 to add, 1 to import, 3 output changes` or `No changes.` */
export function terraformHeadlineText(s: PlanSummary): string {
  const drift = s.drifted > 0 ? ` ${plural(s.drifted, "resource")} drifted outside Terraform.` : "";
  if (!s.hasChanges) return `No changes.${drift}`;
  const parts: string[] = [];
  for (const [key, format] of PARTS) {
    const n = s[key] as number;
    if (n > 0) parts.push(format(n));
  }
  // A plan can change nothing this headline counts (a deferred change): still not "No changes".
  return parts.length > 0 ? `Plan: ${parts.join(", ")}` : "Plan: changes (see the plan)";
}

export function kubeCounts(kube: KubernetesDiffView): { create: number; update: number; delete: number } {
  const counts = { create: 0, update: 0, delete: 0 };
  for (const o of kube.objects) counts[o.action]++;
  return counts;
}

export function kubeHeadlineText(kube: KubernetesDiffView): string {
  if (!kube.hasChanges && kube.objects.length === 0) return "No changes.";
  const c = kubeCounts(kube);
  const parts = [
    c.delete > 0 ? `${formatCount(c.delete)} to delete` : "",
    c.update > 0 ? `${formatCount(c.update)} to update` : "",
    c.create > 0 ? `${formatCount(c.create)} to create` : "",
  ].filter((p) => p !== "");
  return parts.length > 0 ? `Diff: ${parts.join(", ")}` : "Diff: changes (see the diff)";
}

export function runHeadline(run: ProjectRun): Headline {
  if (run.status === "error" || run.error) {
    const firstError = run.diagnostics.find((d) => d.severity === "error");
    const summary = run.error?.summary ?? firstError?.summary ?? "unknown error";
    return { text: `Plan failed: ${summary}`, icon: "❌", dangerous: false, failed: true };
  }
  if (run.plan) {
    const s = run.plan.summary;
    const dangerous = s.destroy + s.replace > 0;
    const unread = run.plan.unrecognizedParts;
    const text = unread.length > 0 ? `${terraformHeadlineText(s)} (parts not read: ${unread.join(", ")})` : terraformHeadlineText(s);
    // A plan with parts this tool does not read never gets the all-clear mark.
    const icon = dangerous || unread.length > 0 ? "⚠️" : s.hasChanges ? "📝" : "✅";
    return { text, icon, dangerous, failed: false };
  }
  if (run.kube) {
    const dangerous = kubeCounts(run.kube).delete > 0;
    const changed = run.kube.hasChanges || run.kube.objects.length > 0;
    return { text: kubeHeadlineText(run.kube), icon: dangerous ? "⚠️" : changed ? "📝" : "✅", dangerous, failed: false };
  }
  if (run.status === "no-changes") return { text: "No changes.", icon: "✅", dangerous: false, failed: false };
  return { text: "Changes (no parsed plan; see the plan text).", icon: "📝", dangerous: false, failed: false };
}

/** The headline as a markdown line: bold, with a warning sign when something is destroyed or replaced. */
export function headlineMarkdown(h: Headline): string {
  if (h.failed) return `❌ **${escapeText(h.text)}**`;
  return `${h.dangerous ? "⚠️ " : ""}**${escapeText(h.text)}**`;
}
