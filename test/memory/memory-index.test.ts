import { describe, expect, it } from "vitest";
import { MemoryIndex } from "../../src/memory/memory-index.js";
import type { MemoryRecord } from "../../src/memory/memory-record.js";

function memory(id: string, title: string, body: string, extra: Partial<MemoryRecord> = {}): MemoryRecord {
  return { id, title, body, tags: [], paths: [], source: null, author: "alice", created: "2026-12-01T10:00:00Z", updated: "2026-12-01T10:00:00Z", ...extra };
}

const MEMORIES = [
  memory("m000001", "Staging buckets need the access-logs bucket as target", "Every S3 bucket in staging logs to acme-staging-access-logs.", { tags: ["s3", "logging"], paths: ["infra/staging/**"] }),
  memory("m000002", "Prod database maintenance window", "RDS changes in prod are applied on Tuesdays 06:00 UTC only.", { tags: ["rds"], paths: ["infra/prod/db/**"] }),
  memory("m000003", "Naming", "Buckets are named acme-<env>-<purpose>; the access logs bucket too.", { tags: ["naming"] }),
  memory("m000004", "CI runners", "The self-hosted runners cannot reach the internet except through the proxy.", { tags: ["ci"] }),
];

describe("MemoryIndex (BM25+ over title, body and tags, boosted by paths)", () => {
  it("ranks the memory whose title says it over one whose body mentions it", () => {
    const index = new MemoryIndex(MEMORIES);
    const hits = index.search("access logs bucket");
    expect(hits.map((h) => h.memory.id).slice(0, 2)).toEqual(["m000001", "m000003"]);
    expect(hits.every((h) => h.score > 0)).toBe(true);
    expect(hits.map((h) => h.memory.id)).not.toContain("m000004");
  });

  it("finds words by prefix and plural (bucket → buckets), and tags count", () => {
    const index = new MemoryIndex(MEMORIES);
    expect(index.search("bucket").map((h) => h.memory.id)).toContain("m000003");
    expect(index.search("rds")[0]?.memory.id).toBe("m000002");
  });

  it("boosts a memory about the files at hand, and says which files matched", () => {
    const index = new MemoryIndex(MEMORIES);
    const plain = index.search("bucket named");
    expect(plain[0]?.memory.id).toBe("m000003");
    const here = index.search("bucket named", { paths: ["infra/staging/logs.tf"] });
    expect(here[0]?.memory.id).toBe("m000001");
    expect(here[0]?.matchedPaths).toEqual(["infra/staging/logs.tf"]);
  });

  it("an empty query ranks by path match alone; the limit holds", () => {
    const index = new MemoryIndex(MEMORIES);
    expect(index.search("", { paths: ["infra/prod/db/main.tf"] }).map((h) => h.memory.id)).toEqual(["m000002"]);
    expect(index.search("", {})).toEqual([]);
    expect(index.search("bucket", { limit: 1 })).toHaveLength(1);
    expect(index.search("the and of")).toEqual([]);
  });

  it("keeps where each memory came from; the first store wins an id both have", () => {
    const shared = memory("m000001", "Shared copy", "from the org's knowledge repository");
    const index = new MemoryIndex([...MEMORIES.map((m) => ({ memory: m, origin: "acme/infra" })), { memory: shared, origin: "acme/knowledge" }, { memory: memory("m0000aa", "Org-wide tagging", "Every resource has a cost_center tag."), origin: "acme/knowledge" }]);
    expect(index.size).toBe(5);
    expect(index.get("m000001")?.memory.title).toBe(MEMORIES[0]!.title);
    expect(index.search("cost_center tag")[0]).toMatchObject({ origin: "acme/knowledge", memory: { id: "m0000aa" } });
  });
});
