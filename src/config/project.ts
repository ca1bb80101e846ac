import type { Tool } from "./tool-keys.js";

export type { Tool } from "./tool-keys.js";

/**
 * The normalized view of a project that the rest of the tool works with: defaults filled in,
 * the tool known, the directory resolved. Built from the config file or from discovery.
 */

export interface TerraformSettings {
  /** Passed as `-lock-timeout=<lockTimeout>`; Go duration syntax. */
  lockTimeout: string;
  /** Whole-command timeout for init and plan, as written. */
  timeout: string;
  timeoutMs: number;
  initArgs: string[];
  /** More variables terraform gets from the environment (`terraform.pass_env`), besides the built-in allowlist. */
  passEnv?: string[];
}

export interface TerraformEnvironment {
  workspace: string | null;
  /** Relative to the project dir, as written (terraform runs in the project dir). */
  varFiles: string[];
  /** File paths relative to the project dir, or `key=value` pairs. */
  backendConfig: string[];
}

export interface KubernetesEnvironment {
  context: string | null;
  namespace: string | null;
  /** `~` already expanded, since argv is never passed through a shell. */
  kubeconfig: string | null;
  /** Overlay dir relative to the project dir, as written. */
  dir: string | null;
  /** Absolute overlay dir, or null when the project dir itself is applied. */
  absDir: string | null;
}

export type EnvironmentConfig = TerraformEnvironment | KubernetesEnvironment;

interface ProjectBase {
  name: string;
  /** Relative to the repository root, forward slashes, `.` for the root. */
  dir: string;
  absDir: string;
  /** Globs relative to the project dir that mark the project as changed. */
  whenModified: string[];
  /** True when the tool was inferred from the dir's contents rather than written in the config. */
  toolInferred: boolean;
}

export interface TerraformProject extends ProjectBase {
  tool: "terraform";
  terraform: TerraformSettings;
  /** In config order; empty when the project has no environments. */
  environments: Record<string, TerraformEnvironment>;
}

export interface KubernetesProject extends ProjectBase {
  tool: "kubernetes";
  environments: Record<string, KubernetesEnvironment>;
}

export type Project = TerraformProject | KubernetesProject;

export const DEFAULT_WHEN_MODIFIED: Record<Tool, readonly string[]> = {
  // The lock file pins provider versions, so changing it changes the plan.
  terraform: ["**/*.tf", "**/*.tf.json", "**/*.tfvars", "**/*.tfvars.json", "**/.terraform.lock.hcl"],
  kubernetes: ["**/*.yaml", "**/*.yml", "**/Kustomization"],
};

export const DEFAULT_LOCK_TIMEOUT = "2m";
export const DEFAULT_TIMEOUT = "30m";
