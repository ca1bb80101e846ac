import { entryOf, known, operation, variable, type CatalogEntry, type CommandClassifier, type Invocation } from "./classifier.js";
import { pointerFlagOperations } from "./config-pointers.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, scanArgs, type ScannedArgs } from "./scan-args.js";
import { familyOf, type VerbFamily } from "./verb-families.js";

export const HELM_VERBS: readonly VerbFamily[] = [
  {
    id: "helm.destroy-verbs",
    description: "uninstalls a release, deleting its Kubernetes objects",
    effect: "destroy",
    verbs: ["uninstall", "delete", "del", "un"],
    examples: ["helm uninstall payments -n prod", "helm delete api --kube-context prod"],
  },
  {
    id: "helm.write-verbs",
    description: "installs, upgrades or rolls back a release in the cluster",
    effect: "write",
    verbs: ["install", "upgrade", "rollback", "test", "push", "registry"],
    examples: ["helm upgrade --install api ./chart -n staging", "helm install redis bitnami/redis", "helm rollback api 3"],
  },
  {
    id: "helm.local-verbs",
    description: "works only on local charts, repositories and caches",
    effect: "write",
    verbs: ["repo", "dependency", "dep", "pull", "fetch", "package", "create", "completion"],
    examples: ["helm repo add bitnami https://charts.bitnami.com/bitnami", "helm dependency update ./chart", "helm package ./chart", "helm repo update"],
  },
  {
    id: "helm.read-verbs",
    description: "reads releases, charts or renders templates",
    effect: "read",
    verbs: ["list", "ls", "status", "get", "history", "hist", "show", "inspect", "search", "template", "lint", "version", "env", "verify", "diff", "help"],
    examples: ["helm list -A", "helm status api -n prod", "helm template api ./chart", "helm get values payments", "helm history delete-jobs", "helm diff upgrade api ./chart"],
  },
];

export const HELM_CATALOG: readonly CatalogEntry[] = [
  ...HELM_VERBS,
  {
    id: "helm.dry-run",
    description: "--dry-run renders and validates without changing the cluster",
    effect: "read",
    examples: ["helm upgrade api ./chart --dry-run", "helm uninstall api --dry-run", "helm install x ./chart --dry-run=server"],
  },
  {
    id: "helm.force",
    description: "--force replaces objects (delete and recreate) during an upgrade or rollback",
    effect: "destroy",
    examples: ["helm upgrade api ./chart --force", "helm rollback api 2 --force"],
  },
  {
    id: "helm.unknown-verb",
    description: "a helm plugin (or plugin install, which runs its hooks)",
    effect: "unknown",
    examples: ["helm secrets dec values.yaml", "helm plugin install https://github.com/x/helm-y", "helm upgrade api ./chart --post-renderer ./kustomize.sh"],
  },
];

const HELM = (id: string) => entryOf(HELM_CATALOG, id);

const VALUED = ["-n", "--namespace", "--kube-context", "--kubeconfig", "-f", "--values", "--set", "--set-string", "--set-file", "--version", "--repo", "-o", "--output", "--timeout", "--revision", "--description", "--post-renderer", "--username", "--password", "--ca-file", "--cert-file", "--key-file", "--registry-config", "--repository-config", "--repository-cache", "-l", "--selector", "--max", "--wait-for-jobs"];

export const helmClassifier: CommandClassifier = {
  commands: ["helm", "helmfile"],
  catalog: HELM_CATALOG,
  helpAnywhere: true,
  classify(inv, ctx) {
    const a = scanArgs(inv.args, { valued: VALUED });
    const pointers = pointerFlagOperations(inv, a, ctx.workspace);
    return [...pointers, ...classifyHelm(inv, a)];
  },
};

function classifyHelm(inv: Invocation, a: ScannedArgs): Operation[] {
  const [verbWord, ...positionals] = a.positionals;
  const markers = [optionValue(a, "--kube-context"), optionValue(a, "-n", "--namespace"), optionValue(a, "--kubeconfig"), variable(inv, "HELM_KUBECONTEXT"), variable(inv, "HELM_NAMESPACE"), variable(inv, "KUBECONFIG")]
    .map(known)
    .filter((v): v is string => v !== undefined);
  const verb = verbWord?.text ?? "";
  const resources = positionals.slice(0, 1).map((w) => `release/${w.text}`);
  const fields = { target: "helm" as const, service: "release", verb, markers, resources };
  if (!verbWord) return [operation(inv, HELM(hasOption(a, "--version") ? "helm.read-verbs" : "helm.unknown-verb"), fields)];
  // helmfile wraps helm: sync/apply/destroy act on every release in the file.
  if (inv.name === "helmfile") {
    const id = verb === "destroy" || verb === "delete" ? "helm.destroy-verbs" : ["sync", "apply", "deps", "charts"].includes(verb) ? "helm.write-verbs" : ["diff", "template", "lint", "list", "status", "build", "repos", "version"].includes(verb) ? "helm.read-verbs" : "helm.unknown-verb";
    return [operation(inv, HELM(id), fields)];
  }
  if (verb === "plugin") {
    const sub = positionals[0]?.text;
    return [operation(inv, HELM(sub === "list" || sub === "ls" ? "helm.read-verbs" : "helm.unknown-verb"), fields)];
  }
  const family = verbWord.literal ? familyOf(verb, HELM_VERBS) : undefined;
  if (!family) return [operation(inv, HELM("helm.unknown-verb"), fields)];
  // A post-renderer is a program helm runs on the manifests.
  if (hasOption(a, "--post-renderer")) return [operation(inv, HELM("helm.unknown-verb"), { ...fields, verb: `${verb} --post-renderer`, why: "runs a post-renderer program Warden has not judged" })];
  if (family.effect !== "read" && family.id !== "helm.local-verbs" && hasOption(a, "--dry-run")) {
    const value = optionValue(a, "--dry-run")?.text;
    if (value !== "false" && value !== "none") return [operation(inv, HELM("helm.dry-run"), { ...fields, dry_run: true })];
  }
  if (family.id === "helm.write-verbs" && hasOption(a, "--force")) return [operation(inv, HELM("helm.force"), fields)];
  if (family.id === "helm.local-verbs") return [operation(inv, family, { ...fields, local: true, service: "chart" })];
  return [operation(inv, family, fields)];
}
