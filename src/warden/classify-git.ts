import { entryOf, operation, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import { fileOperation } from "./classify-filesystem.js";
import { pointerFlagOperations } from "./config-pointers.js";
import { nestedRepositoryWhy } from "./nested-repository.js";
import { recordLoader } from "./planted-code.js";
import type { Operation } from "./operation.js";
import { hasOption, optionValue, optionValues, scanArgs, type ScannedArgs } from "./scan-args.js";
import type { ShellWord } from "./shell-word.js";
import { resolveAgainst } from "./workspace-paths.js";

export const GIT_CATALOG: readonly CatalogEntry[] = [
  {
    id: "git.destroy",
    description: "rewrites or deletes history or uncommitted work: force push, remote branch delete, reset --hard, checkout/restore of paths, clean -f, branch -D, stash drop",
    effect: "destroy",
    examples: ["git push --force origin main", "git symbolic-ref --delete refs/remotes/origin/HEAD", "git push -f", "git push origin +main", "git push origin :release", "git push --delete origin v1", "git reset --hard HEAD~3", "git checkout .", "git checkout -- main.tf", "git checkout main -- main.tf", "git checkout README.md", "git checkout -f main", "git restore main.tf", "git restore --source HEAD~1 main.tf", "git restore :/", "git restore --worktree --staged :/", "git switch --discard-changes main", "git clean -fdx", "git clean", "git clean -i", "git clean -x", "git rm -f notes.md", "git rm -rf vendor", "git worktree remove --force ../wt-feature", "git branch -D feature", "git stash clear", "git push --mirror backup", "git reflog expire --expire=now --all", "git update-ref -d refs/heads/main", "git filter-branch --tree-filter 'rm -f secrets' HEAD"],
  },
  {
    id: "git.push",
    description: "pushes commits to a remote (a change others see)",
    effect: "write",
    examples: ["git push origin feature/x", "git push -u origin HEAD", "git push --tags"],
  },
  {
    id: "git.local",
    description: "local work in the repository: staging, committing, branching, fetching",
    effect: "write",
    examples: ["git add -A", "git symbolic-ref HEAD refs/heads/main", "git commit -m 'destroy unused module'", "git checkout -b delete-old-buckets", "git switch main", "git stash", "git fetch origin", "git pull --rebase", "git merge feature", "git rebase main", "git tag v1.2.0", "git rm old.tf", "git reset HEAD~1", "git restore --staged main.tf", "git checkout main", "git checkout -b feature/x origin/main", "git checkout --track origin/release/1.2", "git checkout -", "git checkout v1.2.0", "git branch -d merged-branch", "git init", "git clone https://github.com/o/r.git vendor/r"],
  },
  {
    id: "git.read",
    description: "reads history, status or configuration",
    effect: "read",
    examples: ["git status", "git symbolic-ref --short HEAD", "git log --oneline -20", "git diff HEAD~1", "git show HEAD:main.tf", "git branch -a", "git remote -v", "git grep -n destroy", "git blame main.tf", "git clean -n", "git push --dry-run --force origin main", "git config --get remote.origin.url", "git stash list", "git ls-files"],
  },
  {
    id: "git.global-config",
    description: "changes git configuration outside the repository (--global, --system)",
    effect: "write",
    examples: ["git config --global user.name bot", "git config --system core.autocrlf false"],
  },
  {
    id: "git.runs-code",
    description: "makes git run a program chosen on the command line or in its config (aliases, hooks, ssh command, pager)",
    effect: "unknown",
    examples: ["git -c core.sshCommand='sh -c id' fetch", "git -c alias.x='!rm -rf /' x", "git config alias.cleanup '!rm -rf .'", "git config core.hooksPath /tmp/hooks", "git my-alias", "git difftool"],
  },
];

const G = (id: string) => entryOf(GIT_CATALOG, id);

/**
 * Config keys that name a program git will run (or another config file, which can), as
 * patterns over the lower-cased key: `<section>.<subsection>.<name>` has any subsection.
 */
const EXEC_CONFIG_KEYS: readonly RegExp[] = [
  /^alias\./,
  /^core\.(sshcommand|pager|editor|hookspath|fsmonitor|askpass|gitproxy|alternaterefscommand)$/,
  /^pager\./,
  /^diff\..*\.(command|textconv)$/,
  /^diff\.external$/,
  /^(diff|merge)tool\..*\.(cmd|path)$/,
  /^merge\..*\.driver$/,
  /^filter\./,
  /^credential\.(.*\.)?helper$/,
  /^sequence\.editor$/,
  /^gpg\.(.*\.)?program$/,
  /^protocol\.ext\./,
  /^uploadpack\.packobjectshook$/,
  /^remote\..*\.(uploadpack|receivepack|vcs)$/,
  /^submodule\..*\.update$/,
  /^init\.templatedir$/,
  /^(web\.browser|browser\..*\.(cmd|path)|man\..*\.(cmd|path)|guitool\..*\.cmd|tar\..*\.command|trailer\..*\.(command|cmd))$/,
  /^include\./,
  /^includeif\./,
];

function runsProgram(key: string): boolean {
  const lower = key.toLowerCase();
  return EXEC_CONFIG_KEYS.some((p) => p.test(lower));
}

const GLOBAL_VALUED = ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env", "--super-prefix"];

const READ = new Set(["status", "log", "diff", "show", "blame", "grep", "ls-files", "ls-remote", "ls-tree", "rev-parse", "rev-list", "describe", "shortlog", "cat-file", "whatchanged", "cherry", "count-objects", "fsck", "check-ignore", "check-attr", "name-rev", "merge-base", "var", "for-each-ref", "show-ref", "verify-commit", "verify-tag", "help", "version", "range-diff", "show-branch", "annotate", "diff-tree", "diff-files", "diff-index", "version", "archive", "bundle"]);
const LOCAL = new Set(["add", "commit", "checkout", "switch", "restore", "merge", "cherry-pick", "revert", "fetch", "pull", "init", "mv", "rm", "apply", "am", "format-patch", "notes", "worktree", "sparse-checkout", "gc", "lfs", "reset", "mergetool-x", "maintenance", "prune", "repack", "commit-tree", "update-index", "read-tree", "write-tree", "hash-object", "mktag", "mktree", "pack-refs", "submodule", "bisect", "clone", "stage", "absorb", "replace"]);

function pushOperation(inv: Invocation, a: ScannedArgs, fields: { resources: string[] }): Operation {
  const refspecs = a.positionals.slice(1).map((p) => p.text);
  const forced = hasOption(a, "-f", "--force", "--force-with-lease", "--force-if-includes", "--mirror", "--prune", "-d", "--delete") || refspecs.some((r) => r.startsWith("+") || r.startsWith(":"));
  const base = { target: "git" as const, service: "remote", resources: fields.resources };
  if (hasOption(a, "-n", "--dry-run")) return operation(inv, G("git.read"), { ...base, verb: "push --dry-run", dry_run: true });
  return operation(inv, G(forced ? "git.destroy" : "git.push"), { ...base, verb: forced ? "push --force" : "push" });
}

function classifyGit(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const globals = scanArgs(inv.args, { valued: GLOBAL_VALUED, stopAtPositional: true });
  const [subWord, ...rest] = globals.rest;
  for (const c of optionValues(globals, "-c")) {
    if (!c.literal || runsProgram(c.text.split("=")[0] ?? "")) return [operation(inv, G("git.runs-code"), { target: "git", service: "config", verb: "-c", resources: [c.text.split("=")[0] ?? ""] })];
  }
  if (hasOption(globals, "--exec-path", "--config-env")) return [operation(inv, G("git.runs-code"), { target: "git", service: "cli", verb: "--exec-path" })];
  const pointers = pointerFlagOperations(inv, globals, ctx.workspace);
  if (pointers.length > 0) return pointers;
  // Each `-C` is relative to the one before it, as git reads them.
  let cwds = inv.command.context.cwds;
  for (const dir of optionValues(globals, "-C")) cwds = dir.literal && cwds ? cwds.map((c) => resolveAgainst(c, dir.text)) : null;
  const moved = cwds === inv.command.context.cwds ? inv : { ...inv, command: { ...inv.command, context: { ...inv.command.context, cwds } } };
  const nested = nestedRepositoryOperation(moved, ctx);
  if (nested) return [nested];
  if (!subWord) return [operation(inv, G("git.read"), { target: "git", service: "cli", verb: hasOption(globals, "--version") ? "--version" : "" })];
  const sub = subWord.text;
  const fields = { target: "git" as const, service: "repo", verb: sub };
  if (!subWord.literal) return [operation(inv, G("git.runs-code"), fields)];
  const a = scanArgs(rest, { valued: ["-m", "--message", "-b", "-B", "-C", "-u", "--set-upstream-to", "-o", "--output", "-x", "--exec", "-s", "--strategy", "-X", "--depth", "--branch", "-e", "--format", "--pretty", "-n", "--max-count", "--expire", "--author", "--date", "-S", "-G", "--grep", "--since", "--until", "-L", "--onto", "--origin", "--reference", "--separate-git-dir", "--template", "--recurse-submodules", "--jobs", "-j", "--shallow-since", "--filter", "-F", "--file"] });
  const localFields = { ...fields, local: true };
  switch (sub) {
    case "push": {
      const p = scanArgs(rest, { valued: ["--repo", "--receive-pack", "--exec", "-o", "--push-option"] });
      const remote = p.positionals[0]?.text ?? "default";
      return [pushOperation(inv, p, { resources: [remote, ...p.positionals.slice(1).map((r) => `${remote}:${r.text}`)] })];
    }
    case "checkout":
    case "switch":
    case "restore":
      return [discardOperation(inv, sub, rest, fields, localFields)];
    case "worktree":
      // `worktree remove --force` deletes a worktree with changes committed nowhere.
      if (a.positionals[0]?.text === "remove" && hasOption(a, "-f", "--force")) return [operation(inv, G("git.destroy"), { ...fields, verb: "worktree remove --force" })];
      if (a.positionals[0]?.text === "list") return [operation(inv, G("git.read"), fields)];
      {
        // A worktree is a directory like a clone's: outside the workspace it is a change elsewhere.
        const sub = a.positionals[0]?.text;
        const path = sub === "add" || sub === "remove" || sub === "move" ? a.positionals[1] : undefined;
        if (path) return [{ ...fileOperation(moved, ctx.workspace, [path, ...(sub === "move" && a.positionals[2] ? [a.positionals[2]] : [])], sub === "add" ? "create" : "modify", `git worktree ${sub}`), catalog: "git.local", why: G("git.local").description }];
      }
      return [operation(inv, G("git.local"), localFields)];
    case "rm":
      // `git rm -f` removes files even with changes not committed anywhere.
      return [hasOption(a, "-f", "--force") && !hasOption(a, "--cached") ? operation(inv, G("git.destroy"), { ...fields, verb: "rm -f" }) : operation(inv, G("git.local"), localFields)];
    case "reset":
      return [operation(inv, G(hasOption(a, "--hard") ? "git.destroy" : "git.local"), { ...(hasOption(a, "--hard") ? fields : localFields), verb: hasOption(a, "--hard") ? "reset --hard" : "reset" })];
    case "clean": {
      const c = scanArgs(rest, { valued: ["-e", "--exclude"] });
      // Without -f git refuses only while clean.requireForce is on, a setting Warden cannot see;
      // -i deletes whatever is picked at the prompt.
      const dry = hasOption(c, "-n", "--dry-run");
      return [operation(inv, G(dry ? "git.read" : "git.destroy"), { ...fields, verb: dry ? "clean -n" : "clean -f", dry_run: dry })];
    }
    case "branch": {
      const deleteForce = hasOption(a, "-D") || (hasOption(a, "-d", "--delete") && hasOption(a, "-f", "--force"));
      if (deleteForce) return [operation(inv, G("git.destroy"), { ...fields, verb: "branch -D", resources: a.positionals.map((p) => p.text) })];
      const changes = hasOption(a, "-d", "--delete", "-m", "-M", "--move", "-c", "-C", "--copy", "-u", "--set-upstream-to", "--unset-upstream", "-f", "--force") || (a.positionals.length > 0 && !hasOption(a, "-l", "--list", "-a", "-r", "--all", "--remotes", "--contains", "--merged", "--no-merged", "--show-current"));
      return [operation(inv, G(changes ? "git.local" : "git.read"), changes ? localFields : fields)];
    }
    case "stash": {
      const stashSub = a.positionals[0]?.text ?? "push";
      if (stashSub === "drop" || stashSub === "clear") return [operation(inv, G("git.destroy"), { ...fields, verb: `stash ${stashSub}` })];
      if (stashSub === "list" || stashSub === "show") return [operation(inv, G("git.read"), { ...fields, verb: `stash ${stashSub}` })];
      return [operation(inv, G("git.local"), { ...localFields, verb: `stash ${stashSub}` })];
    }
    case "reflog": {
      const refSub = a.positionals[0]?.text ?? "show";
      return [operation(inv, G(refSub === "expire" || refSub === "delete" ? "git.destroy" : "git.read"), { ...fields, verb: `reflog ${refSub}` })];
    }
    case "symbolic-ref": {
      // One name reads where it points (`git symbolic-ref --short HEAD`); a second one repoints it.
      if (hasOption(a, "-d", "--delete")) return [operation(inv, G("git.destroy"), { ...fields, verb: "symbolic-ref --delete" })];
      return [a.positionals.length >= 2 ? operation(inv, G("git.local"), localFields) : operation(inv, G("git.read"), fields)];
    }
    case "update-ref":
      return [operation(inv, G(hasOption(a, "-d") ? "git.destroy" : "git.local"), hasOption(a, "-d") ? fields : localFields)];
    case "filter-branch":
    case "filter-repo":
      return [operation(inv, G("git.destroy"), fields)];
    case "gc":
      return [operation(inv, G(optionValue(a, "--prune")?.text === "now" ? "git.destroy" : "git.local"), optionValue(a, "--prune")?.text === "now" ? fields : localFields)];
    case "tag": {
      const lists = a.positionals.length === 0 || hasOption(a, "-l", "--list", "-v", "--verify", "--contains", "--points-at");
      return [operation(inv, G(lists ? "git.read" : "git.local"), lists ? fields : localFields)];
    }
    case "remote": {
      const remoteSub = a.positionals[0]?.text;
      const reads = remoteSub === undefined || remoteSub === "show" || remoteSub === "get-url" || hasOption(a, "-v", "--verbose");
      return [operation(inv, G(reads ? "git.read" : "git.local"), reads ? fields : localFields)];
    }
    case "config":
      return configOperation(inv, a);
    case "rebase": {
      const execs = optionValues(a, "-x", "--exec");
      return [operation(inv, G("git.local"), localFields), ...execs.flatMap((e) => ctx.shell(e, inv, { via: "git rebase --exec" }))];
    }
    case "bisect":
      if (a.positionals[0]?.text === "run") return [operation(inv, G("git.local"), localFields), ...ctx.inner(rest.slice(rest.findIndex((w) => w.text === "run") + 1), inv, { via: "git bisect run" })];
      return [operation(inv, G("git.local"), localFields)];
    case "submodule":
      if (a.positionals[0]?.text === "foreach") {
        const command = rest.slice(rest.findIndex((w) => w.text === "foreach") + 1).filter((w) => !(w.literal && w.text === "--recursive"));
        return [operation(inv, G("git.local"), localFields), ...(command.length === 1 && command[0] ? ctx.shell(command[0], inv, { via: "git submodule foreach" }) : ctx.inner(command, inv, { via: "git submodule foreach" }))];
      }
      return [operation(inv, G("git.local"), localFields)];
    case "clone": {
      const target = a.positionals[1] ?? lastPathPart(a.positionals[0]);
      return target ? [{ ...fileOperation(moved, ctx.workspace, [target], "create", "git clone"), catalog: "git.local", why: G("git.local").description }] : [operation(inv, G("git.local"), localFields)];
    }
    default:
      if (READ.has(sub)) return [operation(inv, G("git.read"), fields)];
      if (LOCAL.has(sub)) return [operation(inv, G("git.local"), localFields)];
      // Anything else is an alias or a git-<name> program on PATH: it can run anything.
      return [operation(inv, G("git.runs-code"), fields)];
  }
}

/** A word that names files rather than a branch: `.`, `:/`, a glob, a path, or a file name with an extension. */
function looksLikePath(w: ShellWord): boolean {
  if (!w.literal || w.glob) return true;
  const t = w.text;
  return t === "." || t === ".." || t.startsWith("./") || t.startsWith("../") || t.startsWith("/") || t.startsWith(":") || /\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(t);
}

/**
 * `git checkout PATH`, `git checkout -- PATH`, `git checkout REF -- PATH`, `git restore PATH`,
 * `git switch --discard-changes`: uncommitted changes to those files are overwritten and gone, as
 * with `reset --hard`. Only switching (or creating) a branch, and `restore --staged`, keep them.
 */
function discardOperation(inv: Invocation, sub: string, rest: readonly ShellWord[], fields: { target: "git"; service: string; verb: string }, localFields: { local: boolean }): Operation {
  const a = scanArgs(rest, { valued: ["-b", "-B", "--orphan", "-c", "-C", "--create", "--force-create", "-s", "--source", "--conflict", "--pathspec-from-file"] });
  const discards = (verb: string) => operation(inv, G("git.destroy"), { ...fields, verb, resources: [...a.positionals, ...a.rest].map((w) => w.text) });
  const forced = hasOption(a, "-f", "--force", "--discard-changes", "--ours", "--theirs", "-p", "--patch", "--merge", "-m", "--pathspec-from-file");
  if (sub === "restore") {
    const stagedOnly = hasOption(a, "-S", "--staged") && !hasOption(a, "-W", "--worktree");
    return stagedOnly ? operation(inv, G("git.local"), { ...fields, ...localFields, verb: "restore --staged" }) : discards("restore");
  }
  if (forced) return discards(`${sub} --force`);
  if (sub === "switch") return operation(inv, G("git.local"), { ...fields, ...localFields });
  // `-b NAME [START]` creates a branch; the start point is a commit, not a path.
  if (hasOption(a, "-b", "-B", "--orphan")) return operation(inv, G("git.local"), { ...fields, ...localFields });
  // Everything after `--`, and every word after the first, is a path; the first is one when it looks like one.
  const [first, ...more] = a.positionals;
  if (a.rest.length > 0 || more.length > 0 || (first !== undefined && looksLikePath(first))) return discards("checkout PATH");
  return operation(inv, G("git.local"), { ...fields, ...localFields });
}

function nestedRepositoryOperation(inv: Invocation, ctx: ClassifyContext): Operation | null {
  recordLoader(ctx, "git", inv.command.context.cwds);
  const why = nestedRepositoryWhy(inv, ctx.workspace);
  return why ? operation(inv, G("git.runs-code"), { target: "git", service: "repo", verb: "nested repository", why }) : null;
}

function lastPathPart(url: ShellWord | undefined): ShellWord | undefined {
  if (!url?.literal) return undefined;
  const name = url.text.replace(/\/+$/, "").split(/[/:]/).pop()?.replace(/\.git$/, "");
  return name ? { ...url, text: name } : undefined;
}

function configOperation(inv: Invocation, a: ScannedArgs): Operation[] {
  const [key, value] = a.positionals;
  const reads = hasOption(a, "--get", "--get-all", "--get-regexp", "-l", "--list", "--show-origin", "--show-scope", "--name-only") || (key !== undefined && value === undefined && !hasOption(a, "--unset", "--unset-all", "--add", "--replace-all", "--rename-section", "--remove-section", "-e", "--edit"));
  const fields = { target: "git" as const, service: "config", verb: "config", resources: key ? [key.text] : [] };
  if (reads) return [operation(inv, G("git.read"), fields)];
  if (!key?.literal || runsProgram(key.text) || hasOption(a, "-e", "--edit")) return [operation(inv, G("git.runs-code"), fields)];
  const outside = hasOption(a, "--global", "--system", "--file", "-f");
  return [operation(inv, G(outside ? "git.global-config" : "git.local"), { ...fields, local: !outside })];
}

export const gitClassifier: CommandClassifier = {
  commands: ["git"],
  catalog: GIT_CATALOG,
  helpAnywhere: true,
  classify: classifyGit,
};
