import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, executeSync, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";

/**
 * GitHub's GraphQL API as GitHub publishes it (`@octokit/graphql-schema`), for the fake GitHub
 * API: a query is parsed and validated against the real schema, then executed on it with the
 * fake's resolvers, so the answer has exactly the shape GitHub's would (nullable where GitHub's
 * is, `__typename` resolving interfaces) and a query GitHub would reject is rejected here too.
 */

let schema: GraphQLSchema | undefined;

/**
 * The package's schema.graphql, read as a file: its entry point also parses the 7 MB
 * introspection JSON at import, which the fake does not need (and its exports hide the file).
 */
function schemaFile(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", "@octokit", "graphql-schema", "schema.graphql");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error("@octokit/graphql-schema is not installed (npm ci)");
  }
}

function githubGraphqlSchema(): GraphQLSchema {
  // The published SDL repeats two enterprise fields; GitHub's own server accepts it as it is.
  schema ??= buildSchema(readFileSync(schemaFile(), "utf8"), { assumeValidSDL: true });
  return schema;
}

export interface GraphqlOutcome {
  /** The JSON body GitHub answers with (always HTTP 200). */
  response: { data?: unknown; errors?: unknown[] };
  /** Why GitHub would reject the query itself (empty when it is valid). */
  invalid: string[];
}

function githubError(error: GraphQLError): Record<string, unknown> {
  const type = (error.originalError as { type?: unknown } | undefined)?.type;
  return { ...(typeof type === "string" ? { type } : {}), path: error.path, locations: error.locations, message: error.message };
}

export function executeGraphql(query: string, variables: Record<string, unknown>, root: Record<string, unknown>): GraphqlOutcome {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (err) {
    const message = (err as Error).message;
    return { response: { errors: [{ message }] }, invalid: [message] };
  }
  const problems = validate(githubGraphqlSchema(), document);
  if (problems.length > 0) return { response: { errors: problems.map(githubError) }, invalid: problems.map((p) => p.message) };
  const result = executeSync({ schema: githubGraphqlSchema(), document, variableValues: variables, rootValue: root });
  const errors = result.errors ?? [];
  // Variables of the wrong type are the query's fault, not an answer's.
  const invalid = result.data === undefined ? errors.map((e) => e.message) : [];
  return { response: { ...(result.data !== undefined ? { data: result.data } : {}), ...(errors.length ? { errors: errors.map(githubError) } : {}) }, invalid };
}

/** Why GitHub's schema rejects a query (empty when it is valid): for tests that answer GraphQL with nock. */
export function graphqlQueryProblems(query: string): string[] {
  try {
    return validate(githubGraphqlSchema(), parse(query)).map((e) => `GraphQL: ${e.message}`);
  } catch (err) {
    return [`GraphQL: ${(err as Error).message}`];
  }
}
