import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/cli-io.js";
import { runCli } from "../../src/cli/main.js";
import { Redactor } from "../../src/redact/redactor.js";
import { makeAgentRepo } from "../planner/agent-fixture.js";

function captureIo(cwd: string): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, cwd, env: { USER: "alice" }, redactor: new Redactor(), stdout: (t) => out.push(t.text), stderr: (t) => err.push(t.text) };
}

describe("stakpak-gitops memory", () => {
  it("adds, lists, searches, shows and forgets, on the knowledge branch only", async () => {
    const root = makeAgentRepo();
    const status = () => execFileSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" });
    const before = status();
    const io = captureIo(root);
    expect(await runCli(["memory", "add", "Staging buckets log to acme-staging-access-logs", "--tag", "s3", "--path", "infra/staging/**"], io)).toBe(0);
    expect(await runCli(["memory", "add", "Prod RDS changes wait for the Tuesday window", "--title", "Prod maintenance window", "--tag", "rds"], io)).toBe(0);
    const ids = io.out.join("").match(/added (m[0-9a-f]{6})/g)!.map((l) => l.slice(6));
    expect(ids).toHaveLength(2);

    io.out.length = 0;
    expect(await runCli(["memory", "list", "--json"], io)).toBe(0);
    const listed = JSON.parse(io.out.join("")) as { id: string; title: string; tags: string[]; paths: string[] }[];
    expect(listed.map((m) => m.title).sort()).toEqual(["Prod maintenance window", "Staging buckets log to acme-staging-access-logs"]);
    expect(listed.find((m) => m.tags.includes("s3"))?.paths).toEqual(["infra/staging/**"]);

    io.out.length = 0;
    expect(await runCli(["memory", "search", "access logs bucket", "--json", "--limit", "1"], io)).toBe(0);
    const hits = JSON.parse(io.out.join("")) as { id: string; score: number }[];
    expect(hits).toHaveLength(1);
    expect(hits[0]!.id).toBe(ids[0]);
    expect(hits[0]!.score).toBeGreaterThan(0);

    io.out.length = 0;
    expect(await runCli(["memory", "show", ids[1]!], io)).toBe(0);
    expect(io.out.join("")).toContain("# Prod maintenance window");
    expect(io.out.join("")).toContain("by alice");

    expect(await runCli(["memory", "forget", ids[1]!], io)).toBe(0);
    expect(await runCli(["memory", "show", ids[1]!], io)).toBe(1);
    expect(io.err.join("")).toContain(`no memory ${ids[1]} on stakpak/knowledge`);
    expect(status()).toBe(before);
    expect(execFileSync("git", ["log", "--format=%s", "stakpak/knowledge"], { cwd: root, encoding: "utf8" })).toContain(`memory: forget ${ids[1]}`);
  });

  it("bad input exits 2 with a hint", async () => {
    const root = makeAgentRepo();
    const io = captureIo(root);
    await expect(runCli(["memory", "show", "nope"], io)).resolves.toBe(2);
    await expect(runCli(["memory", "add"], io)).resolves.toBe(2);
    await expect(runCli(["memory", "dance"], io)).resolves.toBe(2);
    expect(io.err.join("")).toContain("a memory id is `m` and 6 hex digits");
  });
});
