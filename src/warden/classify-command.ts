import { findClassifier } from "./catalogs.js";
import { entryOf, operation, type CatalogEntry, type ClassifyContext, type Invocation } from "./classifier.js";
import { pointerVariableOperations, POINTER_CATALOG } from "./config-pointers.js";
import type { Operation } from "./operation.js";
import { PLANTED_CODE_RULES } from "./planted-code.js";
import type { SimpleCommand } from "./shell-command.js";

/** What the dispatcher itself decides, before any tool's catalog is consulted. */
export const DISPATCH_CATALOG: readonly CatalogEntry[] = [
  {
    id: "shell.dynamic-command",
    description: "the program to run is only known at run time (a variable or a substitution)",
    effect: "unknown",
    examples: ["$CMD --force", "$(echo kubectl) get pods", "${TOOL} apply"],
  },
  {
    id: "shell.path-program",
    description: "runs a script or binary file whose content Warden has not seen",
    effect: "unknown",
    examples: ["./deploy.sh", "/opt/scripts/cleanup", "scripts/migrate.py --all"],
  },
  {
    id: "shell.no-catalog",
    description: "no catalog knows this program, so its effect cannot be told",
    effect: "unknown",
    examples: ["frobnicate --all", "vault-cleanup now"],
  },
  {
    id: "shell.dynamic-script",
    description: "the commands given to a shell (or ssh, or watch) are only known at run time",
    effect: "unknown",
    examples: ["bash -c \"$SCRIPT\"", "ssh build-host \"$(cat cmd.txt)\""],
  },
  {
    id: "shell.syntax-error",
    description: "the shell could not parse this, so what would run cannot be told",
    effect: "unknown",
    examples: ["echo 'unterminated", "ls && && ls"],
  },
  {
    id: "shell.too-deep",
    description: "commands nested deeper than Warden follows (bash -c inside bash -c inside ...)",
    effect: "unknown",
    examples: [],
  },
  {
    id: "shell.no-operation",
    description: "the tool's catalog found nothing this command does (an option or argument it did not expect): what it would do is not known",
    effect: "unknown",
    examples: ["chmod", "touch", "chown root", "mkdir -p"],
  },
  ...POINTER_CATALOG,
  {
    id: "shell.planted-code",
    description: "the line writes code (a python module, a node package, a repository's .git) where another of its commands then loads it from",
    effect: "unknown",
    examples: PLANTED_CODE_RULES.flatMap((r) => r.examples),
  },
  {
    id: "shell.help",
    description: "asks the tool for its help text; the tool does nothing else",
    effect: "read",
    examples: ["kubectl delete --help", "aws ec2 terminate-instances --help", "rm --help"],
  },
];

/** Standard program directories: `/usr/bin/rm` is `rm`; any other path is a file someone wrote. */
const PROGRAM_DIR = /^\/(?:usr\/(?:local\/)?)?s?bin\/([^/]+)$|^\/opt\/homebrew\/bin\/([^/]+)$/;

const DISPATCH = (id: string) => entryOf(DISPATCH_CATALOG, id);

/** `/usr/bin/rm` is `rm`; a path anywhere else is a file someone wrote (null). */
function programName(word: string): string | null {
  if (!word.includes("/")) return word;
  const m = PROGRAM_DIR.exec(word);
  return m?.[1] ?? m?.[2] ?? null;
}

/** Classifies one simple command: the dispatcher's own checks, then the tool's catalog. */
export function classifyCommand(command: SimpleCommand, ctx: ClassifyContext): Operation[] {
  const ops: Operation[] = [];
  const [first, ...args] = command.argv;
  const bare: Invocation = { name: first?.text ?? "", args, command };
  const program = first?.literal && !first.glob ? programName(first.text) : null;
  const classifier = program === null ? undefined : findClassifier(program);
  const inv: Invocation = { name: program ?? bare.name, args, command };
  // Variables of the command (and those `env` adds) are judged whatever the program is.
  ops.push(...pointerVariableOperations(inv, ctx.workspace, classifier?.ignoredPointers?.(inv) ?? []));
  if (!first) return ops;
  if (!first.literal || first.glob) {
    ops.push(operation(bare, DISPATCH("shell.dynamic-command"), { target: "generic", service: "shell", verb: first.text }));
    return ops;
  }
  if (program === null) {
    ops.push(operation(bare, DISPATCH("shell.path-program"), { target: "generic", service: "script", verb: "run", resources: [first.text] }));
    return ops;
  }
  const name = program;
  if (!classifier) {
    ops.push(operation(inv, DISPATCH("shell.no-catalog"), { target: "generic", service: name, verb: name }));
    return ops;
  }
  // `--help` first is help for any tool; later on the line only for tools that read their whole
  // command line first (getopt tools may take a late `--help` as a file name under POSIXLY_CORRECT).
  const helpFirst = args[0]?.literal === true && args[0].text === "--help";
  if (helpFirst || (classifier.helpAnywhere && asksForHelp(args))) {
    ops.push(operation(inv, DISPATCH("shell.help"), { target: "generic", service: name, verb: "--help" }));
    return ops;
  }
  const found = classifier.classify(inv, ctx);
  // A classifier that finds nothing has misread the command; nothing found is never "nothing to do".
  if (found.length === 0) ops.push(operation(inv, DISPATCH("shell.no-operation"), { target: "generic", service: name, verb: name }));
  ops.push(...found);
  return ops;
}

/** `--help` before any `--`: tools that parse their whole command line first then only print help. */
function asksForHelp(args: readonly { text: string; literal: boolean }[]): boolean {
  for (const a of args) {
    if (!a.literal) continue;
    if (a.text === "--") return false;
    if (a.text === "--help") return true;
  }
  return false;
}
