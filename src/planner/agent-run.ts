import type { Redacted } from "../redact/redacted.js";
import type { MemoryIndex } from "../memory/memory-index.js";
import type { Redactor } from "../redact/redactor.js";
import type { RedactedViews } from "./redacted-view.js";
import type { RepoFiles } from "./repo-files.js";

/** A command the agent asked for, after Warden and the sandbox; every text already redacted. */
export interface CommandReport {
  ran: boolean;
  /** Why it did not run (denied, needs approval, not runnable), with the rule. */
  refused: Redacted | null;
  exitCode: number | null;
  stdout: Redacted;
  stderr: Redacted;
  timedOut: boolean;
  truncated: boolean;
}

/** A plan of the working tree, for the model: the report and the Warden plan gate's verdict. */
export interface PlanReport {
  /** The headline, changes, diagnostics and verdict, as the model reads them. */
  text: Redacted;
  /** Every project planned without error. */
  ok: boolean;
  /** The plan gate allowed every project's plan. */
  allowed: boolean;
}

export interface PlanSelection {
  project?: string | undefined;
  environment?: string | undefined;
  /** Files the agent changed: the projects they belong to are planned when none is named. */
  touched: readonly string[];
}

/** One line of the run's progress, as the progress comment and the CLI show it. */
export interface AgentStep {
  kind: "read" | "write" | "command" | "plan" | "refused" | "model" | "finish" | "error";
  text: Redacted;
}

/**
 * What the tools work with: the repository, the run's redactor, and the product's components
 * behind small functions the door (Action, CLI, tests) wires up. Tools never reach past it.
 */
export interface AgentRun {
  readonly files: RepoFiles;
  readonly redactor: Redactor;
  /** The redacted text of files, which searches run over. */
  readonly views: RedactedViews;
  /** Files written in this run (relative paths), in the order first written. */
  readonly touched: Set<string>;
  /** The team's memories (the knowledge branch, and the shared repository's), when the door loaded them. */
  readonly memories?: MemoryIndex | undefined;
  runCommand(command: string): Promise<CommandReport>;
  plan(selection: PlanSelection): Promise<PlanReport>;
  step(step: AgentStep): void;
}
