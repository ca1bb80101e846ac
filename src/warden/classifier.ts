import type { TerraformPlan } from "../iac/plan-model.js";
import type { Effect, Operation, Target } from "./operation.js";
import type { Location, SimpleCommand, Stdin } from "./shell-command.js";
import type { ShellWord } from "./shell-word.js";
import type { Workspace } from "./workspace-paths.js";

/**
 * One verb or verb family of one tool: what it does and the command lines that show it. Adding a
 * verb is adding one entry; a test runs every example through the whole pipeline and checks that
 * this entry classified it with this effect.
 */
export interface CatalogEntry {
  /** `<tool>.<family>`, e.g. `aws.destroy-verbs`. */
  id: string;
  /** Why this family has this effect, shown by `warden explain`. */
  description: string;
  effect: Effect;
  /** Command lines this entry classifies with `effect`. */
  examples: readonly string[];
  /**
   * The entry only unwraps (`sudo`, `bash -c`, `timeout`): the effect is the inner command's, and
   * `effect` is what its examples show through it.
   */
  delegates?: boolean;
}

/** A simple command as a classifier sees it. */
export interface Invocation {
  /** The program, as looked up in the catalogs (`/usr/bin/rm` is `rm`). */
  name: string;
  args: ShellWord[];
  command: SimpleCommand;
}

/** How an inner command differs from the one that wraps it. */
export interface InnerChange {
  /** The wrapper, for explain: `sudo`, `bash -c`, `kubectl exec`. */
  via: string;
  location?: Location;
  markers?: readonly string[];
  /** Variables the wrapper sets for the inner command (`env A=1 cmd`). */
  assignments?: ReadonlyMap<string, ShellWord>;
  stdin?: Stdin;
  /** Where the inner command runs, when the wrapper moves it (`env -C DIR`); null when unknown. */
  cwds?: readonly string[] | null;
}

/** What classifiers may ask of the pipeline: judging an inner command, and what Warden was told. */
export interface ClassifyContext {
  workspace: Workspace;
  /** Judges an argv found inside another command (`sudo rm`, `xargs rm`, `find -exec rm`). */
  inner(argv: readonly ShellWord[], from: Invocation, change: InnerChange): Operation[];
  /** Parses and judges a shell string (`bash -c '...'`, `ssh host '...'`, a heredoc fed to `sh`). */
  shell(source: ShellWord, from: Invocation, change: InnerChange): Operation[];
  /** A saved terraform plan Warden has seen (`--saved-plan`), by the path `terraform apply` is given. */
  savedPlan(path: string): TerraformPlan | null;
  /**
   * Facts earlier commands of the same line established, for later ones: `terraform workspace
   * select prod && terraform apply` targets prod; `plan -destroy -out=p && apply p` destroys.
   */
  lineFacts: Map<string, string>;
}

export interface CommandClassifier {
  /** Program names this classifier handles. */
  commands: readonly string[];
  catalog: readonly CatalogEntry[];
  /** The tool reads its whole command line before acting, so `--help` anywhere only prints help. */
  helpAnywhere?: boolean;
  /**
   * Pointer variables or options (config-pointers.ts) this invocation does not follow: `kubectl
   * config view` only reads the kubeconfig and never runs its exec plugin.
   */
  ignoredPointers?(inv: Invocation): readonly string[];
  classify(inv: Invocation, ctx: ClassifyContext): Operation[];
}

export interface OperationFields {
  target: Target;
  service: string;
  verb: string;
  effect?: Effect;
  resources?: string[];
  dry_run?: boolean;
  local?: boolean;
  markers?: string[];
  why?: string;
}

/** Builds an operation for `entry`, taking its effect and description unless overridden. */
export function operation(inv: Invocation, entry: CatalogEntry, fields: OperationFields): Operation {
  return {
    target: fields.target,
    service: fields.service,
    verb: fields.verb,
    effect: fields.effect ?? entry.effect,
    resources: fields.resources ?? [],
    dry_run: fields.dry_run ?? false,
    local: fields.local ?? false,
    markers: [...(fields.markers ?? []), ...inv.command.context.markers],
    catalog: entry.id,
    why: fields.why ?? entry.description,
    command: inv.command.source,
    via: [...inv.command.context.via],
  };
}

/** Finds a catalog entry by id; a typo is a bug, caught by the catalog test. */
export function entryOf(catalog: readonly CatalogEntry[], id: string): CatalogEntry {
  const entry = catalog.find((e) => e.id === id);
  if (!entry) throw new Error(`internal: no catalog entry ${id}`);
  return entry;
}

/** A value from the command's own assignments or the line's variables. */
export function variable(inv: Invocation, name: string): ShellWord | undefined {
  return inv.command.assignments.get(name) ?? inv.command.context.vars.get(name);
}

/** Literal text of a word, or undefined. */
export function known(word: ShellWord | undefined): string | undefined {
  return word?.literal ? word.text : undefined;
}
