import { afterEach, describe, expect, it } from "vitest";
import { MemoryIndex } from "../../src/memory/memory-index.js";
import type { MemoryRecord } from "../../src/memory/memory-record.js";
import { startScriptedModel, textReply, toolCalls, type ScriptedModel } from "../support/scripted-model.js";
import { API_KEY, lastToolResult, makeAgentRepo, runScriptedRequest, SECRETS } from "./agent-fixture.js";

const NAMING: MemoryRecord = {
  id: "m1a2b3c",
  title: "Bucket naming in staging",
  body: `Buckets are named acme-<env>-<purpose>; access logs go to acme-staging-access-logs. Rotated: AWS_SECRET_ACCESS_KEY=${SECRETS.awsSecret}`,
  tags: ["s3", "naming"],
  paths: ["infra/staging/**"],
  source: "https://github.com/acme/infra/pull/7",
  author: "bob",
  created: "2026-11-01T10:00:00Z",
  updated: "2026-11-02T10:00:00Z",
};
const UNRELATED: MemoryRecord = { ...NAMING, id: "m0ffee1", title: "CI runner proxy", body: "Runners reach the internet through the proxy only.", tags: ["ci"], paths: [] };

describe("the agent with the team memory", () => {
  let model: ScriptedModel | undefined;
  afterEach(async () => model?.close());

  it("gets the memories nearest the request up front, as data with their ids, and search_memory finds more; no secret in them reaches the model", async () => {
    const root = makeAgentRepo();
    model = await startScriptedModel(
      [
        toolCalls({ name: "search_memory", arguments: { query: "proxy runners" } }),
        toolCalls({ name: "search_memory", arguments: { query: "" } }),
        toolCalls({ name: "finish", arguments: { summary: "Nothing to change: the bucket exists already [mem:m1a2b3c].", commit_message: "no change" } }),
        textReply("done"),
      ],
      { apiKey: API_KEY },
    );
    const result = await runScriptedRequest(model, root, { request: "add the access logs bucket to staging", memories: new MemoryIndex([NAMING, UNRELATED]) });
    expect(result.outcome.status).toBe("finished");

    const first = model.requests[0]!;
    expect(first.tools?.map((t) => (t.type === "function" ? t.function.name : "")).includes("search_memory")).toBe(true);
    const opening = String(first.messages.find((m) => m.role === "user")?.content);
    expect(opening).toContain("team memory [mem:m1a2b3c] Bucket naming in staging");
    expect(opening).toContain("cite one you rely on as [mem:<id>]");
    expect(opening).not.toContain("m0ffee1");
    // search_memory answers with ids; an empty query is an argument error the model can correct.
    expect(lastToolResult(model.requests[1]!)).toContain("[mem:m0ffee1] CI runner proxy");
    expect(lastToolResult(model.requests[2]!)).toContain("Invalid arguments for search_memory");
    expect(result.outcome.finish?.summary).toContain("[mem:m1a2b3c]");
    for (const body of model.rawBodies) expect(body).not.toContain(SECRETS.awsSecret);
  }, 60_000);

  it("without a team memory the tool is not offered", async () => {
    const root = makeAgentRepo();
    model = await startScriptedModel([toolCalls({ name: "finish", arguments: { summary: "ok", commit_message: "none" } })], { apiKey: API_KEY });
    await runScriptedRequest(model, root, {});
    expect(model.requests[0]!.tools?.map((t) => (t.type === "function" ? t.function.name : ""))).not.toContain("search_memory");
  }, 60_000);
});
