import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRedactingTransform } from "../../src/redact/redacting-transform.js";
import { Redactor } from "../../src/redact/redactor.js";
import { ALL_RULES } from "../../src/redact/rules/all-rules.js";
import { fake } from "../../src/redact/rules/fake-token.js";
import { StreamRedactor } from "../../src/redact/stream-redactor.js";

/** Every rule's match examples, with the secrets that rule alone takes out of each. */
const SECRET_SEGMENTS = ALL_RULES.flatMap((rule) => {
  const alone = new Redactor({ rules: [rule] });
  return rule.examples.match.map((text) => ({ text, secrets: alone.spans(text).map((s) => text.slice(s.start, s.end)) }));
});
const LOOK_ALIKES = ALL_RULES.flatMap((rule) => rule.examples.noMatch);
const NOISE = [
  "2026-01-12T10:00:00Z INFO  starting terraform plan for payments (staging)",
  '  + resource "aws_s3_bucket" "logs" {',
  "      + bucket = \"acme-logs-staging\"",
  "Plan: 3 to add, 1 to change, 0 to destroy.",
  "",
  "image: ghcr.io/acme/api@sha256:" + fake("noise-digest", 64, "0123456789abcdef"),
];

const segment = fc.oneof(
  fc.constantFrom(...SECRET_SEGMENTS).map((s) => s.text),
  fc.constantFrom(...LOOK_ALIKES),
  fc.constantFrom(...NOISE),
  fc.string({ maxLength: 40 }),
);
const document = fc.tuple(fc.array(segment, { maxLength: 60 }), fc.constantFrom("\n", " ", "", "\r\n")).map(([parts, sep]) => parts.join(sep));

/** Splits text at the given fractions of its length. */
function chunk(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let at = 0;
  for (const p of points) {
    pieces.push(text.slice(at, p));
    at = p;
  }
  pieces.push(text.slice(at));
  return pieces;
}

/** Larger than any one example, so every example is seen whole; small enough that documents get cut. */
const LOOKAROUND = Math.max(...SECRET_SEGMENTS.map((s) => s.text.length), ...LOOK_ALIKES.map((s) => s.length)) + 64;
let emittedBeforeEnd = 0;

function streamed(redactor: Redactor, pieces: readonly string[], chunkSize: number): string {
  const stream = new StreamRedactor(redactor, { chunkSize, lookaround: LOOKAROUND });
  const early = pieces.map((p) => stream.write(p).text).join("");
  if (early.length > 0) emittedBeforeEnd++;
  return early + stream.end().text;
}

describe("redaction properties", () => {
  it("is idempotent", () => {
    const redactor = new Redactor();
    fc.assert(
      fc.property(document, (text) => {
        const once = redactor.redact(text).text;
        expect(redactor.redact(once).text).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it("restores placeholders exactly", () => {
    const redactor = new Redactor();
    fc.assert(
      fc.property(document, (text) => {
        expect(redactor.vault.restore(redactor.redact(text).text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("lets no secret through, however the text is chunked, and streams exactly what whole-text redaction gives", () => {
    const redactor = new Redactor();
    const lines = fc.array(fc.oneof(fc.constantFrom(...SECRET_SEGMENTS), fc.constantFrom(...NOISE).map((text) => ({ text, secrets: [] as string[] }))), { minLength: 20, maxLength: 80 });
    fc.assert(
      fc.property(lines, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }), fc.integer({ min: 1, max: 512 }), (segments, cuts, chunkSize) => {
        const text = segments.map((s) => s.text).join("\n");
        const out = streamed(redactor, chunk(text, cuts), chunkSize);
        for (const secret of segments.flatMap((s) => s.secrets)) expect(out).not.toContain(secret);
        expect(out).toBe(redactor.redact(text).text);
      }),
      { numRuns: 300 },
    );
    // The property is only worth something if the stream really cut the text before its end.
    expect(emittedBeforeEnd).toBeGreaterThan(50);
  });

  it("streams any text exactly as whole-text redaction does", () => {
    const redactor = new Redactor();
    fc.assert(
      fc.property(document, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), fc.integer({ min: 1, max: 256 }), (text, cuts, chunkSize) => {
        expect(streamed(redactor, chunk(text, cuts), chunkSize)).toBe(redactor.redact(text).text);
      }),
      { numRuns: 300 },
    );
  });
});

describe("StreamRedactor", () => {
  it("holds a private key block back until its END line arrives, whatever the look-around", () => {
    const redactor = new Redactor();
    const body = Array.from({ length: 200 }, (_, i) => fake(`stream-key-${i}`, 64)).join("\n");
    const text = `log line\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\ntrailer\n`;
    const stream = new StreamRedactor(redactor, { chunkSize: 64, lookaround: 128 });
    let out = "";
    for (let i = 0; i < text.length; i += 100) out += stream.write(text.slice(i, i + 100)).text;
    out += stream.end().text;
    expect(out).not.toContain(fake("stream-key-7", 64));
    expect(out).toMatch(/-----BEGIN RSA PRIVATE KEY-----\n\[\[SECRET:private-key:[0-9a-f]+\]\]-----END RSA PRIVATE KEY-----\ntrailer\n$/);
  });

  it("reports findings with lines and columns of the whole stream", () => {
    const redactor = new Redactor();
    const lines = Array.from({ length: 300 }, (_, i) => (i % 100 === 42 ? `  token: ghp_${fake(`stream-ghp-${i}`, 36)}` : `line ${i} is plain`));
    const stream = new StreamRedactor(redactor, { chunkSize: 100, lookaround: 200 });
    for (const line of lines) stream.write(`${line}\n`);
    stream.end();
    expect(stream.findings.map((f) => [f.rule, f.line, f.column])).toEqual([
      ["github-pat", 43, 10],
      ["github-pat", 143, 10],
      ["github-pat", 243, 10],
    ]);
  });
});

describe("createRedactingTransform", () => {
  it("redacts a byte stream split inside a token and inside a multi-byte character", async () => {
    const redactor = new Redactor();
    const token = `ghp_${fake("transform-ghp", 36)}`;
    const bytes = Buffer.from(`héllo ${token} wörld\n`.repeat(50));
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
    const found: string[] = [];
    const transform = createRedactingTransform(redactor, { chunkSize: 50, lookaround: 100, onFinding: (f) => found.push(f.rule) });
    let out = "";
    for await (const piece of Readable.from(pieces).pipe(transform)) out += String(piece);
    expect(out).not.toContain(token);
    expect(out.split("\n")[0]).toMatch(/^héllo \[\[SECRET:github-pat:[0-9a-f]+\]\] wörld$/);
    expect(found).toHaveLength(50);
  });
});
