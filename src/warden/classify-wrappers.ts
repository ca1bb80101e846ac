import { entryOf, operation, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import { fileOperation } from "./classify-filesystem.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, scanArgs } from "./scan-args.js";
import { joinWords, literalWord, opaqueWord, type ShellWord } from "./shell-word.js";
import { resolveAgainst } from "./workspace-paths.js";

export const WRAPPERS_CATALOG: readonly CatalogEntry[] = [
  {
    id: "wrap.privilege",
    description: "runs the command as another user (root); judged as the command itself",
    effect: "destroy",
    delegates: true,
    examples: ["sudo rm -rf /var/lib/app", "doas rm -rf /srv/www", "sudo -u postgres dropdb orders", "su -c 'rm -rf /opt/app' root"],
  },
  {
    id: "wrap.process",
    description: "runs the command with a time limit, priority, buffering or in the background; judged as the command itself",
    effect: "read",
    delegates: true,
    examples: ["timeout 30 kubectl get pods", "nice -n 10 terraform plan", "nohup kubectl logs -f web", "stdbuf -oL kubectl logs -f web", "time terraform validate", "command ls", "exec kubectl version", "env AWS_PROFILE=prod aws s3 ls", "watch -n 5 kubectl get pods", "flock /tmp/lock terraform plan", "busybox ls"],
  },
  {
    id: "wrap.process-destroy",
    description: "the wrapped command destroys something",
    effect: "destroy",
    delegates: true,
    examples: ["timeout 60 aws ec2 terminate-instances --instance-ids i-0abc", "nohup kubectl delete ns prod", "env -i LANG=C rm -rf /", "xargs rm -rf", "echo /etc | xargs rm -rf", "find / -name '*.log' -exec rm {} \\;", "busybox rm -rf /opt"],
  },
  {
    id: "wrap.detach",
    description: "starts the command in a new session or as a daemon, detached from the line that runs it: it can outlive the time limit and whatever is meant to stop it",
    effect: "unknown",
    examples: ["setsid -f kubectl get pods", "setsid kubectl logs -f web", "setsid --fork sh -c 'sleep 1000'", "daemonize /usr/bin/kubectl get pods", "start-stop-daemon --start --exec /usr/bin/kubectl -- get pods", "kubectl logs -f web & disown"],
  },
  {
    id: "wrap.no-command",
    description: "a wrapper without a command only prints or changes the shell",
    effect: "read",
    examples: ["env", "sudo -l", "command -v terraform", "exec 3>&1"],
  },
  {
    id: "wrap.interactive",
    description: "opens an interactive shell as another user: what will be typed cannot be judged",
    effect: "unknown",
    examples: ["sudo -i", "sudo -s", "su -", "sudo su"],
  },
  {
    id: "wrap.edit",
    description: "edits a file as another user",
    effect: "write",
    examples: ["sudo -e /etc/hosts", "sudoedit /etc/hosts"],
  },
  {
    id: "wrap.find",
    description: "find with -delete removes what it finds",
    effect: "destroy",
    examples: ["find / -name '*.bak' -delete", "find ~ -type f -delete"],
  },
  {
    id: "wrap.find-local",
    description: "find with -delete inside the workspace or a temp dir (local work)",
    effect: "write",
    examples: ["find . -name '*.pyc' -delete", "find /tmp/build -type f -delete"],
  },
  {
    id: "wrap.find-read",
    description: "find without -exec or -delete only lists files",
    effect: "read",
    examples: ["find . -name '*.tf'", "find infra -name 'destroy*' -type f", "find / -name delete-me -print"],
  },
];

const W = (id: string) => entryOf(WRAPPERS_CATALOG, id);

/** A wrapper that takes its own options, then maybe some positionals, then the command. */
interface WrapperSpec {
  valued: readonly string[];
  /** Positionals the wrapper itself takes before the command (timeout's duration, flock's file). */
  leading?: number;
  /** With one of these the wrapper runs nothing (`sudo -l`, `command -v`). */
  noCommandWith?: readonly string[];
}

const SIMPLE_WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  sudo: { valued: ["-u", "--user", "-g", "--group", "-h", "--host", "-p", "--prompt", "-C", "--close-from", "-D", "--chdir", "-r", "--role", "-t", "--type", "-U", "--other-user", "-T", "--command-timeout"], noCommandWith: ["-l", "--list", "-v", "--validate", "-k", "-K", "--reset-timestamp", "--remove-timestamp", "-V", "--version"] },
  doas: { valued: ["-u", "-C"], noCommandWith: [] },
  nohup: { valued: [] },
  nice: { valued: ["-n", "--adjustment"] },
  timeout: { valued: ["-s", "--signal", "-k", "--kill-after"], leading: 1 },
  stdbuf: { valued: ["-i", "--input", "-o", "--output", "-e", "--error"] },
  ionice: { valued: ["-c", "--class", "-n", "--classdata", "-p", "--pid", "-P", "--pgid", "-u", "--uid"], noCommandWith: ["-p", "--pid", "-P", "--pgid", "-u", "--uid"] },
  time: { valued: ["-f", "--format", "-o", "--output"] },
  command: { valued: [], noCommandWith: ["-v", "-V"] },
  builtin: { valued: [] },
  exec: { valued: ["-a"] },
  chronic: { valued: [] },
  unbuffer: { valued: [] },
  flock: { valued: ["-w", "--timeout", "-E", "--conflict-exit-code"], leading: 1 },
  runuser: { valued: ["-u", "--user", "-g", "--group", "-G", "--supp-group", "-s", "--shell"] },
  strace: { valued: ["-o", "--output", "-e", "-s", "-p", "--attach", "-P", "-E", "-u", "-a", "-b", "-I", "-X"], noCommandWith: ["-p", "--attach"] },
  ltrace: { valued: ["-o", "--output", "-e", "-s", "-p", "-u", "-n", "-l"], noCommandWith: ["-p"] },
  busybox: { valued: [] },
  torsocks: { valued: ["-u", "-p", "-a", "-P"] },
  proxychains: { valued: ["-f"] },
  proxychains4: { valued: ["-f"] },
};

const PRIVILEGED = new Set(["sudo", "doas", "su", "runuser"]);

function simpleWrapper(inv: Invocation, ctx: ClassifyContext, spec: WrapperSpec): Operation[] {
  const a = scanArgs(inv.args, { valued: spec.valued, stopAtPositional: true });
  if (spec.noCommandWith && hasOption(a, ...spec.noCommandWith)) return [noCommand(inv)];
  if (inv.name === "sudo" && hasOption(a, "-e", "--edit")) return [editAsRoot(inv, ctx, a.rest)];
  const command = a.rest.slice(spec.leading ?? 0);
  if (command.length === 0) {
    if (inv.name === "sudo" && hasOption(a, "-s", "--shell", "-i", "--login")) return [operation(inv, W("wrap.interactive"), { target: "generic", service: "shell", verb: "sudo -i" })];
    return [noCommand(inv)];
  }
  const cwd = inv.name === "sudo" ? optionValue(a, "-D", "--chdir") : undefined;
  return ctx.inner(command, inv, { via: inv.name, ...(cwd ? { cwds: movedCwds(inv, cwd) } : {}) });
}

function noCommand(inv: Invocation): Operation {
  return operation(inv, W("wrap.no-command"), { target: "generic", service: "shell", verb: inv.name });
}

function editAsRoot(inv: Invocation, ctx: ClassifyContext, files: readonly ShellWord[]): Operation {
  const op = fileOperation(inv, ctx.workspace, files, "modify", "sudoedit");
  return op.local ? op : { ...op, effect: "write", catalog: "wrap.edit", why: W("wrap.edit").description };
}

function movedCwds(inv: Invocation, dir: ShellWord): readonly string[] | null {
  const cwds = inv.command.context.cwds;
  if (!dir.literal || cwds === null) return null;
  return cwds.map((c) => resolveAgainst(c, dir.text));
}

/** `env [-i] [-u NAME] [-C DIR] [-S STRING] [NAME=VALUE]... [COMMAND [ARG]...]` */
function env(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const args = inv.args;
  const assignments = new Map<string, ShellWord>();
  let cwd: ShellWord | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i] as ShellWord;
    if (!w.literal) break;
    if (w.text === "-u" || w.text === "--unset") i++;
    else if (w.text === "-C" || w.text === "--chdir") cwd = args[++i];
    else if (w.text.startsWith("--chdir=")) cwd = { ...w, text: w.text.slice(8) };
    else if (/^-C./.test(w.text)) cwd = { ...w, text: w.text.slice(2) };
    else if (/^-[a-zA-Z0-9]*S/.test(w.text) || w.text.startsWith("--split-string")) {
      // -S STRING, -SSTRING, -iS STRING, --split-string=STRING: the string is split into a command.
      const attached = w.text.startsWith("--") ? w.text.split("=").slice(1).join("=") : w.text.slice(w.text.indexOf("S") + 1);
      const rest = [...(attached ? [{ ...w, text: attached }] : []), ...args.slice(i + 1)];
      return ctx.shell(joinWords(rest.flatMap((x, j) => (j === 0 ? [x] : [literalWord(" "), x]))), inv, { via: "env -S", assignments });
    } else if (w.text.startsWith("-")) continue;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text)) {
      const eq = w.text.indexOf("=");
      assignments.set(w.text.slice(0, eq), { ...w, text: w.text.slice(eq + 1) });
    } else break;
  }
  const command = args.slice(i);
  if (command.length === 0) return [noCommand(inv)];
  return ctx.inner(command, inv, { via: "env", assignments, ...(cwd ? { cwds: movedCwds(inv, cwd) } : {}) });
}

/** `su [-] [-c CMD] [USER]`: without -c it is an interactive shell. */
function su(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-c", "--command", "-s", "--shell", "-g", "--group", "-G", "-w", "--whitelist-environment"] });
  const command = optionValue(a, "-c", "--command");
  if (!command) return [operation(inv, W("wrap.interactive"), { target: "generic", service: "shell", verb: "su" })];
  return ctx.shell(command, inv, { via: "su -c" });
}

/** `watch [-n N] CMD...` runs `sh -c "CMD..."` unless -x. */
function watch(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-n", "--interval", "-d", "--differences", "-q", "--equexit"], stopAtPositional: true });
  if (a.rest.length === 0) return [noCommand(inv)];
  if (hasOption(a, "-x", "--exec")) return ctx.inner(a.rest, inv, { via: "watch" });
  return ctx.shell(joinWords(a.rest.flatMap((x, j) => (j === 0 ? [x] : [literalWord(" "), x]))), inv, { via: "watch" });
}

/** `script -c CMD [file]`, `flock FILE -c CMD`. */
function commandOption(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-c", "--command", "-w", "--timeout", "-E", "-T", "-t", "--timing", "-I", "-O", "-B"], stopAtPositional: inv.name === "flock" });
  const command = optionValue(a, "-c", "--command");
  if (command) return ctx.shell(command, inv, { via: `${inv.name} -c` });
  if (inv.name === "flock") return simpleWrapper(inv, ctx, SIMPLE_WRAPPERS.flock as WrapperSpec);
  return [operation(inv, W("wrap.interactive"), { target: "generic", service: "shell", verb: inv.name })];
}

/** `chroot DIR CMD`: the command sees another root; paths are not the workspace's. */
function chroot(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: ["--userspec", "--groups"], stopAtPositional: true });
  const [dir, ...command] = a.rest;
  if (!dir) return [noCommand(inv)];
  if (command.length === 0) return [operation(inv, W("wrap.interactive"), { target: "generic", service: "shell", verb: "chroot" })];
  return ctx.inner(command, inv, { via: "chroot", location: { kind: "remote", via: "chroot", name: dir.text } });
}

const XARGS_VALUED = ["-I", "-L", "-n", "-P", "-s", "-d", "-E", "-e", "-a", "--max-args", "--max-procs", "--delimiter", "--arg-file", "--replace", "--max-lines", "--max-chars", "--eof", "--process-slot-var"];
const MAX_XARGS_ITEMS = 32;

/** `xargs CMD ARGS`: CMD runs with more arguments read from stdin (known when an echo feeds it). */
function xargs(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: XARGS_VALUED, stopAtPositional: true });
  const command = a.rest.length > 0 ? a.rest : [literalWord("echo")];
  const replaceFlag = [...a.options.keys()].find((k) => k.startsWith("-i"));
  const replace = optionValue(a, "-I", "--replace")?.text ?? (replaceFlag !== undefined ? replaceFlag.slice(2) || "{}" : undefined);
  const stdin = inv.command.stdin;
  const separated = hasOption(a, "-0", "--null", "-d", "--delimiter", "-a", "--arg-file");
  const text = stdin.kind === "pipe" ? stdin.text : stdin.kind === "heredoc" && stdin.literal ? stdin.text : null;
  const items = text !== null && !separated ? text.split(/\s+/).filter(Boolean) : null;
  const change = { via: "xargs" };
  if (items === null || items.length > MAX_XARGS_ITEMS) {
    const unknownItem = opaqueWord("<items read from stdin>");
    const argv = replace ? command.map((w) => (w.text.includes(replace) ? unknownItem : w)) : [...command, unknownItem];
    return ctx.inner(argv, inv, change);
  }
  if (!replace) return ctx.inner([...command, ...items.map(literalWord)], inv, change);
  return items.flatMap((item) =>
    ctx.inner(
      command.map((w) => (w.literal && w.text.includes(replace) ? literalWord(w.text.split(replace).join(item)) : w)),
      inv,
      change,
    ),
  );
}

/** `find PATH... EXPR`: `-delete` removes what it finds; `-exec CMD {} ;` runs CMD on each. */
function find(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const args = inv.args;
  let i = 0;
  // Options before the roots, and `--`, which GNU find also accepts there.
  while (i < args.length && args[i]?.literal && /^-[HLP]$|^-D$|^-O\d?$|^--$/.test(args[i]?.text ?? "")) i += args[i]?.text === "-D" ? 2 : 1;
  const roots: ShellWord[] = [];
  for (; i < args.length; i++) {
    const w = args[i] as ShellWord;
    if (w.literal && (w.text.startsWith("-") || w.text === "(" || w.text === "!" || w.text === ",")) break;
    roots.push(w);
  }
  if (roots.length === 0) roots.push(literalWord("."));
  const ops: Operation[] = [];
  let deletes = false;
  for (; i < args.length; i++) {
    const w = args[i] as ShellWord;
    if (!w.literal) continue;
    if (w.text === "-delete") deletes = true;
    else if (/^-(exec|execdir|ok|okdir)$/.test(w.text)) {
      const command: ShellWord[] = [];
      for (i++; i < args.length; i++) {
        const part = args[i] as ShellWord;
        if (part.literal && (part.text === ";" || part.text === "+")) break;
        command.push(part);
      }
      // `{}` is each file found: a path under the roots, judged like the roots.
      for (const root of roots) {
        const argv = command.map((p) => (p.literal && p.text.includes("{}") ? { ...root, text: p.text.split("{}").join(root.literal ? `${root.text}/{}` : root.text) } : p));
        ops.push(...ctx.inner(argv, inv, { via: `find ${w.text}` }));
      }
    } else if (/^-(fprint|fprint0|fprintf|fls)$/.test(w.text)) {
      const file = args[i + 1];
      if (file) ops.push(fileOperation(inv, ctx.workspace, [file], "overwrite", `find ${w.text}`));
    }
  }
  if (deletes) {
    // -delete removes what is found below each root (the files, not the root as such).
    const found = roots.map((r) => (r.literal ? { ...r, text: `${r.text.replace(/\/+$/, "")}/{}` } : r));
    const op = fileOperation(inv, ctx.workspace, found, "delete-tree", "find -delete");
    ops.push(op.local ? { ...op, catalog: "wrap.find-local", why: W("wrap.find-local").description } : { ...op, catalog: "wrap.find", why: W("wrap.find").description });
  }
  if (ops.length === 0) ops.push(operation(inv, W("wrap.find-read"), { target: "filesystem", service: "file", verb: "find", resources: roots.map((r) => r.text) }));
  return ops;
}

/**
 * Programs that detach what they run (a new session, a daemon, a job the shell forgets). `nohup`
 * and `&` are not among them: the child stays in the sandbox's process group and PID namespace,
 * which the time limit kills as a whole; setsid leaves the group, and a daemon the session.
 */
const DETACHERS: readonly string[] = ["setsid", "daemonize", "start-stop-daemon", "disown"];

export const wrappersClassifier: CommandClassifier = {
  commands: [...Object.keys(SIMPLE_WRAPPERS), ...DETACHERS, "env", "su", "watch", "script", "chroot", "xargs", "find", "sudoedit"],
  catalog: WRAPPERS_CATALOG,
  classify(inv, ctx) {
    const spec = SIMPLE_WRAPPERS[inv.name];
    let ops: Operation[];
    if (DETACHERS.includes(inv.name)) ops = [operation(inv, W("wrap.detach"), { target: "generic", service: "process", verb: inv.name, resources: inv.args.map((w) => w.text) })];
    else if (inv.name === "sudoedit") ops = [editAsRoot(inv, ctx, inv.args)];
    else if (inv.name === "env") ops = env(inv, ctx);
    else if (inv.name === "su") ops = su(inv, ctx);
    else if (inv.name === "watch") ops = watch(inv, ctx);
    else if (inv.name === "script") ops = commandOption(inv, ctx);
    else if (inv.name === "flock" && inv.args.some((w) => w.text === "-c" || w.text === "--command")) ops = commandOption(inv, ctx);
    else if (inv.name === "chroot") ops = chroot(inv, ctx);
    else if (inv.name === "xargs") ops = xargs(inv, ctx);
    else if (inv.name === "find") ops = find(inv, ctx);
    else if (spec) ops = simpleWrapper(inv, ctx, spec);
    else ops = [noCommand(inv)];
    // What runs as root can change what the workspace check assumed (owned files, /root): never local.
    return PRIVILEGED.has(inv.name) ? ops.map((op) => (op.local ? { ...op, local: false, effect: op.effect === "read" ? "read" : "write" } : op)) : ops;
  },
};
