import { LineCounter, isScalar, parseDocument, type Document } from "yaml";
import { formatKeyPath, type ConfigProblem, type PathProblem } from "../../config/config-error.js";
import { locateInYaml, type SourcePosition } from "../../config/locate-yaml-node.js";
import { yamlSyntaxProblems } from "../../config/yaml-syntax-problems.js";
import { zodIssueProblems } from "../../config/zod-issue-problems.js";
import { MAX_RULEBOOK_CHARS, type Rulebook, type RulebookFile } from "./rulebook.js";
import { idFromPath, isValidRulebookId, RULEBOOK_KEY_EXAMPLES, rulebookFrontMatterSchema } from "./rulebook-schema.js";
import { splitFrontMatter } from "./split-front-matter.js";

export interface ParsedRulebook {
  /** Null when the file has problems. */
  rulebook: Rulebook | null;
  /** The id, when the front matter gives a valid one (or the file name does), even if other keys have problems. */
  id: string | null;
  problems: ConfigProblem[];
  /** Where the id is written (line 1 when it comes from the file name), for duplicate reports. */
  idPosition: SourcePosition;
}

const SKELETON = "start the file with front matter: `---`, `id: my-rulebook`, `description: When to read it`, `---`, then the markdown";

/** The hints zodIssueProblems gives without an example (`add \`description\``), with the rulebook's example. */
function withExample(problem: PathProblem): PathProblem {
  const key = [...problem.path].reverse().find((s): s is string => typeof s === "string");
  const example = key === undefined ? undefined : RULEBOOK_KEY_EXAMPLES[key];
  if (!example || !/^(add|write) /.test(problem.hint) || problem.hint.includes("e.g.")) return problem;
  return { ...problem, hint: `${problem.hint}, e.g. \`${example}\`` };
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the text \`${value.slice(0, 40)}\``;
  return `\`${String(value)}\``;
}

/**
 * One rulebook file: its front matter checked against the schema, every problem located by file,
 * line, column and key (lines count from the top of the file, fences included), its body kept
 * as written. `shownFile` is the name problems carry.
 */
export function parseRulebook(file: RulebookFile, origin: string, shownFile: string): ParsedRulebook {
  const problem = (line: number, column: number, key: string, message: string, hint: string): ConfigProblem => ({ file: shownFile, line, column, key, message, hint });
  const fileStart = { line: 1, column: 1 };
  const failed = (problems: ConfigProblem[]): ParsedRulebook => ({ rulebook: null, id: null, problems, idPosition: fileStart });

  const split = splitFrontMatter(file.text);
  if (split.kind === "none") return failed([problem(1, 1, "", "the rulebook has no front matter", SKELETON)]);
  if (split.kind === "unclosed") return failed([problem(1, 1, "", "the front matter is never closed", "end the front matter with a line holding only `---`, before the markdown")]);
  const { yaml, yamlLine, body, bodyLine } = split.parts;

  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: false });
  const shift = (p: SourcePosition): SourcePosition => ({ line: p.line + yamlLine - 1, column: p.column });
  if (doc.errors.length > 0) {
    return failed(yamlSyntaxProblems(doc, lineCounter, shownFile).map((p) => ({ ...p, ...shift(p) })));
  }
  // An empty front matter has no node to point at: its problems are reported on the opening fence.
  const locate = (path: readonly (string | number)[], at?: "key" | "value"): SourcePosition =>
    doc.contents === null ? fileStart : shift(locateInYaml(doc as Document, lineCounter, path, at));

  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    const at = locate([]);
    return failed([problem(at.line, at.column, "", `the front matter must be a mapping of keys, got ${describeValue(data)}`, `write \`key: value\` lines, e.g. \`${RULEBOOK_KEY_EXAMPLES["id"]}\` and \`${RULEBOOK_KEY_EXAMPLES["description"]}\``)]);
  }

  const parsed = rulebookFrontMatterSchema.safeParse(data);
  const sourceText = (p: readonly (string | number)[]) => {
    const node = doc.getIn(p, true);
    return isScalar(node) ? node.source : undefined;
  };
  const pathProblems: PathProblem[] = parsed.success ? [] : parsed.error.issues.flatMap((issue) => zodIssueProblems(issue, data, rulebookFrontMatterSchema, sourceText)).map(withExample);

  const written = (data as Record<string, unknown>)["id"];
  const id = parsed.success ? (parsed.data.id ?? idFromPath(file.path)) : typeof written === "string" ? written : idFromPath(file.path);
  const idPosition = written === undefined ? fileStart : locate(["id"]);
  if (written === undefined && !isValidRulebookId(id)) {
    pathProblems.push({ path: [], message: `the file name gives the id \`${id}\`, which is not a valid rulebook id`, hint: `add an id, e.g. \`${RULEBOOK_KEY_EXAMPLES["id"]}\`, or rename the file` });
  }

  const text = body.replace(/^(\s*\n)+/, "").trimEnd();
  const problems: ConfigProblem[] = pathProblems.map((p) => {
    const at = p.path.length === 0 ? fileStart : locate(p.path, p.at);
    return problem(at.line, at.column, formatKeyPath(p.path), p.message, p.hint);
  });
  if (text === "") problems.push(problem(bodyLine, 1, "", "the rulebook has no text after its front matter", "write the procedure in markdown below the closing `---`"));
  else if (text.length > MAX_RULEBOOK_CHARS) problems.push(problem(bodyLine, 1, "", `the rulebook is ${text.length} characters long, over the ${MAX_RULEBOOK_CHARS} the agent reads at once`, "split it into rulebooks of one topic each"));

  const validId = isValidRulebookId(id) ? id : null;
  if (problems.length > 0 || !parsed.success) return { rulebook: null, id: validId, problems, idPosition };
  const front = parsed.data;
  return {
    rulebook: {
      id,
      description: front.description.trim(),
      appliesTo: front.applies_to,
      commands: front.commands,
      priority: front.priority,
      always: front.always,
      body: text,
      origin,
      path: file.path,
    },
    id,
    problems: [],
    idPosition,
  };
}
