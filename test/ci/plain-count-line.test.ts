import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..", "..");
const VITEST = join(REPO, "node_modules", "vitest", "vitest.mjs");
const REPORTER = join(REPO, "test", "support", "plain-count-reporter.ts");

/** Runs vitest on a scratch folder with the project's reporters and returns what it printed. */
async function runScratch(files: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "stakpak-reporter-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(
    join(dir, "vitest.config.mjs"),
    `export default { test: { include: ["*.test.mjs"], reporters: ["default", ${JSON.stringify(REPORTER)}] } };\n`,
  );
  const result = await promisify(execFile)(process.execPath, [VITEST, "run", "--config", "vitest.config.mjs"], { cwd: dir, env: { ...process.env, CI: "1" } }).then(
    (r) => r.stdout,
    (err: { stdout: string }) => err.stdout,
  );
  return result;
}

describe("the plain count line .ci/run ends with", () => {
  it("counts passed and failed tests, and a file that cannot load as failed, on the last line", async () => {
    const out = await runScratch({
      "a.test.mjs": 'import { it, expect } from "vitest";\nit("ok", () => expect(1).toBe(1));\nit("ok too", () => {});\nit("bad", () => expect(1).toBe(2));\n',
      "b.test.mjs": 'import "./missing-module.mjs";\n',
    });
    const lines = out.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("2 passed, 2 failed");
    // Plain: no escape sequences a log reader would have to strip.
    expect(lines.at(-1)).not.toMatch(/\u001b/);
  });
});
