import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { graphqlQueryProblems } from "./github-graphql.js";

/**
 * GitHub's REST API as GitHub describes it (`@octokit/openapi`, generated/api.github.com.json,
 * OpenAPI 3.0.3), for the fake GitHub API: which operation a request is, whether the request
 * carries what the operation requires, whether an answer's status is one the operation has and
 * its body the documented schema. Loaded once per test process; validators are compiled on
 * first use per schema, so a test file pays only for the operations it touches.
 */

type Json = Record<string, any>;

const SPEC_ID = "https://api.github.com/openapi.json";

export interface Operation {
  method: string;
  /** The spec's path template, `/repos/{owner}/{repo}/pulls/{pull_number}`. */
  template: string;
  operationId: string;
  /** Path parameters, decoded. */
  params: Record<string, string>;
  spec: Json;
}

interface Loaded {
  spec: Json;
  ajv: Ajv;
  byMethod: Map<string, Array<{ template: string; segments: string[]; literals: number; op: Json }>>;
}

let loaded: Loaded | undefined;

/**
 * OpenAPI 3.0's `nullable: true` is not JSON schema: it becomes `anyOf [schema, null]`. Local
 * `$ref`s are made absolute, so a schema taken out of the document still resolves them.
 */
function normalize(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) normalize(item);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const obj = node as Json;
  for (const value of Object.values(obj)) normalize(value);
  if (typeof obj.$ref === "string" && obj.$ref.startsWith("#/")) obj.$ref = SPEC_ID + obj.$ref;
  if (obj.nullable === true) {
    const { nullable: _nullable, description, ...rest } = obj;
    for (const key of Object.keys(obj)) delete obj[key];
    if (description !== undefined) obj.description = description;
    obj.anyOf = [rest, { type: "null" }];
  }
}

function load(): Loaded {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const spec = JSON.parse(readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.json"), "utf8")) as Json;
  normalize(spec);
  // OpenAPI adds keywords JSON schema does not know (example, discriminator, x-github...): ignored.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: spec.components });
  const byMethod: Loaded["byMethod"] = new Map();
  for (const [template, item] of Object.entries(spec.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      if (!op || typeof op !== "object" || !("responses" in op)) continue;
      const segments = template.split("/").slice(1);
      const list = byMethod.get(method.toUpperCase()) ?? [];
      list.push({ template, segments, literals: segments.filter((s) => !s.startsWith("{")).length, op });
      byMethod.set(method.toUpperCase(), list);
    }
  }
  for (const list of byMethod.values()) list.sort((a, b) => b.literals - a.literals);
  loaded = { spec, ajv, byMethod };
  return loaded;
}

/** A `$ref` into the document, followed (one level, then again while it is a reference). */
export function deref(node: Json | undefined): Json | undefined {
  let at = node;
  while (at && typeof at.$ref === "string" && at.$ref.startsWith(SPEC_ID + "#/")) {
    const pointer = at.$ref.slice(SPEC_ID.length + 2).split("/").map((p: string) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    at = pointer.reduce<Json | undefined>((o, key) => o?.[key], load().spec);
  }
  return at;
}

/**
 * The operation a request is: method and the percent-encoded path matched against the spec's
 * templates, literal segments first. `{path}` (the contents API) spans the rest of the path.
 */
export function findOperation(method: string, rawPath: string): Operation | undefined {
  const segments = rawPath.split("/").slice(1);
  for (const candidate of load().byMethod.get(method.toUpperCase()) ?? []) {
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < candidate.segments.length && ok; i++) {
      const want = candidate.segments[i] as string;
      const got = segments[i];
      if (got === undefined || got === "") ok = false;
      else if (want === "{path}" && i === candidate.segments.length - 1) params.path = decodeURIComponent(segments.slice(i).join("/"));
      else if (want.startsWith("{")) params[want.slice(1, -1)] = decodeURIComponent(got);
      else ok = want === got;
    }
    const spans = candidate.segments.at(-1) === "{path}";
    if (ok && (spans ? segments.length >= candidate.segments.length : segments.length === candidate.segments.length)) {
      return { method: method.toUpperCase(), template: candidate.template, operationId: String(candidate.op.operationId), params, spec: candidate.op };
    }
  }
  return undefined;
}

const validators = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: Json): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = load().ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** Problems of `value` against `schema`, as `where: message` lines (empty when it fits). */
export function schemaProblems(schema: Json, value: unknown, where: string): string[] {
  const validate = validatorOf(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 8).map((e: ErrorObject) => `${where}${e.instancePath || ""}: ${e.message ?? e.keyword}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
}

/** A query or path value (always a string on the wire) as the parameter's schema types it. */
function coerce(schema: Json | undefined, value: string): unknown {
  const type = deref(schema)?.type;
  if (type === "integer" || type === "number") return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  if (type === "array") return value.split(",");
  return value;
}

/** What is wrong with a request for this operation: parameters (path, query) and the JSON body. */
export function requestProblems(op: Operation, query: URLSearchParams, body: unknown): string[] {
  const problems: string[] = [];
  const name = `${op.method} ${op.template}`;
  const parameters = ((op.spec.parameters ?? []) as Json[]).map((p) => deref(p) as Json);
  for (const p of parameters) {
    const where = `${name} ${p.in} parameter ${p.name}`;
    const value = p.in === "path" ? op.params[p.name] : p.in === "query" ? (query.get(p.name) ?? undefined) : undefined;
    if (p.in !== "path" && p.in !== "query") continue;
    if (value === undefined) {
      if (p.required) problems.push(`${where}: required, missing`);
      continue;
    }
    if (p.schema) problems.push(...schemaProblems(p.schema, coerce(p.schema, value), where));
  }
  const known = new Set(parameters.filter((p) => p.in === "query").map((p) => p.name));
  for (const key of query.keys()) if (!known.has(key)) problems.push(`${name}: query parameter ${key} is not one the operation takes`);

  const requestBody = deref(op.spec.requestBody);
  const schema = requestBody?.content?.["application/json"]?.schema;
  if (body === undefined || body === "") {
    if (requestBody?.required) problems.push(`${name}: a JSON body is required`);
  } else if (!requestBody) {
    problems.push(`${name}: takes no body, got ${JSON.stringify(body).slice(0, 200)}`);
  } else if (schema) {
    problems.push(...schemaProblems(schema, body, `${name} body`));
  }
  return problems;
}

/** The documented answer of the operation for a status (`default` when only that is documented). */
export function responseSpec(op: Operation, status: number): Json | undefined {
  const responses = op.spec.responses as Json;
  return deref(responses[String(status)] ?? responses.default);
}

/** The JSON schema of the answer's body, when the status is documented with one. */
export function responseSchema(op: Operation, status: number): Json | undefined {
  return responseSpec(op, status)?.content?.["application/json"]?.schema;
}

// --------------------------------------------------------------------------------------------
// Completing an answer: the fake models the fields the code reads; every other field GitHub
// always sends is filled with the least its schema allows (null where nullable, else an empty
// string, zero, false, an empty list or an object of its own required fields), so the answer is
// one GitHub could send and the modelled fields are still what is checked.

const DATE = "2025-05-01T10:00:00Z";

function isNullBranch(s: Json | undefined): boolean {
  return !!s && s.type === "null";
}

function leastValue(schemaIn: Json | undefined, depth: number): unknown {
  const schema = deref(schemaIn);
  if (!schema || depth > 12) return null;
  if (schema.anyOf || schema.oneOf) {
    const branches = ((schema.anyOf ?? schema.oneOf) as Json[]).map((b) => deref(b) as Json);
    if (branches.some(isNullBranch)) return null;
    return leastValue(branches[0], depth + 1);
  }
  if (schema.allOf) return complete({ allOf: schema.allOf }, {}, depth + 1);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return schema.format === "date-time" ? DATE : schema.format === "uri" ? "https://api.github.com/" : schema.format === "email" ? "octocat@github.com" : "";
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return complete(schema, {}, depth + 1);
    default:
      return schema.properties ? complete(schema, {}, depth + 1) : null;
  }
}

/** A copy of `value` with every required field the schema names and the value lacks filled in, recursively. */
export function complete(schemaIn: Json | undefined, value: unknown, depth = 0): unknown {
  const schema = deref(schemaIn);
  if (!schema || depth > 12 || value === null || value === undefined) return value;
  if (schema.allOf) return (schema.allOf as Json[]).reduce<unknown>((v, part) => complete(part, v, depth + 1), value);
  if (schema.anyOf || schema.oneOf) {
    const branches = ((schema.anyOf ?? schema.oneOf) as Json[]).filter((b) => !isNullBranch(deref(b)));
    for (const branch of branches) {
      const candidate = complete(branch, value, depth + 1);
      if (schemaProblems(branch, candidate, "").length === 0) return candidate;
    }
    return branches.length > 0 ? complete(branches[0], value, depth + 1) : value;
  }
  if (Array.isArray(value)) return schema.items ? value.map((item) => complete(schema.items, item, depth + 1)) : value;
  if (typeof value !== "object") return value;
  const out: Json = { ...(value as Json) };
  const properties = (schema.properties ?? {}) as Json;
  for (const [key, child] of Object.entries(out)) if (properties[key]) out[key] = complete(properties[key], child, depth + 1);
  for (const key of (schema.required ?? []) as string[]) if (!(key in out)) out[key] = leastValue(properties[key], depth + 1);
  return out;
}

/**
 * For tests that answer with nock: what GitHub would not take in a request (`/path?query` as
 * sent), and whether a status is one the operation can answer. A GraphQL query is validated
 * against GitHub's GraphQL schema instead.
 */
export function nockRequestProblems(method: string, pathWithQuery: string, body: unknown, status?: number | null): string[] {
  const url = new URL(pathWithQuery, "http://api.github.invalid");
  if (/^(\/api)?\/graphql$/.test(url.pathname)) return graphqlQueryProblems(String((body as { query?: unknown } | undefined)?.query ?? ""));
  const op = findOperation(method, url.pathname);
  if (!op) return [`${method} ${url.pathname}: not an operation of GitHub's REST API`];
  const problems = requestProblems(op, url.searchParams, body);
  if (typeof status === "number" && !responseSpec(op, status) && !(status === 403 || status === 404 || status === 429 || status >= 500)) {
    problems.push(`${op.method} ${op.template} -> ${status}: not a status the operation documents (${Object.keys(op.spec.responses).join(", ")})`);
  }
  return problems;
}
