import { entryOf, operation, type CatalogEntry, type CommandClassifier, type Invocation } from "./classifier.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, scanArgs } from "./scan-args.js";
import { posix } from "node:path";
import { literalWord, type ShellWord } from "./shell-word.js";
import { possiblePaths, wordScopes, type Workspace } from "./workspace-paths.js";

export const FILESYSTEM_CATALOG: readonly CatalogEntry[] = [
  {
    id: "fs.change-local",
    description: "changes files inside the workspace or a temp dir (local work)",
    effect: "write",
    examples: ["rm -rf build/", "rm -f /tmp/plan.out", "cp a.txt b.txt", "cp /etc/hosts .", "cp -r ../shared/modules ./", "mv notes.txt docs/", "mkdir -p dist", "mv old.tf new.tf", "touch .keep", "chmod +x run.sh", "tee out.txt", "truncate -s 0 logs/app.log", "dd if=/dev/zero of=./disk.img bs=1M count=4"],
  },
  {
    id: "fs.change-outside",
    description: "creates files or changes permissions outside the workspace",
    effect: "write",
    examples: ["mkdir -p ~/.config/tool", "touch /var/tmp/marker", "chmod 600 ~/.ssh/id_ed25519", "chmod -x /usr/local/bin/tool", "chattr -i /etc/resolv.conf", "setfacl -m u:deploy:rwx /srv/app", "rmdir /srv/empty", "tee -a ~/.bashrc"],
  },
  {
    id: "fs.destroy-outside",
    description: "deletes or overwrites files outside the workspace, the workspace itself or its .git, or where the path is only known at run time",
    effect: "destroy",
    examples: ["rm -rf /", "rm -rf ~/.aws", "chmod --reference=F -R /etc", "chown -R --reference /srv/a /etc", "chmod -R -w /etc", "rm -rf ../", "rm -r \"$DIR\"", "rm /etc/hosts", "cp x.conf /etc/nginx/nginx.conf", "mv /etc/hosts /tmp/h", "truncate -s 0 /var/log/syslog", "tee /etc/resolv.conf", "chmod -R 000 /etc", "rm -rf .git", "rm -rf .*"],
  },
  {
    id: "fs.git-dir",
    description: "changes files inside .git: hooks and config there are code git runs later",
    effect: "write",
    examples: ["rm -f .git/index.lock", "cp hook.sh .git/hooks/pre-commit", "chmod +x .git/hooks/post-checkout"],
  },
  {
    id: "fs.disk",
    description: "wipes or reformats disks, or shreds files beyond recovery",
    effect: "destroy",
    examples: ["dd if=/dev/zero of=/dev/sda", "mkfs.ext4 /dev/sdb1", "shred -u secrets.txt", "wipefs -a /dev/sda", "fdisk /dev/sda"],
  },
  {
    id: "fs.read",
    description: "copies data to standard output or /dev/null only",
    effect: "read",
    examples: ["dd if=disk.img bs=512 count=1", "rm", "tee", "kubectl get pods | tee"],
  },
];

const FS = (id: string) => entryOf(FILESYSTEM_CATALOG, id);


export type FileChange = "create" | "modify" | "delete" | "delete-tree" | "overwrite";

/**
 * One file operation judged by where it lands: inside the workspace or a temp dir it is local
 * work; elsewhere creating is a write and deleting or overwriting is a destroy. The workspace root
 * and its .git are only local for changes that do not remove them.
 */
export function fileOperation(inv: Invocation, workspace: Workspace, paths: readonly ShellWord[], change: FileChange, verb: string): Operation {
  const scopes = paths.flatMap((p) => wordScopes(inv.command.context, p, workspace));
  const resources = paths.flatMap((p) => possiblePaths(inv.command.context, p) ?? [p.text]);
  const fields = { target: "filesystem" as const, service: "file", verb, resources };
  const destructive = change === "delete" || change === "delete-tree" || change === "overwrite";
  if (scopes.includes("unknown") || scopes.includes("device") || (destructive && scopes.includes("outside"))) return operation(inv, FS("fs.destroy-outside"), fields);
  // Removing the workspace itself, or .git as a whole, loses the work and its history.
  if (change === "delete-tree" && (scopes.includes("workspace-root") || scopes.includes("git-dir"))) return operation(inv, FS("fs.destroy-outside"), fields);
  if (change === "overwrite" && scopes.includes("workspace-root")) return operation(inv, FS("fs.destroy-outside"), fields);
  if (scopes.includes("outside")) return operation(inv, FS("fs.change-outside"), fields);
  if (scopes.includes("git-dir")) return operation(inv, FS("fs.git-dir"), fields);
  return operation(inv, FS("fs.change-local"), { ...fields, local: true });
}

function rm(inv: Invocation, ws: Workspace): Operation[] {
  const a = scanArgs(inv.args);
  const targets = [...a.positionals, ...a.rest];
  if (targets.length === 0 && a.opaqueOptions.length === 0) return [operation(inv, FS("fs.read"), { target: "filesystem", service: "file", verb: "rm" })];
  const recursive = hasOption(a, "-r", "-R", "--recursive");
  return [fileOperation(inv, ws, [...targets, ...a.opaqueOptions], recursive ? "delete-tree" : "delete", recursive ? "rm -r" : "rm")];
}

/**
 * Where copies land. A destination written as a directory (`.`, `dir/`, `-t dir`) receives each
 * source under its own name, so `cp /etc/hosts .` writes `./hosts`, not over the workspace root.
 * A source whose name is only known at run time leaves the directory itself as the destination.
 */
export function landingPaths(destination: ShellWord, sources: readonly ShellWord[], isDirectory: boolean): ShellWord[] {
  const directory = isDirectory || (destination.literal && (destination.text === "." || destination.text.endsWith("/")));
  if (!directory || sources.length === 0) return [destination];
  return sources.map((source) => {
    const name = source.literal ? source.text.replace(/\/+$/, "").split("/").pop() ?? "" : "";
    // A glob name that starts with a dot may match `..` (`.*`); any other lands inside the directory.
    if (!source.literal || name === "" || (name.startsWith(".") && (source.glob || name === "." || name === ".."))) return destination;
    return { ...destination, text: `${destination.text.replace(/\/+$/, "")}/${name}` };
  });
}

function copyOrMove(inv: Invocation, ws: Workspace): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group"] });
  const words = [...a.positionals, ...a.rest, ...a.opaqueOptions];
  const targetDir = optionValue(a, "-t", "--target-directory");
  const destination = targetDir ?? words[words.length - 1];
  const sources = targetDir ? words : words.slice(0, -1);
  if (!destination) return [];
  const landing = landingPaths(destination, sources, targetDir !== undefined);
  const ops = [fileOperation(inv, ws, landing, "overwrite", inv.name)];
  if (inv.name === "mv" && sources.length > 0) ops.push(fileOperation(inv, ws, sources, "delete", "mv"));
  // `cp -l` makes hard links and `cp -s` symbolic ones instead of copies: judged like `ln`.
  const linking = inv.name === "cp" && hasOption(a, "-l", "--link", "-s", "--symbolic-link");
  if (linking) {
    const symbolic = hasOption(a, "-s", "--symbolic-link");
    const elsewhere = linkedElsewhere(inv, ws, sources, landing, false, symbolic ? "ln -s" : "ln");
    if (elsewhere && ops[0]?.local) return [elsewhere];
  }
  return ops;
}

/** How a permission tool reads its command line: the word(s) before the files, and its valued options. */
interface PermissionSpec {
  valued: readonly string[];
  /** Positionals before the files (the mode or owner), unless `--reference` names a file to copy from. */
  leading: number;
  /** A mode written like an option (`chmod -w`, `chattr -i`): it is the mode, not a flag. */
  dashMode?: RegExp;
}

const PERMISSION_SPECS: Readonly<Record<string, PermissionSpec>> = {
  chmod: { valued: ["--reference"], leading: 1, dashMode: /^-[rwxXstugoa,+=0-7-]*[rwxXst]$|^-[0-7]+$/ },
  chown: { valued: ["--reference", "--from"], leading: 1 },
  chgrp: { valued: ["--reference"], leading: 1 },
  chattr: { valued: ["-v", "-p"], leading: 1, dashMode: /^-[aAcCdDeFijmPsStTux]+$/ },
  setfacl: { valued: ["-m", "--modify", "-x", "--remove", "-M", "--modify-file", "-X", "--remove-file", "--set", "--set-file"], leading: 0 },
};

function permissions(inv: Invocation, ws: Workspace): Operation[] {
  const spec = PERMISSION_SPECS[inv.name] ?? { valued: [], leading: 1 };
  const end = inv.args.findIndex((w) => w.literal && w.text === "--");
  const before = end === -1 ? inv.args : inv.args.slice(0, end);
  const modeAt = spec.dashMode ? before.findIndex((w) => w.literal && (spec.dashMode as RegExp).test(w.text)) : -1;
  const a = scanArgs(modeAt === -1 ? inv.args : inv.args.filter((_, i) => i !== modeAt), { valued: spec.valued });
  const leading = modeAt !== -1 || hasOption(a, "--reference") ? 0 : spec.leading;
  const files = [...a.positionals, ...a.rest, ...a.opaqueOptions].slice(leading);
  const recursive = hasOption(a, "-R", "--recursive");
  return files.length > 0 ? [fileOperation(inv, ws, files, recursive ? "overwrite" : "modify", inv.name)] : [];
}

function createOnly(inv: Invocation, ws: Workspace): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-m", "--mode", "-d", "--date", "-r", "--reference", "-t", "-Z", "--context"] });
  const files = [...a.positionals, ...a.rest];
  const change: FileChange = inv.name === "rmdir" ? "modify" : "create";
  return files.length > 0 ? [fileOperation(inv, ws, files, change, inv.name)] : [];
}

function tee(inv: Invocation, ws: Workspace): Operation[] {
  const a = scanArgs(inv.args, { valued: ["--output-error"] });
  const files = [...a.positionals, ...a.rest];
  const append = hasOption(a, "-a", "--append");
  // Without a file tee only copies its input to standard output.
  if (files.length === 0) return [operation(inv, FS("fs.read"), { target: "filesystem", service: "file", verb: "tee" })];
  return [fileOperation(inv, ws, files, append ? "modify" : "overwrite", append ? "tee -a" : "tee")];
}

function truncate(inv: Invocation, ws: Workspace): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-s", "--size", "-r", "--reference", "-o"] });
  const files = [...a.positionals, ...a.rest];
  return files.length > 0 ? [fileOperation(inv, ws, files, "overwrite", "truncate")] : [];
}

function link(inv: Invocation, ws: Workspace): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-t", "--target-directory", "-S", "--suffix"] });
  const words = [...a.positionals, ...a.rest];
  const targetDir = optionValue(a, "-t", "--target-directory");
  const name = targetDir ?? (words.length > 1 ? words[words.length - 1] : literalWord("."));
  if (!name) return [];
  const force = hasOption(a, "-f", "--force");
  const targets = targetDir || words.length === 1 ? words : words.slice(0, -1);
  // `ln TARGET` alone links into the working directory; `ln TARGET... DIR` into DIR, under each target's name.
  const intoDirectory = targetDir !== undefined || words.length !== 2 || (name.literal && (name.text === "." || name.text.endsWith("/")));
  const landing = landingPaths(name, targets, intoDirectory);
  const op = fileOperation(inv, ws, landing, force ? "overwrite" : "create", force ? "ln -f" : "ln");
  const symbolic = hasOption(a, "-s", "--symbolic");
  const elsewhere = linkedElsewhere(inv, ws, targets, landing, symbolic && !hasOption(a, "-r", "--relative"), symbolic ? "ln -s" : "ln");
  return op.local && elsewhere ? [elsewhere] : [op];
}

/**
 * A link made in the workspace turns later local writes through it into writes to what it links:
 * a hard link IS the other file (the job summary, ~/.bashrc), a symbolic link leads to it. So a
 * link is judged by its target as well: outside the workspace, in .git, or not known, it is a
 * change there. A relative symbolic link is read from the directory the link is in.
 */
function linkedElsewhere(inv: Invocation, ws: Workspace, targets: readonly ShellWord[], landing: readonly ShellWord[], relativeToLink: boolean, verb: string): Operation | null {
  const context = inv.command.context;
  const resolved: ShellWord[] = targets.flatMap((t, i) => {
    if (!relativeToLink || !t.literal || t.text.startsWith("/") || t.text.startsWith("~")) return [t];
    const at = landing[Math.min(i, landing.length - 1)];
    const places = at ? possiblePaths(context, at) : null;
    if (places === null) return [{ ...t, literal: false }];
    return places.map((p) => ({ ...t, text: posix.join(posix.dirname(p), t.text) }));
  });
  const scopes = resolved.flatMap((t) => wordScopes(context, t, ws));
  if (scopes.every((s) => s === "workspace" || s === "temp")) return null;
  const judged = fileOperation(inv, ws, resolved, "modify", verb);
  const why = verb === "ln -s" ? "links into the workspace a path outside it: later writes through the link land there" : "hard-links a file outside the workspace (or in .git) into it: later writes to the link change that file";
  return { ...judged, ...(judged.local ? { catalog: "fs.change-outside", effect: "write" as const, local: false } : {}), resources: [...landing.map((l) => l.text), ...resolved.map((t) => t.text)], why };
}

function dd(inv: Invocation, ws: Workspace): Operation[] {
  const of = inv.args.find((w) => w.text.startsWith("of="));
  if (!of) return [operation(inv, FS("fs.read"), { target: "filesystem", service: "file", verb: "dd" })];
  const path: ShellWord = { ...of, text: of.text.slice(3) };
  const scopes = wordScopes(inv.command.context, path, ws);
  if (scopes.every((s) => s === "discard")) return [operation(inv, FS("fs.read"), { target: "filesystem", service: "file", verb: "dd", resources: [path.text] })];
  if (scopes.includes("device")) return [operation(inv, FS("fs.disk"), { target: "filesystem", service: "disk", verb: "dd", resources: [path.text] })];
  return [fileOperation(inv, ws, [path], "overwrite", "dd")];
}

function disk(inv: Invocation): Operation[] {
  const a = scanArgs(inv.args);
  const resources = [...a.positionals, ...a.rest].map((w) => w.text);
  return [operation(inv, FS("fs.disk"), { target: "filesystem", service: "disk", verb: inv.name, resources })];
}

const HANDLERS: Readonly<Record<string, (inv: Invocation, ws: Workspace) => Operation[]>> = {
  rm,
  unlink: (inv, ws) => [fileOperation(inv, ws, inv.args, "delete", "unlink")],
  rmdir: createOnly,
  cp: copyOrMove,
  mv: copyOrMove,
  install: copyOrMove,
  ln: link,
  mkdir: createOnly,
  touch: createOnly,
  mkfifo: createOnly,
  chmod: permissions,
  chown: permissions,
  chgrp: permissions,
  chattr: permissions,
  setfacl: permissions,
  tee,
  truncate,
  dd,
  shred: disk,
  wipefs: disk,
  fdisk: disk,
  sfdisk: disk,
  gdisk: disk,
  parted: disk,
  blkdiscard: disk,
  mkswap: disk,
  mke2fs: disk,
};

export const filesystemClassifier: CommandClassifier = {
  commands: Object.keys(HANDLERS),
  catalog: FILESYSTEM_CATALOG,
  classify(inv, ctx) {
    if (inv.name.startsWith("mkfs")) return disk(inv);
    const handler = HANDLERS[inv.name];
    return handler ? handler(inv, ctx.workspace) : [];
  },
};

/** `mkfs.ext4`, `mkfs.xfs`, ...: one family, matched by prefix. */
export function isMkfs(name: string): boolean {
  return name === "mkfs" || name.startsWith("mkfs.");
}

/** Output files named by an option (`sort -o FILE`, `curl -o FILE`), judged as file writes. */
export function outputFileOperations(inv: Invocation, ws: Workspace, values: readonly ShellWord[]): Operation[] {
  const files = values.filter((v) => !(v.literal && v.text === "-"));
  return files.length > 0 ? [fileOperation(inv, ws, files, "overwrite", `${inv.name} -o`)] : [];
}

