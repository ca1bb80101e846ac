/**
 * A tiny example of each config key, shown when a value has the wrong type or is missing.
 * One entry per key: adding a key to the schema means adding its example here.
 */
export const KEY_EXAMPLES: Record<string, string> = {
  version: "version: 1",
  projects: "projects: [{ name: network, dir: infra/network }]",
  name: "name: network",
  dir: "dir: infra/network",
  tool: "tool: terraform",
  when_modified: 'when_modified: ["**/*.tf", "**/*.tfvars"]',
  terraform: "terraform: { lock_timeout: 2m, timeout: 30m }",
  lock_timeout: "lock_timeout: 2m",
  timeout: "timeout: 30m",
  init_args: 'init_args: ["-upgrade"]',
  pass_env: 'pass_env: ["DATADOG_*", "CLOUDFLARE_API_TOKEN"]',
  environments: "environments: { staging: { workspace: staging } }",
  /** An entry of `environments`, keyed by its (user-chosen) name. */
  "environments.*": "staging: { workspace: staging, var_files: [env/staging.tfvars] }",
  workspace: "workspace: staging",
  var_files: "var_files: [env/staging.tfvars]",
  backend_config: "backend_config: [backend/staging.hcl, bucket=my-state]",
  context: "context: prod-cluster",
  namespace: "namespace: app",
  kubeconfig: "kubeconfig: ~/.kube/config",
  warden: "warden: {}",
  redact: "redact: {}",
  memory: "memory: {}",
  llm: "llm: {}",
  labels: "labels: { enabled: true, destroy: stakpak:destroy }",
};

/** The example for the key a data path ends in (array indexes skipped). */
export function exampleFor(path: readonly (string | number)[]): string | undefined {
  const keys = path.filter((s): s is string => typeof s === "string");
  const last = keys.at(-1);
  if (last === undefined) return undefined;
  if (keys.at(-2) === "environments" && path.at(-1) === last) return KEY_EXAMPLES["environments.*"];
  return KEY_EXAMPLES[last];
}
