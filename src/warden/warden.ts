import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TerraformPlan } from "../iac/plan-model.js";
import { analyzeLine, type Analysis } from "./analyze-line.js";
import { loadBashParser, type BashParser } from "./bash-parser.js";
import { decide, type Decision } from "./decide.js";
import { EMPTY_POLICY, type WardenPolicy } from "./policy.js";
import { literalWord, type ShellWord } from "./shell-word.js";
import type { Workspace } from "./workspace-paths.js";

export interface WardenOptions {
  /** The repository (or work tree) the agent works in: changes inside it are local work. */
  workspace: string;
  policy?: WardenPolicy;
  /** Extra scratch directories besides the system temp dir and /tmp. */
  temp?: readonly string[];
  /** Saved terraform plans Warden has judged, by the path `terraform apply` gets. */
  savedPlans?: ReadonlyMap<string, TerraformPlan>;
  /** Judge paths by where existing symbolic links point (default true). */
  followSymlinks?: boolean;
}

export interface CheckOptions {
  /** The environment being deployed: changes to any other are denied. */
  environment?: string | null;
  /** Where the command runs (absolute or relative to the workspace); the workspace root by default. */
  cwd?: string;
  /** The agent's environment; only variables that tell the target environment are read (AWS_PROFILE, ...). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Explanation {
  decision: Decision;
  analysis: Analysis;
}

export interface Warden {
  readonly policy: WardenPolicy;
  readonly workspace: Workspace;
  check(line: string, options?: CheckOptions): Decision;
  explain(line: string, options?: CheckOptions): Explanation;
}

/**
 * Variables that say which account, cluster or workspace a command targets. Only these are read
 * from the caller's environment, and none of them holds a secret (they show in decisions).
 */
export const MARKER_VARIABLES: readonly string[] = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "CLOUDSDK_CORE_PROJECT",
  "GOOGLE_CLOUD_PROJECT",
  "AZURE_SUBSCRIPTION_ID",
  "ARM_SUBSCRIPTION_ID",
  "TF_WORKSPACE",
  "HELM_KUBECONTEXT",
  "HELM_NAMESPACE",
  "PGHOST",
  "PGDATABASE",
  "MYSQL_HOST",
];

function markerVars(env: CheckOptions["env"]): Map<string, ShellWord> {
  const vars = new Map<string, ShellWord>();
  for (const name of MARKER_VARIABLES) {
    const value = env?.[name];
    if (value) vars.set(name, literalWord(value));
  }
  return vars;
}

/** Loads the shell parser once and returns a Warden whose checks are synchronous. */
export async function createWarden(options: WardenOptions): Promise<Warden> {
  const parser: BashParser = await loadBashParser();
  const posixPath = (p: string) => path.posix.normalize(path.resolve(p).split(path.sep).join("/"));
  // A directory and its real path (macOS's /tmp is /private/tmp) are the same place.
  const spellings = (p: string) => {
    const given = posixPath(p);
    let real = given;
    try {
      real = posixPath(realpathSync(given));
    } catch {
      // Not there (yet): only its given spelling.
    }
    return real === given ? [given] : [given, real];
  };
  const [root = posixPath(options.workspace), ...rootAliases] = spellings(options.workspace);
  const temp = [...new Set([tmpdir(), "/tmp", ...(options.temp ?? [])].flatMap(spellings))];
  const workspace: Workspace = { root, rootAliases, temp, followSymlinks: options.followSymlinks ?? true };
  const policy = options.policy ?? EMPTY_POLICY;

  const explain = (line: string, check: CheckOptions = {}): Explanation => {
    const cwd = check.cwd ? path.posix.resolve(root, check.cwd) : root;
    const analysis = analyzeLine(parser, line, {
      workspace,
      cwd,
      vars: markerVars(check.env),
      ...(options.savedPlans ? { savedPlans: options.savedPlans } : {}),
    });
    const decision = decide(line, analysis.operations, policy, { environment: check.environment ?? null });
    return { decision, analysis };
  };

  return {
    policy,
    workspace,
    explain,
    check: (line, check) => explain(line, check).decision,
  };
}
