import type { GitHubClient } from "./create-octokit.js";

export type MinimizeClassifier = "OUTDATED" | "DUPLICATE" | "RESOLVED";

/** Mutations per GraphQL request: one request, not one per comment, and well under the node limit. */
const BATCH = 25;

/**
 * Hides comments (by GraphQL node id) as OUTDATED, skipping those already hidden, with one query
 * and one batched `minimizeComment` mutation per 25 comments. Hiding is a courtesy: a failure is
 * logged and counted, never thrown. Returns how many comments are newly hidden.
 */
export async function minimizeComments(client: GitHubClient, nodeIds: readonly string[], classifier: MinimizeClassifier = "OUTDATED"): Promise<number> {
  if (nodeIds.length === 0) return 0;
  let hidden = 0;
  for (let at = 0; at < nodeIds.length; at += BATCH) {
    const batch = nodeIds.slice(at, at + BATCH);
    try {
      const pending = await notMinimized(client, batch);
      if (pending.length > 0) hidden += await minimize(client, pending, classifier);
    } catch (err) {
      client.log.warn(`Could not hide ${batch.length} outdated comment(s): ${(err as Error).message}`);
    }
  }
  return hidden;
}

async function notMinimized(client: GitHubClient, ids: readonly string[]): Promise<string[]> {
  const { nodes } = await client.graphql<{ nodes: Array<{ id?: string; isMinimized?: boolean } | null> }>(
    "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Minimizable { isMinimized } ... on Node { id } } }",
    { ids },
  );
  return nodes.flatMap((n) => (n?.id && n.isMinimized === false ? [n.id] : []));
}

async function minimize(client: GitHubClient, ids: readonly string[], classifier: MinimizeClassifier): Promise<number> {
  const variables: Record<string, string> = {};
  const fields = ids.map((id, i) => {
    variables[`id${i}`] = id;
    return `m${i}: minimizeComment(input: { subjectId: $id${i}, classifier: ${classifier} }) { minimizedComment { isMinimized } }`;
  });
  const query = `mutation(${ids.map((_, i) => `$id${i}: ID!`).join(", ")}) { ${fields.join(" ")} }`;
  type Result = Record<string, { minimizedComment: { isMinimized: boolean } | null } | null>;
  let data: Result;
  try {
    data = await client.graphql<Result>(query, variables);
  } catch (err) {
    // Some hidden, some not (deleted meanwhile, no permission): GraphQL answers with partial data.
    const partial = (err as { data?: Result }).data;
    if (!partial) throw err;
    client.log.warn(`Some outdated comments could not be hidden: ${(err as Error).message}`);
    data = partial;
  }
  return Object.values(data).filter((r) => r?.minimizedComment?.isMinimized).length;
}
