import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { KnownValueIndex } from "../../src/redact/known-value-index.js";
import { Redactor } from "../../src/redact/redactor.js";
import { fake } from "../../src/redact/rules/fake-token.js";
import { SecretVault } from "../../src/redact/secret-vault.js";
import { StreamRedactor } from "../../src/redact/stream-redactor.js";

/** Everything util.inspect can reach, hidden properties and prototypes' getters included. */
function dump(value: unknown): string {
  return inspect(value, { depth: Infinity, showHidden: true, getters: true, maxArrayLength: Infinity, maxStringLength: Infinity });
}

/** The secret, and pieces of it long enough to matter (an index keeps 4-byte words of its values). */
function expectAbsent(text: string, secret: string): void {
  expect(text).not.toContain(secret);
  for (let at = 0; at + 8 <= secret.length; at += 4) expect(text).not.toContain(secret.slice(at, at + 8));
}

describe("no secret is reachable by util.inspect", () => {
  it("of a redactor that was given, found and released secrets, and of its vault", () => {
    const redactor = new Redactor();
    const known = "Kn0wn-" + fake("inspect-known", 24);
    const found = `ghp_${fake("inspect-found", 36)}`;
    const released = "Rel3ased-" + fake("inspect-released", 20);
    redactor.addKnownValue("DB_PASSWORD", known, { mask: true });
    const placeholder = redactor.redact(`token: ${found}`).text.replace("token: ", "");
    expect(placeholder).toMatch(/^\[\[SECRET:/);
    const releasedPlaceholder = redactor.vault.placeholderFor("API_KEY", released);
    expect(redactor.vault.restore(`key=${releasedPlaceholder}`)).toBe(`key=${released}`);
    // The redactor really holds all three: they are hidden in new text.
    expect(redactor.redact(`${known} ${found} ${released}`).text).not.toMatch(/Kn0wn|ghp_|Rel3ased/);
    for (const secret of [known, found, released]) {
      expectAbsent(dump(redactor), secret);
      expectAbsent(dump(redactor.vault), secret);
    }
  });

  it("of a vault, a known-value index and a stream redactor holding pending text", () => {
    const secret = "S3cret-" + fake("inspect-stream", 30);
    const vault = new SecretVault();
    vault.placeholderFor("X", secret);
    const index = new KnownValueIndex();
    index.add({ id: "X", value: secret });
    const stream = new StreamRedactor(new Redactor());
    // Held back (less than a chunk has arrived): it sits in the stream's buffer.
    expect(stream.write(`password = "${secret}"\n`).text).toBe("");
    expectAbsent(dump(vault), secret);
    expectAbsent(dump(index), secret);
    expectAbsent(dump(stream), secret);
    expect(stream.end().text).not.toContain(secret);
  });
});
