import { entryOf, known, operation, variable, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs, type ScannedArgs } from "./scan-args.js";
import { downloadTo } from "./classify-remote.js";
import { pointerFlagOperations } from "./config-pointers.js";
import type { ShellWord } from "./shell-word.js";
import { familyOf, type VerbFamily } from "./verb-families.js";

export const KUBECTL_VERBS: readonly VerbFamily[] = [
  {
    id: "k8s.destroy-verbs",
    description: "deletes Kubernetes objects or evicts every pod of a node",
    effect: "destroy",
    verbs: ["delete", "drain"],
    examples: ["kubectl delete namespace prod", "kubectl delete pod web-1 -n shop", "kubectl -n shop delete deploy/api", "kubectl drain node-1 --ignore-daemonsets", "kubectl delete -f k8s/", "oc delete project payments"],
  },
  {
    id: "k8s.write-verbs",
    description: "creates or changes Kubernetes objects, or switches the kubeconfig's target",
    effect: "write",
    verbs: ["apply", "create", "patch", "replace", "edit", "label", "annotate", "scale", "autoscale", "set", "expose", "run", "cordon", "uncordon", "taint", "cp", "rollout", "certificate", "proxy", "config", "auth"],
    examples: ["kubectl apply -f deploy.yaml", "kubectl scale deploy api --replicas=3", "kubectl rollout restart deploy/api", "kubectl label pod web-1 tier=frontend", "kubectl config use-context prod", "kubectl patch deploy api -p '{\"spec\":{\"replicas\":2}}'"],
  },
  {
    id: "k8s.read-verbs",
    description: "reads Kubernetes objects, logs or cluster information",
    effect: "read",
    verbs: ["get", "describe", "logs", "top", "explain", "api-resources", "api-versions", "version", "cluster-info", "diff", "events", "wait", "kustomize", "completion", "options", "help", "port-forward", "plugin"],
    examples: ["kubectl get pods -l app=delete-worker", "kubectl describe deploy terminate-me", "kubectl logs deploy/api --since=1h", "kubectl get events -A", "kubectl diff -f deploy.yaml", "kubectl get ns"],
  },
];

/** Verbs whose read/write split depends on their sub-verb (`rollout status` reads, `rollout restart` writes). */
const READ_SUBVERBS: Readonly<Record<string, readonly string[]>> = {
  rollout: ["status", "history"],
  config: ["view", "get-contexts", "current-context", "get-clusters", "get-users"],
  auth: ["can-i", "whoami"],
  plugin: ["list"],
  certificate: [],
  apply: ["view-last-applied"],
};

/** `kubectl apply` only has sub-verbs for the last-applied annotation; otherwise its words are objects. */
function subVerbs(verb: string, first: string | undefined): readonly string[] | undefined {
  if (verb === "apply" && !/^(view|edit|set)-last-applied$/.test(first ?? "")) return undefined;
  return READ_SUBVERBS[verb];
}

/** `[namespace/]pod:path`, as kubectl cp reads a path inside a container. */
function isPodPath(w: ShellWord): boolean {
  return /^[a-z0-9]([-a-z0-9.]*\/)?[a-z0-9][-a-z0-9.]*:/.test(w.text);
}

export const KUBECTL_CATALOG: readonly CatalogEntry[] = [
  ...KUBECTL_VERBS,
  {
    id: "k8s.copy-here",
    description: "copies files out of a pod into a local path (judged by where they land)",
    effect: "write",
    examples: ["kubectl cp api-7d9f:/var/log/app.log logs/app.log", "kubectl cp -n payments api-7d9f:/tmp/heap.prof debug/ -c app", "kubectl cp payments/api-0:/data/dump.sql ."],
  },
  {
    id: "k8s.dry-run",
    description: "--dry-run=client|server only shows what would change",
    effect: "read",
    examples: ["kubectl delete ns prod --dry-run=server", "kubectl apply -f deploy.yaml --dry-run=client -o yaml", "kubectl create deploy x --image=nginx --dry-run=client"],
  },
  {
    id: "k8s.force-replace",
    description: "replace --force or apply --prune deletes objects (and recreates or forgets them)",
    effect: "destroy",
    examples: ["kubectl replace --force -f deploy.yaml", "kubectl apply --prune -l app=web -f k8s/"],
  },
  {
    id: "k8s.exec",
    description: "runs a command in a pod; the command is judged as if run there",
    effect: "destroy",
    delegates: true,
    examples: ["kubectl exec -n db postgres-0 -- psql -c 'DROP TABLE users'", "kubectl exec web-1 -- rm -rf /data"],
  },
  {
    id: "k8s.exec-read",
    description: "runs a read-only command in a pod",
    effect: "read",
    delegates: true,
    examples: ["kubectl exec web-1 -- ls /app", "kubectl exec -n shop deploy/api -- env"],
  },
  {
    id: "k8s.interactive",
    description: "attaches to a container or starts a debug shell: what will be typed cannot be judged",
    effect: "unknown",
    examples: ["kubectl attach -it web-1", "kubectl debug node/node-1 -it --image=busybox", "kubectl exec web-1"],
  },
  {
    id: "k8s.unknown-verb",
    description: "a kubectl plugin or command no family covers",
    effect: "unknown",
    examples: ["kubectl frobnicate pods", "kubectl $VERB pods"],
  },
];

const K8S = (id: string) => entryOf(KUBECTL_CATALOG, id);

const VALUED = [
  "-n", "--namespace", "--context", "--cluster", "--kubeconfig", "-s", "--server", "--token", "--user", "--as", "--as-group",
  "-l", "--selector", "-o", "--output", "-f", "--filename", "-k", "--kustomize", "-c", "--container", "--field-selector",
  "--sort-by", "-L", "--label-columns", "--template", "--timeout", "--grace-period", "--since", "--tail", "--type", "--image",
  "--replicas", "--for", "--request-timeout", "--certificate-authority", "--client-certificate", "--client-key", "--field-manager",
  "--prune-allowlist", "--overrides", "--port", "--target-port", "--min", "--max", "--cpu-percent", "--env", "-e", "--restart",
  "--limits", "--requests", "--serviceaccount", "--profile", "--pod-running-timeout",
];

/** kubectl's short and plural names for the kinds policies talk about. */
const KIND_ALIASES: Readonly<Record<string, string>> = {
  po: "pod", pods: "pod", deploy: "deployment", deployments: "deployment", svc: "service", services: "service",
  ns: "namespace", namespaces: "namespace", pvc: "persistentvolumeclaim", persistentvolumeclaims: "persistentvolumeclaim",
  pv: "persistentvolume", persistentvolumes: "persistentvolume", sts: "statefulset", statefulsets: "statefulset",
  ds: "daemonset", daemonsets: "daemonset", rs: "replicaset", replicasets: "replicaset", cm: "configmap", configmaps: "configmap",
  secrets: "secret", ing: "ingress", ingresses: "ingress", no: "node", nodes: "node", crd: "customresourcedefinition",
  crds: "customresourcedefinition", customresourcedefinitions: "customresourcedefinition", sa: "serviceaccount",
  serviceaccounts: "serviceaccount", jobs: "job", cj: "cronjob", cronjobs: "cronjob", hpa: "horizontalpodautoscaler",
  projects: "project", all: "all",
};

export function normalizeKind(kind: string): string {
  const lower = kind.toLowerCase().split(".")[0] ?? kind;
  return KIND_ALIASES[lower] ?? lower;
}

function kubeMarkers(inv: Invocation, a: ScannedArgs): string[] {
  const values = [optionValue(a, "--context"), optionValue(a, "--cluster"), optionValue(a, "-n", "--namespace"), optionValue(a, "--kubeconfig"), variable(inv, "KUBECONFIG")];
  return values.map(known).filter((v): v is string => v !== undefined);
}

/** `TYPE NAME...`, `TYPE/NAME...` and `-f FILE` as `kind/name` resources; the kind is the service. */
function kubeResources(positionals: readonly ShellWord[], a: ScannedArgs): { kind: string; resources: string[] } {
  const resources: string[] = [];
  let kind = "";
  const [first, ...rest] = positionals;
  if (first?.text.includes("/")) {
    for (const p of positionals) {
      const [k, name] = p.text.split("/", 2);
      kind ||= normalizeKind(k ?? "");
      resources.push(`${normalizeKind(k ?? "")}/${name ?? ""}`);
    }
  } else if (first) {
    kind = first.text.split(",").map(normalizeKind).join(",");
    for (const name of rest) resources.push(`${kind}/${name.text}`);
    if (rest.length === 0) {
      const all = hasOption(a, "--all") || hasOption(a, "-l", "--selector");
      resources.push(`${kind}/${all ? "*" : ""}`);
    }
  }
  for (const file of optionValues(a, "-f", "--filename", "-k", "--kustomize")) resources.push(`file:${file.text}`);
  return { kind: kind || "objects", resources };
}

function dryRun(a: ScannedArgs): boolean {
  const value = optionValue(a, "--dry-run");
  return value !== undefined && value.text !== "none" && value.text !== "false";
}

function exec(inv: Invocation, ctx: ClassifyContext, markers: string[]): Operation[] {
  const a = scanArgs(inv.args, { valued: VALUED });
  const target = a.positionals.find((p) => p.text !== "exec");
  if (a.rest.length === 0) return [operation(inv, K8S("k8s.interactive"), { target: "kubernetes", service: "pod", verb: "exec", markers })];
  const pod = target?.text ?? "pod";
  return ctx.inner(a.rest, inv, { via: "kubectl exec", location: { kind: "remote", via: "kubectl exec", name: pod }, markers: [...markers, pod] });
}

/** `kubectl config ...` only reads or edits the kubeconfig: it never contacts the cluster, so never runs an exec plugin. */
function ignoredPointers(inv: Invocation): readonly string[] {
  const verb = scanArgs(inv.args, { valued: VALUED }).positionals[0];
  return verb?.literal && verb.text === "config" ? ["--kubeconfig", "KUBECONFIG"] : [];
}

export const kubectlClassifier: CommandClassifier = {
  commands: ["kubectl", "oc", "microk8s.kubectl"],
  catalog: KUBECTL_CATALOG,
  helpAnywhere: true,
  ignoredPointers,
  classify(inv, ctx) {
    const pointers = pointerFlagOperations(inv, scanArgs(inv.args, { valued: VALUED }), ctx.workspace, ignoredPointers(inv));
    return [...pointers, ...classifyKubectl(inv, ctx)];
  },
};

function classifyKubectl(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: VALUED });
  const markers = kubeMarkers(inv, a);
  const [verbWord, ...positionals] = a.positionals;
  const verb = verbWord?.text ?? "";
  if (!verbWord) return [operation(inv, K8S(hasOption(a, "--version", "--help", "-h") ? "k8s.read-verbs" : "k8s.unknown-verb"), { target: "kubernetes", service: "cli", verb: "", markers })];
  if (!verbWord.literal) return [operation(inv, K8S("k8s.unknown-verb"), { target: "kubernetes", service: "cli", verb, markers })];
  if (verb === "exec") return exec(inv, ctx, markers);
  if (verb === "attach" || verb === "debug") return [operation(inv, K8S("k8s.interactive"), { target: "kubernetes", service: "pod", verb, markers })];
  // `kubectl run NAME --image=X -- CMD` and `kubectl create job|cronjob ... -- CMD`: the pod runs CMD.
  if ((verb === "run" || (verb === "create" && /^(job|cronjob|deployment|deploy)$/.test(positionals[0]?.text ?? ""))) && a.rest.length > 0) {
    const name = (verb === "run" ? positionals[0] : positionals[1])?.text ?? "pod";
    const write = operation(inv, K8S("k8s.write-verbs"), { target: "kubernetes", service: verb === "run" ? "pod" : (positionals[0]?.text ?? ""), verb, markers, resources: [name] });
    if (dryRun(a)) return [operation(inv, K8S("k8s.dry-run"), { target: "kubernetes", service: "pod", verb, markers, resources: [name], dry_run: true })];
    return [write, ...ctx.inner(a.rest, inv, { via: `kubectl ${verb}`, location: { kind: "remote", via: `kubectl ${verb}`, name }, markers: [...markers, name], stdin: { kind: "inherit" } })];
  }
  // `kubectl cp POD:PATH LOCAL` only changes local files.
  if (verb === "cp" && positionals.length === 2 && positionals.every((w) => w.literal)) {
    const [source, destination] = positionals as [ShellWord, ShellWord];
    if (isPodPath(source) && !isPodPath(destination)) return [downloadTo(inv, ctx, destination, K8S("k8s.copy-here"), "kubectl cp", false, [{ ...source, text: source.text.replace(/^[^:]*:/, "") }])];
  }
  const family = familyOf(verb, KUBECTL_VERBS);
  const sub = subVerbs(verb, positionals[0]?.text);
  const objectWords = sub !== undefined ? positionals.slice(1) : positionals;
  const { kind, resources } = kubeResources(objectWords, a);
  const fields = { target: "kubernetes" as const, service: sub !== undefined ? verb : kind, verb: sub !== undefined ? `${verb} ${positionals[0]?.text ?? ""}`.trim() : verb, markers, resources };
  if (!family) return [operation(inv, K8S("k8s.unknown-verb"), fields)];
  if (dryRun(a) && family.effect !== "read") return [operation(inv, K8S("k8s.dry-run"), { ...fields, dry_run: true })];
  if ((verb === "replace" && hasOption(a, "--force")) || (verb === "apply" && hasOption(a, "--prune"))) return [operation(inv, K8S("k8s.force-replace"), fields)];
  if (sub !== undefined) {
    return [operation(inv, K8S(sub.includes(positionals[0]?.text ?? "") ? "k8s.read-verbs" : "k8s.write-verbs"), fields)];
  }
  return [operation(inv, family, fields)];
}
