import type { TerraformPlan } from "../iac/plan-model.js";
import type { BashParser } from "./bash-parser.js";
import { classifyCommand, DISPATCH_CATALOG } from "./classify-command.js";
import { classifyFileWrite } from "./classify-file-writes.js";
import { entryOf, type ClassifyContext, type InnerChange, type Invocation } from "./classifier.js";
import type { Operation } from "./operation.js";
import { parseCommandLine } from "./parse-command.js";
import { plantedCodeOperations } from "./planted-code.js";
import type { ParsedLine, ShellContext, SimpleCommand } from "./shell-command.js";
import type { ShellWord } from "./shell-word.js";
import type { Workspace } from "./workspace-paths.js";

export interface AnalyzeOptions {
  workspace: Workspace;
  /** Where the line runs; the workspace root by default. */
  cwd?: string;
  /** Variables set before the line runs, such as AWS_PROFILE (environment markers). */
  vars?: ReadonlyMap<string, ShellWord>;
  /** Saved terraform plans Warden has seen, by the path given to `terraform apply`. */
  savedPlans?: ReadonlyMap<string, TerraformPlan>;
}

/** A line taken apart: the commands found (including inside `bash -c` strings) and their operations. */
export interface Analysis {
  line: string;
  /** The line itself first, then every nested shell string, in the order found. */
  parsed: ParsedLine[];
  /** Every simple command judged, in order, including those found inside wrappers (`sudo rm`, `kubectl exec -- psql`). */
  commands: SimpleCommand[];
  operations: Operation[];
}

/** `bash -c "bash -c '...'"` beyond this depth is not judged: it is unknown. */
export const MAX_NESTING = 6;

/** An unknown operation found by the pipeline itself (syntax, nesting, a run-time script). */
function shellUnknown(id: string, verb: string, command: string, context: Pick<ShellContext, "markers" | "via"> | null, why?: string): Operation {
  const entry = entryOf(DISPATCH_CATALOG, id);
  return {
    target: "generic",
    service: "shell",
    verb,
    effect: entry.effect,
    resources: [],
    dry_run: false,
    local: false,
    markers: [...(context?.markers ?? [])],
    catalog: entry.id,
    why: why ?? entry.description,
    command,
    via: [...(context?.via ?? [])],
  };
}

/** Parse, unwrap and classify one command line. Nothing is executed. */
export function analyzeLine(parser: BashParser, line: string, options: AnalyzeOptions): Analysis {
  const parsed: ParsedLine[] = [];
  const commands: SimpleCommand[] = [];

  const judgeParsed = (result: ParsedLine): Operation[] => {
    parsed.push(result);
    const ops: Operation[] = [];
    for (const problem of result.problems) {
      const id = problem.kind === "syntax" ? "shell.syntax-error" : "shell.too-deep";
      ops.push(shellUnknown(id, problem.kind, problem.source, null, problem.message));
    }
    for (const command of result.commands) ops.push(...judgeCommand(command));
    for (const write of result.fileWrites) ops.push(...classifyFileWrite(write, options.workspace));
    return ops;
  };

  const judgeCommand = (command: SimpleCommand): Operation[] => {
    if (command.context.depth > MAX_NESTING) return [shellUnknown("shell.too-deep", "nested", command.source, command.context)];
    commands.push(command);
    return classifyCommand(command, ctx);
  };

  const innerContext = (from: Invocation, change: InnerChange): ShellContext => {
    const outer = from.command.context;
    return {
      ...outer,
      location: change.location ?? outer.location,
      cwds: change.cwds === undefined ? outer.cwds : change.cwds,
      via: [...outer.via, change.via],
      markers: [...outer.markers, ...(change.markers ?? [])],
      depth: outer.depth + 1,
    };
  };

  const ctx: ClassifyContext = {
    workspace: options.workspace,
    inner(argv, from, change) {
      const context = innerContext(from, change);
      const assignments = new Map([...from.command.assignments, ...(change.assignments ?? [])]);
      return judgeCommand({ argv: [...argv], assignments, stdin: change.stdin ?? from.command.stdin, context, source: from.command.source });
    },
    shell(source, from, change) {
      const context = innerContext(from, change);
      if (context.depth > MAX_NESTING) return [shellUnknown("shell.too-deep", "nested", from.command.source, context)];
      if (!source.literal) return [shellUnknown("shell.dynamic-script", change.via, from.command.source, context)];
      const remote = context.location.kind === "remote";
      const vars = remote ? new Map<string, ShellWord>() : new Map([...context.vars, ...from.command.assignments, ...(change.assignments ?? [])]);
      const result = parseCommandLine(parser, source.text, {
        // On another machine the directory and the variables are not this shell's.
        cwds: remote ? null : context.cwds,
        vars,
        location: context.location,
        via: context.via,
        markers: context.markers,
        depth: context.depth,
        stdin: change.stdin ?? { kind: "inherit" },
      });
      return judgeParsed(result);
    },
    lineFacts: new Map(),
    savedPlan(path) {
      return options.savedPlans?.get(path) ?? null;
    },
  };

  const top = parseCommandLine(parser, line, {
    cwds: [options.cwd ?? options.workspace.root],
    vars: options.vars ?? new Map(),
  });
  const operations = judgeParsed(top);
  operations.push(...plantedCodeOperations(ctx, operations, line));
  return { line, parsed, commands, operations };
}
