import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { LineCounter, isScalar, parseDocument } from "yaml";
import type { AuthorizationRules } from "./authorization-rules.js";
import { UserError } from "../user-error.js";
import { checkOnDisk } from "./check-on-disk.js";
import { checkResolvedProjects } from "./check-resolved-projects.js";
import { ConfigError, formatKeyPath, type ConfigProblem, type PathProblem } from "./config-error.js";
import { discoverProjects } from "./discover-projects.js";
import { locateInYaml } from "./locate-yaml-node.js";
import { normalizeAuthorization, normalizeProject } from "./normalize-config.js";
import type { Project } from "./project.js";
import { isInside, relativePosix } from "./repo-paths.js";
import type { AgentConfig, LlmConfig } from "./llm-settings.js";
import { configSchema } from "./schema.js";
import { yamlSyntaxProblems } from "./yaml-syntax-problems.js";
import { zodIssueProblems } from "./zod-issue-problems.js";

export const DEFAULT_CONFIG_PATHS: readonly string[] = [".stakpak/config.yml", ".stakpak/config.yaml"];

export interface LoadedConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Absolute repository root. */
  repoRoot: string;
  projects: Project[];
  /** "discovered" when the file has no `projects:` and they were found by `discoverProjects`. */
  projectsSource: "config" | "discovered";
  /** Who may run each comment command (`authorization:` over the defaults). */
  authorization: AuthorizationRules;
  // Sections later features define; any mapping is accepted for now.
  warden: Record<string, unknown>;
  redact: Record<string, unknown>;
  memory: Record<string, unknown>;
  /** `llm:` as written (validated); resolveLlmSettings fills the defaults. */
  llm: LlmConfig;
  /** `agent:` as written (validated). */
  agent: AgentConfig;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function findConfigFile(repoRoot: string, configPath: string | undefined): Promise<string | null> {
  if (configPath !== undefined) {
    const abs = path.resolve(repoRoot, configPath);
    if (await exists(abs)) return abs;
    throw new UserError({
      summary: `config file not found: ${configPath}`,
      where: abs,
      hint: "check the path; a relative config path is resolved against the repository root",
      exitCode: 2,
    });
  }
  const found: string[] = [];
  for (const candidate of DEFAULT_CONFIG_PATHS) {
    if (await exists(path.join(repoRoot, candidate))) found.push(candidate);
  }
  if (found.length > 1) {
    throw new UserError({
      summary: `both ${found.join(" and ")} exist`,
      where: repoRoot,
      hint: "keep one of them; the other would be silently ignored",
      exitCode: 2,
    });
  }
  return found[0] === undefined ? null : path.join(repoRoot, found[0]);
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return a.line - b.line || a.column - b.column || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Loads and validates the repository's stakpak config. Returns null when there is none at the
 * default path (the caller then discovers projects). Every problem in the file (YAML syntax,
 * schema, missing dirs and files) is collected and thrown as one ConfigError, each with its
 * line:column, so a single edit fixes them all. YAML syntax errors are reported alone: a
 * schema check of a half-parsed document would only add noise.
 */
export async function loadConfig(repoRoot: string, configPath?: string): Promise<LoadedConfig | null> {
  const root = path.resolve(repoRoot);
  const file = await findConfigFile(root, configPath);
  if (file === null) return null;
  const shownFile = isInside(root, file) ? relativePosix(root, file) : file;

  const lineCounter = new LineCounter();
  const doc = parseDocument(await readFile(file, "utf8"), { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(shownFile, yamlSyntaxProblems(doc, lineCounter, shownFile));
  }

  // An empty file is a config with every default.
  const data: unknown = doc.toJS() ?? {};
  const parsed = configSchema.safeParse(data);
  const sourceText = (p: readonly (string | number)[]) => {
    const node = doc.getIn(p, true);
    return isScalar(node) ? node.source : undefined;
  };
  const disk = await checkOnDisk(root, data);
  const pathProblems: PathProblem[] = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => zodIssueProblems(issue, data, configSchema, sourceText))),
    ...disk.problems,
    ...checkResolvedProjects(data, disk.tools),
  ];

  const seen = new Set<string>();
  const problems = pathProblems
    .map((p): ConfigProblem => ({
      file: shownFile,
      ...locateInYaml(doc, lineCounter, p.path, p.at),
      key: formatKeyPath(p.path),
      message: p.message,
      hint: p.hint,
    }))
    .filter((p) => {
      const id = `${p.line}:${p.column}:${p.key}:${p.message}`;
      return seen.has(id) ? false : (seen.add(id), true);
    })
    .sort(byPosition);
  if (problems.length > 0 || !parsed.success) throw new ConfigError(shownFile, problems);

  const config = parsed.data;
  const projects = config.projects
    ? config.projects.map((project, index) => {
        const tool = disk.tools.get(index);
        if (!tool) throw new Error(`internal: no tool resolved for projects[${index}]`);
        return normalizeProject(root, project, tool);
      })
    : await discoverProjects(root);

  return {
    file,
    repoRoot: root,
    projects,
    projectsSource: config.projects ? "config" : "discovered",
    authorization: normalizeAuthorization(config.authorization),
    warden: config.warden ?? {},
    redact: config.redact ?? {},
    memory: config.memory ?? {},
    llm: config.llm ?? {},
    agent: config.agent ?? {},
  };
}
