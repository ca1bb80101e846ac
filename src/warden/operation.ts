export const TARGETS = [
  "aws",
  "gcp",
  "azure",
  "kubernetes",
  "terraform",
  "helm",
  "database",
  "filesystem",
  "git",
  "github",
  "docker",
  "generic",
] as const;
export type Target = (typeof TARGETS)[number];

/**
 * What an operation does to the world. `unknown` is not a fourth kind of change: it means the
 * effect cannot be told without running the command (`eval`, `$CMD`, `curl | bash`, a script file).
 */
export const EFFECTS = ["read", "write", "destroy", "unknown"] as const;
export type Effect = (typeof EFFECTS)[number];

/** How bad an effect is, for picking the worst of several. */
export const EFFECT_RANK: Readonly<Record<Effect, number>> = { read: 0, write: 1, destroy: 2, unknown: 3 };

/** One thing a simple command does, in terms a policy can match. Field names are the JSON output's. */
export interface Operation {
  target: Target;
  /** The service or resource family: `ec2`, `s3`, `pods`, `state`, `postgres`, `file`. */
  service: string;
  /** The tool's own verb: `terminate-instances`, `delete`, `DROP`, `push --force`. */
  verb: string;
  effect: Effect;
  /** What it acts on, as written: `s3://bucket/key`, `pod/web-1`, `i-0abc`, `/etc/hosts`. */
  resources: string[];
  dry_run: boolean;
  /** The change stays inside the workspace or a temp dir (editing files, `git commit`, `terraform fmt`). */
  local: boolean;
  /** Values that tell the environment (profile, kube context, namespace, project, workspace, var file). */
  markers: string[];
  /** The catalog entry that classified it, e.g. `aws.destroy-verbs`. */
  catalog: string;
  /** One sentence for a reviewer. */
  why: string;
  /** The simple command it came from. */
  command: string;
  /** Wrappers it was found inside, outermost first (`sudo`, `bash -c`, `kubectl exec`). */
  via: string[];
}
