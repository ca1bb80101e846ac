import type { Finding, Redactor } from "./redactor.js";
import type { Redacted } from "./redacted.js";
import type { SecretSpan } from "./redaction-rule.js";

export interface StreamRedactorOptions {
  /** Text is scanned once this much is pending (default 256 KiB). */
  chunkSize?: number;
  /**
   * Context kept on each side of a cut (default 16 KiB): the text after a cut is scanned again
   * with this much of what came before, and nothing is emitted closer than this to the end of
   * what has arrived, so a secret (or the structure around it) up to this size is always seen whole.
   */
  lookaround?: number;
  /** An unterminated private key block is held back until its END line, up to this much (default 8 MiB). */
  maxHold?: number;
}

const BLOCK_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g;

/**
 * Redacts text that arrives in pieces. It only emits up to a cut that no secret crosses: at a
 * line boundary, at least `lookaround` before the end of what has arrived, and never inside a
 * private key block whose END line has not arrived. Each scan also sees `lookaround` of already
 * emitted text, so a rule that needs context (a Kubernetes Secret's `kind`) still has it.
 */
export class StreamRedactor {
  private readonly chunkSize: number;
  private readonly lookaround: number;
  private readonly maxHold: number;
  /** Already emitted text kept as context, then the pending text. */
  private buffer = "";
  private contextLength = 0;
  private line = 1;
  private column = 1;
  readonly findings: Finding[] = [];
  private readonly nothing: Redacted;

  constructor(
    private readonly redactor: Redactor,
    options: StreamRedactorOptions = {},
  ) {
    this.chunkSize = options.chunkSize ?? 256 * 1024;
    this.lookaround = options.lookaround ?? 16 * 1024;
    this.maxHold = Math.max(options.maxHold ?? 8 * 1024 * 1024, this.chunkSize + this.lookaround);
    this.nothing = redactor.redact("");
  }

  /** Adds text; returns what can be emitted safely (often empty). */
  write(text: string): Redacted {
    this.buffer += text;
    if (this.buffer.length - this.contextLength < this.chunkSize + this.lookaround) return this.nothing;
    return this.flush(false);
  }

  /** Emits everything still held. */
  end(): Redacted {
    return this.flush(true);
  }

  private flush(final: boolean): Redacted {
    const spans = this.redactor.spans(this.buffer);
    const cut = final ? this.buffer.length : this.safeCut(spans);
    if (cut <= this.contextLength) return this.nothing;
    const from = this.contextLength;
    const emitted = spans
      .filter((s) => s.start >= from && s.end <= cut)
      .map((s) => ({ ...s, start: s.start - from, end: s.end - from }));
    const text = this.buffer.slice(from, cut);
    const { redacted, findings } = this.redactor.redactSpans(text, emitted);
    for (const f of findings) {
      this.findings.push({ ...f, line: f.line + this.line - 1, column: f.line === 1 ? f.column + this.column - 1 : f.column });
    }
    this.advancePosition(text);
    const keepFrom = Math.max(0, cut - this.lookaround);
    this.buffer = this.buffer.slice(keepFrom);
    this.contextLength = cut - keepFrom;
    return redacted;
  }

  /** The furthest point that is safe to emit up to, or contextLength when nothing is. */
  private safeCut(spans: readonly SecretSpan[]): number {
    const forced = this.buffer.length - this.contextLength > this.maxHold;
    let limit = this.buffer.length - this.lookaround;
    if (!forced) limit = Math.min(limit, this.openBlockStart());
    let cut = limit;
    if (!forced) {
      const newline = this.buffer.lastIndexOf("\n", limit - 1);
      cut = newline < this.contextLength ? this.contextLength : newline + 1;
    }
    // Never inside a secret: step back to the secret's line (or its start, when forced).
    for (let i = spans.length - 1; i >= 0; i--) {
      const s = spans[i]!;
      if (s.start < cut && cut < s.end) {
        cut = forced ? s.start : this.buffer.lastIndexOf("\n", s.start - 1) + 1;
      }
    }
    return Math.max(cut, this.contextLength);
  }

  /** Start of the line of a private key block with no END line yet (buffer length when none). */
  private openBlockStart(): number {
    let open = this.buffer.length;
    BLOCK_BEGIN.lastIndex = 0;
    for (let m = BLOCK_BEGIN.exec(this.buffer); m; m = BLOCK_BEGIN.exec(this.buffer)) {
      const end = this.buffer.indexOf("-----END ", m.index + m[0].length);
      if (end === -1 || this.buffer.indexOf("-----", end + 9) === -1) {
        open = this.buffer.lastIndexOf("\n", m.index - 1) + 1;
        break;
      }
    }
    return open;
  }

  private advancePosition(text: string): void {
    let newlines = 0;
    let last = -1;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
      newlines++;
      last = i;
    }
    if (newlines === 0) this.column += text.length;
    else {
      this.line += newlines;
      this.column = text.length - last;
    }
  }
}
