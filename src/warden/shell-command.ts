import type { ShellWord } from "./shell-word.js";

/** Where a command runs. Inside a pod, a container or over ssh nothing is "the workspace". */
export type Location =
  | { kind: "local" }
  | {
      kind: "remote";
      /** `ssh`, `kubectl exec`, `docker run`, ... */
      via: string;
      /** Host, pod or container, as written. */
      name: string;
    };

/** What a command reads on standard input. `text` is set when it is known without running anything. */
export type Stdin =
  | { kind: "inherit" }
  | { kind: "pipe"; from: string; text: string | null }
  | { kind: "heredoc"; text: string; literal: boolean }
  | { kind: "file"; path: ShellWord };

/** The state of the shell a command runs in, as far as the line itself tells. */
export interface ShellContext {
  /**
   * Every directory the command may run in (absolute, or starting with `~`). Several when an
   * earlier `cd` may have failed (`cd x; cmd`); null when unknown (`cd $DIR`).
   */
  cwds: readonly string[] | null;
  /** Variables set earlier on the line (or handed in), for `$VAR` and for environment markers. */
  vars: ReadonlyMap<string, ShellWord>;
  location: Location;
  /** Wrappers the command was found inside, outermost first: `sudo`, `bash -c`, `kubectl exec`. */
  via: readonly string[];
  /** Scope values inherited from a wrapper (`kubectl --context prod exec ...`), for environment inference. */
  markers: readonly string[];
  /** How many `bash -c` / `ssh` strings deep this is. */
  depth: number;
}

/** One program invocation the line would run. */
export interface SimpleCommand {
  argv: ShellWord[];
  /** `NAME=value` words before the command (and those `env` adds). */
  assignments: ReadonlyMap<string, ShellWord>;
  stdin: Stdin;
  context: ShellContext;
  /** The command's own text, for messages. */
  source: string;
}

/** `> file`, `>> file`, `&> file`: the shell writes the file whatever the command is. */
export interface FileWrite {
  path: ShellWord;
  mode: "truncate" | "append";
  context: ShellContext;
  source: string;
}

/** Something on the line that cannot be judged statically, found while parsing. */
export interface ParseProblem {
  kind: "syntax" | "unsupported" | "too-deep";
  message: string;
  source: string;
}

export interface ParsedLine {
  source: string;
  commands: SimpleCommand[];
  fileWrites: FileWrite[];
  problems: ParseProblem[];
  /** Functions the line defines: calling them runs commands already listed. */
  functions: ReadonlySet<string>;
}
