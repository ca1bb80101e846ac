import { entryOf, operation, type CatalogEntry, type Invocation } from "./classifier.js";
import type { Operation } from "./operation.js";
import type { ScannedArgs } from "./scan-args.js";
import type { ShellContext } from "./shell-command.js";
import type { ShellWord } from "./shell-word.js";
import { reachesAgentFiles, type Workspace } from "./workspace-paths.js";

/**
 * Variables and options that point a tool at other code: a program to run, options for an
 * interpreter, or a file or directory of configuration that can name programs (git's
 * core.fsmonitor, a kubeconfig's exec plugin, an AWS credential_process). Behind one of them a
 * "read" runs whatever the agent wrote there, so the command is not the command it looks like.
 */
export type PointerValue =
  /** Whatever the value, it is code, a program, options, or it moves what the tool works on. */
  | "any"
  /**
   * A path (or a `:` list of paths) to configuration or code: only a place the agent can write
   * (the workspace, a temp dir, or a place not known statically) brings in the agent's code. A
   * path elsewhere (`HOME=/home/runner`, `--kubeconfig ~/.kube/prod`, `-F /dev/null`) is the
   * machine's own configuration, which the agent cannot change.
   */
  | "writable-path"
  /**
   * A program to run (a pager, an editor): nothing (`AWS_PAGER=`), `cat` or `true` only copy or
   * do nothing, any other value is a program Warden has not judged.
   */
  | "program";

/** Values of a "program" pointer that run nothing chosen by the agent. */
const HARMLESS_PROGRAMS: readonly string[] = ["", "cat", "true", "/bin/cat", "/usr/bin/cat", "/bin/true", "/usr/bin/true"];

export interface PointerExamples {
  /** Lines this entry makes unknown. */
  unknown: readonly string[];
  /** Look-alikes it must leave to the tool's own catalog (not unknown). */
  allowed: readonly string[];
}

export interface VariablePointer {
  id: string;
  /** Names; a trailing `*` matches a prefix, a leading `*` a suffix (`*PAGER`: GIT_PAGER, AWS_PAGER). */
  names: readonly string[];
  value: PointerValue;
  why: string;
  examples: PointerExamples;
}

/** The table, first match wins: the specific GIT_CONFIG_GLOBAL before the catch-all GIT_CONFIG_*. */
export const VARIABLE_POINTERS: readonly VariablePointer[] = [
  {
    id: "var.loader",
    names: ["LD_*", "DYLD_*", "GCONV_PATH"],
    value: "any",
    why: "makes the dynamic loader (or iconv) load other libraries into every program",
    examples: { unknown: ["LD_PRELOAD=/tmp/hook.so ls", "LD_LIBRARY_PATH=./lib git status", "DYLD_INSERT_LIBRARIES=x.dylib ls"], allowed: [] },
  },
  {
    id: "var.program-search",
    names: ["PATH"],
    value: "any",
    why: "changes which program a name runs",
    examples: { unknown: ["PATH=./bin:$PATH git status", "export PATH=/tmp/bin:$PATH"], allowed: [] },
  },
  {
    id: "var.shell-startup",
    names: ["BASH_ENV", "ENV", "PROMPT_COMMAND", "PS4", "SHELLOPTS", "BASHOPTS", "IFS", "SHELL"],
    value: "any",
    why: "makes a shell run a startup file or command, or split words differently",
    examples: { unknown: ["BASH_ENV=./x.sh bash -c 'ls'", "SHELLOPTS=xtrace bash -c ls", "ENV=./rc sh -c ls"], allowed: [] },
  },
  {
    id: "var.parsing",
    // With CDPATH set, `cd name` may land anywhere; POSIXLY_CORRECT makes a late --help a file name.
    names: ["CDPATH", "POSIXLY_CORRECT"],
    value: "any",
    why: "changes how later words of the line are read, so they would be misjudged",
    examples: { unknown: ["CDPATH=/etc cd ssh", "POSIXLY_CORRECT=1 rm x --help"], allowed: [] },
  },
  {
    id: "var.programs",
    names: ["GIT_SSH_COMMAND", "GIT_SSH", "GIT_EXTERNAL_DIFF", "GIT_EXEC_PATH", "GIT_ASKPASS", "GIT_PROXY_COMMAND", "SSH_ASKPASS", "MANOPT", "LESSOPEN", "LESSCLOSE", "*BROWSER", "KUBECTL_EXTERNAL_DIFF", "CLOUDSDK_PYTHON"],
    value: "any",
    why: "names a program the tool runs (an ssh command, a diff tool, an interpreter)",
    examples: { unknown: ["GIT_SSH_COMMAND='sh -c id' git fetch", "CLOUDSDK_PYTHON=./py gcloud config list", "BROWSER=./b gh repo view --web"], allowed: [] },
  },
  {
    id: "var.pagers-editors",
    names: ["*PAGER", "*EDITOR", "VISUAL"],
    value: "program",
    why: "names a pager or editor the tool runs on its output or a message",
    examples: { unknown: ["GIT_PAGER='sh -c id' git log", "AWS_PAGER='sh -c id' aws s3 ls", "EDITOR=./e git commit", "PAGER=$P git log"], allowed: ["AWS_PAGER= aws s3 ls", "GIT_PAGER=cat git log", "EDITOR=true git commit --amend"] },
  },
  {
    id: "var.git-repository",
    names: ["GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_TEMPLATE_DIR", "GIT_NAMESPACE"],
    value: "any",
    why: "moves git to another repository (with its own config and hooks) or work tree than the one judged",
    examples: { unknown: ["GIT_DIR=./other/.git git status", "GIT_WORK_TREE=/etc git checkout -f", "GIT_TEMPLATE_DIR=./t git init sub"], allowed: [] },
  },
  {
    id: "var.config-files",
    // Checked before GIT_CONFIG_*: these three name a file, the others carry config itself.
    names: ["GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "KUBECONFIG", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "DOCKER_CONFIG", "HELM_PLUGINS", "HELM_CONFIG_HOME", "HELM_DATA_HOME", "CLOUDSDK_CONFIG", "AZURE_CONFIG_DIR", "AZURE_EXTENSION_DIR", "GOOGLE_APPLICATION_CREDENTIALS", "TF_CLI_CONFIG_FILE", "TERRAFORM_CONFIG", "TF_PLUGIN_CACHE_DIR", "GH_CONFIG_DIR", "PSQLRC", "MYSQL_HOME", "CURL_HOME", "WGETRC", "GNUPGHOME", "OPENSSL_CONF", "OPENSSL_ENGINES", "OPENSSL_MODULES"],
    value: "writable-path",
    why: "points the tool at a configuration file or directory, which can name programs it runs (exec plugins, credential_process, core.fsmonitor, aliases, extensions)",
    examples: {
      unknown: ["KUBECONFIG=./kc kubectl get pods", "GIT_CONFIG_GLOBAL=./g git status", "AWS_CONFIG_FILE=/tmp/c aws s3 ls", "DOCKER_CONFIG=./d docker ps", "KUBECONFIG=$KC kubectl get pods", "KUBECONFIG=~/.kube/config:./kc kubectl get pods"],
      allowed: ["KUBECONFIG=~/.kube/prod kubectl get pods", "GIT_CONFIG_GLOBAL=/dev/null git status", "AWS_CONFIG_FILE=/etc/aws/config aws s3 ls", "KUBECONFIG=./kc kubectl config get-contexts"],
    },
  },
  {
    id: "var.git-config",
    names: ["GIT_CONFIG_*"],
    value: "any",
    why: "hands git configuration (GIT_CONFIG_COUNT/KEY_n/VALUE_n, GIT_CONFIG_PARAMETERS), which can name programs it runs",
    examples: { unknown: ["GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.fsmonitor GIT_CONFIG_VALUE_0=./x git status", "GIT_CONFIG_PARAMETERS=\"'core.pager=sh'\" git log"], allowed: [] },
  },
  {
    id: "var.home",
    // The XDG base directories (not XDG_SESSION_TYPE and the like, which name no place).
    names: ["HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "XDG_DATA_HOME", "XDG_DATA_DIRS", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "XDG_BIN_HOME", "ZDOTDIR"],
    value: "writable-path",
    why: "moves the home or XDG directories, where tools read their configuration (~/.gitconfig, ~/.kube/config, ~/.config/gh, ~/.aws)",
    examples: {
      unknown: ["HOME=./h git status", "XDG_CONFIG_HOME=./cfg git status", "HOME=/tmp/h kubectl get pods", "HOME=/tmp git log", "HOME=$PWD/h git status", "env HOME=./h git status", "export HOME=./h", "read -r HOME < h.txt; git status", "printf -v XDG_CONFIG_HOME %s ./c"],
      allowed: ["HOME=/home/runner git status", "XDG_CONFIG_HOME= git status", "XDG_SESSION_TYPE=x11 git status"],
    },
  },
  {
    id: "var.interpreter-options",
    names: ["NODE_OPTIONS", "NODE_PATH", "PYTHONSTARTUP", "PYTHONPATH", "PYTHONHOME", "PYTHONUSERBASE", "PYTHONWARNINGS", "PYTHONBREAKPOINT", "PYTHONPYCACHEPREFIX", "PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB", "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"],
    value: "any",
    why: "gives an interpreter options or module paths: it loads other code before the program's own",
    examples: { unknown: ["NODE_OPTIONS='--require ./x.js' node -e 1", "PYTHONPATH=. python3 -c 'import json'", "RUBYOPT=-r./x ruby -e 1"], allowed: [] },
  },
  {
    id: "var.tool-arguments",
    // Extra terraform arguments from the environment turn `apply` into `apply -destroy`.
    names: ["TF_CLI_ARGS*"],
    value: "any",
    why: "adds arguments to every terraform command, which the line does not show",
    examples: { unknown: ["TF_CLI_ARGS_apply=-destroy terraform apply"], allowed: [] },
  },
];

function nameMatches(pattern: string, name: string): boolean {
  if (pattern.endsWith("*")) return name.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith("*")) return name.endsWith(pattern.slice(1));
  return name === pattern;
}

export function variablePointer(name: string): VariablePointer | undefined {
  return VARIABLE_POINTERS.find((p) => p.names.some((n) => nameMatches(n, name)));
}

export interface FlagPointer {
  id: string;
  /** Programs whose classifiers read these options (they must be among the classifier's valued options). */
  tools: readonly string[];
  flags: readonly string[];
  value: PointerValue;
  why: string;
  examples: PointerExamples;
}

export const FLAG_POINTERS: readonly FlagPointer[] = [
  {
    id: "flag.kubeconfig",
    tools: ["kubectl", "oc", "microk8s.kubectl", "helm"],
    flags: ["--kubeconfig"],
    value: "writable-path",
    why: "uses a kubeconfig whose exec credential plugin runs as a program",
    examples: { unknown: ["kubectl --kubeconfig ./kc get pods", "kubectl get pods --kubeconfig=/tmp/kc", "helm --kubeconfig ./kc list", "oc --kubeconfig=$KC get pods"], allowed: ["kubectl --kubeconfig ~/.kube/prod get pods", "kubectl config get-clusters --kubeconfig clusters/staging.yaml"] },
  },
  {
    id: "flag.git-repository",
    tools: ["git"],
    flags: ["--git-dir", "--work-tree"],
    value: "any",
    why: "moves git to another repository (with its own config and hooks) or work tree than the one judged",
    examples: { unknown: ["git --git-dir=./x/.git status", "git --work-tree /etc checkout -f"], allowed: [] },
  },
  {
    id: "flag.ssh-config",
    tools: ["ssh", "scp"],
    flags: ["-F"],
    value: "writable-path",
    why: "uses an ssh config file, which can name a ProxyCommand or LocalCommand ssh runs here",
    examples: { unknown: ["ssh -F ./cfg bastion uptime", "scp -F /tmp/c f host:/tmp/"], allowed: ["ssh -F /dev/null bastion uptime", "ssh -F ~/.ssh/config.prod bastion uptime"] },
  },
  {
    id: "flag.docker-config",
    tools: ["docker"],
    flags: ["--config"],
    value: "writable-path",
    why: "uses a docker config directory, which can name credential helpers and CLI plugin directories",
    examples: { unknown: ["docker --config ./d ps"], allowed: ["docker --config ~/.docker ps"] },
  },
  {
    id: "flag.mysql-defaults",
    tools: ["mysql"],
    flags: ["--defaults-file", "--defaults-extra-file"],
    value: "writable-path",
    why: "reads an option file, which can set a pager or other programs the client runs",
    examples: { unknown: ["mysql --defaults-file=./my.cnf -e 'SELECT 1'"], allowed: ["mysql --defaults-file=/etc/mysql/ro.cnf -e 'SELECT 1'"] },
  },
];

/** Whether this value of a pointer can bring in the agent's code. */
export function pointerReachesCode(value: PointerValue, word: ShellWord, context: ShellContext, workspace: Workspace): boolean {
  if (value === "program") return !(word.literal && HARMLESS_PROGRAMS.includes(word.text.trim()));
  return value === "any" || reachesAgentFiles(context, word, workspace);
}

/**
 * Builtins that set a variable named by an argument (`read HOME`, `printf -v HOME`, `mapfile`):
 * the value comes from input, so a pointer set that way is never known.
 */
const VARIABLE_SETTERS: ReadonlySet<string> = new Set(["read", "mapfile", "readarray", "getopts", "printf"]);

/** The dispatcher's and the classifiers' entries for both tables; their examples are the tables' own. */
export const POINTER_CATALOG: readonly CatalogEntry[] = [
  {
    id: "shell.code-changing-variable",
    description: "sets a variable that changes which code runs (PATH, LD_PRELOAD, HOME, XDG_CONFIG_HOME, KUBECONFIG, GIT_DIR, ...)",
    effect: "unknown",
    examples: VARIABLE_POINTERS.flatMap((p) => p.examples.unknown),
  },
  {
    id: "shell.code-changing-option",
    description: "an option points the tool at configuration or code the agent can write (--kubeconfig, --git-dir, ssh -F)",
    effect: "unknown",
    examples: FLAG_POINTERS.flatMap((p) => p.examples.unknown),
  },
];

/**
 * Unknown operations for the pointer options of `inv` (as its classifier scanned them) that can
 * bring in the agent's code. `ignored` lists options this subcommand does not follow (`kubectl
 * config` only reads or edits the kubeconfig, it never runs its exec plugin).
 */
export function pointerFlagOperations(inv: Invocation, scanned: Pick<ScannedArgs, "options" | "opaqueOptions">, workspace: Workspace, ignored: readonly string[] = []): Operation[] {
  const entry = entryOf(POINTER_CATALOG, "shell.code-changing-option");
  const ops: Operation[] = [];
  const pointers = FLAG_POINTERS.filter((p) => p.tools.includes(inv.name));
  for (const pointer of pointers) {
    for (const flag of pointer.flags) {
      if (ignored.includes(flag)) continue;
      for (const value of scanned.options.get(flag) ?? []) {
        if (!pointerReachesCode(pointer.value, value, inv.command.context, workspace)) continue;
        ops.push(operation(inv, entry, { target: "generic", service: inv.name, verb: flag, resources: [value.text], why: `${flag} ${value.text}: ${pointer.why}` }));
      }
    }
  }
  // An option known only at run time (`--kubeconfig=$KC`, `--$FLAG`): its name decides, or it may be any.
  for (const word of scanned.opaqueOptions) {
    const name = word.text.startsWith("--") ? (word.text.split("=")[0] ?? word.text) : word.text.slice(0, 2);
    const pointer = /^-{1,2}[A-Za-z0-9][\w.-]*$/.test(name) ? pointers.find((p) => p.flags.includes(name) && !ignored.includes(name)) : pointers[0];
    if (pointer) ops.push(operation(inv, entry, { target: "generic", service: inv.name, verb: name, resources: [word.text], why: `${word.text}: ${pointer.why}` }));
  }
  return ops;
}

/** An unknown operation for each variable of the command that can bring in the agent's code. */
export function pointerVariableOperations(inv: Invocation, workspace: Workspace, ignored: readonly string[] = []): Operation[] {
  const entry = entryOf(POINTER_CATALOG, "shell.code-changing-variable");
  const ops: Operation[] = [];
  if (VARIABLE_SETTERS.has(inv.name)) {
    for (const arg of inv.args) {
      const pointer = arg.literal ? variablePointer(arg.text) : undefined;
      if (pointer) ops.push(operation(inv, entry, { target: "generic", service: "shell", verb: `${inv.name} ${arg.text}`, resources: [arg.text], why: `${arg.text}: ${pointer.why}` }));
    }
  }
  for (const [name, value] of inv.command.assignments) {
    const pointer = variablePointer(name);
    if (!pointer || ignored.includes(name) || !pointerReachesCode(pointer.value, value, inv.command.context, workspace)) continue;
    ops.push(operation(inv, entry, { target: "generic", service: "shell", verb: `${name}=`, resources: [name], why: `${name}: ${pointer.why}` }));
  }
  return ops;
}
