import { posix } from "node:path";
import type { ClassifyContext } from "./classifier.js";
import type { Operation } from "./operation.js";
import { isWithin } from "./workspace-paths.js";

/**
 * The file system is asked about modules and repositories when the line is judged, before it
 * runs: `echo ... > json.py && python3 -c 'import json'` would find no json.py yet. So each
 * command that loads code from where it runs records that place as a line fact, and once the
 * whole line is judged, a change to the files it loads from (made anywhere on the line) makes the
 * line unknown. Each rule says which writes plant code for which loader.
 */
export interface PlantedCodeRule {
  /** The loader's kind, as recorded by `recordLoader`. */
  loader: "python" | "node" | "git";
  /** Whether writing `path` (absolute) may plant code a loader running in `cwd` picks up. */
  plants(path: string, cwd: string): boolean;
  /** Writers that cannot plant it (a fresh `git clone` brings no config or hooks). */
  ignoresWriter?(op: Operation): boolean;
  why: string;
  examples: readonly string[];
}

/** The written path is the directory the loader runs in, or one above it: a tree made or replaced around it (a clone, an archive). */
const around = (path: string, cwd: string) => isWithin(path, cwd);

export const PLANTED_CODE_RULES: readonly PlantedCodeRule[] = [
  {
    loader: "python",
    // A module file or a package directory (a name without extension) right in the working directory.
    plants: (path, cwd) => around(path, cwd) || (posix.dirname(path) === cwd && (/\.(?:py|pyc|pyw|so|pyd)$/.test(path) || !/\.[^/]+$/.test(posix.basename(path)))) || (isWithin(cwd, path) && path.endsWith("/__init__.py")),
    why: "writes a python module where a one-liner on the same line imports from (the working directory comes first on sys.path)",
    examples: ["echo 'import os' > json.py && python3 -c 'import json; print(1)'", "cp /tmp/x.py ./yaml.py; python3 -c 'import yaml'", "git clone https://github.com/o/r.git r && cd r && python3 -c 'import json'"],
  },
  {
    loader: "node",
    plants: (path, cwd) => around(path, cwd) || (/\/node_modules(?:\/|$)/.test(path) && isWithin(path.slice(0, path.indexOf("/node_modules")) || "/", cwd)),
    why: "writes into a node_modules directory a one-liner on the same line resolves packages from",
    examples: ["mkdir -p node_modules/lodash && echo 'x' > node_modules/lodash/index.js && node -e 'require(\"lodash\")'"],
  },
  {
    loader: "git",
    plants: (path, cwd) => around(path, cwd) || (/\/\.git(?:\/|$)/.test(path) && isWithin(path.slice(0, path.indexOf("/.git")) || "/", cwd)),
    ignoresWriter: (op) => op.catalog.startsWith("git."),
    why: "writes a repository's .git (config, hooks) that a git command on the same line then reads",
    examples: ["git init x && echo '[core] fsmonitor = ./y' >> x/.git/config && git -C x status", "mkdir -p v/.git && cp /tmp/cfg v/.git/config && cd v && git status"],
  },
];

/** Changes that put no content anywhere: they cannot plant code (an empty file shadows nothing that runs). */
const NO_CONTENT = /^(?:mkdir|touch|rmdir|rm|rm -r|unlink|chmod|chown|chgrp|chattr|setfacl|truncate|mkfifo|find -delete)$/;

/** Records that a command of this line loads `loader` code from `cwds` (null: a place not known). */
export function recordLoader(ctx: ClassifyContext, loader: PlantedCodeRule["loader"], cwds: readonly string[] | null): void {
  for (const cwd of cwds ?? ["?"]) ctx.lineFacts.set(`loads:${loader}:${cwd}`, "1");
}

/** Unknown operations for loaders of the line whose code another command of the line writes. */
export function plantedCodeOperations(ctx: ClassifyContext, operations: readonly Operation[], line: string): Operation[] {
  const writers = operations.filter((op) => op.target === "filesystem" && op.effect !== "read" && !NO_CONTENT.test(op.verb));
  if (writers.length === 0) return [];
  const found: Operation[] = [];
  for (const key of ctx.lineFacts.keys()) {
    const m = /^loads:(python|node|git):(.*)$/.exec(key);
    if (!m) continue;
    const [, loader, cwd = ""] = m;
    const rule = PLANTED_CODE_RULES.find((r) => r.loader === loader);
    if (!rule) continue;
    const writer = writers.find((op) => !rule.ignoresWriter?.(op) && op.resources.some((p) => cwd === "?" || !p.startsWith("/") || rule.plants(posix.normalize(p), cwd)));
    if (!writer) continue;
    found.push({
      target: "generic",
      service: "shell",
      verb: `plants ${loader} code`,
      effect: "unknown",
      resources: writer.resources,
      dry_run: false,
      local: false,
      markers: [],
      catalog: "shell.planted-code",
      why: `${rule.why}: ${writer.command}`,
      command: line,
      via: [],
    });
  }
  return found;
}
