import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { UserError } from "../user-error.js";
import { KubeObjectChangeSchema, parseKubectlDiff } from "./parse-kubectl-diff.js";
import { runProcess, tail } from "./run-process.js";
import { KUBECTL_ENV } from "./tool-environment.js";

export { KubeObjectChangeSchema, type KubeObjectChange } from "./parse-kubectl-diff.js";

export const KubectlTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("kustomize"), dir: z.string().min(1) }),
  z.object({ kind: z.literal("manifests"), paths: z.array(z.string().min(1)).min(1) }),
]);
export type KubectlTarget = z.infer<typeof KubectlTargetSchema>;

export interface KubectlDiffOptions {
  /** Project directory; relative target paths resolve against it. */
  cwd: string;
  target: KubectlTarget;
  context?: string;
  namespace?: string;
  kubeconfig?: string;
  timeoutMs: number;
  /** Use server-side apply for the dry run (`kubectl diff --server-side`). */
  serverSide?: boolean;
}

export const KubernetesPlanSchema = z.object({
  kind: z.literal("kubernetes"),
  /** kubectl diff's exit code: 0 no differences, 1 differences. */
  exitCode: z.union([z.literal(0), z.literal(1)]),
  hasChanges: z.boolean(),
  objects: z.array(KubeObjectChangeSchema),
  rawDiff: z.string(),
});
export type KubernetesPlan = z.infer<typeof KubernetesPlanSchema>;

const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

const INSTALL_HINT = "Install kubectl (https://kubernetes.io/docs/tasks/tools/) and make sure it is on PATH.";

/** What to suggest for a failed run, by what kubectl wrote to stderr; first match wins. */
const FAILURE_HINTS: readonly { pattern: RegExp; hint: string }[] = [
  {
    pattern: /the path "[^"]*" does not exist|error parsing|unable to find one of 'kustomization/i,
    hint: "Check the manifest paths and that every file is valid YAML (kubectl reads nothing until all parse).",
  },
  {
    pattern: /context "[^"]*" does not exist|no configuration has been provided|stat .*: no such file/i,
    hint: "Check the kube context name and the kubeconfig path in .stakpak/config.yml.",
  },
  {
    pattern: /connection refused|no such host|i\/o timeout|Unable to connect|TLS handshake|context deadline exceeded/i,
    hint:
      "The cluster could not be reached: check that it is running, that the kubeconfig server address is " +
      "right, and any VPN or proxy in between.",
  },
  {
    pattern: /Unauthorized|forbidden|must be logged in|credentials/i,
    hint: "The credentials were refused: kubectl diff needs get and (dry-run) patch/create rights on every object.",
  },
  {
    pattern: /no matches for kind|unable to recognize|ensure CRDs are installed/i,
    hint: "A manifest uses a kind the cluster does not serve: install its CRD first or check the apiVersion.",
  },
];
const DEFAULT_HINT =
  "Check the kube context, the kubeconfig and that the cluster is reachable, then run the same kubectl diff by hand.";

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

async function isKustomizeDir(dir: string): Promise<boolean> {
  const found = await Promise.all(KUSTOMIZATION_FILES.map((f) => stat(resolve(dir, f)).then(() => true, () => false)));
  return found.includes(true);
}

/** `-k dir`, or `-f` per path (plus `--recursive` when one is a directory). */
async function targetArgs(cwd: string, target: KubectlTarget): Promise<string[]> {
  if (target.kind === "kustomize") return ["-k", target.dir];
  const kustomizeDirs: string[] = [];
  let anyDir = false;
  for (const path of target.paths) {
    const abs = resolve(cwd, path);
    if (!(await isDirectory(abs))) continue;
    anyDir = true;
    if (await isKustomizeDir(abs)) kustomizeDirs.push(path);
  }
  if (kustomizeDirs.length > 0) {
    if (target.paths.length === 1) return ["-k", target.paths[0] ?? ""];
    // kubectl refuses `-k` twice or next to `-f`; running it per path would hide that the set is mixed.
    throw new UserError({
      summary: "kubectl diff can take one kustomization at a time, not together with other manifests.",
      detail: `Kustomization directories: ${kustomizeDirs.join(", ")}\nAll paths: ${target.paths.join(", ")}`,
      where: cwd,
      hint: "Split these into separate projects, or list the other manifests in the kustomization's resources.",
    });
  }
  return [...target.paths.flatMap((p) => ["-f", p]), ...(anyDir ? ["--recursive"] : [])];
}

/** "context prod (https://1.2.3.4)" for error messages, best effort. */
async function describeCluster(opts: KubectlDiffOptions, globalArgs: string[]): Promise<string> {
  const fallback = opts.context ? `context "${opts.context}"` : "the current kube context";
  try {
    const view = await runProcess(
      "kubectl",
      ["config", "view", "--minify", "-o", `jsonpath={.contexts[0].name}\t{.clusters[0].cluster.server}`, ...globalArgs],
      { cwd: opts.cwd, passEnv: KUBECTL_ENV, timeoutMs: 10_000, installHint: INSTALL_HINT },
    );
    const [context, server] = view.stdout.split("\t");
    if (view.exitCode !== 0 || !context) return fallback;
    // A server URL may carry user:password@; the message goes into PR comments.
    return server ? `context "${context}" (${server.replace(/\/\/[^/@]*@/, "//")})` : `context "${context}"`;
  } catch {
    return fallback;
  }
}

/**
 * Runs `kubectl diff` for one project and parses the result. Exit codes 0 and 1 mean "no
 * differences" and "differences"; anything above is a failure and becomes a UserError.
 */
export async function runKubectlDiff(opts: KubectlDiffOptions): Promise<KubernetesPlan> {
  const globalArgs = [
    ...(opts.kubeconfig ? ["--kubeconfig", opts.kubeconfig] : []),
    ...(opts.context ? ["--context", opts.context] : []),
    ...(opts.namespace ? ["--namespace", opts.namespace] : []),
  ];
  const args = [
    "diff",
    ...(await targetArgs(opts.cwd, opts.target)),
    ...(opts.serverSide ? ["--server-side"] : []),
    ...globalArgs,
  ];
  const result = await runProcess("kubectl", args, {
    cwd: opts.cwd,
    timeoutMs: opts.timeoutMs,
    installHint: INSTALL_HINT,
    passEnv: KUBECTL_ENV,
    env: {
      // A user's dyff/colordiff setting would make the output unparseable.
      KUBECTL_EXTERNAL_DIFF: "diff -u -N",
      // GNU diff translates "\ No newline at end of file" and dates; keep them predictable.
      LC_ALL: "C",
      // kubectl 1.33+ reads ~/.kube/kuberc, which can add default flags to diff.
      KUBERC: "off",
    },
  });

  if (result.exitCode > 1) {
    const cluster = await describeCluster(opts, globalArgs);
    const stderr = result.stderr.trim();
    throw new UserError({
      summary: `kubectl diff failed (exit code ${result.exitCode}) against ${cluster}.`,
      detail: tail(stderr || result.stdout, 30),
      where: opts.cwd,
      hint: FAILURE_HINTS.find((h) => h.pattern.test(stderr))?.hint ?? DEFAULT_HINT,
    });
  }
  if (result.outputTruncated) {
    throw new UserError({
      summary: "kubectl diff printed more output than the tool keeps, so the plan would be incomplete.",
      where: opts.cwd,
      hint: "Split the project into smaller ones.",
    });
  }

  const objects = parseKubectlDiff(result.stdout);
  if (result.exitCode === 1 && objects.length === 0) {
    throw new UserError({
      summary: "kubectl diff reported differences but printed no diff to read them from.",
      detail: tail(result.stderr || "(no output)", 30),
      where: opts.cwd,
      hint: "Run the same kubectl diff by hand; the external diff program may have failed.",
    });
  }
  return KubernetesPlanSchema.parse({
    kind: "kubernetes",
    exitCode: result.exitCode,
    hasChanges: objects.length > 0,
    objects,
    rawDiff: result.stdout,
  });
}
