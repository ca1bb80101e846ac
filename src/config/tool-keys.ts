import type { PathProblem } from "./config-error.js";

export const TOOLS = ["terraform", "kubernetes"] as const;
export type Tool = (typeof TOOLS)[number];

/** Keys that only mean something for one tool; on a project of the other tool they are mistakes. */
const TOOL_ONLY_KEYS: Record<Tool, { project: readonly string[]; environment: readonly string[] }> = {
  terraform: { project: ["terraform"], environment: ["workspace", "var_files", "backend_config"] },
  kubernetes: { project: [], environment: ["context", "namespace", "kubeconfig", "dir"] },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Keys of the other tool found on a project of `tool`; paths are relative to the project.
 * Works on unvalidated input because it runs alongside, not after, the schema's other checks.
 */
export function toolKeyProblems(project: unknown, tool: Tool, toolSource: "explicit" | "inferred"): PathProblem[] {
  if (!isRecord(project)) return [];
  const other: Tool = tool === "terraform" ? "kubernetes" : "terraform";
  const own = TOOL_ONLY_KEYS[tool];
  const why =
    toolSource === "inferred"
      ? ` (the tool was inferred from the files in its dir; add \`tool: ${other}\` if that is wrong)`
      : "";
  const problems: PathProblem[] = [];

  for (const key of TOOL_ONLY_KEYS[other].project) {
    if (key in project) {
      problems.push({
        path: [key],
        at: "key",
        message: `\`${key}\` only applies to ${other} projects, but this is a ${tool} project`,
        hint: `remove the \`${key}:\` section${why}`,
      });
    }
  }

  const environments = project["environments"];
  if (!isRecord(environments)) return problems;
  for (const [envName, env] of Object.entries(environments)) {
    if (!isRecord(env)) continue;
    for (const key of TOOL_ONLY_KEYS[other].environment) {
      if (!(key in env)) continue;
      problems.push({
        path: ["environments", envName, key],
        at: "key",
        message: `\`${key}\` only applies to ${other} environments, but this is a ${tool} project`,
        hint: `remove it; ${tool} environments take ${own.environment.join(", ")}${why}`,
      });
    }
  }
  return problems;
}
