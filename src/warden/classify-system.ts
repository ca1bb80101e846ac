import { entryOf, operation, type CatalogEntry, type ClassifyContext, type CommandClassifier, type Invocation } from "./classifier.js";
import { fileOperation } from "./classify-filesystem.js";
import { EFFECT_RANK, type Effect, type Operation } from "./operation.js";
import { hasOption, optionValue, scanArgs } from "./scan-args.js";
import { literalWord, type ShellWord } from "./shell-word.js";

export const SYSTEM_CATALOG: readonly CatalogEntry[] = [
  {
    id: "system.destroy",
    description: "powers the machine off, removes users or scheduled jobs, or flushes firewall rules",
    effect: "destroy",
    examples: ["shutdown -h now", "reboot", "systemctl poweroff", "crontab -r", "userdel -r deploy", "iptables -F", "halt", "iptables -D INPUT 3", "ip6tables --delete INPUT -s 2001:db8::1 -j DROP", "iptables -nvF", "iptables $RULE", "iptables-restore < rules.v4", "journalctl --vacuum-time 2d", "nft delete table inet filter", "ufw delete 3", "ufw reset"],
  },
  {
    id: "system.write",
    description: "changes services, processes, packages, users or mounts on the machine",
    effect: "write",
    examples: ["systemctl restart nginx", "kill -9 4242", "pkill -f worker", "apt-get install -y jq", "npm install", "pip install requests", "brew install kubectl", "useradd deploy", "mount /dev/sdb1 /mnt", "mount -a", "ip link set eth0 down", "sysctl -w net.ipv4.ip_forward=1", "crontab jobs.txt", "kubectx prod", "service nginx stop", "iptables -A INPUT -s \"$IP\" -j DROP", "iptables -t nat -A POSTROUTING -s 192.168.0.0/24 -j MASQUERADE", "iptables -P INPUT DROP", "iptables-restore --noflush < extra.rules", "nft add rule inet filter input tcp dport 22 accept", "ufw allow 5432", "ufw enable"],
  },
  {
    id: "system.local-build",
    description: "builds or formats code in the workspace (local work)",
    effect: "write",
    examples: ["go build ./...", "go fmt ./...", "go mod tidy", "npm ci --ignore-scripts", "cargo fmt"],
  },
  {
    id: "system.runs-project-code",
    description: "runs code from the project (tests, package scripts, Makefile targets) that Warden has not judged",
    effect: "unknown",
    examples: ["npm test", "npm run deploy", "npx some-tool", "make clean", "go run main.go", "go test ./...", "cargo run", "yarn deploy", "pytest -q", "just release"],
  },
  {
    id: "system.read",
    description: "reads service, process, package or scheduler state",
    effect: "read",
    examples: ["systemctl status nginx", "crontab -l", "npm ls", "pip list", "pip show boto3", "apt list --installed", "journalctl -u nginx --since today", "iptables -L -n", "iptables -vnL --line-numbers", "iptables -nL INPUT -t nat", "iptables --list-rules", "iptables -C INPUT -s 10.0.0.1 -j ACCEPT", "iptables-save -t filter", "nft list ruleset", "ufw status numbered", "ufw --dry-run delete 3", "go version", "npm view react version", "openssl x509 -in cert.pem -noout -text", "kubectx"],
  },
  {
    id: "system.archive",
    description: "packs or unpacks archives (judged by where the files land)",
    effect: "write",
    examples: ["tar -xzf app.tgz -C build/", "tar czf out.tgz dist/", "unzip -o bundle.zip -d vendor", "gzip -k plan.json"],
  },
];

const S = (id: string) => entryOf(SYSTEM_CATALOG, id);

const POWER = new Set(["shutdown", "reboot", "halt", "poweroff"]);

/** Tools that show system state and change it only with certain words: true when `args` only read. */
const INSPECTORS: Readonly<Record<string, (args: readonly string[]) => boolean>> = {
  ip: (args) => {
    const words = args.filter((a) => !a.startsWith("-"));
    return words.length <= 1 || /^(show|list|ls|get|lst|sh)$/.test(words[1] ?? "") || (words.length === 2 && !/^(add|del|delete|set|flush|change|replace|append|prepend|flush|save|restore)$/.test(words[1] ?? ""));
  },
  ifconfig: (args) => args.every((a) => a.startsWith("-") || /^[a-z]+\d*$/.test(a)) && args.filter((a) => !a.startsWith("-")).length <= 1,
  route: (args) => args.every((a) => /^-[nveFC]+$/.test(a)),
  arp: (args) => args.every((a) => /^-[anve]+$/.test(a)),
  sysctl: (args) => !args.some((a) => a === "-w" || a === "--write" || a === "-p" || a === "--load" || a.includes("=")),
  dmesg: (args) => !args.some((a) => /^-[a-zA-Z]*[cCD]|^--(clear|read-clear|console-off)/.test(a)),
  // `mount` alone (or -l, -t TYPE) lists mounts; anything else mounts something (-a mounts all of fstab).
  mount: (args) => args.every((a, i) => a === "-l" || a === "--list" || a === "-t" || a === "--types" || args[i - 1] === "-t" || args[i - 1] === "--types"),
  blkid: () => true,
  findmnt: () => true,
  lsmod: () => true,
  hostnamectl: (args) => args.length === 0 || args[0] === "status",
  timedatectl: (args) => args.length === 0 || args[0] === "status" || args[0] === "show" || args[0] === "list-timezones",
};

/** Package managers: which subcommands read, which only build locally, which run project code. */
const PACKAGE_MANAGERS: Readonly<Record<string, { read: string[]; local?: string[]; runs: string[] }>> = {
  npm: { read: ["ls", "list", "view", "info", "show", "outdated", "audit", "search", "config", "whoami", "help", "root", "prefix", "explain", "fund", "doctor", "--version", "-v", "version", "query", "pack"], runs: ["test", "t", "run", "run-script", "start", "stop", "restart", "exec", "x", "rebuild", "explore"] },
  yarn: { read: ["list", "info", "why", "outdated", "audit", "config", "--version", "-v", "versions", "licenses"], runs: ["test", "run", "start", "exec", "dlx", "node"] },
  pnpm: { read: ["ls", "list", "why", "outdated", "audit", "config", "--version", "-v", "licenses"], runs: ["test", "run", "start", "exec", "dlx"] },
  pip: { read: ["list", "show", "freeze", "check", "search", "config", "help", "--version", "-V", "inspect", "index", "debug", "hash", "cache"], runs: [] },
  gem: { read: ["list", "search", "info", "query", "specification", "env", "which", "contents", "--version", "-v", "help", "outdated"], runs: [] },
  go: { read: ["version", "env", "list", "doc", "help", "vet", "mod why", "mod graph", "mod verify"], local: ["build", "fmt", "mod", "get", "install", "clean", "work", "fix"], runs: ["run", "test", "generate", "tool"] },
  cargo: { read: ["--version", "version", "metadata", "tree", "search", "help", "check-x"], local: ["fmt", "update", "fetch", "clean", "add", "remove", "new", "init"], runs: ["build", "run", "test", "check", "bench", "install", "clippy", "doc", "b", "r", "t", "c"] },
  apt: { read: ["list", "search", "show", "policy", "depends", "rdepends", "madison", "changelog"], runs: [] },
  "apt-get": { read: ["check", "source-x", "changelog"], runs: [] },
  "apt-cache": { read: ["search", "show", "policy", "depends", "rdepends", "madison", "pkgnames", "showpkg", "stats"], runs: [] },
  yum: { read: ["list", "info", "search", "provides", "repolist", "history", "check-update"], runs: [] },
  dnf: { read: ["list", "info", "search", "provides", "repolist", "history", "check-update", "repoquery"], runs: [] },
  apk: { read: ["info", "search", "list", "policy", "stats", "version"], runs: [] },
  brew: { read: ["list", "ls", "info", "search", "outdated", "deps", "uses", "config", "doctor", "--version", "leaves", "desc", "home"], runs: [] },
};

function packageManager(inv: Invocation): Operation[] {
  const name = inv.name.replace(/\d+$/, "");
  const spec = PACKAGE_MANAGERS[name] ?? PACKAGE_MANAGERS.npm;
  if (!spec) return [];
  const words = inv.args.filter((w) => !w.text.startsWith("-") || w.text === "--version" || w.text === "-v" || w.text === "-V");
  const sub = words[0]?.text ?? "";
  const two = `${sub} ${words[1]?.text ?? ""}`.trim();
  const fields = { target: "generic" as const, service: name, verb: sub };
  if (!words[0]?.literal && words[0]) return [operation(inv, S("system.runs-project-code"), fields)];
  if (spec.read.includes(two) || spec.read.includes(sub)) return [operation(inv, S("system.read"), fields)];
  if (spec.runs.includes(sub)) return [operation(inv, S("system.runs-project-code"), fields)];
  if (spec.local?.includes(sub)) return [operation(inv, S("system.local-build"), { ...fields, local: true })];
  // `npm ci --ignore-scripts` installs without running package scripts: local work.
  if ((name === "npm" || name === "pnpm" || name === "yarn") && (sub === "ci" || sub === "install" || sub === "i" || sub === "add") && inv.args.some((w) => w.text === "--ignore-scripts")) {
    return [operation(inv, S("system.local-build"), { ...fields, local: true })];
  }
  // yarn with an unknown first word runs a package.json script of that name.
  if (name === "yarn" && sub !== "" && !["install", "add", "remove", "upgrade", "up", "global", "link", "unlink", "cache", "init", "import", "pack", "publish", "login", "logout"].includes(sub)) {
    return [operation(inv, S("system.runs-project-code"), fields)];
  }
  if (name === "npm" && sub === "") return [operation(inv, S("system.read"), fields)];
  return [operation(inv, S("system.write"), fields)];
}

/** iptables commands (one per invocation, getopt-style: `-vnL`, `--list`) and what they do to the rules. */
const IPTABLES_COMMANDS: Readonly<Record<string, Effect>> = {
  L: "read", S: "read", C: "read",
  A: "write", I: "write", R: "write", N: "write", P: "write", E: "write",
  D: "destroy", F: "destroy", X: "destroy", Z: "destroy",
};
const IPTABLES_LONG: Readonly<Record<string, string>> = {
  "--list": "L", "--list-rules": "S", "--check": "C", "--append": "A", "--insert": "I", "--replace": "R", "--new-chain": "N", "--new": "N",
  "--policy": "P", "--rename-chain": "E", "--delete": "D", "--flush": "F", "--delete-chain": "X", "--zero": "Z",
};
/** Short options whose value is the rest of the word or the next word (so their letters are not commands). */
const IPTABLES_VALUED = new Set(["t", "p", "s", "d", "j", "g", "i", "o", "m", "c", "w", "W"]);
const IPTABLES_EFFECT_ENTRY: Readonly<Record<Effect, string>> = { read: "system.read", write: "system.write", destroy: "system.destroy", unknown: "system.destroy" };

/** Options that take no value: a word after them is not theirs. */
const IPTABLES_FLAGS = new Set(["v", "n", "x", "4", "6", "f", "h", "V", "--verbose", "--numeric", "--exact", "--line-numbers", "--ipv4", "--ipv6", "--fragment", "--help", "--version"]);

/**
 * The worst effect of the commands given; no command at all (`--version`, `-h`) only prints. A
 * word known only at run time is taken as a value only right after an option that takes one.
 */
function iptablesEffect(args: readonly ShellWord[]): Effect {
  let effect: Effect = "read";
  let valueNext = false;
  const see = (letter: string) => {
    const e = IPTABLES_COMMANDS[letter];
    if (e && EFFECT_RANK[e] > EFFECT_RANK[effect]) effect = e;
  };
  for (const w of args) {
    if (!w.literal) {
      if (!valueNext) return "unknown";
      valueNext = false;
      continue;
    }
    if (w.text.startsWith("--")) {
      const name = w.text.split("=")[0] ?? "";
      const letter = IPTABLES_LONG[name];
      if (letter) see(letter);
      valueNext = !w.text.includes("=") && !IPTABLES_FLAGS.has(name);
    } else if (/^-[A-Za-z0-9]/.test(w.text)) {
      valueNext = false;
      for (const [i, letter] of [...w.text.slice(1)].entries()) {
        see(letter);
        if (IPTABLES_VALUED.has(letter)) {
          valueNext = i === w.text.length - 2;
          break;
        }
        valueNext = !IPTABLES_FLAGS.has(letter);
      }
    } else valueNext = false;
  }
  return effect;
}

function systemctl(inv: Invocation): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-t", "--type", "--state", "-p", "--property", "-H", "--host", "-M", "--machine", "-n", "--lines", "-o", "--output"] });
  const sub = a.positionals[0]?.text ?? "list-units";
  const fields = { target: "generic" as const, service: "systemd", verb: sub, resources: a.positionals.slice(1).map((w) => w.text) };
  if (["poweroff", "reboot", "halt", "kexec", "rescue", "emergency", "soft-reboot"].includes(sub)) return [operation(inv, S("system.destroy"), fields)];
  if (/^(status|show|cat|list-\w+|is-\w+|help|get-default)$/.test(sub)) return [operation(inv, S("system.read"), fields)];
  return [operation(inv, S("system.write"), fields)];
}

/** Archive tools are judged by where their files land; local results are filed under this catalog. */
function archive(inv: Invocation, ctx: ClassifyContext): Operation[] {
  return archiveFiles(inv, ctx).map((op) => (op.local ? { ...op, catalog: "system.archive", why: S("system.archive").description } : op));
}

function archiveFiles(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const a = scanArgs(inv.args, { valued: ["-f", "--file", "-C", "--directory", "-d", "-T", "--files-from", "-X", "--exclude-from", "--exclude", "-I", "--use-compress-program", "-S", "--suffix", "-x"] });
  const fields = { target: "filesystem" as const, service: "archive", verb: inv.name };
  if (inv.name === "tar") {
    // Old-style bundled flags: `tar czf out.tgz dir` (the first word, no dash, holds the mode).
    const first = a.positionals[0];
    const bundled = first?.literal && /^[A-Za-z]*[xctru][A-Za-z]*$/.test(first.text) ? first.text : "";
    if (bundled.includes("f") && a.positionals[1] && !a.options.has("-f")) a.options.set("-f", [a.positionals[1]]);
    const flags = [...a.options.keys()].join("") + bundled;
    if (hasOption(a, "-I", "--use-compress-program", "--to-command", "--checkpoint-action", "--info-script", "--new-volume-script")) return [operation(inv, S("system.runs-project-code"), fields)];
    if (/t|--list/.test(flags) && !/[xc]/.test(flags)) return [operation(inv, S("system.read"), fields)];
    // -P keeps absolute and ../ member names: the archive decides where files land.
    const anywhere = hasOption(a, "-P", "--absolute-names") || bundled.includes("P");
    if (/x|--extract|--get/.test(flags)) return [fileOperation(inv, ctx.workspace, [anywhere ? literalWord("/") : (optionValue(a, "-C", "--directory") ?? literalWord("."))], "overwrite", "tar -x")];
    const file = optionValue(a, "-f", "--file");
    return file && file.text !== "-" ? [fileOperation(inv, ctx.workspace, [file], "overwrite", "tar -c")] : [operation(inv, S("system.read"), fields)];
  }
  if (inv.name === "unzip") {
    // -: keeps ../ in member names: files may land anywhere.
    if (hasOption(a, "-:")) return [fileOperation(inv, ctx.workspace, [literalWord("/")], "overwrite", "unzip -:")];
    if (hasOption(a, "-l", "-v", "-t", "-Z", "-p")) return [operation(inv, S("system.read"), fields)];
    return [fileOperation(inv, ctx.workspace, [optionValue(a, "-d") ?? literalWord(".")], "overwrite", "unzip")];
  }
  // zip -TT runs a command to test the archive.
  if (inv.name === "zip" && inv.args.some((w) => w.text === "-TT" || w.text.startsWith("--unzip-command"))) return [operation(inv, S("system.runs-project-code"), { ...fields, verb: "zip -TT" })];
  if (inv.name === "zip") return a.positionals[0] ? [fileOperation(inv, ctx.workspace, [a.positionals[0]], "overwrite", "zip")] : [];
  // gzip, gunzip, bzip2, xz and friends replace each file with its (un)compressed form, unless -c.
  if (hasOption(a, "-c", "--stdout", "-l", "--list", "-t", "--test")) return [operation(inv, S("system.read"), fields)];
  return a.positionals.length > 0 ? [fileOperation(inv, ctx.workspace, a.positionals, hasOption(a, "-k", "--keep") ? "create" : "overwrite", inv.name)] : [operation(inv, S("system.read"), fields)];
}

function openssl(inv: Invocation, ctx: ClassifyContext): Operation[] {
  const out = inv.args.findIndex((w) => w.text === "-out" || w.text === "-keyout");
  const file = out === -1 ? undefined : inv.args[out + 1];
  if (file) return [fileOperation(inv, ctx.workspace, [file], "overwrite", "openssl -out")];
  return [operation(inv, S("system.read"), { target: "generic", service: "openssl", verb: inv.args[0]?.text ?? "" })];
}

export const systemClassifier: CommandClassifier = {
  commands: [
    "kill", "pkill", "killall", "systemctl", "service", "journalctl", "shutdown", "reboot", "halt", "poweroff", "crontab", "useradd",
    "usermod", "groupadd", "passwd", "chpasswd", "userdel", "groupdel", "umount", "iptables", "ip6tables", "nft", "openssl",
    "iptables-save", "ip6tables-save", "iptables-restore", "ip6tables-restore", "ufw",
    "tar", "zip", "unzip", "gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "zstd", "unzstd", "make", "gmake", "just", "task", "mvn",
    "gradle", "gradlew", "pytest", "tox", "nox", "rake", "kubectx", "kubens", "npx", "pnpx", "bunx",
    ...Object.keys(INSPECTORS),
    ...Object.keys(PACKAGE_MANAGERS), "pip3", "pipx", "uv",
  ],
  catalog: SYSTEM_CATALOG,
  classify(inv, ctx) {
    const fields = { target: "generic" as const, service: inv.name, verb: inv.args[0]?.text ?? inv.name, resources: inv.args.filter((w) => !w.text.startsWith("-")).map((w) => w.text) };
    switch (inv.name) {
      case "kill":
      case "pkill":
      case "killall":
        return [operation(inv, S(inv.args.some((w) => w.text === "-l" || w.text === "-L") ? "system.read" : "system.write"), fields)];
      case "systemctl":
        return systemctl(inv);
      case "service":
        return [operation(inv, S(inv.args[1]?.text === "status" || inv.args[0]?.text === "--status-all" ? "system.read" : "system.write"), fields)];
      case "journalctl":
        if (inv.args.some((w) => w.text.startsWith("--vacuum"))) return [operation(inv, S("system.destroy"), fields)];
        return [operation(inv, S(inv.args.some((w) => /^--(rotate|flush|relinquish-var|smart-relinquish-var|setup-keys|update-catalog)/.test(w.text)) ? "system.write" : "system.read"), fields)];
      case "crontab":
        if (inv.args.some((w) => w.text === "-r")) return [operation(inv, S("system.destroy"), fields)];
        return [operation(inv, S(inv.args.some((w) => w.text === "-l") ? "system.read" : "system.write"), fields)];
      case "userdel":
      case "groupdel":
        return [operation(inv, S("system.destroy"), fields)];
      case "iptables":
      case "ip6tables":
        return [operation(inv, S(IPTABLES_EFFECT_ENTRY[iptablesEffect(inv.args)]), fields)];
      case "iptables-save":
      case "ip6tables-save":
        return [operation(inv, S("system.read"), fields)];
      case "iptables-restore":
      case "ip6tables-restore":
        // Without --noflush the file replaces every rule of the tables it names.
        return [operation(inv, S(inv.args.some((w) => w.text === "-n" || w.text === "--noflush") ? "system.write" : "system.destroy"), fields)];
      case "ufw": {
        const words = inv.args.filter((w) => !w.text.startsWith("-")).map((w) => w.text);
        if (inv.args.some((w) => w.text === "--dry-run") || ["status", "show", "version"].includes(words[0] ?? "") || (words[0] === "app" && ["list", "info"].includes(words[1] ?? ""))) return [operation(inv, S("system.read"), fields)];
        return [operation(inv, S(["delete", "reset"].includes(words[0] ?? "") ? "system.destroy" : "system.write"), fields)];
      }
      case "nft": {
        if (inv.args.some((w) => /^(flush|delete|destroy|reset)$/.test(w.text))) return [operation(inv, S("system.destroy"), fields)];
        const words = inv.args.filter((w) => !w.text.startsWith("-"));
        return [operation(inv, S(words[0]?.text === "list" || (inv.args.length > 0 && words.length === 0 && !inv.args.some((w) => /^(-f|--file|-i|--interactive)$/.test(w.text))) ? "system.read" : "system.write"), fields)];
      }
      case "openssl":
        return openssl(inv, ctx);
      case "tar":
      case "zip":
      case "unzip":
      case "gzip":
      case "gunzip":
      case "bzip2":
      case "bunzip2":
      case "xz":
      case "unxz":
      case "zstd":
      case "unzstd":
        return archive(inv, ctx);
      case "make":
      case "gmake":
      case "just":
      case "task":
      case "mvn":
      case "gradle":
      case "gradlew":
      case "pytest":
      case "tox":
      case "nox":
      case "rake":
      case "npx":
      case "pnpx":
      case "bunx":
        if (inv.args.length === 1 && /^(-v|--version|-V)$/.test(inv.args[0]?.text ?? "")) return [operation(inv, S("system.read"), fields)];
        return [operation(inv, S("system.runs-project-code"), fields)];
      case "kubectx":
      case "kubens":
        return [operation(inv, S(inv.args.length === 0 || inv.args.some((w) => w.text === "-c" || w.text === "--current") ? "system.read" : "system.write"), { ...fields, target: "kubernetes" })];
      case "pipx":
      case "uv":
        return [operation(inv, S(inv.args[0]?.text === "run" || inv.args[0]?.text === "tool" ? "system.runs-project-code" : inv.args[0]?.text === "--version" ? "system.read" : "system.write"), fields)];
      default: {
        const inspector = INSPECTORS[inv.name];
        if (inspector) return [operation(inv, S(inspector(inv.args.map((w) => w.text)) ? "system.read" : "system.write"), fields)];
        if (POWER.has(inv.name)) return [operation(inv, S("system.destroy"), fields)];
        if (PACKAGE_MANAGERS[inv.name.replace(/\d+$/, "")]) return packageManager(inv);
        return [operation(inv, S("system.write"), fields)];
      }
    }
  },
};
