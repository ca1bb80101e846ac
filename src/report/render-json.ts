import type { KubeObjectChangeView, ProjectRun, RunFailure } from "../iac/project-run.js";
import {
  emptyPlanCounts,
  PLAN_COUNT_KEYS,
  type ActionInvocation,
  type AttributeChange,
  type Diagnostic,
  type OutputChange,
  type PlanCounts,
  type PlanSummary,
  type ResourceChange,
} from "../iac/plan-model.js";
import { kubeCounts, runHeadline } from "./plan-headline.js";

/**
 * The machine-readable report (`--format json`). Its shape is a contract for scripts: fields are
 * only ever added, and `version` changes if one is removed or changes meaning. Objects are built
 * field by field so the key order is fixed, whatever order the parsers produce.
 */
export interface JsonReport {
  version: 1;
  summary: JsonReportSummary;
  runs: JsonReportRun[];
}

export interface KubeCounts {
  create: number;
  update: number;
  delete: number;
}

export interface JsonReportSummary extends PlanCounts {
  projects: number;
  withChanges: number;
  withoutChanges: number;
  /** Runs that failed. */
  errors: number;
  hasChanges: boolean;
  /** Some run destroys or replaces a resource, or deletes a Kubernetes object. */
  dangerous: boolean;
  kubernetes: KubeCounts;
}

export interface JsonReportRun {
  project: string;
  environment: string | null;
  dir: string;
  tool: ProjectRun["tool"];
  status: ProjectRun["status"];
  /** The same one-line headline the markdown report shows. */
  headline: string;
  durationMs: number;
  terraformVersion: string | null;
  summary: PlanSummary | null;
  resourceChanges: ResourceChange[];
  resourceDrift: ResourceChange[];
  outputChanges: OutputChange[];
  /** Provider actions (terraform 1.14) the apply would run. */
  actionInvocations: ActionInvocation[];
  /** Plan parts not read (`deferred_changes`, ...): the plan gate never allows such a plan. */
  unrecognizedParts: string[];
  kubernetes: { counts: KubeCounts; objects: KubeObjectChangeView[]; diff: string } | null;
  diagnostics: Diagnostic[];
  error: RunFailure | null;
  /** The human-readable plan, sensitive values already masked by the runner. */
  planText: string | null;
}

export function buildJsonReport(runs: readonly ProjectRun[]): JsonReport {
  const reportRuns = runs.map(toJsonRun);
  const summary: JsonReportSummary = {
    projects: runs.length,
    withChanges: 0,
    withoutChanges: 0,
    errors: 0,
    hasChanges: false,
    dangerous: false,
    ...emptyPlanCounts(),
    kubernetes: { create: 0, update: 0, delete: 0 },
  };
  for (const [i, run] of runs.entries()) {
    const headline = runHeadline(run);
    if (headline.failed) summary.errors++;
    else if (headline.icon === "✅") summary.withoutChanges++;
    else summary.withChanges++;
    summary.dangerous ||= headline.dangerous;
    const s = reportRuns[i]?.summary;
    if (s && !headline.failed) for (const key of PLAN_COUNT_KEYS) summary[key] += s[key];
    const k = reportRuns[i]?.kubernetes?.counts;
    if (k) {
      summary.kubernetes.create += k.create;
      summary.kubernetes.update += k.update;
      summary.kubernetes.delete += k.delete;
    }
  }
  summary.hasChanges = summary.withChanges > 0;
  return { version: 1, summary, runs: reportRuns };
}

/** The JSON report as text: two-space indented, with a final newline. */
export function renderJsonReport(runs: readonly ProjectRun[]): string {
  return `${JSON.stringify(buildJsonReport(runs), null, 2)}\n`;
}

function toJsonRun(run: ProjectRun): JsonReportRun {
  const plan = run.plan;
  const kube = run.kube;
  return {
    project: run.project,
    environment: run.environment,
    dir: run.dir,
    tool: run.tool,
    status: run.status,
    headline: runHeadline(run).text,
    durationMs: run.durationMs,
    terraformVersion: plan?.terraformVersion ?? null,
    summary: plan ? { ...plan.summary } : null,
    resourceChanges: plan ? plan.resourceChanges.map(toJsonResource) : [],
    resourceDrift: plan ? plan.resourceDrift.map(toJsonResource) : [],
    outputChanges: plan ? plan.outputChanges.map((o) => ({ name: o.name, action: o.action, before: o.before, after: o.after, sensitive: o.sensitive })) : [],
    actionInvocations: plan ? plan.actionInvocations.map(toJsonAction) : [],
    unrecognizedParts: plan ? [...plan.unrecognizedParts] : [],
    kubernetes: kube ? { counts: kubeCounts(kube), objects: kube.objects.map(toJsonKubeObject), diff: kube.rawDiff } : null,
    diagnostics: run.diagnostics.map((d) => ({ severity: d.severity, summary: d.summary, detail: d.detail, where: d.where, snippet: d.snippet })),
    error: run.error ? { summary: run.error.summary, detail: run.error.detail, where: run.error.where, hint: run.error.hint } : null,
    planText: run.planText ?? null,
  };
}

function toJsonResource(rc: ResourceChange): ResourceChange {
  return {
    address: rc.address,
    module: rc.module,
    mode: rc.mode,
    type: rc.type,
    name: rc.name,
    index: rc.index,
    provider: rc.provider,
    action: rc.action,
    replaceOrder: rc.replaceOrder,
    importing: rc.importing ? { id: rc.importing.id } : null,
    previousAddress: rc.previousAddress,
    reason: rc.reason,
    attributes: rc.attributes.map(toJsonAttribute),
    sensitive: rc.sensitive,
  };
}

function toJsonAction(ai: ActionInvocation): ActionInvocation {
  const t = ai.trigger;
  const trigger: ActionInvocation["trigger"] =
    t.kind === "lifecycle" ? { kind: "lifecycle", resource: t.resource, event: t.event } : t.kind === "invoke" ? { kind: "invoke", resource: t.resource } : { kind: "unknown" };
  return { address: ai.address, type: ai.type, provider: ai.provider, trigger, config: ai.config.map(toJsonAttribute) };
}

function toJsonAttribute(a: AttributeChange): AttributeChange {
  return { path: a.path, before: a.before, after: a.after, forcesReplacement: a.forcesReplacement };
}

function toJsonKubeObject(o: KubeObjectChangeView): KubeObjectChangeView {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    namespace: o.namespace,
    name: o.name,
    action: o.action,
    addedLines: o.addedLines,
    removedLines: o.removedLines,
  };
}
