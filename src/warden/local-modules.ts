import { existsSync, readdirSync } from "node:fs";
import { posix } from "node:path";
import { NODE_BUILTINS, PYTHON_KNOWN_LIBRARIES, PYTHON_STDLIB } from "./module-names.js";
import type { ShellContext } from "./shell-command.js";
import { agentCanWrite, type Workspace } from "./workspace-paths.js";

/**
 * A one-liner that loads a module the agent may have written runs that code under what looks like
 * a read: `python3 -c 'import payload'` with `payload.py` in the workspace, `node -e
 * 'require("./payload.cjs")'`, `ruby -e 'require_relative "x"'`. The syntax that always loads a
 * file by path is a table per language; module names are checked against the installed ones.
 */
export interface LocalCodeRule {
  id: string;
  /** Interpreter families (`python`, `node`, `ruby`, `perl`, `php`, `deno`, `bun`). */
  families: readonly string[];
  pattern: RegExp;
  why: string;
  /** Whole command lines this rule makes unknown, and look-alikes it leaves alone. */
  examples: { unknown: readonly string[]; allowed: readonly string[] };
}

/** A module specifier that is a file: relative, absolute, a file: or data: URL. */
const PATH_SPECIFIER = String.raw`(?:\.{1,2}\/|\/|~\/|file:|data:)`;

export const LOCAL_CODE_RULES: readonly LocalCodeRule[] = [
  {
    id: "local.path-require",
    families: ["node", "bun", "deno", "ruby", "perl"],
    pattern: new RegExp(String.raw`\b(?:require|import)\s*\(?\s*(['"\`])${PATH_SPECIFIER}|\bfrom\s+(['"])${PATH_SPECIFIER}|\bimport\s+(['"])${PATH_SPECIFIER}|\bdo\s*\(?\s*(?:['"]|\$)`),
    why: "loads a file by its path",
    examples: { unknown: ["node -e 'require(\"./payload.cjs\")'", "node -e 'import(\"./x.mjs\")'", "node --input-type=module -e 'import \"./x.mjs\"'", "ruby -e 'require \"./x\"'", "perl -e 'do \"./x.pl\"'"], allowed: ["node -e 'require(\"fs\").readFileSync(\"a\")'", "ruby -e 'require \"json\"; puts 1'"] },
  },
  {
    id: "local.load-path",
    families: ["ruby", "perl"],
    pattern: /\brequire_relative\b|\bload\s*\(?\s*['"$]|\bautoload\b|\$(?:LOAD_PATH|:)\s*(?:<<|\.\s*(?:unshift|push|concat|insert|prepend))|\bBundler\b|bundler\/setup|\buse\s+lib\b|\b(?:push|unshift)\s*\(?\s*@INC\b|@INC\s*=/,
    why: "loads a file relative to the working directory, or adds a directory to the load path",
    examples: { unknown: ["ruby -e 'require_relative \"payload\"'", "ruby -e 'load \"x.rb\"'", "perl -e 'use lib \".\"; use Payload'", "ruby -e '$: << \".\"; require \"x\"'"], allowed: ["perl -e 'print 1'"] },
  },
  {
    id: "local.php-include",
    families: ["php"],
    // PHP's include_path holds `.`: any include may be the working directory's file.
    pattern: /\b(?:include|include_once|require|require_once)\b\s*\(?\s*['"$]/,
    why: "includes a PHP file, searched in the working directory first",
    examples: { unknown: ["php -r 'include \"x.php\";'"], allowed: ["php -r 'echo 1;'"] },
  },
  {
    id: "local.python-path",
    families: ["python"],
    pattern: /\bsys\.path\s*(?:\.\s*(?:insert|append|extend)|\+?=|\[)|\bsite\.addsitedir\b|\brunpy\b|\bzipimport\b|\bpkgutil\b|\bimp\.load_\w+|\bfrom\s+\.+\s*[\w.]*\s*import\b/,
    why: "changes the module search path or loads a module from a path",
    examples: { unknown: ["python3 -c 'import sys; sys.path.insert(0, \".\"); import json'", "python3 -c 'import runpy; runpy.run_path(\"x.py\")'"], allowed: ["python3 -c 'import sys; print(sys.path)'"] },
  },
];

/** Every module a Python one-liner imports, by its top-level name (`os.path` is `os`). */
export function pythonImports(code: string): string[] {
  const names: string[] = [];
  for (const m of code.matchAll(/\bimport\s+([A-Za-z_][\w.]*(?:\s+as\s+\w+)?(?:\s*,\s*[A-Za-z_][\w.]*(?:\s+as\s+\w+)?)*)/g)) {
    // `from x import a, b` lists names inside x, not modules: that import is read from `from`.
    const before = code.slice(0, m.index);
    if (/\bfrom\s+[\w.]+\s*$/.test(before)) continue;
    for (const part of (m[1] ?? "").split(",")) names.push((part.trim().split(/\s+/)[0] ?? "").split(".")[0] ?? "");
  }
  for (const m of code.matchAll(/\bfrom\s+([A-Za-z_][\w.]*)\s+import\b/g)) names.push((m[1] ?? "").split(".")[0] ?? "");
  return [...new Set(names.filter(Boolean))];
}

/** Every module specifier a JavaScript one-liner loads with a string literal. */
export function javascriptSpecifiers(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/\b(?:require|import)\s*\(\s*(['"`])([^'"`]+)\1|\bfrom\s+(['"])([^'"]+)\3|\bimport\s+(['"])([^'"]+)\5/g)) {
    found.push(m[2] ?? m[4] ?? m[6] ?? "");
  }
  return found.filter(Boolean);
}

/** A Python module in the directory: it comes first on sys.path (`''`) for `-c`, `-m` and stdin. */
function pythonModulesIn(dir: string): string | null {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  for (const e of entries) {
    if (/\.(?:py|pyc|pyw|so|pyd)$/.test(e.name) && !e.isDirectory()) return e.name;
    if ((e.isDirectory() || e.isSymbolicLink()) && existsSync(posix.join(dir, e.name, "__init__.py"))) return `${e.name}/`;
  }
  return null;
}

/** A node_modules directory the agent can write, from `cwd` up: bare specifiers resolve there first. */
function writableNodeModules(cwd: string, workspace: Workspace): string | null {
  let dir = posix.normalize(cwd);
  for (;;) {
    const candidate = posix.join(dir, "node_modules");
    if (existsSync(candidate) && agentCanWrite(candidate, workspace)) return candidate;
    if (dir === "/") return null;
    dir = posix.dirname(dir);
  }
}

export interface LocalCodeFinding {
  id: string;
  why: string;
}

export interface ModuleContext {
  family: string;
  context: ShellContext;
  workspace: Workspace;
  /** Python's `-I` or `-P`: the working directory is not on sys.path. */
  isolated?: boolean;
}

/**
 * Why the code (or `python -m`'s module) may load files the agent wrote, or null. The file system
 * is only asked when Warden judges a real workspace (`followSymlinks`); judged lexically, a name
 * that is not installed code is enough.
 */
export function localCodeFinding(code: string, m: ModuleContext): LocalCodeFinding | null {
  for (const rule of LOCAL_CODE_RULES) {
    if (rule.families.includes(m.family) && rule.pattern.test(code)) return { id: rule.id, why: rule.why };
  }
  if (m.family === "python") return pythonFinding(pythonImports(code), m);
  if (m.family === "node" || m.family === "bun" || m.family === "deno") return javascriptFinding(javascriptSpecifiers(code), m);
  return null;
}

export function pythonFinding(modules: readonly string[], m: ModuleContext): LocalCodeFinding | null {
  if (modules.length === 0) return null;
  const strange = modules.find((name) => !PYTHON_STDLIB.has(name) && !PYTHON_KNOWN_LIBRARIES.has(name));
  if (strange) return { id: "local.python-module", why: `imports ${strange}, which is neither the standard library nor a known installed library: it may be a file the agent wrote` };
  if (!m.workspace.followSymlinks || m.isolated || m.context.location.kind === "remote") return null;
  const cwds = m.context.cwds;
  if (cwds === null) return { id: "local.python-module", why: "imports modules from a working directory known only at run time (it comes first on sys.path)" };
  for (const cwd of cwds) {
    if (!agentCanWrite(cwd, m.workspace)) continue;
    const module = pythonModulesIn(cwd);
    // Any module there can stand in for one the code, or the library it imports, loads.
    if (module) return { id: "local.python-module", why: `the working directory holds ${module}, which comes before installed modules on sys.path` };
  }
  return null;
}

function javascriptFinding(specifiers: readonly string[], m: ModuleContext): LocalCodeFinding | null {
  const packages = specifiers.filter((s) => !s.startsWith("node:") && !s.startsWith("npm:") && !s.startsWith("jsr:") && !NODE_BUILTINS.has(s));
  // Deno fetches `npm:` and `jsr:` packages from the registry into its own cache, not the workspace.
  if (packages.length === 0) return null;
  const local = packages.find((s) => /^(?:\.{1,2}\/|\/|~\/|file:|data:)/.test(s));
  if (local) return { id: "local.path-require", why: `loads ${local} by its path` };
  if (!m.workspace.followSymlinks || m.context.location.kind === "remote") return { id: "local.node-package", why: `loads the package ${packages[0] ?? ""}, resolved from node_modules directories the agent can write` };
  const cwds = m.context.cwds;
  if (cwds === null) return { id: "local.node-package", why: `loads the package ${packages[0] ?? ""} from a working directory known only at run time` };
  for (const cwd of cwds) {
    const modules = writableNodeModules(cwd, m.workspace);
    if (modules) return { id: "local.node-package", why: `loads the package ${packages[0] ?? ""}, resolved from ${modules}, which the agent can write` };
  }
  return null;
}
