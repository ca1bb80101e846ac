import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../user-error.js";
import { findLocalModuleSources } from "./find-local-module-sources.js";
import { KUSTOMIZATION_FILES, isTerraformFile } from "./infer-tool.js";
import { normalizeProject } from "./normalize-config.js";
import type { Project, Tool } from "./project.js";
import { isInside, relativePosix } from "./repo-paths.js";

interface CandidateDir {
  abs: string;
  terraformFiles: string[];
  kustomize: boolean;
}

// Hidden dirs cover .git and .terraform (downloaded modules and providers).
function isSkipped(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

async function walk(dir: string, found: Map<string, CandidateDir>): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // unreadable dirs cannot be planned either
  }
  const files = entries.filter((e) => e.isFile()).map((e) => e.name);
  const terraformFiles = files.filter(isTerraformFile).sort();
  const kustomize = files.some((f) => KUSTOMIZATION_FILES.includes(f));
  if (terraformFiles.length > 0 || kustomize) found.set(dir, { abs: dir, terraformFiles, kustomize });
  // Symlinked dirs are not followed (Dirent.isDirectory is false for them): no loops, no escapes.
  const children = entries.filter((e) => e.isDirectory() && !isSkipped(e.name));
  await Promise.all(children.map((e) => walk(path.join(dir, e.name), found)));
}

async function resolveUnder(root: string, under: string): Promise<string> {
  const abs = path.resolve(root, under);
  if (!isInside(root, abs)) {
    throw new UserError({ summary: `${under} is outside the repository`, where: abs, hint: `give a dir inside ${root}`, exitCode: 2 });
  }
  const isDir = await stat(abs).then((s) => s.isDirectory(), () => false);
  if (!isDir) {
    throw new UserError({
      summary: `directory not found: ${under}`,
      where: abs,
      hint: "dirs are relative to the repository root",
      exitCode: 2,
    });
  }
  return abs;
}

function sanitizeName(raw: string): string {
  const name = raw.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "");
  return name || "project";
}

function uniqueName(base: string, tool: Tool, taken: Set<string>): string {
  let name = taken.has(base) ? `${base}-${tool}` : base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/**
 * Projects of a repository that has no config: every dir with *.tf files (terraform) and every
 * dir with a kustomization (kubernetes). Terraform dirs that are only modules are skipped: those
 * another dir uses as a local `source`, and those under a `modules` path segment. Names come from
 * the path (`infra/network` -> `infra-network`, the root -> its folder name); the order is by dir.
 * `under` (paths relative to the root, or absolute) keeps the projects at or below those dirs.
 */
export async function discoverProjects(repoRoot: string, under?: readonly string[]): Promise<Project[]> {
  const root = path.resolve(repoRoot);
  // No dirs at all means the whole repository, as on the command line.
  const limits = under?.length ? await Promise.all(under.map((u) => resolveUnder(root, u))) : undefined;

  const found = new Map<string, CandidateDir>();
  await walk(root, found);
  // A dir the walk skips (hidden, node_modules) is still searched when asked for explicitly.
  for (const limit of limits ?? []) {
    const rel = relativePosix(root, limit);
    if (rel !== "." && rel.split("/").some(isSkipped)) await walk(limit, found);
  }

  // Modules are found across the whole repository: the dir using one may sit outside `under`.
  const moduleDirs = new Set<string>();
  for (const candidate of found.values()) {
    for (const source of await findLocalModuleSources(candidate.abs, candidate.terraformFiles)) {
      if (source !== candidate.abs) moduleDirs.add(source);
    }
  }

  const picked: { abs: string; dir: string; tool: Tool }[] = [];
  for (const candidate of found.values()) {
    if (limits && !limits.some((limit) => isInside(limit, candidate.abs))) continue;
    const dir = relativePosix(root, candidate.abs);
    const isModule = moduleDirs.has(candidate.abs) || dir.split("/").includes("modules");
    if (candidate.terraformFiles.length > 0 && !isModule) picked.push({ abs: candidate.abs, dir, tool: "terraform" });
    if (candidate.kustomize) picked.push({ abs: candidate.abs, dir, tool: "kubernetes" });
  }

  const sortKey = (p: { dir: string; tool: Tool }) => `${p.dir === "." ? "" : p.dir}\0${p.tool === "terraform" ? 0 : 1}`;
  picked.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));

  const taken = new Set<string>();
  return picked.map(({ dir, tool }) => {
    const name = uniqueName(sanitizeName(dir === "." ? path.basename(root) : dir.replace(/\//g, "-")), tool, taken);
    return normalizeProject(root, { name, dir }, { tool, source: "inferred" });
  });
}
