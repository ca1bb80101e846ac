import type { Diagnostic, TerraformPlan } from "./plan-model.js";

/** One object `kubectl diff` reports as different. */
export interface KubeObjectChangeView {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  action: "create" | "update" | "delete";
  addedLines: string[];
  removedLines: string[];
}

export interface KubernetesDiffView {
  kind: "kubernetes";
  hasChanges: boolean;
  objects: KubeObjectChangeView[];
  /** The unified diff kubectl printed, sensitive values already masked. */
  rawDiff: string;
}

/** An expected failure while planning one project, kept for the report instead of aborting the others. */
export interface RunFailure {
  summary: string;
  detail?: string | undefined;
  where?: string | undefined;
  hint?: string | undefined;
}

/**
 * The outcome of planning one project in one environment: what the renderer, the JSON output,
 * and (later) Warden's plan gate and the GitHub publisher consume.
 */
export interface ProjectRun {
  project: string;
  /** null when the project defines no environments. */
  environment: string | null;
  /** Project directory relative to the repository root (or as given on the command line). */
  dir: string;
  tool: "terraform" | "kubernetes";
  status: "changes" | "no-changes" | "error";
  /** Parsed terraform plan, when the plan succeeded. */
  plan?: TerraformPlan;
  /** Parsed kubectl diff, for Kubernetes projects. */
  kube?: KubernetesDiffView;
  /** Human-readable plan (`terraform show -no-color`), sensitive values masked. */
  planText?: string;
  /** `terraform validate` diagnostics (errors and warnings). */
  diagnostics: Diagnostic[];
  error?: RunFailure;
  durationMs: number;
}
