import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/redact/redactor.js";
import { fake } from "../../src/redact/rules/fake-token.js";
import { StreamRedactor } from "../../src/redact/stream-redactor.js";

/**
 * What a command can cheaply print of a secret it was given, printed by the real programs (on the
 * test's own data, not through the sandbox): every form must come back hidden, both for a value
 * the run knows (a secret env var) and for one the vault released into a command.
 */
const SECRET = `s3cr3t/P@ss'w0rd(x)*~"é\\-${fake("encoded-forms", 40)}`;

function installed(program: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function run(program: string, args: string[], input?: string): string {
  return execFileSync(program, args, { input, encoding: "utf8" });
}

const hex = (v: string): string => Buffer.from(v, "utf8").toString("hex");

/** The base64 characters that only the value's bytes decide, when `prefix` comes before it in the input. */
function base64Core(prefix: string, value: string): string {
  const p = Buffer.byteLength(prefix);
  const n = Buffer.byteLength(value);
  return Buffer.from(prefix + value).toString("base64").slice(Math.ceil((p * 8) / 6) + 1, Math.floor(((p + n) * 8) / 6) - 1);
}

interface Printer {
  name: string;
  program: string;
  /** What the program prints of the value. */
  print(value: string): string;
  /** What must not be left of it (in the output with all white space removed). */
  core(value: string): string;
}

// Prefixes of 40, 41 and 50 bytes put the value at each base64 alignment and make the 76- and
// 64-column wraps fall inside it.
const PRINTERS: Printer[] = [
  { name: "xxd -p (hex wrapped at 60)", program: "xxd", print: (v) => run("xxd", ["-p"], v), core: (v) => hex(v).slice(2, -2) },
  { name: "xxd -p -u (upper-case hex)", program: "xxd", print: (v) => run("xxd", ["-p", "-u"], v), core: (v) => hex(v).slice(2, -2).toUpperCase() },
  { name: "od -An -tx1 (spaced hex, 16 bytes a line)", program: "od", print: (v) => run("od", ["-An", "-tx1", "-v"], v), core: (v) => hex(v).slice(2, -2) },
  { name: "python3 .hex()", program: "python3", print: (v) => run("python3", ["-c", "import sys; print(sys.argv[1].encode().hex())", v]), core: (v) => hex(v).slice(2, -2) },
  ...[40, 41, 50].map((k) => ({
    name: `base64 (wrapped at 76), after ${k} bytes`,
    program: "base64",
    print: (v: string) => run("base64", [], "x".repeat(k) + v),
    core: (v: string) => base64Core("x".repeat(k), v),
  })),
  ...[40, 41, 50].map((k) => ({
    name: `openssl base64 (wrapped at 64), after ${k} bytes`,
    program: "openssl",
    print: (v: string) => run("openssl", ["base64"], "y".repeat(k) + v),
    core: (v: string) => base64Core("y".repeat(k), v),
  })),
  { name: "python3 base64.encodebytes (76)", program: "python3", print: (v) => run("python3", ["-c", "import base64,sys; sys.stdout.write(base64.encodebytes(b'z' * 20 + sys.argv[1].encode()).decode())", v]), core: (v) => base64Core("z".repeat(20), v) },
  {
    name: "python3 urllib.parse.quote (keeps /)",
    program: "python3",
    print: (v) => run("python3", ["-c", "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))", v]),
    core: (v) => run("python3", ["-c", "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))", v]).trim().slice(3, -3),
  },
  {
    name: "python3 urllib.parse.quote_plus",
    program: "python3",
    print: (v) => run("python3", ["-c", "import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))", v]),
    core: (v) => run("python3", ["-c", "import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))", v]).trim().slice(3, -3),
  },
  {
    name: "python3 json.dumps (non-ASCII as \\u)",
    program: "python3",
    print: (v) => run("python3", ["-c", "import sys, json; print(json.dumps({'note': sys.argv[1]}))", v]),
    core: (v) => run("python3", ["-c", "import sys, json; print(json.dumps(sys.argv[1]))", v]).trim().slice(2, -2),
  },
  { name: "JSON.stringify", program: "node", print: (v) => JSON.stringify({ note: v }), core: (v) => JSON.stringify(v).slice(2, -2) },
  {
    name: "grep --color=always (a token split by escapes)",
    program: "grep",
    print: (v) => {
      const file = join(mkdtempSync(join(tmpdir(), "stakpak-forms-")), "creds.txt");
      writeFileSync(file, `line with ${v} inside\n`);
      return run("grep", ["--color=always", "-F", "-e", v.slice(30, 40), file]);
    },
    core: (v) => v.slice(2, -2),
  },
];

function expectHidden(redactor: Redactor, printer: Printer, value: string): void {
  const output = printer.print(value);
  const core = printer.core(value);
  // The test means something: the program really printed the form.
  const raw = output.replace(/\x1b\[[0-9;]*[mK]/g, "").replace(/\s+/g, "");
  expect(raw.toLowerCase()).toContain(core.toLowerCase().replace(/\s+/g, ""));
  const redacted = redactor.redact(output).text;
  expect(redacted).toContain("[[SECRET:");
  expect(redacted.replace(/\s+/g, "")).not.toContain(core.replace(/\s+/g, ""));
  // Streamed in small writes (escape sequences and wrapped lines cut between them) too.
  const stream = new StreamRedactor(redactor, { chunkSize: 64, lookaround: 256 });
  let streamed = "";
  for (let at = 0; at < output.length; at += 7) streamed += stream.write(output.slice(at, at + 7)).text;
  streamed += stream.end().text;
  expect(streamed.replace(/\s+/g, "")).not.toContain(core.replace(/\s+/g, ""));
}

describe("every form a command can cheaply print of a secret is hidden", () => {
  for (const printer of PRINTERS) {
    it.skipIf(!installed(printer.program))(`a known value: ${printer.name}`, () => {
      const redactor = new Redactor();
      redactor.addKnownValue("DB_PASSWORD", SECRET);
      expectHidden(redactor, printer, SECRET);
    });

    it.skipIf(!installed(printer.program))(`a value released into a command: ${printer.name}`, () => {
      const redactor = new Redactor();
      const placeholder = redactor.vault.placeholderFor("API_TOKEN", SECRET);
      // The command got the value (the vault put it back into its argv) and printed it.
      const [, value] = redactor.vault.restoreArgs(["tool", placeholder]);
      expect(value).toBe(SECRET);
      expectHidden(redactor, printer, value!);
    });
  }

  it("removes terminal escapes, also when a write cuts one", () => {
    const redactor = new Redactor();
    const token = `ghp_${fake("ansi-token", 36)}`;
    const colored = `token: ghp_${token.slice(4, 10)}\x1b[01;31m\x1b[K${token.slice(10, 20)}\x1b[m\x1b[K${token.slice(20)} \x1b]0;title\x07done\n`;
    expect(redactor.redact(colored).text).toMatch(/^token: \[\[SECRET:github-pat:[0-9a-f]+\]\] done\n$/);
    const stream = new StreamRedactor(new Redactor());
    const cut = colored.indexOf("[01;31m");
    const out = stream.write(colored.slice(0, cut)).text + stream.write(colored.slice(cut)).text + stream.end().text;
    expect(out).toMatch(/^token: \[\[SECRET:github-pat:[0-9a-f]+\]\] done\n$/);
  });

  it("does not join lines that only look alike, and leaves ordinary wrapped text as it was", () => {
    const redactor = new Redactor();
    redactor.addKnownValue("DB_PASSWORD", SECRET);
    const blob = run("base64", [], "harmless ".repeat(40));
    expect(redactor.redact(blob).text).toBe(blob);
    const text = "ab".repeat(20) + "\n" + "cd".repeat(20) + "\n";
    expect(redactor.redact(text).text).toBe(text);
  });
});
