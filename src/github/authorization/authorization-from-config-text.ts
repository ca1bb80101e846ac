import { LineCounter, isScalar, parseDocument } from "yaml";
import { ConfigError, formatKeyPath, type ConfigProblem } from "../../config/config-error.js";
import { locateInYaml } from "../../config/locate-yaml-node.js";
import { normalizeAuthorization } from "../../config/normalize-config.js";
import { configSchema, type AuthorizationConfig } from "../../config/schema.js";
import { yamlSyntaxProblems } from "../../config/yaml-syntax-problems.js";
import { zodIssueProblems } from "../../config/zod-issue-problems.js";
import type { AuthorizationRules } from "../../config/authorization-rules.js";

/**
 * The `authorization:` of a `.stakpak/config.yml` read as text (the App reads it through the API,
 * with no checkout). Only that section is judged here: problems elsewhere in the file are the
 * workflow's to report, where it plans. A broken section throws a ConfigError with line, key
 * and hint for each problem, so the App refuses rather than fall back to the defaults, which may
 * allow more than the config meant to.
 */
export function authorizationFromConfigText(text: string, file: string): AuthorizationRules {
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
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues
        .filter((issue) => issue.path[0] === "authorization")
        .flatMap((issue) => zodIssueProblems(issue, data, configSchema, sourceText))
        .map((p) => ({ file, ...locateInYaml(doc, lineCounter, p.path, p.at), key: formatKeyPath(p.path), message: p.message, hint: p.hint }));
  if (problems.length > 0) throw new ConfigError(file, problems);

  const section = (data as { authorization?: AuthorizationConfig }).authorization;
  return normalizeAuthorization(section);
}
