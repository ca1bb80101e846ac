import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/redact/redactor.js";
import { fake } from "../../src/redact/rules/fake-token.js";
import { StreamRedactor } from "../../src/redact/stream-redactor.js";

/**
 * Issue 8, item 1: a secret found once must be hidden at every later occurrence, not only where
 * a rule matches it. The contexts that give a secret away (an assignment) come first; the later
 * texts hold the same value where no rule could know it is one. Shapes, not values, are public:
 * - the git error echoing a URL: `fatal: unable to access '<url>': The requested URL returned
 *   error: 403` (github.com/mislav/hub issue 2151, github.com/simonecorsi/mawesome issue 739);
 * - `set -x` traces (`+ command args`), as bash prints them in CI logs;
 * - `echo -n "user:password" | base64` output, as in the dockerconfigjson helpers of Helm charts.
 *
 * A found value is learned bare and URL-encoded, not in base64: its base64 forms (six of them)
 * cost a fifth of the redactor's throughput on a secret-dense log, and the issue's class is the
 * value echoed, in a URL, in an error message. Values given as secret (env, terraform-sensitive)
 * keep their base64 forms (redactor.test.ts); the last case below pins the difference.
 */
const password = `Pw-${fake("propagate-password", 18)}`;
const token = fake("propagate-token", 40);
/** A password with characters URL-encoding changes, as generated passwords have. */
const symbolic = `${fake("propagate-symbolic", 12)}/+${fake("propagate-symbolic-2", 10)}=`;

const FOUND = [`    password: "${password}"`, `  token = "${token}"`, `DB_PASSWORD='${symbolic}'`].join("\n");

const LATER: readonly { name: string; text: string; value: string }[] = [
  { name: "echoed bare in a set -x trace", text: `+ ./migrate --dsn-file /tmp/dsn ${password} --dry-run`, value: password },
  { name: "in a URL of a git error", text: `fatal: unable to access 'https://git.acme.io/app.git/?v=${token}': The requested URL returned error: 403`, value: token },
  { name: "URL-encoded in a query string", text: `GET /login?user=app&next=%2F&c=${encodeURIComponent(symbolic)} 302`, value: encodeURIComponent(symbolic) },
  { name: "in prose of an error message", text: `Error: value ${token} was rejected by the server`, value: token },
];

describe("a value a rule found becomes a known value of the run", () => {
  for (const later of LATER) {
    it(`hides it later ${later.name}`, () => {
      // No rule recognises the later text by itself: only what the run learned hides it.
      expect(new Redactor().redact(later.text).text).toContain(later.value);
      const redactor = new Redactor();
      expect(redactor.redact(FOUND).text).not.toMatch(new RegExp(`${password}|${token}`));
      const out = redactor.redact(later.text).text;
      expect(out).not.toContain(later.value);
      expect(out).toMatch(/\[\[SECRET:[\w.-]+:[0-9a-f]+\]\]/);
    });
  }

  it("gives the later occurrence the placeholder of the first", () => {
    const redactor = new Redactor();
    const first = redactor.scan(FOUND).findings;
    const later = redactor.scan(LATER[0]!.text).findings;
    expect(later).toHaveLength(1);
    expect(first.map((f) => f.placeholder)).toContain(later[0]!.placeholder);
  });

  it("hides it earlier in the same text too, where it stood bare before the line that gave it away", () => {
    const text = [`+ ./migrate ${token}`, ...Array.from({ length: 8 }, (_, i) => `step ${i} ok`), `  token = "${token}"`].join("\n");
    const out = new Redactor().redact(text).text;
    expect(out).not.toContain(token);
    expect(out.split("\n")[0]).toMatch(/^\+ \.\/migrate \[\[SECRET:/);
  });

  it("hides it in a later chunk of a stream, far beyond the look-around", () => {
    const redactor = new Redactor();
    const stream = new StreamRedactor(redactor, { chunkSize: 256, lookaround: 512 });
    let out = stream.write(`${FOUND}\n`).text;
    for (let i = 0; i < 200; i++) out += stream.write(`2026-01-12T10:00:00Z INFO step ${i} done\n`).text;
    const beforeLater = out.length;
    out += stream.write(`${LATER[0]!.text}\n${LATER[1]!.text}\n`).text;
    for (let i = 0; i < 50; i++) out += stream.write(`2026-01-12T10:01:00Z INFO tail ${i}\n`).text;
    out += stream.end().text;
    expect(beforeLater).toBeGreaterThan(2000); // the first chunk was emitted long before
    expect(out).not.toContain(password);
    expect(out).not.toContain(token);
  });

  it("learns a found value URL-encoded but not in base64; a value given as secret in both", () => {
    const inBase64 = `Y${Buffer.from(`app:${password}`).toString("base64")}`;
    const core = Buffer.from(`app:${password}`).toString("base64").slice(8, 28);
    const found = new Redactor();
    found.redact(FOUND);
    expect(found.knownValueCount).toBe(4); // password, token, symbolic and symbolic URL-encoded
    expect(found.redact(inBase64).text).toContain(core);
    const given = new Redactor();
    given.addKnownValue("DB_PASSWORD", password);
    expect(given.redact(inBase64).text).not.toContain(core);
  });

  it("learns a found value holding a lone surrogate (a log cut mid-character) without throwing", () => {
    // encodeURIComponent throws URIError on it; learning it used to crash the redactor.
    const value = `Zq9x4k7Qz2\uD800mW9abc`;
    const redactor = new Redactor();
    expect(redactor.redact(`password=${value}`).text).not.toContain(value);
    expect(redactor.redact(`echo ${value}`).text).not.toContain(value);
  });

  it("does not learn values below the floor or boring ones: they stay visible where no rule finds them", () => {
    // The shipped rules find nothing this short; a rule that finds any value shows the floor alone.
    const rule = { id: "demo-pin", description: "any value after pin=", keywords: ["pin="], pattern: /pin=(\S+)/, secretGroup: 1, examples: { match: [], noMatch: [] } };
    const redactor = new Redactor({ rules: [rule] });
    for (const value of ["Zq9x4", "enabled", "8675309", "k7Qz2mW9"]) {
      expect(redactor.redact(`pin=${value}`).text).not.toContain(value);
    }
    expect(redactor.redact("build Zq9x4 enabled 8675309 done").text).toBe("build Zq9x4 enabled 8675309 done");
    expect(redactor.redact("build k7Qz2mW9 done").text).toMatch(/^build \[\[SECRET:demo-pin:[0-9a-f]+\]\] done$/);
  });

  it("learns every found value of a text in one batch, each form once", () => {
    const redactor = new Redactor();
    const tokens = Array.from({ length: 300 }, (_, i) => fake(`propagate-batch-${i}`, 32));
    redactor.redact(tokens.map((t) => `  token = "${t}"`).join("\n"));
    const known = redactor.knownValueCount;
    // The value (its URL-encoded form is itself: fake tokens are alphanumeric), once each.
    expect(known).toBe(tokens.length);
    redactor.redact(tokens.map((t) => `  token = "${t}"`).join("\n"));
    expect(redactor.knownValueCount).toBe(known);
    expect(redactor.redact(tokens.join(" ")).text).not.toMatch(/[A-Za-z0-9]{32}/);
  });
});
