import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { formatMemoryFile, parseMemoryFile } from "../../src/memory/memory-file.js";
import type { MemoryRecord } from "../../src/memory/memory-record.js";
import { MemoryRefusedError } from "../../src/memory/redact-memory.js";
import { GitMemoryStore } from "../../src/memory/store/git-memory-store.js";
import { Redactor } from "../../src/redact/redactor.js";

const run = promisify(execFile);
const ENV = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_SYSTEM: "/dev/null" };
const AWS_KEY = "AKIAIOSFODNN7EXAMPLF";
const KNOWN = "Zq8#vLm2!pR7wK4tXs9d-known";

function repoWithWork(): string {
  const dir = mkdtempSync(join(tmpdir(), "stakpak-memory-git-"));
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir, env: ENV, encoding: "utf8" }).trim();
  git("init", "-q", "-b", "main");
  writeFileSync(join(dir, "main.tf"), 'resource "terraform_data" "x" {}\n');
  git("add", ".");
  git("commit", "-qm", "init");
  writeFileSync(join(dir, "wip.tf"), "# uncommitted work\n");
  return dir;
}

function record(id: string, extra: Partial<MemoryRecord> = {}): MemoryRecord {
  return { id, title: `Title ${id}`, body: "Body text.", tags: [], paths: [], source: null, author: "alice", created: "2026-12-01T10:00:00Z", updated: "2026-12-01T10:00:00Z", ...extra };
}

const state = (dir: string) => ({
  head: execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, env: ENV, encoding: "utf8" }),
  branch: execFileSync("git", ["symbolic-ref", "HEAD"], { cwd: dir, env: ENV, encoding: "utf8" }),
  status: execFileSync("git", ["status", "--porcelain"], { cwd: dir, env: ENV, encoding: "utf8" }),
});

describe("memory files", () => {
  it("round-trips unicode, `---` in the body and empty lists, and reads hand-written YAML too", () => {
    const memory = record("m0a0b0c", { title: "Ünïcode: «quotes» and \"more\"", body: "line one\n---\nline three: with a colon", tags: [], paths: ["infra/**"], source: "https://x/pull/1" });
    expect(parseMemoryFile(formatMemoryFile(memory), "f")).toEqual(memory);
    const hand = "---\nid: m123456\ntitle: Written by hand\ntags: [a, b]\nauthor: bob\ncreated: 2026-12-01T10:00:00Z\nupdated: 2026-12-01T10:00:00Z\n---\nThe body.\n";
    expect(parseMemoryFile(hand, "f")).toMatchObject({ id: "m123456", tags: ["a", "b"], paths: [], source: null, body: "The body." });
    expect(() => parseMemoryFile("no front matter", "memories/x.md")).toThrow(/memories\/x.md is not a memory file/);
  });
});

describe("the local knowledge branch (git plumbing)", () => {
  it("writes and reads memories without touching the work tree, the index or HEAD", async () => {
    const dir = repoWithWork();
    const before = state(dir);
    const store = GitMemoryStore.open({ repo: dir, redactor: new Redactor() });
    expect(await store.list()).toEqual([]);
    const first = await store.write(() => ({ put: [record("m000001"), record("m000002")], remove: [] }), "two notes");
    expect(first.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(first.links.get("m000001")).toBe("stakpak/knowledge:memories/m000001.md");
    await store.write(() => ({ put: [record("m000002", { body: "changed" })], remove: ["m000001"] }), "change one, forget one");
    expect((await store.list()).map((m) => [m.id, m.body])).toEqual([["m000002", "changed"]]);
    expect(await store.get("m000001")).toBeNull();
    expect(state(dir)).toEqual(before);
    expect(execFileSync("git", ["log", "--format=%s", "stakpak/knowledge"], { cwd: dir, env: ENV, encoding: "utf8" }).trim().split("\n")).toEqual(["change one, forget one", "two notes"]);
  });

  it("re-reads and re-applies when the ref moved between its read and its update-ref", async () => {
    const dir = repoWithWork();
    const store = GitMemoryStore.open({ repo: dir, redactor: new Redactor() });
    await store.write(() => ({ put: [record("m000001")], remove: [] }), "first");
    const script = join(import.meta.dirname, "support", "write-one-memory.ts");
    const seen: number[] = [];
    const landed = await store.write((current) => {
      seen.push(current.size);
      // The first time, another process lands a memory after this read and before the swap.
      if (seen.length === 1) execFileSync(process.execPath, ["--import", "tsx", script, dir, "m0000aa"], { env: ENV });
      return { put: [record("m000002")], remove: [] };
    }, "mine");
    expect(landed.attempts).toBe(2);
    expect(seen).toEqual([1, 2]);
    expect((await store.list()).map((m) => m.id)).toEqual(["m000001", "m000002", "m0000aa"]);
  }, 60_000);

  it("20 writers in 20 processes at once: every memory lands, once", async () => {
    const dir = repoWithWork();
    const ids = Array.from({ length: 20 }, (_, i) => `m1000${i.toString(16).padStart(2, "0")}`);
    const script = join(import.meta.dirname, "support", "write-one-memory.ts");
    const outputs = await Promise.all(ids.map((id) => run(process.execPath, ["--import", "tsx", script, dir, id], { env: ENV, timeout: 60_000 })));
    const attempts = outputs.map((o) => (JSON.parse(o.stdout) as { attempts: number }).attempts);
    const listed = (await GitMemoryStore.open({ repo: dir }).list()).map((m) => m.id);
    expect(listed).toEqual([...ids].sort());
    // They did collide: some writer had to try again.
    expect(Math.max(...attempts)).toBeGreaterThan(1);
    expect(execFileSync("git", ["rev-list", "--count", "stakpak/knowledge"], { cwd: dir, env: ENV, encoding: "utf8" }).trim()).toBe("20");
  }, 120_000);

  it("a secret never reaches the branch: redacted to [redacted], and a known value is never stored", async () => {
    const dir = repoWithWork();
    const redactor = new Redactor();
    redactor.addKnownValue("db-password", KNOWN);
    const store = GitMemoryStore.open({ repo: dir, redactor });
    await store.write(() => ({ put: [record("m000003", { title: `key ${AWS_KEY}`, body: `aws_access_key_id = ${AWS_KEY}\npassword ${KNOWN}`, tags: [KNOWN] })], remove: [] }), "with secrets");
    const stored = (await store.get("m000003"))!;
    expect(stored.body).toContain("[redacted]");
    const everything = execFileSync("sh", ["-c", "git rev-list --objects stakpak/knowledge | cut -d' ' -f1 | git cat-file --batch"], { cwd: dir, env: ENV, encoding: "utf8" });
    expect(everything).not.toContain(AWS_KEY);
    expect(everything).not.toContain(KNOWN);
    expect(everything).not.toContain("[[SECRET:");
    await expect(GitMemoryStore.open({ repo: dir }).write(() => ({ put: [record("m000004")], remove: [] }), "x")).rejects.toThrow(/without a redactor/);
    expect(MemoryRefusedError.name).toBe("MemoryRefusedError");
  });
});
