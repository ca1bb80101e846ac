import { describe, expect, it } from "vitest";
import { Redactor } from "../../src/redact/redactor.js";
import { fake } from "../../src/redact/rules/fake-token.js";
import { StreamRedactor } from "../../src/redact/stream-redactor.js";

/**
 * Issue 8, item 2: the stream's work must grow with the text, also on one long line. Work is
 * counted (characters handed to the scanner over all scans), not timed; bench/redact.ts times it.
 * The lines have the shape of `terraform show -json`, which terraform prints on one line.
 */
const WRITE = 64 * 1024;

function planLine(bytes: number): { text: string; secrets: string[] } {
  const parts: string[] = [];
  const secrets: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const password = fake(`stream-linear-${i}`, 20);
    if (i % 50 === 0) secrets.push(password);
    const part = `{"address":"aws_db_instance.db_${i}","type":"aws_db_instance","change":{"actions":["create"],"after":{"identifier":"db-${i}","password":"${password}"}}},`;
    parts.push(part);
    length += part.length;
  }
  return { text: `{"format_version":"1.2","resource_changes":[${parts.join("")}]}`, secrets };
}

function streamIn(stream: StreamRedactor, text: string): { out: string; emittedEarly: number } {
  let out = "";
  let emittedEarly = 0;
  for (let at = 0; at < text.length; at += WRITE) {
    out += stream.write(text.slice(at, at + WRITE)).text;
    if (at + WRITE < text.length / 2) emittedEarly = out.length;
  }
  return { out: out + stream.end().text, emittedEarly };
}

describe("streaming cost", () => {
  it("emits a 1 MB line while it arrives and scans each part of it a bounded number of times", () => {
    const { text, secrets } = planLine(1024 * 1024);
    const redactor = new Redactor();
    const stream = new StreamRedactor(redactor);
    const { out, emittedEarly } = streamIn(stream, text);
    // Waiting for the line's end rescanned the growing line at every write: ~16x the text here.
    expect(stream.scannedLength).toBeLessThan(1.5 * text.length);
    expect(emittedEarly).toBeGreaterThan(0);
    for (const s of secrets) expect(out).not.toContain(s);
    expect(normalized(out)).toBe(normalized(new Redactor().redact(text).text));
    expect(stream.findings.length).toBe(new Redactor().scan(text).findings.length);
  });

  it("streams a long line exactly as whole-text redaction, with the same vault", () => {
    const { text } = planLine(600 * 1024);
    const redactor = new Redactor();
    const whole = redactor.redact(text).text;
    const stream = new StreamRedactor(redactor, { chunkSize: 32 * 1024, lookaround: 4 * 1024 });
    expect(streamIn(stream, text).out).toBe(whole);
  });

  it("holds an unterminated key block back without rescanning it at every write", () => {
    const body = Array.from({ length: 20000 }, (_, i) => fake(`held-${i}`, 64)).join("\n");
    const text = `log line\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n`;
    const stream = new StreamRedactor(new Redactor());
    const { out } = streamIn(stream, text);
    // Holding H characters costs about 3H with scans spaced by half of what is held, not H^2 / write.
    expect(stream.scannedLength).toBeLessThan(4 * text.length);
    expect(out).toBe(text);
  });

  it("still hides a key block that follows a megabyte-long line", () => {
    const { text: line } = planLine(1024 * 1024);
    const body = Array.from({ length: 40 }, (_, i) => fake(`after-line-${i}`, 64)).join("\n");
    const text = `${line}\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\ntrailer\n`;
    const stream = new StreamRedactor(new Redactor());
    const { out } = streamIn(stream, text);
    expect(stream.scannedLength).toBeLessThan(1.5 * text.length);
    expect(out).not.toContain(fake("after-line-7", 64));
    expect(out).toMatch(/-----BEGIN RSA PRIVATE KEY-----\n\[\[SECRET:private-key:[0-9a-f]+\]\]-----END RSA PRIVATE KEY-----\ntrailer\n$/);
  });
});

/** Placeholders of two vaults differ in their hex only. */
function normalized(text: string): string {
  return text.replace(/\[\[SECRET:([\w.-]+):[0-9a-f]+\]\]/g, "[[SECRET:$1]]");
}
