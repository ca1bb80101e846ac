import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/redact/redactor.js";
import { fake } from "../../src/redact/rules/fake-token.js";

const run = promisify(execFile);

/**
 * The LLM sees only placeholders and asks to run a command with one; the vault puts the value
 * back just before the command runs (argv, env, a file it reads), and what the command prints is
 * redacted again, so the answer holds the same placeholder and never the value.
 */
describe("a command run with a secret the LLM never saw", () => {
  it("restores argv, env and a file just before running (the file only while it runs), and hides the value in the output", async () => {
    const redactor = new Redactor();
    const token = `ghp_${fake("round-trip-token", 36)}`;
    const password = "Tr1p-" + fake("round-trip-password", 16);
    const seen = redactor.redact(`GITHUB_TOKEN=${token}\ndb_password: "${password}"\n`).text;
    const tokenPlaceholder = /GITHUB_TOKEN=(\[\[SECRET:[^\]]+\]\])/.exec(seen)![1]!;
    const passwordPlaceholder = /db_password: "(\[\[SECRET:[^\]]+\]\])"/.exec(seen)![1]!;
    expect(seen).not.toContain(token);
    expect(seen).not.toContain(password);

    // What the LLM asks for: placeholders in an argument, a variable and a file.
    const dir = mkdtempSync(join(tmpdir(), "stakpak-vault-"));
    const file = join(dir, "db.conf");
    writeFileSync(file, `password=${passwordPlaceholder}\n`);
    const script = "const fs = require('fs'); console.log('arg', process.argv[1]); console.log('env', process.env.TOKEN); console.log('file', fs.readFileSync(process.argv[2], 'utf8').trim());";
    const argv = redactor.vault.restoreArgs([process.execPath, "-e", script, tokenPlaceholder, file]);
    const env = redactor.vault.restoreEnv({ PATH: process.env.PATH, TOKEN: tokenPlaceholder });
    const restored = await redactor.vault.restoreFiles([file], { workspace: dir });
    let stdout: string;
    try {
      expect(readFileSync(file, "utf8")).toBe(`password=${password}\n`);
      ({ stdout } = await run(argv[0]!, argv.slice(1), { env }));
    } finally {
      await restored.putBack();
    }
    // Once the command has ended the file holds the placeholder again: it cannot be committed restored.
    expect(readFileSync(file, "utf8")).toBe(`password=${passwordPlaceholder}\n`);
    // The command really had the values...
    expect(stdout).toContain(`arg ${token}`);
    expect(stdout).toContain(`file password=${password}`);
    // ...and what goes back to the LLM has the same placeholders instead. The password is hidden
    // here by value (the vault released it), not by a rule: "password=" in the file line would
    // not be enough for "Tr1p-..." on its own line.
    const answer = redactor.redact(`${stdout}\n${password}\n`).text;
    expect(answer).toBe(`arg ${tokenPlaceholder}\nenv ${tokenPlaceholder}\nfile password=${passwordPlaceholder}\n\n${passwordPlaceholder}\n`);
  });
});
