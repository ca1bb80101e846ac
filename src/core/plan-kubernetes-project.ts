import { runKubectlDiff } from "../iac/kubectl.js";
import type { ProjectRun } from "../iac/project-run.js";

export interface KubernetesTarget {
  project: string;
  environment: string | null;
  /** Directory as shown to people. */
  dir: string;
  /** The directory applied: the project dir or an environment's overlay. */
  absDir: string;
  context?: string | undefined;
  namespace?: string | undefined;
  kubeconfig?: string | undefined;
  timeoutMs: number;
}

export async function planKubernetesProject(target: KubernetesTarget): Promise<ProjectRun> {
  const started = performance.now();
  const diff = await runKubectlDiff({
    cwd: target.absDir,
    // runKubectlDiff uses -k when the directory holds a kustomization, else -f --recursive.
    target: { kind: "manifests", paths: [target.absDir] },
    context: target.context,
    namespace: target.namespace,
    kubeconfig: target.kubeconfig,
    timeoutMs: target.timeoutMs,
  });
  return {
    project: target.project,
    environment: target.environment,
    dir: target.dir,
    tool: "kubernetes",
    status: diff.hasChanges ? "changes" : "no-changes",
    kube: { kind: "kubernetes", hasChanges: diff.hasChanges, objects: diff.objects, rawDiff: diff.rawDiff },
    diagnostics: [],
    durationMs: performance.now() - started,
  };
}
