import { posix } from "node:path";
import { entryOf, operation, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import { fileOperation, landingPaths } from "./classify-filesystem.js";
import { judgeStdinProgram } from "./classify-shells.js";
import { pointerFlagOperations } from "./config-pointers.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValues, scanArgs } from "./scan-args.js";
import { joinWords, literalWord, type ShellWord } from "./shell-word.js";

export const REMOTE_CATALOG: readonly CatalogEntry[] = [
  {
    id: "remote.ssh-command",
    description: "runs a command on another host; the command is judged as if run there",
    effect: "destroy",
    delegates: true,
    examples: ["ssh prod-db 'sudo rm -rf /var/lib/postgresql'", "ssh -i key.pem ec2-user@10.0.0.5 rm -rf /opt/app"],
  },
  {
    id: "remote.ssh-read",
    description: "runs a read-only command on another host",
    effect: "read",
    delegates: true,
    examples: ["ssh bastion uptime", "ssh -p 2222 web-1 'df -h && free -m'"],
  },
  {
    id: "remote.tunnel",
    description: "opens a tunnel or a connection check without running a command",
    effect: "read",
    examples: ["ssh -N -L 5432:db:5432 bastion", "ssh -O check bastion", "ssh deploy@web-01 -L 9999:example.org:80 -N -T"],
  },
  {
    id: "remote.interactive",
    description: "opens an interactive session on another host: what will be typed cannot be judged",
    effect: "unknown",
    examples: ["ssh prod-db", "sftp deploy@web-1", "ssh deploy@web-01 -i ~/.ssh/key -p 2222", "ssh web-01 -D 1080"],
  },
  {
    id: "remote.runs-program",
    description: "an option makes ssh, scp or rsync run a program chosen on the command line (ProxyCommand, -e, -S)",
    effect: "unknown",
    examples: ["ssh -o ProxyCommand='sh -c id' bastion uptime", "rsync -e 'sh -c id' dist/ web-1:/srv/www/", "rsync -e \"ssh -o ProxyCommand='nc %h %p'\" dist/ web-1:/srv/", "rsync --rsync-path='sudo rsync' dist/ web-1:/srv/", "scp -S ./fake-ssh file web-1:/tmp/"],
  },
  {
    id: "remote.copy",
    description: "copies files to another host",
    effect: "write",
    examples: ["scp build.tgz deploy@web-1:/srv/releases/", "rsync -av dist/ web-1:/srv/www/", "rsync -e 'ssh -p 2222' dist/ web-1:/srv/www/"],
  },
  {
    id: "remote.copy-here",
    description: "copies files from another host into a local path (judged by where they land)",
    effect: "write",
    examples: ["scp deploy@web-1:/var/log/app.log logs/", "rsync -e 'ssh -p 2222' -av web-1:/srv/www/ site/", "rsync -e ssh --delete web-1:/srv/static/ static/"],
  },
  {
    id: "remote.copy-delete",
    description: "copies with --delete: files the source lacks are removed at the destination",
    effect: "destroy",
    examples: ["rsync -av --delete dist/ web-1:/srv/www/", "rsync -a --delete-after ./ backup:/data/"],
  },
];

const RM = (id: string) => entryOf(REMOTE_CATALOG, id);

const SSH_VALUED = ["-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o", "-p", "-Q", "-R", "-S", "-W", "-w", "-B", "-P"];

/** ssh options that run a local program, or set the remote command out of sight. */
const SSH_RUNS = /^\s*(ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand|PermitLocalCommand)\b/i;

/** `-o ProxyCommand=...` (for ssh, scp, sftp): ssh would run that program here. */
export function sshRunsProgram(options: readonly ShellWord[]): boolean {
  return options.some((o) => !o.literal || SSH_RUNS.test(o.text));
}

function ssh(inv: Invocation, ctx: ClassifyContext): Operation[] {
  // OpenSSH reads options again after the host (`ssh host -p 22 -t cmd`); the command starts after that.
  const a = scanArgs(inv.args, { valued: SSH_VALUED, stopAtPositional: true, ownPositionals: 1 });
  const [host, command] = a.positionals.length > 0 ? [a.positionals[0], a.rest] : [a.rest[0], a.rest.slice(1)];
  const name = host?.text ?? "";
  const fields = { target: "generic" as const, service: "ssh", verb: "ssh", markers: [name], resources: [name] };
  if (sshRunsProgram(optionValues(a, "-o"))) return [operation(inv, RM("remote.runs-program"), { ...fields, verb: "ssh -o" })];
  const pointers = pointerFlagOperations(inv, a, ctx.workspace);
  if (pointers.length > 0) return pointers;
  const change = { via: "ssh", location: { kind: "remote" as const, via: "ssh", name }, markers: [name] };
  if (command.length > 0) {
    // ssh joins its arguments with spaces and the remote shell parses the result.
    return ctx.shell(joinWords(command.flatMap((w, i) => (i === 0 ? [w] : [literalWord(" "), w]))), inv, change);
  }
  if (hasOption(a, "-N", "-O", "-V", "-G", "-Q")) return [operation(inv, RM("remote.tunnel"), fields)];
  const stdin = inv.command.stdin;
  if (stdin.kind === "inherit") return [operation(inv, RM("remote.interactive"), fields)];
  return judgeStdinProgram(inv, ctx, "ssh", (text) => ctx.shell(literalWord(text), inv, { ...change, stdin: { kind: "inherit" } }));
}

/**
 * A copy from somewhere else (another host, a bucket, a pod) into `destination`: inside the
 * workspace it is local work, under `entry`; anywhere else the file rules decide (overwriting a
 * file outside the workspace is a destroy). A directory destination (`.`, `dir/`) receives each
 * source under its own name, overwriting what is there, as `cp` into a directory does; a name not
 * known (no source given, or one known only at run time) is some file in that directory.
 * `replaces` (rsync --delete) removes what the source lacks.
 */
export function downloadTo(inv: Invocation, ctx: ClassifyContext, destination: ShellWord, entry: CatalogEntry, via: string, replaces = false, sources: readonly ShellWord[] = []): Operation {
  const intoDirectory = destination.literal && /^\.{1,2}$|\/$/.test(destination.text);
  const named = sources.filter((s) => s.literal);
  const someFile = { ...destination, text: `${destination.text.replace(/\/+$/, "")}/{}` };
  const landing = !intoDirectory || replaces ? [destination] : [...(named.length > 0 ? landingPaths(destination, named, true) : []), ...(named.length < sources.length || named.length === 0 ? [someFile] : [])];
  const op = fileOperation(inv, ctx.workspace, landing, replaces ? "delete-tree" : "overwrite", via);
  return op.local ? { ...op, catalog: entry.id, why: entry.description } : op;
}

/** ssh options that could make ssh run another program whatever their value (a config file, a control socket's master). */
const SSH_PROGRAM_OPTIONS = new Set(["-F", "-S", "-E"]);

/**
 * `rsync -e 'ssh -p 2222'` only picks the transport: plain ssh with options that connect, and
 * nothing that runs a program (ProxyCommand, a config file, shell syntax).
 */
function plainSshTransport(value: ShellWord): boolean {
  if (!value.literal || /['"`$;|&<>()\\*?{}\n]/.test(value.text)) return false;
  const [program, ...words] = value.text.trim().split(/\s+/);
  if (program !== "ssh" && program !== "/usr/bin/ssh") return false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (!/^-[a-zA-Z]/.test(word) || SSH_PROGRAM_OPTIONS.has(word.slice(0, 2))) return false;
    // `-p 2222`, `-i key`, `-o Name=value`: the value is the next word unless attached.
    if (word.length === 2 && SSH_VALUED.includes(word)) {
      const optionValue = words[++i];
      if (optionValue === undefined || (word === "-o" && SSH_RUNS.test(optionValue))) return false;
    } else if (word.startsWith("-o") && SSH_RUNS.test(word.slice(2))) return false;
  }
  return true;
}

/** The path part of `host:path` (what a download is named after); a local word as it is. */
function remoteName(w: ShellWord): ShellWord {
  if (!isRemotePath(w)) return w;
  const path = w.text.replace(/^(?:rsync|scp|sftp):\/\/[^/]*/, "").replace(/^[^/]*:/, "");
  return { ...w, text: path === "" ? "." : path };
}

/** `host:path` or `rsync://host/path`, as scp and rsync read a destination. */
function isRemotePath(w: ShellWord): boolean {
  return (/^[^/]*:/.test(w.text) && !/^[a-z]+:\/\//i.test(w.text)) || /^(rsync|scp|sftp):\/\//.test(w.text);
}

function copy(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: inv.name === "scp" ? ["-c", "-F", "-i", "-J", "-l", "-o", "-P", "-S", "-D", "-X"] : ["-e", "--rsh", "--exclude", "--include", "--filter", "-f", "--rsync-path", "--chmod", "--chown", "--log-file", "--files-from", "--exclude-from", "--include-from", "--password-file", "-B", "--block-size", "--timeout", "--port", "--bwlimit", "-T", "--temp-dir", "--backup-dir", "--suffix", "--compare-dest", "--link-dest", "--copy-dest"] });
  const words = [...a.positionals, ...a.rest];
  const destination = words[words.length - 1];
  if (!destination) return [];
  const deletes = [...a.options.keys()].some((k) => k.startsWith("--delete") || k === "--remove-source-files");
  const transports = optionValues(a, "-e", "--rsh");
  const pointers = pointerFlagOperations(inv, a, ctx.workspace);
  if (pointers.length > 0) return pointers;
  if ((inv.name === "rsync" && (hasOption(a, "--rsync-path") || !transports.every(plainSshTransport))) || (inv.name === "scp" && (sshRunsProgram(optionValues(a, "-o")) || hasOption(a, "-S")))) {
    return [operation(inv, RM("remote.runs-program"), { target: "generic", service: inv.name, verb: "-e", resources: [destination.text] })];
  }
  if (isRemotePath(destination) || !destination.literal) {
    const host = destination.text.split(":")[0] ?? "";
    return [operation(inv, RM(deletes ? "remote.copy-delete" : "remote.copy"), { target: "generic", service: inv.name, verb: inv.name, markers: [host], resources: [destination.text] })];
  }
  // `--link-dest=DIR` hard-links unchanged files from DIR (relative to the destination): later writes change DIR's files.
  const linked = optionValues(a, "--link-dest").map((d) => (d.literal && !d.text.startsWith("/") && !d.text.startsWith("~") ? { ...d, text: posix.join(destination.text, d.text) } : d));
  const linkOp = linked.length > 0 ? fileOperation(inv, ctx.workspace, linked, "modify", "rsync --link-dest") : null;
  if (linkOp && !linkOp.local) return [{ ...linkOp, why: "hard-links files from a directory outside the workspace: later writes to them change that directory's files" }];
  if (words.slice(0, -1).some(isRemotePath)) return [downloadTo(inv, ctx, destination, RM("remote.copy-here"), inv.name, deletes, words.slice(0, -1).map(remoteName))];
  return [fileOperation(inv, ctx.workspace, [destination], deletes ? "delete-tree" : "overwrite", inv.name)];
}

export const remoteClassifier: CommandClassifier = {
  commands: ["ssh", "scp", "rsync", "sftp", "mosh"],
  catalog: REMOTE_CATALOG,
  classify(inv, ctx) {
    if (inv.name === "ssh") return ssh(inv, ctx);
    if (inv.name === "sftp" || inv.name === "mosh") {
      const host = inv.args.find((w) => !w.text.startsWith("-"))?.text ?? "";
      return [operation(inv, RM("remote.interactive"), { target: "generic", service: inv.name, verb: inv.name, markers: [host], resources: [host] })];
    }
    return copy(inv, ctx);
  },
};
