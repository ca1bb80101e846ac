import type { ResolvedTool } from "./check-on-disk.js";
import type { PathProblem } from "./config-error.js";
import { normalizeRelative } from "./repo-paths.js";
import { toolKeyProblems } from "./tool-keys.js";

/**
 * Rules that need each project's tool, including tools inferred from disk: keys of the other
 * tool (the schema already checked projects that name their tool) and two projects planning
 * the same dir with the same tool, which would plan, and lock, the same state twice.
 */
export function checkResolvedProjects(data: unknown, tools: ReadonlyMap<number, ResolvedTool>): PathProblem[] {
  const projects = (data as { projects?: unknown } | null)?.projects;
  if (!Array.isArray(projects)) return [];
  const problems: PathProblem[] = [];
  const seen = new Map<string, number>();

  for (const [index, resolved] of tools) {
    const project: unknown = projects[index];
    if (resolved.source === "inferred") {
      for (const p of toolKeyProblems(project, resolved.tool, "inferred")) {
        problems.push({ ...p, path: ["projects", index, ...p.path] });
      }
    }
    const dir = (project as { dir?: unknown }).dir;
    if (typeof dir !== "string") continue;
    const pair = `${normalizeRelative(dir)}\0${resolved.tool}`;
    const first = seen.get(pair);
    if (first === undefined) {
      seen.set(pair, index);
      continue;
    }
    problems.push({
      path: ["projects", index, "dir"],
      message: `projects[${first}] already plans \`${normalizeRelative(dir)}\` with ${resolved.tool}`,
      hint: "one project per dir and tool; use `environments` for several workspaces or clusters of the same code",
    });
  }
  return problems;
}
