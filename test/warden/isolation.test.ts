import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redactor } from "../../src/redact/redactor.js";
import { isUserError } from "../../src/user-error.js";
import { chooseIsolation } from "../../src/warden/isolation/choose-isolation.js";
import { availableBackends, detectBackend } from "../../src/warden/isolation/detect-backend.js";
import { findSystemProgram, SYSTEM_PATH } from "../../src/warden/isolation/find-system-program.js";
import { isolatedCommand } from "../../src/warden/isolation/isolated-command.js";
import { parseWardenPolicy } from "../../src/warden/load-policy.js";
import type { IsolationBackend } from "../../src/warden/isolation/isolation-types.js";
import { buildSandboxLayout } from "../../src/warden/isolation/sandbox-layout.js";
import { runInSandbox, type SandboxOptions } from "../../src/warden/sandbox.js";
import { SUPERVISOR_SOURCE, type SupervisorSpec } from "../../src/warden/sandbox-supervisor.js";
import { createWarden } from "../../src/warden/warden.js";

// Each attack of issue 9 against each backend that works here (unshare always on this machine;
// bubblewrap where installed). Only harmless programs run, and every write targets a temp dir;
// the "outside the workspace" write opens /etc/hostname for writing without writing to it.

const backends = await availableBackends();

/** The attacks are lines Warden cannot vouch for: here a person "approves" them, to see the walls hold. */
const POLICY = parseWardenPolicy(["rules:", "  - effect: unknown", "    decision: require_approval", "    reason: the tests approve what Warden cannot judge"].join("\n"), "warden.yml");

it("this machine isolates with unshare at least (namespaces are available here)", () => {
  expect(backends).toContain("unshare");
});

async function setup() {
  const workspace = realpathSync(mkdtempSync(join(tmpdir(), "stakpak-iso-")));
  mkdirSync(join(workspace, ".git"));
  writeFileSync(join(workspace, ".git", "config"), "[core]\n");
  writeFileSync(join(workspace, "notes.txt"), "workspace file\n");
  const warden = await createWarden({ workspace, policy: POLICY });
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: workspace };
  return { workspace, warden, env };
}

/** Host processes whose command line holds `marker` (the sandbox's processes are visible from here). */
function hostProcessesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmdline.includes(marker) && !cmdline.includes("vitest")) found.push(`${pid}: ${cmdline}`);
    } catch {
      // Gone while listing.
    }
  }
  return found;
}

/** A sleep duration no other process has: its argument marks the processes a test started. */
function uniqueSleep(): string {
  return `${900 + Math.floor(Math.random() * 99)}.${randomBytes(4).readUInt32BE(0)}`;
}

describe.each(backends)("isolated with %s", (backend: IsolationBackend) => {
  const run = (warden: Awaited<ReturnType<typeof setup>>["warden"], line: string, options: SandboxOptions) =>
    runInSandbox(warden, line, { approved: true, timeoutMs: 10_000, ...options, backend });

  it("shows only the sandbox's own processes, and no other process's environment", async () => {
    const { warden, env } = await setup();
    // A host process holding a secret in its initial environment, as the bot does.
    const secret = `host-secret-${randomBytes(6).toString("hex")}`;
    const holder = spawn("sleep", [uniqueSleep()], { env: { PATH: SYSTEM_PATH, HOLDER_SECRET: secret }, stdio: "ignore" });
    try {
      const procs = await run(warden, "ls /proc", { env });
      expect(procs.isolation).toBe(backend);
      const pids = procs.stdout.split("\n").filter((n) => /^\d+$/.test(n)).map(Number);
      expect(pids.length).toBeGreaterThan(0);
      expect(pids.length).toBeLessThanOrEqual(4);
      expect(pids).not.toContain(process.pid);
      expect(pids).not.toContain(holder.pid);
      const ps = await run(warden, "ps -e -o pid=,comm=", { env });
      expect(ps.stdout.trim().split("\n").length).toBeLessThanOrEqual(3);
      expect(ps.stdout).not.toMatch(/vitest|node/);
      for (const pid of [process.pid, holder.pid]) {
        const environ = await run(warden, `cat /proc/${pid}/environ`, { env });
        expect(environ.exitCode).not.toBe(0);
        expect(environ.stdout).not.toContain(secret);
      }
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("passes no variable of the host's environment that is not allowed", async () => {
    const { warden, env } = await setup();
    const result = await run(warden, "node -e 'console.log(JSON.stringify(process.env))'", { env: { ...process.env, ...env, HOST_ONLY_TOKEN: "host-only-4242" } });
    expect(result.exitCode).toBe(0);
    const seen = JSON.parse(result.stdout) as Record<string, string>;
    expect(seen.HOST_ONLY_TOKEN).toBeUndefined();
    expect(Object.keys(seen).every((name) => ["PATH", "HOME", "LANG", "LANGUAGE", "TERM", "TZ", "TMPDIR", "USER", "LOGNAME", "SHELL", "NO_COLOR", "CI"].includes(name) || name.startsWith("LC_"))).toBe(true);
  });

  it("hides the home, the runner's temp and file-command folders, and /tmp", async () => {
    const { workspace, warden } = await setup();
    // Inside the workspace, so that only the hiding (not /tmp's tmpfs) can make them vanish.
    const home = join(workspace, "fake-home");
    mkdirSync(join(home, ".aws"), { recursive: true });
    writeFileSync(join(home, ".aws", "credentials"), "aws_secret_access_key = planted\n");
    const runnerTemp = join(workspace, "runner-temp");
    mkdirSync(runnerTemp);
    writeFileSync(join(runnerTemp, "token.txt"), "planted\n");
    const commands = join(workspace, "file-commands");
    mkdirSync(commands);
    writeFileSync(join(commands, "set_env_1"), "planted\n");
    const outside = mkdtempSync(join(tmpdir(), "stakpak-iso-outside-"));
    writeFileSync(join(outside, "secret.txt"), "planted\n");
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, RUNNER_TEMP: runnerTemp, GITHUB_ENV: join(commands, "set_env_1") };
    const list = `ls -a ${home} ${runnerTemp} ${commands}`;
    const seen = await run(warden, list, { env });
    expect(seen.exitCode).toBe(0);
    expect(seen.stdout).not.toMatch(/\.aws|token\.txt|set_env_1/);
    for (const file of [join(home, ".aws", "credentials"), join(outside, "secret.txt"), "/root/.bashrc"]) {
      const read = await run(warden, `cat ${file}`, { env });
      expect(read.exitCode, file).not.toBe(0);
      expect(read.stdout).not.toContain("planted");
    }
    const kept = await run(warden, "cat notes.txt", { env });
    expect(kept.stdout).toBe("workspace file\n");
  });

  it("keeps the machine and .git read-only, the workspace writable, and the user not root", async () => {
    const { workspace, warden, env } = await setup();
    const open = (file: string) => `node -e 'try { require("fs").openSync(${JSON.stringify(file)}, "r+"); console.log("opened") } catch (e) { console.log(e.code) }'`;
    expect((await run(warden, open("/etc/hostname"), { env })).stdout.trim()).toBe("EROFS");
    expect((await run(warden, open(join(workspace, ".git", "config")), { env })).stdout.trim()).toBe("EROFS");
    expect((await run(warden, "touch .git/new-file", { env })).exitCode).not.toBe(0);
    const touched = await run(warden, "touch made-inside", { env });
    expect(touched.exitCode).toBe(0);
    expect(readdirSync(workspace)).toContain("made-inside");
    expect(readdirSync(join(workspace, ".git"))).toEqual(["config"]);
    const id = await run(warden, "id -u", { env });
    expect(id.exitCode).toBe(0);
    expect(id.stdout.trim()).not.toBe("0");
    const readOnly = await run(warden, "touch read-only-try", { env, workspaceAccess: "read-only" });
    expect(readOnly.exitCode).not.toBe(0);
    expect(readdirSync(workspace)).not.toContain("read-only-try");
  });

  describe("network", () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      server = createServer((socket) => {
        socket.on("error", () => undefined);
        socket.end("hello\n");
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const connect = () => `node -e 'require("net").connect(${port}, "127.0.0.1").on("connect", () => { console.log("connected"); process.exit(0) }).on("error", (e) => { console.log(e.code); process.exit(3) })'`;

    it("has none by default: a server on the host's loopback is out of reach", async () => {
      const { warden, env } = await setup();
      const result = await run(warden, connect(), { env });
      expect(result.stdout).not.toContain("connected");
      expect(result.exitCode).toBe(3);
    });

    it("reaches it with network: host", async () => {
      const { warden, env } = await setup();
      const result = await run(warden, connect(), { env, network: "host" });
      expect(result.stdout.trim()).toBe("connected");
    });
  });

  // As scripts: the sandbox runs one program per line, and `sh -c '…; …'` or `setsid cmd` are more.
  it("ends every process of the sandbox when the program exits: setsid -f and background children too", async () => {
    const { workspace, warden, env } = await setup();
    const first = uniqueSleep();
    const second = uniqueSleep();
    writeFileSync(join(workspace, "escape.sh"), `setsid -f sleep ${first}\ntrap "" TERM\nsleep ${second} &\necho started\n`);
    const started = Date.now();
    const result = await run(warden, "sh escape.sh", { env });
    expect(result).toMatchObject({ exitCode: 0, stdout: "started\n", timedOut: false });
    expect(Date.now() - started).toBeLessThan(8_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(hostProcessesWith(first)).toEqual([]);
    expect(hostProcessesWith(second)).toEqual([]);
  });

  it("kills the whole sandbox at the time limit, a grandchild that ignores SIGTERM and holds stdout included", async () => {
    const { workspace, warden, env } = await setup();
    const marker = uniqueSleep();
    writeFileSync(join(workspace, "linger.sh"), `trap "" TERM\nsetsid sleep ${marker} &\nsh -c 'trap "" TERM; sleep ${marker}' &\nsleep ${marker}\n`);
    const started = Date.now();
    const result = await run(warden, "sh linger.sh", { env, timeoutMs: 400 });
    expect(result).toMatchObject({ ran: true, timedOut: true, exitCode: 124 });
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(hostProcessesWith(marker)).toEqual([]);
  });

  it("refuses to start in a directory swapped for a symlink after it was checked", async () => {
    const { workspace } = await setup();
    mkdirSync(join(workspace, "other"));
    symlinkSync(join(workspace, "other"), join(workspace, "sub"));
    const detected = await detectBackend(backend);
    // The layout was made when `sub` was a directory: its real path was `sub` itself.
    const layout = await buildSandboxLayout({ workspace, cwd: join(workspace, "sub"), hide: ["/tmp"], network: "none", workspaceWritable: true });
    const argv = isolatedCommand(detected.backend!, layout, { argv: ["pwd"], env: { PATH: SYSTEM_PATH }, envProgram: findSystemProgram("env")! });
    const result = spawnSync(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "pipe", "pipe"], env: { PATH: SYSTEM_PATH }, timeout: 10_000 });
    expect(result.status).toBe(125);
    expect(result.stdout.toString()).toBe("");
    expect(result.stderr.toString()).toContain("changed while the sandbox was set up");
    // It never told the supervisor it was ready, so runInSandbox reports a failed isolation.
    expect(String(result.output[3] ?? "")).toBe("");
  });
});

describe("runInSandbox refuses, with a typed error, what would crash or hang", () => {
  it("an argument too long for exec (200 KB)", async () => {
    const { warden, env } = await setup();
    const error = await runInSandbox(warden, `echo ${"a".repeat(200 * 1024)}`, { env }).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/too long to run/);
  });

  it("a working directory that is a file, or a FIFO", async () => {
    const { workspace, warden, env } = await setup();
    const error = await runInSandbox(warden, "ls", { env, cwd: "notes.txt" }).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/not a directory/);
    execFileSync("mkfifo", [join(workspace, "pipe")]);
    const fifo = await runInSandbox(warden, "ls", { env, cwd: "pipe" }).catch((e: unknown) => e);
    expect(isUserError(fifo)).toBe(true);
  });

  it("a FIFO to restore (reading it would wait forever)", async () => {
    const { workspace, warden, env } = await setup();
    execFileSync("mkfifo", [join(workspace, "restore-me")]);
    const error = await runInSandbox(warden, "ls", { env, redactor: new Redactor(), restoreFiles: ["restore-me"] }).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/regular file/);
  });
});

describe("the supervisor, unisolated (what allow-unisolated-reads runs)", () => {
  /** Runs the supervisor as runInSandbox does: its spec on stdin, a bare environment. */
  function supervise(spec: Omit<SupervisorSpec, "nonce" | "ceilingBytes" | "isolated">) {
    const nonce = "@@nonce@@";
    const input = JSON.stringify({ ...spec, nonce, ceilingBytes: 1 << 20, isolated: false } satisfies SupervisorSpec);
    const started = Date.now();
    const result = spawnSync(process.execPath, ["-e", SUPERVISOR_SOURCE], { input, env: { PATH: SYSTEM_PATH }, timeout: 20_000 });
    const stderr = result.stderr.toString();
    const status = JSON.parse(stderr.slice(stderr.lastIndexOf(nonce) + nonce.length)) as Record<string, unknown>;
    return { code: result.status, stdout: result.stdout.toString(), status, ms: Date.now() - started };
  }

  it("does not wait for a grandchild that holds stdout after the program exited", () => {
    const marker = uniqueSleep();
    const result = supervise({ argv: ["sh", "-c", `sleep ${marker} & echo hi`], env: { PATH: SYSTEM_PATH }, cwd: "/", timeoutMs: 10_000 });
    expect(result).toMatchObject({ code: 0, stdout: "hi\n" });
    expect(result.ms).toBeLessThan(6_000);
    expect(hostProcessesWith(marker)).toEqual([]);
  });

  it("reports a missing program, and a directory that is not one, instead of crashing", () => {
    const missing = supervise({ argv: ["no-such-program-xyz"], env: { PATH: SYSTEM_PATH }, cwd: "/", timeoutMs: 5_000 });
    expect(missing.code).toBe(127);
    expect(missing.status.spawnError).toBe("no-such-program-xyz: not found on PATH");
    const notDir = supervise({ argv: ["true"], env: { PATH: SYSTEM_PATH }, cwd: "/etc/hostname", timeoutMs: 5_000 });
    expect(notDir.code).not.toBe(0);
    expect(String(notDir.status.spawnError)).not.toBe("");
  });
});

describe("chooseIsolation", () => {
  const failures = [
    { ok: false as const, backend: "bwrap" as const, why: "bwrap is not installed" },
    { ok: false as const, backend: "unshare" as const, why: "unshare: write failed /proc/self/uid_map: Operation not permitted" },
  ];
  const decision = (effect: "read" | "write") => ({ command: "x", decision: "allow" as const, reason: "", rule: "", operations: [{ effect } as never] });

  it("fails closed, saying what failed and how to enable isolation", () => {
    let error: unknown;
    try {
      chooseIsolation(decision("read"), "required", { backend: null, failures });
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    const text = (error as { format(): string }).format();
    expect(text).toContain("cannot isolate commands");
    expect(text).toContain("uid_map: Operation not permitted");
    expect(text).toContain("apt-get install -y bubblewrap");
    expect(text).toContain("kernel.apparmor_restrict_unprivileged_userns=0");
  });

  it("lets a pure read run unisolated only when allowed, and never a write", () => {
    expect(chooseIsolation(decision("read"), "allow-unisolated-reads", { backend: null, failures })).toBeNull();
    expect(() => chooseIsolation(decision("write"), "allow-unisolated-reads", { backend: null, failures })).toThrow(/cannot isolate/);
  });
});
