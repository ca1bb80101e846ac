import { execFile, execFileSync } from "node:child_process";
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { FileRestoreError, type FileRestoreRefusal } from "../../src/redact/restore-files.js";
import { SecretVault } from "../../src/redact/secret-vault.js";
import { isUserError } from "../../src/user-error.js";

const run = promisify(execFile);
const SECRET = "pg-Pa55w0rd-restore-7Qz1";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=test", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" });
}

/** A workspace that is a real git repository, a folder outside it, and a vault with one secret. */
function setup() {
  const top = mkdtempSync(join(tmpdir(), "stakpak-restore-files-"));
  const workspace = join(top, "ws");
  const outside = join(top, "outside");
  mkdirSync(workspace);
  mkdirSync(outside);
  git(workspace, "init", "-q");
  writeFileSync(join(workspace, "README.md"), "hello\n");
  git(workspace, "add", "README.md");
  git(workspace, "commit", "-qm", "init");
  const vault = new SecretVault();
  const placeholder = vault.placeholderFor("DB_PASSWORD", SECRET);
  const content = `password = "${placeholder}"\n`;
  return { workspace, outside, vault, placeholder, content };
}

async function refusal(promise: Promise<unknown>): Promise<FileRestoreError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(FileRestoreError);
  expect(isUserError(caught)).toBe(true);
  return caught as FileRestoreError;
}

async function expectRefused(promise: Promise<unknown>, reason: FileRestoreRefusal): Promise<void> {
  const err = await refusal(promise);
  expect(err.reason).toBe(reason);
  expect(err.hint).toBeTruthy();
}

describe("restoreFiles", () => {
  it("restores an untracked file while the command runs and writes the placeholder version back after", async () => {
    const { workspace, vault, content } = setup();
    const file = join(workspace, "db.auto.tfvars");
    writeFileSync(file, content);
    chmodSync(file, 0o640);
    const restored = await vault.restoreFiles(["db.auto.tfvars"], { workspace });
    try {
      // What the command reads: a real process sees the secret.
      const { stdout } = await run("cat", [file]);
      expect(stdout).toBe(`password = "${SECRET}"\n`);
      expect(restored.paths).toHaveLength(1);
    } finally {
      expect(await restored.putBack()).toEqual({ changed: [] });
    }
    expect(readFileSync(file, "utf8")).toBe(content);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect([...vault.releasedValues().keys()]).toEqual([SECRET]);
    // Putting back twice changes nothing; no temp file is left beside it.
    expect(await restored.putBack()).toEqual({ changed: [] });
    expect(execFileSync("ls", ["-A", workspace], { encoding: "utf8" }).split("\n").filter(Boolean).sort()).toEqual([".git", "README.md", "db.auto.tfvars"]);
  });

  it("puts the placeholder version back over whatever the command left there, and says it changed", async () => {
    const { workspace, vault, content } = setup();
    const file = join(workspace, "creds.env");
    writeFileSync(file, content);
    const restored = await vault.restoreFiles([file], { workspace });
    writeFileSync(file, `copied ${readFileSync(file, "utf8")}`);
    expect(await restored.putBack()).toEqual({ changed: [restored.paths[0]] });
    expect(readFileSync(file, "utf8")).toBe(content);
  });

  it("leaves a file without placeholders alone and a workspace that is no repository is fine", async () => {
    const { outside, vault, content } = setup();
    writeFileSync(join(outside, "plain.txt"), "nothing secret\n");
    writeFileSync(join(outside, "with.txt"), content);
    const restored = await vault.restoreFiles(["plain.txt", "with.txt"], { workspace: outside });
    expect(restored.paths.map((p) => p.split("/").pop())).toEqual(["with.txt"]);
    expect(readFileSync(join(outside, "with.txt"), "utf8")).toContain(SECRET);
    await restored.putBack();
    expect(readFileSync(join(outside, "with.txt"), "utf8")).toBe(content);
  });

  it("refuses a symlink to a file outside the workspace, and leaves that file alone", async () => {
    const { workspace, outside, vault, content } = setup();
    writeFileSync(join(outside, "summary.md"), content);
    symlinkSync(join(outside, "summary.md"), join(workspace, "notes.md"));
    await expectRefused(vault.restoreFiles(["notes.md"], { workspace }), "symlink");
    expect(readFileSync(join(outside, "summary.md"), "utf8")).toBe(content);
  });

  it("refuses a file reached through a symlinked directory that leads outside", async () => {
    const { workspace, outside, vault, content } = setup();
    writeFileSync(join(outside, "config"), content);
    symlinkSync(outside, join(workspace, "cfg"));
    await expectRefused(vault.restoreFiles(["cfg/config"], { workspace }), "outside-workspace");
    expect(readFileSync(join(outside, "config"), "utf8")).toBe(content);
  });

  it("refuses a hard link to a file outside the workspace, and leaves both names alone", async () => {
    const { workspace, outside, vault, content } = setup();
    writeFileSync(join(outside, "bashrc"), content);
    linkSync(join(outside, "bashrc"), join(workspace, "local.conf"));
    const err = await refusal(vault.restoreFiles(["local.conf"], { workspace }));
    expect(err.reason).toBe("hard-link");
    expect(err.summary).toContain("has 2");
    expect(readFileSync(join(outside, "bashrc"), "utf8")).toBe(content);
    expect(readFileSync(join(workspace, "local.conf"), "utf8")).toBe(content);
  });

  it("refuses a FIFO at once, without waiting for a writer", { timeout: 5000 }, async () => {
    const { workspace, vault } = setup();
    execFileSync("mkfifo", [join(workspace, "pipe")]);
    const started = performance.now();
    await expectRefused(vault.restoreFiles(["pipe"], { workspace }), "not-regular");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("refuses a directory", async () => {
    const { workspace, vault } = setup();
    mkdirSync(join(workspace, "dir"));
    await expectRefused(vault.restoreFiles(["dir"], { workspace }), "not-regular");
  });

  it("refuses a file git tracks, or has staged, so a restored version cannot be committed", async () => {
    const { workspace, vault, content } = setup();
    writeFileSync(join(workspace, "main.tf"), content);
    git(workspace, "add", "main.tf");
    git(workspace, "commit", "-qm", "tf");
    await expectRefused(vault.restoreFiles(["main.tf"], { workspace }), "tracked");
    mkdirSync(join(workspace, "mod"));
    writeFileSync(join(workspace, "mod", "staged[1].tf"), content);
    git(workspace, "add", "mod/staged[1].tf");
    await expectRefused(vault.restoreFiles(["staged[1].tf"], { workspace, cwd: join(workspace, "mod") }), "tracked");
    expect(readFileSync(join(workspace, "main.tf"), "utf8")).toBe(content);
    // The untracked file beside them is restored (the test means something).
    writeFileSync(join(workspace, "mod", "local.tfvars"), content);
    const restored = await vault.restoreFiles(["local.tfvars"], { workspace, cwd: "mod" });
    expect(readFileSync(join(workspace, "mod", "local.tfvars"), "utf8")).toContain(SECRET);
    await restored.putBack();
  });

  it("refuses a file outside the workspace, by relative or absolute path, and git's own files", async () => {
    const { workspace, outside, vault, content } = setup();
    writeFileSync(join(outside, "job-summary.md"), content);
    await expectRefused(vault.restoreFiles(["../outside/job-summary.md"], { workspace }), "outside-workspace");
    await expectRefused(vault.restoreFiles([join(outside, "job-summary.md")], { workspace }), "outside-workspace");
    writeFileSync(join(workspace, ".git", "notes"), content);
    await expectRefused(vault.restoreFiles([".git/notes"], { workspace }), "git-directory");
    await expectRefused(vault.restoreFiles(["missing.txt"], { workspace }), "missing");
    expect(readFileSync(join(outside, "job-summary.md"), "utf8")).toBe(content);
  });

  it("writes nothing when any file is refused or holds an unknown placeholder", async () => {
    const { workspace, outside, vault, content } = setup();
    writeFileSync(join(workspace, "a.conf"), content);
    writeFileSync(join(outside, "b"), content);
    linkSync(join(outside, "b"), join(workspace, "b.conf"));
    await expectRefused(vault.restoreFiles(["a.conf", "b.conf"], { workspace }), "hard-link");
    writeFileSync(join(workspace, "c.conf"), "token = [[SECRET:github-pat:dead]]\n");
    await expect(vault.restoreFiles(["a.conf", "c.conf"], { workspace })).rejects.toThrow(/Unknown secret placeholder/);
    expect(readFileSync(join(workspace, "a.conf"), "utf8")).toBe(content);
  });
});
