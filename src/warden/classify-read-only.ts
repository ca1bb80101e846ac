import { entryOf, operation, type CatalogEntry, type CommandClassifier, type Invocation } from "./classifier.js";
import { fileOperation, outputFileOperations } from "./classify-filesystem.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs } from "./scan-args.js";
import type { ShellWord } from "./shell-word.js";
import type { Workspace } from "./workspace-paths.js";

export const READ_ONLY_CATALOG: readonly CatalogEntry[] = [
  {
    id: "read.tools",
    description: "reads files or system state and prints it; changes nothing",
    effect: "read",
    examples: ["ls -la", "cat README.md", "grep -r destroy .", "jq '.resource_changes[]' plan.json", "wc -l main.tf", "echo delete everything", "ps aux", "head -n 5 terraform.tfstate", "sort -u names.txt", "diff a.tf b.tf", "sed -n '1,20p' main.tf", "awk '{print $1}' hosts.txt"],
  },
  {
    id: "read.shell-state",
    description: "changes only the shell's own state (directory, variables, options)",
    effect: "read",
    examples: ["cd infra", "export TF_IN_AUTOMATION=1", "set -euo pipefail", "true", "exit 0", "sleep 1", "unalias ll"],
  },
  {
    id: "read.sets-system-state",
    description: "a reader given a value sets system state (the clock, the host name)",
    effect: "write",
    examples: ["date -s '2030-01-01 00:00'", "hostname prod-db-1"],
  },
  {
    id: "read.code-in-text",
    description: "a text tool asked to run commands (sed's `e`, awk's system() or pipes)",
    effect: "unknown",
    examples: ["sed 's/.*/id/e' list.txt", "awk 'BEGIN { system(\"id\") }'", "awk '{ print | \"sh\" }' cmds.txt", "sed '1e id' notes.txt"],
  },
];

const READ = (id: string) => entryOf(READ_ONLY_CATALOG, id);

/** Programs that only read and print (their output-file options are handled below). */
const READERS: readonly string[] = [
  "ls", "ll", "dir", "cat", "tac", "nl", "head", "tail", "less", "more", "grep", "egrep", "fgrep", "rg", "ag", "ack",
  "wc", "sort", "uniq", "cut", "tr", "jq", "yq", "gojq", "column", "diff", "cmp", "comm", "fold", "fmt", "paste", "join",
  "rev", "od", "xxd", "hexdump", "strings", "file", "stat", "du", "df", "free", "uptime", "ps", "pgrep", "pstree", "id",
  "whoami", "groups", "hostname", "uname", "date", "cal", "pwd", "echo", "printf", "test", "[", "basename", "dirname",
  "realpath", "readlink", "which", "whereis", "type", "printenv", "locale", "tree", "md5sum", "sha1sum", "sha256sum",
  "sha512sum", "shasum", "cksum", "b2sum", "base64", "base32", "seq", "yes", "nproc", "lscpu", "lsblk", "lsof", "netstat",
  "ss", "dig", "nslookup", "host", "ping", "traceroute", "whois", "tput", "man", "info", "zcat", "bzcat", "xzcat", "zgrep",
  "envsubst", "expr", "bc", "numfmt", "getent", "nm", "objdump", "sed", "awk", "gawk", "mawk", "nawk", "vmstat",
  "iostat", "top", "htop", "shellcheck", "tflint", "hadolint", "yamllint", "kubeval", "kubeconform",
  "conftest", "checkov", "tfsec", "trivy", "infracost", "terraform-docs", "kube-score", "pluto", "sha224sum", "sha384sum",
  "mktemp", "tty", "stty", "clear", "reset", "last", "w", "who", "users", "arch", "lsb_release", "sw_vers",
];

/** Builtins and commands that change only the shell itself. */
const SHELL_STATE: readonly string[] = [
  "cd", "pushd", "popd", "dirs", "export", "declare", "typeset", "local", "readonly", "unset", "set", "shopt", "true",
  "false", ":", "exit", "return", "break", "continue", "shift", "read", "wait", "sleep", "umask", "ulimit", "hash",
  "jobs", "fg", "bg", "getopts", "let", "times", "caller", "compgen", "complete", "history", "help", "logout",
  "unalias", "printf", "echo", "type", "enable",
];

/** Options that make a reader write a file (the value is the file). */
const OUTPUT_OPTIONS: Readonly<Record<string, { valued: string[]; output: string[] }>> = {
  sort: { valued: ["-o", "--output", "-k", "--key", "-t", "--field-separator", "-S", "--buffer-size", "-T", "--temporary-directory"], output: ["-o", "--output"] },
  tree: { valued: ["-o", "-L", "-P", "-I"], output: ["-o"] },
  xxd: { valued: ["-c", "-g", "-l", "-s", "-o"], output: [] },
};

/** sed commands and flags that run programs or write files: `e`, `s///e`, `w file`. */
const SED_RUNS = /(^|[;\n{}]|\d|\$|\/)\s*e(\s|$|;)|\/[gpIiMm0-9]*e[gpIiMm0-9]*(\s|$|;|})/;
const SED_WRITES = /(^|[;\n{}]|\/)\s*[wW]\s+\S|\/[gpIiMm0-9]*w\s+\S/;
/** awk can run programs: system(), `| "cmd"`, `"cmd" | getline`. */
const AWK_RUNS = /@load\b|\bsystem\s*\(|\|\s*&?\s*"|"\s*\|\s*getline|\|&|\bprint[f]?\b[^;]*>/;

function sed(inv: Invocation, ws: Workspace): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-e", "--expression", "-f", "--file", "-l", "--line-length"] });
  const scripts = optionValues(a, "-e", "--expression");
  const positionals = [...a.positionals, ...a.rest];
  if (scripts.length === 0 && positionals[0]) scripts.push(positionals.shift() as ShellWord);
  if (hasOption(a, "-f", "--file") || scripts.some((s) => !s.literal || SED_RUNS.test(s.text) || SED_WRITES.test(s.text))) {
    return [operation(inv, READ("read.code-in-text"), { target: "generic", service: "sed", verb: "sed" })];
  }
  const inPlace = [...a.options.keys()].some((k) => k === "-i" || k.startsWith("--in-place") || /^-[a-zA-Z]*i/.test(k));
  if (inPlace && positionals.length > 0) return [fileOperation(inv, ws, positionals, "modify", "sed -i")];
  return [operation(inv, READ("read.tools"), { target: "generic", service: "sed", verb: "sed" })];
}

function awk(inv: Invocation, ws: Workspace): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-F", "-v", "-f", "--file", "-i", "--include", "-E", "--exec"] });
  const program = [...a.positionals, ...a.rest][0];
  if (hasOption(a, "-f", "--file", "-E", "--exec") || !program || !program.literal || AWK_RUNS.test(program.text)) {
    return [operation(inv, READ("read.code-in-text"), { target: "generic", service: "awk", verb: inv.name })];
  }
  const include = optionValue(a, "-i", "--include");
  if (include?.text === "inplace") return [fileOperation(inv, ws, [...a.positionals, ...a.rest].slice(1), "modify", "awk -i inplace")];
  return [operation(inv, READ("read.tools"), { target: "generic", service: "awk", verb: inv.name })];
}

function yq(inv: Invocation, ws: Workspace): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-o", "--output-format", "-p", "--input-format", "--front-matter", "-I", "--indent"] });
  if (hasOption(a, "-i", "--inplace")) return [fileOperation(inv, ws, [...a.positionals, ...a.rest].slice(1), "modify", "yq -i")];
  return [operation(inv, READ("read.tools"), { target: "generic", service: "yq", verb: "yq" })];
}

/** `date -s`, `hostname NAME`: readers that also set system state when given a value. */
function setsSystemState(inv: Invocation): boolean {
  if (inv.name === "date") return inv.args.some((w) => w.text === "-s" || w.text.startsWith("--set"));
  if (inv.name === "hostname") return inv.args.some((w) => !w.text.startsWith("-"));
  return false;
}

export const readOnlyClassifier: CommandClassifier = {
  commands: [...new Set([...READERS, ...SHELL_STATE])],
  catalog: READ_ONLY_CATALOG,
  classify(inv, ctx) {
    if (inv.name === "sed") return sed(inv, ctx.workspace);
    if (inv.name === "awk" || inv.name === "gawk" || inv.name === "mawk" || inv.name === "nawk") return awk(inv, ctx.workspace);
    if (inv.name === "yq") return yq(inv, ctx.workspace);
    // man -P/--pager and -H/--html name a program to run; sort --compress-program too.
    if ((inv.name === "man" && inv.args.some((w) => /^(-P|--pager|-H|--html)/.test(w.text))) || (inv.name === "sort" && inv.args.some((w) => w.text.startsWith("--compress-program")))) {
      return [operation(inv, READ("read.code-in-text"), { target: "generic", service: inv.name, verb: inv.name, why: "an option names a program to run" })];
    }
    // xxd [-r] IN OUT writes OUT.
    if (inv.name === "xxd") {
      const out = scanArgs(inv.args, { valued: ["-c", "-g", "-l", "-s", "-o", "-n"] }).positionals[1];
      if (out) return outputFileOperations(inv, ctx.workspace, [out]);
    }
    if (SHELL_STATE.includes(inv.name) && !READERS.includes(inv.name)) {
      return [operation(inv, READ("read.shell-state"), { target: "generic", service: "shell", verb: inv.name })];
    }
    if (setsSystemState(inv)) {
      return [operation(inv, READ("read.sets-system-state"), { target: "generic", service: "system", verb: inv.name })];
    }
    const output = OUTPUT_OPTIONS[inv.name];
    if (output) {
      const a = scanArgs(inv.args, { valued: output.valued });
      const files = optionValues(a, ...output.output);
      if (files.length > 0) return outputFileOperations(inv, ctx.workspace, files);
    }
    if (inv.name === "uniq") {
      const a = scanArgs(inv.args, { valued: ["-f", "-s", "-w"] });
      const out = [...a.positionals, ...a.rest][1];
      if (out) return outputFileOperations(inv, ctx.workspace, [out]);
    }
    return [operation(inv, READ("read.tools"), { target: "generic", service: inv.name, verb: inv.name })];
  },
};
