import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { closestWord } from "./closest-word.js";
import type { PathProblem } from "./config-error.js";
import { inferTool } from "./infer-tool.js";
import { climbsAbove, isAbsoluteAnywhere, isInside } from "./repo-paths.js";
import { TOOLS, type Tool } from "./tool-keys.js";

export interface ResolvedTool {
  tool: Tool;
  source: "explicit" | "inferred";
}

export interface DiskCheckResult {
  problems: PathProblem[];
  /** Tool per project index, for projects whose dir exists and whose tool is known. */
  tools: Map<number, ResolvedTool>;
}

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A relative path the schema accepts; other shapes are reported by the schema, not twice here. */
function usablePath(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && !isAbsoluteAnywhere(value);
}

async function kindOf(abs: string): Promise<"file" | "dir" | "missing"> {
  try {
    return (await stat(abs)).isDirectory() ? "dir" : "file";
  } catch {
    return "missing";
  }
}

/** `did you mean ...` for a mistyped last segment, when the parent dir exists. */
async function siblingGuess(abs: string, shownPath: string): Promise<string> {
  try {
    const entries = await readdir(path.dirname(abs), { withFileTypes: true });
    const guess = closestWord(path.basename(abs), entries.map((e) => e.name));
    return guess ? ` Did you mean \`${path.posix.join(path.posix.dirname(shownPath), guess)}\`?` : "";
  } catch {
    return "";
  }
}

interface PathCheck {
  repoRoot: string;
  base: string;
  written: string;
  expect: "file" | "dir";
  path: (string | number)[];
  /** How the path is meant to be written, for the hint. */
  relativeTo: string;
}

async function checkPath(check: PathCheck): Promise<PathProblem | undefined> {
  const abs = path.resolve(check.base, check.written);
  const noun = check.expect === "dir" ? "directory" : "file";
  if (!isInside(check.repoRoot, abs)) {
    return {
      path: check.path,
      message: `\`${check.written}\` points outside the repository`,
      hint: `it resolved to ${abs}; paths here are relative to ${check.relativeTo} and must stay inside the repository`,
    };
  }
  const kind = await kindOf(abs);
  if (kind === "missing") {
    return {
      path: check.path,
      message: `${noun} \`${check.written}\` does not exist`,
      hint: `it resolved to ${abs}; paths here are relative to ${check.relativeTo}.${await siblingGuess(abs, check.written)}`,
    };
  }
  if (kind !== check.expect) {
    return { path: check.path, message: `\`${check.written}\` is a ${kind === "dir" ? "directory" : "file"}, not a ${noun}`, hint: `point it at a ${noun}` };
  }
  // A symlink inside the checkout can still lead out of it.
  const real = await realpath(abs);
  if (!isInside(await realpath(check.repoRoot), real)) {
    return { path: check.path, message: `\`${check.written}\` leads outside the repository through a symlink`, hint: `it resolves to ${real}` };
  }
  return undefined;
}

async function resolveTool(project: Raw, absDir: string, dir: string, index: number): Promise<ResolvedTool | PathProblem | undefined> {
  const written = project["tool"];
  if (written !== undefined) {
    return TOOLS.includes(written as Tool) ? { tool: written as Tool, source: "explicit" } : undefined;
  }
  const inferred = await inferTool(absDir);
  if (inferred === "terraform" || inferred === "kubernetes") return { tool: inferred, source: "inferred" };
  const addTool = "add `tool: terraform` or `tool: kubernetes` to this project";
  return {
    path: ["projects", index, "dir"],
    message:
      inferred === "ambiguous"
        ? `cannot tell the tool for \`${dir}\`: it holds both *.tf files and a kustomization`
        : `cannot tell the tool for \`${dir}\`: no *.tf files, kustomization or Kubernetes manifests in it`,
    hint: inferred === "ambiguous" ? addTool : `${addTool}, or check that \`dir\` is the project's directory`,
  };
}

/** Paths inside one environment that must exist, skipping keys that belong to the other tool. */
function environmentPaths(env: Raw, tool: Tool | undefined): { key: string; index?: number; value: string; expect: "file" | "dir" }[] {
  const out: { key: string; index?: number; value: string; expect: "file" | "dir" }[] = [];
  if (tool !== "kubernetes") {
    for (const key of ["var_files", "backend_config"]) {
      const list = env[key];
      if (!Array.isArray(list)) continue;
      list.forEach((value: unknown, index) => {
        // backend_config entries with `=` are key=value settings, not files.
        if (usablePath(value) && !(key === "backend_config" && value.includes("="))) out.push({ key, index, value, expect: "file" });
      });
    }
  }
  if (tool !== "terraform" && usablePath(env["dir"])) out.push({ key: "dir", value: env["dir"], expect: "dir" });
  return out;
}

/**
 * The checks that need the disk: project dirs, var files, backend config files and overlay dirs
 * exist inside the repository; the tool of projects that do not name one. Runs on the raw parsed
 * YAML, whether or not the schema accepted it, so these problems are reported together with
 * the schema's.
 */
export async function checkOnDisk(repoRoot: string, data: unknown): Promise<DiskCheckResult> {
  const problems: PathProblem[] = [];
  const tools = new Map<number, ResolvedTool>();
  const projects = isRecord(data) && Array.isArray(data["projects"]) ? (data["projects"] as unknown[]) : [];

  for (const [index, project] of projects.entries()) {
    if (!isRecord(project)) continue;
    const dir = project["dir"];
    if (!usablePath(dir) || climbsAbove(dir)) continue;
    const dirProblem = await checkPath({
      repoRoot,
      base: repoRoot,
      written: dir,
      expect: "dir",
      path: ["projects", index, "dir"],
      relativeTo: `the repository root (${repoRoot})`,
    });
    if (dirProblem) {
      problems.push(dirProblem);
      continue;
    }
    const absDir = path.resolve(repoRoot, dir);
    const tool = await resolveTool(project, absDir, dir, index);
    if (tool && "path" in tool) problems.push(tool);
    else if (tool) tools.set(index, tool);
    const knownTool = tool && "tool" in tool ? tool.tool : undefined;

    const environments = project["environments"];
    if (!isRecord(environments)) continue;
    for (const [envName, env] of Object.entries(environments)) {
      if (!isRecord(env)) continue;
      for (const entry of environmentPaths(env, knownTool)) {
        const entryPath = ["projects", index, "environments", envName, entry.key, ...(entry.index === undefined ? [] : [entry.index])];
        const problem = await checkPath({
          repoRoot,
          base: absDir,
          written: entry.value,
          expect: entry.expect,
          path: entryPath,
          relativeTo: `the project dir (${dir})`,
        });
        if (problem) problems.push(problem);
      }
    }
  }
  return { problems, tools };
}
