import { z } from "zod";
import { closestWord } from "./closest-word.js";
import type { PathProblem } from "./config-error.js";
import { exampleFor } from "./key-examples.js";

type Path = readonly (string | number)[];

/** zod paths are PropertyKey[]; config paths never hold symbols. */
function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((s) => (typeof s === "number" ? s : String(s)));
}

function lookup(data: unknown, path: Path): { found: boolean; value: unknown } {
  let value = data;
  for (const segment of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, segment)) {
      return { found: false, value: undefined };
    }
    value = (value as Record<string | number, unknown>)[segment];
  }
  return { found: true, value };
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
  return current;
}

/** The part of the schema that validates the value at a data path. */
function schemaAt(schema: z.ZodType, path: Path): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject) current = current.shape[String(segment)] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return undefined;
    if (!current) return undefined;
    current = unwrap(current);
  }
  return current;
}

function keysAllowedAt(schema: z.ZodType, path: Path): string[] {
  const object = schemaAt(schema, path);
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
};

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string \`${value}\``;
  if (typeof value === "boolean") return `\`${value}\` (true/false)`;
  return `the ${typeof value} \`${String(value)}\``;
}

function lastKey(path: Path): string {
  return [...path].reverse().find((s): s is string => typeof s === "string") ?? "";
}

function withExample(path: Path, lead: string): string {
  const example = exampleFor(path);
  return example ? `${lead}, e.g. \`${example}\`` : lead;
}

function customHint(params: Record<string, unknown> | undefined): { hint: string; at?: "key" | "value" } {
  const hint = typeof params?.["hint"] === "string" ? params["hint"] : "";
  const at = params?.["at"] === "key" ? ("key" as const) : undefined;
  return at ? { hint, at } : { hint };
}

/**
 * Rewrites one zod issue as problems a platform engineer can act on: what is wrong in the
 * config's own words, and a hint with the fix (closest valid key, the allowed values, an example).
 */
export function zodIssueProblems(
  issue: z.core.$ZodIssue,
  data: unknown,
  schema: z.ZodType,
  /** The value as written in the file (`001`, where the data holds 1), when known. */
  sourceText: (path: Path) => string | undefined = () => undefined,
): PathProblem[] {
  const path = toPath(issue.path);
  const key = lastKey(path);

  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = keysAllowedAt(schema, path);
      return issue.keys.map((unknownKey) => {
        const guess = closestWord(unknownKey, allowed);
        const list = `valid keys here: ${allowed.join(", ")}`;
        return {
          path: [...path, unknownKey],
          at: "key" as const,
          message: `unknown key \`${unknownKey}\``,
          hint: guess ? `did you mean \`${guess}\`? (${list})` : list,
        };
      });
    }

    case "invalid_type": {
      const { found, value } = lookup(data, path);
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (path.length === 0) {
        return [{ path, message: `the config must be a mapping, got ${describe(value)}`, hint: withExample(["projects"], "start with top-level keys") }];
      }
      if (!found) {
        return [{ path, message: `missing required key \`${key}\``, hint: withExample(path, `add \`${key}\``) }];
      }
      // `name: 001` is a number to YAML; suggest quotes only when the quoted text would be valid.
      const written = sourceText(path) ?? String(value);
      const quotable =
        issue.expected === "string" &&
        (typeof value === "number" || typeof value === "boolean") &&
        schemaAt(schema, path)?.safeParse(written).success === true;
      const quote = quotable ? `quote it so YAML reads it as text: \`${key}: "${written}"\`` : undefined;
      return [{ path, message: `expected ${expected}, got ${describe(value)}`, hint: quote ?? withExample(path, `write ${expected}`) }];
    }

    case "invalid_value": {
      const { value } = lookup(data, path);
      const options = issue.values.map((v) => String(v));
      const guess = typeof value === "string" ? closestWord(value, options) : undefined;
      const list = `valid values: ${options.join(", ")}`;
      return [
        {
          path,
          message: `${describe(value)} is not a valid \`${key}\``,
          hint: guess ? `did you mean \`${guess}\`? (${list})` : list,
        },
      ];
    }

    case "invalid_key": {
      // Only record keys (environment names) are validated; the inner issue says why.
      const inner = issue.issues[0];
      const { hint } = inner?.code === "custom" ? customHint(inner.params) : { hint: "" };
      return [{ path, at: "key", message: inner?.code === "custom" ? inner.message : `\`${key}\` is not a valid key`, hint }];
    }

    case "too_small": {
      if (issue.origin === "array" && key === "projects") {
        return [{ path, message: "the project list is empty", hint: "list at least one project, or remove `projects:` to discover projects automatically" }];
      }
      return [{ path, message: "must not be empty", hint: withExample(path, "give a value") }];
    }

    case "custom": {
      return [{ path, message: issue.message, ...customHint(issue.params) }];
    }

    default:
      return [{ path, message: issue.message, hint: withExample(path, "check the value") }];
  }
}
