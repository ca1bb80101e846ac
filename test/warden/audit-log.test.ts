import { execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runRedactor } from "../../src/cli/cli-io.js";
import { runCli } from "../../src/cli/main.js";
import { AUDIT_GENESIS, hashAuditLine } from "../../src/warden/audit-chain.js";
import { defaultAuditLogPath } from "../../src/warden/audit-log-path.js";
import { AuditLog } from "../../src/warden/audit-log.js";
import { verifyAuditLog } from "../../src/warden/verify-audit-log.js";
import { createWarden } from "../../src/warden/warden.js";

const REPO = join(import.meta.dirname, "..", "..");

/** A workspace and, beside it (outside), the run's state folder. */
function dirs(): { workspace: string; state: string } {
  const root = mkdtempSync(join(tmpdir(), "stakpak-audit-"));
  mkdirSync(join(root, "ws"));
  mkdirSync(join(root, "state"));
  return { workspace: join(root, "ws"), state: join(root, "state") };
}

const execution = (command: string) => ({ kind: "execution" as const, command, argv: command.split(" "), cwd: ".", env: ["PATH"], exitCode: 0, timedOut: false, truncated: false, durationMs: 1 });

/** A closed log of `n` entries (commands `echo 0` … `echo n-1`). */
async function writeLog(file: string, n: number, workspace?: string): Promise<AuditLog> {
  const log = new AuditLog(file, (t) => t, { workspace });
  for (let i = 0; i < n; i++) await log.append(execution(`echo ${i}`));
  await log.close();
  return log;
}

const verify = (file: string, expect = {}) => verifyAuditLog(readFileSync(file), expect);
const messages = (file: string, expect = {}) => verify(file, expect).problems.map((p) => p.message);

/** The real CLI as a process (tsx on the sources), as a user or a workflow step runs it. */
async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = `const { runCli } = await import(${JSON.stringify(join(REPO, "src", "cli", "main.ts"))}); process.exitCode = await runCli(process.argv.slice(1));`;
  return promisify(execFile)(process.execPath, ["--import", pathToFileURL(join(REPO, "node_modules", "tsx", "dist", "loader.mjs")).href, "--input-type=module", "-e", script, "--", ...args], { cwd, env: { PATH: process.env.PATH ?? "" } }).then(
    (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}

describe("the audit log's hash chain", () => {
  it("links every entry to the one before, and a log as written verifies", async () => {
    const { workspace, state } = dirs();
    const file = join(state, "run.jsonl");
    const warden = await createWarden({ workspace });
    const log = new AuditLog(file, (t) => t, { workspace });
    await log.decision(warden.check("kubectl get pods"), null);
    await log.append(execution("kubectl get pods"));
    // Not awaited one by one: still written in call order, each linked to the previous.
    await Promise.all([log.append(execution("echo a")), log.append(execution("echo b"))]);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const entries = lines.map((l) => JSON.parse(l) as { seq: number; prev: string; kind: string; command: string });
    expect(entries.map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect(entries.map((e) => e.command)).toEqual(["kubectl get pods", "kubectl get pods", "echo a", "echo b"]);
    expect(entries[0]?.prev).toBe(AUDIT_GENESIS);
    expect(entries[1]?.prev).toBe(hashAuditLine(Buffer.from(lines[0] as string)));
    expect(entries[3]?.prev).toBe(hashAuditLine(Buffer.from(lines[2] as string)));
    expect(log.head).toEqual({ entries: 4, lastHash: hashAuditLine(Buffer.from(lines[3] as string)) });
    expect(verify(file, { entries: 4, lastHash: log.head.lastHash })).toEqual({ entries: 4, lastHash: log.head.lastHash, problems: [] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await log.close();
  });

  it("reports a line edited in place with sed -i", async () => {
    const { state } = dirs();
    const file = join(state, "run.jsonl");
    const log = await writeLog(file, 4);
    // The attack: an allowed `sed -i` hides that a command ran.
    execFileSync("sed", ["-i", "2s/echo 1/echo X/", file]);
    expect(readFileSync(file, "utf8")).toContain("echo X");
    expect(messages(file)).toEqual(["line 2: edited (its hash is not the prev of line 3, seq 2)"]);
    // The last line has no successor: only the hash the run reported shows an edit there.
    execFileSync("sed", ["-i", "4s/echo 3/echo Y/", file]);
    expect(messages(file)).toHaveLength(1);
    expect(messages(file, { lastHash: log.head.lastHash })[1]).toMatch(/^the last line's hash is [0-9a-f]{64}, [0-9a-f]{64} expected/);
  });

  it("reports lines removed from the middle, the start and the end, reordered, and a line cut in half", async () => {
    const { state } = dirs();
    const file = join(state, "run.jsonl");
    const log = await writeLog(file, 6);
    const original = readFileSync(file, "utf8");
    const lines = original.trimEnd().split("\n");

    execFileSync("sed", ["-i", "3,4d", file]);
    expect(messages(file)).toEqual(["line 3: sequence gap: seq 4 where 2 was expected (entries 2 to 3 are missing: removed)"]);

    writeFileSync(file, `${lines.slice(1).join("\n")}\n`);
    expect(messages(file)).toEqual(["line 1: sequence gap: seq 1 where 0 was expected (entry 0 is missing: removed)"]);

    // The tail: no link is broken, so the count the run reported is what shows it.
    writeFileSync(file, original);
    execFileSync("truncate", ["-s", String(Buffer.byteLength(`${lines.slice(0, 4).join("\n")}\n`)), file]);
    expect(messages(file)).toEqual([]);
    expect(messages(file, { entries: log.head.entries, lastHash: log.head.lastHash })).toEqual([
      "the log holds 4 lines, 6 expected (entries were removed from the end)",
      expect.stringMatching(/^the last line's hash is [0-9a-f]{64}, [0-9a-f]{64} expected/),
    ]);

    writeFileSync(file, original);
    execFileSync("truncate", ["-s", String(Buffer.byteLength(original) - 10), file]);
    expect(messages(file)).toEqual(["line 6: cut short (no newline at the end: the file was truncated or is still being written)"]);

    writeFileSync(file, `${[lines[0], lines[2], lines[1], ...lines.slice(3)].join("\n")}\n`);
    expect(messages(file)).toEqual([
      "line 2: sequence gap: seq 2 where 1 was expected (entry 1 is missing: removed)",
      "line 3: out of order: seq 1 follows line 1 (seq 0), not line 2 (lines reordered or repeated)",
      "line 4: out of order: seq 3 follows line 2 (seq 2), not line 3 (lines reordered or repeated)",
    ]);

    // A line repeated (an entry replayed).
    writeFileSync(file, `${[...lines.slice(0, 3), lines[1], ...lines.slice(3)].join("\n")}\n`);
    expect(messages(file)).toEqual([
      "line 4: out of order: seq 1 follows line 1 (seq 0), not line 3 (lines reordered or repeated)",
      "line 5: out of order: seq 3 follows line 3 (seq 2), not line 4 (lines reordered or repeated)",
    ]);

    writeFileSync(file, `${[lines[0], "not json", ...lines.slice(2)].join("\n")}\n`);
    expect(messages(file)).toEqual(["line 2: not JSON (edited or inserted)"]);

    // A rewritten chain (every prev recomputed) verifies on its own: the reported last hash catches it.
    writeFileSync(file, original);
    expect(messages(file, { entries: 6, lastHash: log.head.lastHash })).toEqual([]);
  });
});

describe("where the audit log may be", () => {
  it("refuses a path inside the workspace, also through a symlinked folder", async () => {
    const { workspace, state } = dirs();
    expect(() => new AuditLog(join(workspace, "logs", "audit.jsonl"), (t) => t, { workspace })).toThrow(/is inside the workspace/);
    expect(() => new AuditLog(workspace, (t) => t, { workspace })).toThrow(/is inside the workspace/);
    symlinkSync(join(workspace, "logs-in-ws"), join(state, "sneaky"));
    mkdirSync(join(workspace, "logs-in-ws"));
    const log = new AuditLog(join(state, "sneaky", "audit.jsonl"), (t) => t, { workspace });
    await expect(log.append(execution("ls"))).rejects.toThrow(/is inside the workspace/);
    expect(existsSync(join(workspace, "logs-in-ws", "audit.jsonl"))).toBe(false);
  });

  it("refuses a symlink put where the log goes (ln -sf), and leaves its target alone", async () => {
    const { state } = dirs();
    const elsewhere = join(state, "job-summary.md");
    writeFileSync(elsewhere, "summary\n");
    const file = join(state, "audit.jsonl");
    execFileSync("ln", ["-sf", elsewhere, file]);
    const log = new AuditLog(file, (t) => t);
    await expect(log.append(execution("ls"))).rejects.toThrow(/is a symbolic link/);
    expect(readFileSync(elsewhere, "utf8")).toBe("summary\n");
    // A refused log stays refused: no entry goes anywhere.
    await expect(log.append(execution("ls"))).rejects.toThrow(/is a symbolic link/);
  });

  it("refuses a log with a second hard link, before opening and after", async () => {
    const { state, workspace } = dirs();
    const file = join(state, "audit.jsonl");
    await writeLog(file, 1);
    linkSync(file, join(workspace, "copy.jsonl"));
    await expect(new AuditLog(file, (t) => t).append(execution("ls"))).rejects.toThrow(/has 2 hard links/);
    unlinkSync(join(workspace, "copy.jsonl"));

    const log = new AuditLog(file, (t) => t);
    await log.append(execution("echo 1"));
    linkSync(file, join(workspace, "later.jsonl"));
    await expect(log.append(execution("echo 2"))).rejects.toThrow(/has 2 hard links/);
    expect(readFileSync(file, "utf8")).not.toContain("echo 2");
    await log.close();
  });

  it("refuses a FIFO and a directory without blocking", async () => {
    const { state } = dirs();
    execFileSync("mkfifo", [join(state, "fifo")]);
    await expect(new AuditLog(join(state, "fifo"), (t) => t).append(execution("ls"))).rejects.toThrow(/not a regular file/);
    await expect(new AuditLog(state, (t) => t).append(execution("ls"))).rejects.toThrow(/is a directory/);
  });

  it("stops when the log is renamed, replaced or removed while the run writes it", async () => {
    const { state } = dirs();
    const file = join(state, "audit.jsonl");
    const log = new AuditLog(file, (t) => t);
    await log.append(execution("echo 1"));
    renameSync(file, join(state, "moved.jsonl"));
    writeFileSync(file, "");
    await expect(log.append(execution("echo 2"))).rejects.toThrow(/was moved, removed or replaced/);
    unlinkSync(file);
    await expect(log.append(execution("echo 3"))).rejects.toThrow(/was moved, removed or replaced/);
    expect(readFileSync(join(state, "moved.jsonl"), "utf8")).not.toContain("echo 2");
    await log.close();
  });

  it("defaults to the run's state folder: RUNNER_TEMP on Actions, XDG_STATE_HOME or ~/.local/state elsewhere", () => {
    const actions = defaultAuditLogPath({ GITHUB_ACTIONS: "true", RUNNER_TEMP: "/runner/_temp", GITHUB_RUN_ID: "777", GITHUB_RUN_ATTEMPT: "2", GITHUB_WORKSPACE: "/runner/work/infra" });
    expect(actions).toMatch(/^\/runner\/_temp\/stakpak\/audit\/777-2-[\w-]+\.jsonl$/);
    expect(defaultAuditLogPath({ XDG_STATE_HOME: "/home/u/.state", HOME: "/home/u" })).toMatch(/^\/home\/u\/\.state\/stakpak-gitops\/audit\/[\w-]+\.jsonl$/);
    expect(defaultAuditLogPath({ XDG_STATE_HOME: "relative", HOME: "/home/u" })).toMatch(/^\/home\/u\/\.local\/state\/stakpak-gitops\/audit\//);
    // One file per run.
    expect(defaultAuditLogPath({ HOME: "/home/u" })).not.toBe(defaultAuditLogPath({ HOME: "/home/u" }));
  });

  it("AuditLog.forRun writes there, outside the workspace", async () => {
    const { workspace, state } = dirs();
    const log = AuditLog.forRun({ GITHUB_ACTIONS: "true", RUNNER_TEMP: state, GITHUB_RUN_ID: "9" }, (t) => t, { workspace });
    await log.append(execution("ls"));
    await log.close();
    expect(log.file.startsWith(join(state, "stakpak", "audit", "9-"))).toBe(true);
    expect(verify(log.file).problems).toEqual([]);
  });
});

describe("one run owns one log", () => {
  it("refuses a second writer while the first holds the log, and continues the chain after it closed", async () => {
    const { state } = dirs();
    const file = join(state, "audit.jsonl");
    const first = new AuditLog(file, (t) => t);
    await first.append(execution("echo 0"));
    const second = new AuditLog(file, (t) => t);
    await expect(second.append(execution("echo forked"))).rejects.toThrow(/is being written by another run \(pid \d+\)/);
    await first.append(execution("echo 1"));
    await first.close();
    expect(existsSync(`${file}.lock`)).toBe(false);

    const third = new AuditLog(file, (t) => t);
    await third.append(execution("echo 2"));
    await third.close();
    expect(verify(file)).toMatchObject({ entries: 3, problems: [] });
    expect(readFileSync(file, "utf8")).not.toContain("forked");
  });

  it("refuses a writer in another process, and takes over the lock of a process that died", async () => {
    const { state } = dirs();
    const file = join(state, "audit.jsonl");
    const holder = spawn("sleep", ["30"]);
    writeFileSync(`${file}.lock`, `${holder.pid}\n`);
    await expect(new AuditLog(file, (t) => t).append(execution("ls"))).rejects.toThrow(`pid ${holder.pid}`);
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    const log = new AuditLog(file, (t) => t);
    await log.append(execution("ls"));
    await log.close();
    expect(verify(file)).toMatchObject({ entries: 1, problems: [] });
  });

  it("does not chain onto a damaged log", async () => {
    const { state } = dirs();
    const file = join(state, "audit.jsonl");
    await writeLog(file, 3);
    execFileSync("sed", ["-i", "1s/echo 0/echo Z/", file]);
    await expect(new AuditLog(file, (t) => t).append(execution("ls"))).rejects.toThrow(/is damaged/);
  });
});

describe("stakpak-gitops warden audit verify", () => {
  it("prints OK with the count and last hash and exits 0; prints each problem and exits 1", async () => {
    const { workspace, state } = dirs();
    const file = join(state, "run.jsonl");
    const log = await writeLog(file, 3, workspace);
    const ok = await cli(["warden", "audit", "verify", file, "--expect-entries", "3", "--expect-last", log.head.lastHash], workspace);
    expect(ok).toEqual({ code: 0, stdout: `OK: 3 entries, last hash ${log.head.lastHash}\n`, stderr: "" });

    execFileSync("sed", ["-i", "1s/echo 0/echo 9/", file]);
    const edited = await cli(["warden", "audit", "verify", file], workspace);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain("line 1: edited (its hash is not the prev of line 2, seq 1)");
    expect(edited.stdout).toMatch(/FAILED: 1 problem in 3 lines/);

    const json = await cli(["warden", "audit", "verify", "--json", file, "--expect-entries", "4"], workspace);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, entries: 3, problems: [{ line: 1, kind: "edited" }, { line: 0, kind: "count" }] });

    // Usage errors, in this process (each real CLI process costs a second of tsx).
    const quiet = { stdout: () => {}, stderr: () => {}, cwd: workspace, env: {}, redactor: runRedactor({}) };
    expect(await runCli(["warden", "audit", "verify", join(state, "missing.jsonl")], quiet)).toBe(2);
    expect(await runCli(["warden", "audit", "verify", file, "--expect-last", "abc"], quiet)).toBe(2);
    expect(await runCli(["warden", "audit", "check", file], quiet)).toBe(2);
    expect(await runCli(["warden", "audit", "verify"], quiet)).toBe(2);
  });

  it("warden check --audit refuses a file in the workspace and reports the head of one outside", async () => {
    const { workspace, state } = dirs();
    const inside = await cli(["warden", "check", "--audit", "audit.jsonl", "--", "ls"], workspace);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain("is inside the workspace");
    expect(existsSync(join(workspace, "audit.jsonl"))).toBe(false);

    const file = join(state, "audit.jsonl");
    expect((await cli(["warden", "check", "--audit", file, "--", "ls"], workspace)).code).toBe(0);
    const second = await cli(["warden", "check", "--audit", file, "--", "rm -rf /"], workspace);
    expect(second.code).toBe(4);
    const { lastHash } = verify(file);
    expect(second.stderr).toContain(`audit log ${file}: 2 entries, last hash ${lastHash}`);
    expect((await cli(["warden", "audit", "verify", file, "--expect-entries", "2", "--expect-last", lastHash], workspace)).code).toBe(0);
  });
});
