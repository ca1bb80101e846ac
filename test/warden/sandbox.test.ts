import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/redact/redactor.js";
import { AuditLog } from "../../src/warden/audit-log.js";
import { parseWardenPolicy } from "../../src/warden/load-policy.js";
import { runInSandbox } from "../../src/warden/sandbox.js";
import { createWarden } from "../../src/warden/warden.js";

// Only harmless programs run here (echo, node -e, ls, sleep, touch), always inside a temp workspace.

/** `touch` is local work by default; these rules make it denied or approval-only, to watch refusals safely. */
const POLICY = parseWardenPolicy(
  [
    "rules:",
    "  - verb: touch",
    "    resource: '**/denied-*'",
    "    decision: deny",
    "    reason: test denies these files",
    "  - verb: touch",
    "    resource: '**/approve-*'",
    "    decision: require_approval",
    "    reason: test asks approval for these files",
  ].join("\n"),
  "warden.yml",
);

async function setup() {
  const workspace = mkdtempSync(join(tmpdir(), "stakpak-sandbox-"));
  const warden = await createWarden({ workspace, policy: POLICY });
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: workspace };
  return { workspace, warden, env };
}

describe("runInSandbox", () => {
  it("runs an allowed command as the parser's argv, without a shell, in the workspace", async () => {
    const { workspace, warden, env } = await setup();
    // Backquotes make the line more than one command: the sandbox refuses rather than guess.
    await expect(runInSandbox(warden, "echo '$HOME;ls' `pwd`-not-run", { env })).rejects.toThrow(/one program/);
    const plain = await runInSandbox(warden, "echo '$HOME;ls' \"a b\"", { env });
    expect(plain).toMatchObject({ ran: true, exitCode: 0, stdout: "$HOME;ls a b\n", timedOut: false, truncated: false });
    // Isolated, by bubblewrap where it works, else unshare (never unisolated by default).
    expect(["bwrap", "unshare"]).toContain(plain.isolation);
    expect(plain.decision.decision).toBe("allow");
    const where = await runInSandbox(warden, "node -e 'console.log(process.cwd())'", { env });
    expect(where.stdout.trim()).toBe(workspace);
  });

  it("does not run what Warden denies, nor what needs approval until approved", async () => {
    const { workspace, warden, env } = await setup();
    const denied = await runInSandbox(warden, "touch denied-marker", { env });
    expect(denied).toMatchObject({ ran: false, exitCode: null });
    expect(denied.refused).toMatch(/^denied: test denies these files/);
    expect(existsSync(join(workspace, "denied-marker"))).toBe(false);
    const waiting = await runInSandbox(warden, "touch approve-marker", { env });
    expect(waiting.ran).toBe(false);
    expect(waiting.refused).toMatch(/^needs approval/);
    expect(existsSync(join(workspace, "approve-marker"))).toBe(false);
    const approved = await runInSandbox(warden, "touch approve-marker", { env, approved: true });
    expect(approved.ran).toBe(true);
    expect(existsSync(join(workspace, "approve-marker"))).toBe(true);
  });

  it("passes only allowed variables; credentials only to a step allowed them, and redacts their values", async () => {
    const { warden, env } = await setup();
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    const source = { ...env, AWS_SECRET_ACCESS_KEY: secret, UNRELATED_TOKEN: "tok-1234567890abcdef", LANG: "C.UTF-8", TF_VAR_region: "eu" };
    const list = "node -e 'console.log(Object.keys(process.env).sort().join(\",\"))'";
    const plain = await runInSandbox(warden, list, { env: source });
    expect(plain.stdout.trim().split(",")).toEqual(["HOME", "LANG", "PATH"]);
    const withVars = await runInSandbox(warden, list, { env: source, allowEnv: ["TF_VAR_*"], credentials: ["AWS_*"] });
    expect(withVars.stdout.trim().split(",")).toEqual(["AWS_SECRET_ACCESS_KEY", "HOME", "LANG", "PATH", "TF_VAR_region"]);
    const leak = await runInSandbox(warden, "node -e 'console.log(process.env.AWS_SECRET_ACCESS_KEY)'", { env: source, credentials: ["AWS_SECRET_ACCESS_KEY"] });
    expect(leak.ran).toBe(true);
    expect(leak.stdout).not.toContain(secret);
    expect(leak.stdout.trim()).not.toBe("undefined");
  });

  it("stops a command at its time limit, with everything it started", async () => {
    const { warden, env } = await setup();
    const started = Date.now();
    const result = await runInSandbox(warden, "sleep 20", { env, timeoutMs: 300 });
    expect(result).toMatchObject({ ran: true, timedOut: true, exitCode: 124 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("takes arguments far over what one exec argument holds, through the spec on stdin, up to the system's limit", async () => {
    const { warden, env } = await setup();
    // 100 KB: a JSON spec in argv (as before) would have been over 128 KB with the escaping; 300 KB once split.
    const parts = Array.from({ length: 3 }, (_, i) => String(i).repeat(100 * 1024));
    const result = await runInSandbox(warden, `node -e 'console.log(process.argv.slice(1).map((a) => a.length).join(","))' ${parts.join(" ")}`, { env, approved: true });
    expect(result.stdout.trim()).toBe("102400,102400,102400");
    await expect(runInSandbox(warden, `echo ${"a".repeat(200 * 1024)}`, { env })).rejects.toThrow(/too long to run/);
  });

  it("caps the output it keeps", async () => {
    const { warden, env } = await setup();
    const result = await runInSandbox(warden, "node -e 'process.stdout.write(\"x\".repeat(100000))'", { env, maxOutputBytes: 1000 });
    expect(result.stdout).toHaveLength(1000);
    expect(result.truncated).toBe(true);
    // On a character boundary: 3-byte characters, and a cap that is not a multiple of 3.
    const wide = await runInSandbox(warden, "node -e 'process.stdout.write(\"€\".repeat(1000))'", { env, maxOutputBytes: 1000 });
    expect(wide.stdout).toBe("€".repeat(333));
    expect(wide.truncated).toBe(true);
  });

  it("cuts after redacting: a secret across the cap never comes back in part", async () => {
    const { warden, env } = await setup();
    const token = "ghp_" + "Q7x9Kp2LmN4vB8cD1eF3gH5jJ6kL0mNoPqRs";
    // The token starts 10 bytes before the cap: cutting first would return "ghp_Q7x9Kp".
    const line = `node -e 'process.stdout.write("x".repeat(989) + " " + process.argv[1] + "\\n")' ${token}`;
    const result = await runInSandbox(warden, line, { env, maxOutputBytes: 1000, approved: true });
    expect(result.ran).toBe(true);
    expect(result.truncated).toBe(true);
    expect(result.stdout).not.toContain("ghp_");
    expect(result.stdout).not.toContain("[[SECRET");
    expect(result.stdout).toBe(`${"x".repeat(989)} `);
    // Room for the whole placeholder: it comes back whole.
    const roomy = await runInSandbox(warden, line, { env, maxOutputBytes: 1100, approved: true });
    expect(roomy.stdout).toMatch(/^x{989} \[\[SECRET:[^\]]+\]\]\n$/);
    expect(roomy.truncated).toBe(false);
  });

  it("drops what the supervisor cut mid-secret, even when redaction shrank the text below the cap", async () => {
    const { workspace, warden, env } = await setup();
    const redactor = new Redactor();
    // A long known value (a key file's worth), printed over and over, past the supervisor's ceiling.
    const secret = Array.from({ length: 500 }, (_, i) => `word${i}-`).join("").slice(0, 4000);
    redactor.addKnownValue("LONG_KEY", secret);
    writeFileSync(join(workspace, "key.txt"), secret);
    const line = `node -e 'const k = require("fs").readFileSync("key.txt", "utf8"); for (let i = 0; i < 40; i++) process.stdout.write(k)'`;
    const result = await runInSandbox(warden, line, { env, redactor, maxOutputBytes: 4000, approved: true });
    expect(result.ran).toBe(true);
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBeGreaterThan(0);
    expect(result.stdout).not.toContain("word1-word2-");
    expect(result.stdout.replace(/\[\[SECRET:[^\]]+\]\]/g, "")).toBe("");
  });

  it("keeps the working directory inside the workspace", async () => {
    const { workspace, warden, env } = await setup();
    mkdirSync(join(workspace, "sub"));
    const inside = await runInSandbox(warden, "ls", { env, cwd: "sub" });
    expect(inside).toMatchObject({ ran: true, exitCode: 0 });
    await expect(runInSandbox(warden, "ls", { env, cwd: ".." })).rejects.toThrow(/only runs inside the workspace/);
    await expect(runInSandbox(warden, "ls", { env, cwd: "missing" })).rejects.toThrow(/does not exist/);
    // A file is no directory to run in: a typed error, not a crash.
    writeFileSync(join(workspace, "x.txt"), "");
    await expect(runInSandbox(warden, "ls", { env, cwd: "x.txt" })).rejects.toThrow(/not a directory/);
  });

  it("refuses lines that are more than one program (pipes, lists, redirections)", async () => {
    const { warden, env } = await setup();
    await expect(runInSandbox(warden, "echo a | cat", { env })).rejects.toThrow(/one program with literal arguments/);
    await expect(runInSandbox(warden, "echo a > out.txt", { env })).rejects.toThrow(/one program/);
  });

  it("reports a program that is not installed", async () => {
    const { warden, env } = await setup();
    const result = await runInSandbox(warden, "jq --version", { env: { ...env, PATH: "/nonexistent" } });
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toContain("jq: not found on PATH");
  });

  it("appends the decision and the execution to the audit log, never variable values", async () => {
    const { workspace, warden, env } = await setup();
    const log = new AuditLog(join(workspace, "logs", "audit.jsonl"), (t) => t);
    await runInSandbox(warden, "echo hi", { env: { ...env, AWS_SECRET_ACCESS_KEY: "value-never-logged-42" }, credentials: ["AWS_*"], audit: log });
    await runInSandbox(warden, "touch denied-x", { env, audit: log });
    const entries = readFileSync(log.file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => [e.kind, e.decision ?? e.exitCode])).toEqual([
      ["decision", "allow"],
      ["execution", 0],
      ["decision", "deny"],
    ]);
    expect(entries[1]?.env).toEqual(["AWS_SECRET_ACCESS_KEY", "HOME", "PATH"]);
    expect(readFileSync(log.file, "utf8")).not.toContain("value-never-logged-42");
  });
});

describe("runInSandbox with the run's redactor", () => {
  it("puts secrets back into argv, line variables and files just before running, and hides them in the output", async () => {
    const { workspace, warden, env } = await setup();
    const redactor = new Redactor();
    const token = "ghp_" + "Q7x9Kp2LmN4vB8cD1eF3gH5jJ6kL0mNoPq";
    // What the agent saw: the placeholder, never the value.
    const placeholder = redactor.redact(`token=${token}`).text.replace("token=", "");
    expect(placeholder).toMatch(/^\[\[SECRET:/);
    writeFileSync(join(workspace, "config.txt"), `auth ${placeholder}\n`);
    // Quoted: unquoted, `[[...]]` would be a glob. Programs that run no code of their own choosing
    // (an interpreter would be refused) show the real value arrived: a digest, a directory's name.
    const file = await runInSandbox(warden, "sha256sum config.txt", { env, redactor, restoreFiles: ["config.txt"] });
    expect(file.ran).toBe(true);
    expect(file.stdout.split(" ")[0]).toBe(createHash("sha256").update(`auth ${token}\n`).digest("hex"));
    // Restored only while the command ran: the placeholder version is back, nothing to commit.
    expect(readFileSync(join(workspace, "config.txt"), "utf8")).toBe(`auth ${placeholder}\n`);
    const arg = await runInSandbox(warden, `mkdir 'out-${placeholder}'`, { env, redactor });
    expect(arg.ran).toBe(true);
    expect(existsSync(join(workspace, `out-${token}`))).toBe(true);
    const variable = await runInSandbox(warden, `TOKEN_FROM_LINE='${placeholder}' printenv TOKEN_FROM_LINE`, { env, redactor });
    // The program got the value; its output shows the placeholder again.
    expect(variable.stdout.trim()).toBe(placeholder);
    expect(variable.stdout).not.toContain(token);
    // An interpreter could print it in any form: no secret is put back into one.
    const node = await runInSandbox(warden, `node -e 'console.log(process.argv[1])' '${placeholder}'`, { env, redactor });
    expect(node).toMatchObject({ ran: false });
    expect(node.refused).toMatch(/^secrets not restored: secrets are only put back into commands whose effect is known and that are not interpreters/);
  });

  it("refuses an unknown placeholder before running anything", async () => {
    const { warden, env } = await setup();
    await expect(
      runInSandbox(warden, "echo '[[SECRET:github-pat:dead]]'", { env, redactor: new Redactor() }),
    ).rejects.toThrow(/placeholder/i);
  });
});
