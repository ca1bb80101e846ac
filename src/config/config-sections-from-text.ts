import { LineCounter, isScalar, parseDocument } from "yaml";
import { ConfigError, formatKeyPath, type ConfigProblem } from "./config-error.js";
import { locateInYaml } from "./locate-yaml-node.js";
import { configSchema, type StakpakConfigFile } from "./schema.js";
import { yamlSyntaxProblems } from "./yaml-syntax-problems.js";
import { zodIssueProblems } from "./zod-issue-problems.js";

/**
 * Some top-level sections of a `.stakpak/config.yml` read as text (the App and the Action read
 * the default branch's through the API, with no checkout). Only those sections are judged:
 * problems elsewhere are the workflow's to report where it plans. A broken section throws a
 * ConfigError with line, key and hint for each problem, so the caller refuses rather than fall
 * back to defaults the file did not mean.
 */
export function configSectionsFromText<K extends keyof StakpakConfigFile>(text: string, file: string, sections: readonly K[]): Pick<StakpakConfigFile, K> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) throw new ConfigError(file, yamlSyntaxProblems(doc, lineCounter, file));

  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new ConfigError(file, [{ file, line: 1, column: 1, key: "", message: "the config must be a mapping", hint: "start with top-level keys, e.g. `authorization: { apply: [permission:maintain] }`" }]);
  }
  const parsed = configSchema.safeParse(data);
  const sourceText = (p: readonly (string | number)[]) => {
    const node = doc.getIn(p, true);
    return isScalar(node) ? node.source : undefined;
  };
  const wanted = new Set<PropertyKey>(sections);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues
        .filter((issue) => issue.path[0] !== undefined && wanted.has(issue.path[0]))
        .flatMap((issue) => zodIssueProblems(issue, data, configSchema, sourceText))
        .map((p) => ({ file, ...locateInYaml(doc, lineCounter, p.path, p.at), key: formatKeyPath(p.path), message: p.message, hint: p.hint }));
  if (problems.length > 0) throw new ConfigError(file, problems);
  const record = data as Record<string, unknown>;
  return Object.fromEntries(sections.map((key) => [key, record[key as string]])) as Pick<StakpakConfigFile, K>;
}
