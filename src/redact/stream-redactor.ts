import type { Finding, Redactor } from "./redactor.js";
import type { Redacted } from "./redacted.js";
import type { SecretSpan } from "./redaction-rule.js";
import { hasTerminalEscape, stripTerminalEscapes, unfinishedEscapeStart } from "./terminal-escapes.js";

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
 * line boundary (inside a line only when the line is longer than a chunk), at least `lookaround`
 * before the end of what has arrived, and never inside a private key block whose END line has not
 * arrived. Each scan also sees `lookaround` of already emitted text, so a rule that needs context
 * (a Kubernetes Secret's `kind`) still has it. Every part of the text is scanned a bounded number
 * of times, so the cost is linear however long its lines; and each scan teaches the redactor what
 * it found, so a secret found in one chunk is hidden in every later one.
 */
export class StreamRedactor {
  readonly #chunkSize: number;
  readonly #lookaround: number;
  readonly #maxHold: number;
  /** Already emitted text kept as context, then the pending text. */
  #buffer = "";
  #contextLength = 0;
  /** The buffer length before which no new scan is worth it (see flush). */
  #nextScanAt = 0;
  #scanned = 0;
  #line = 1;
  #column = 1;
  /** The start of a terminal escape sequence cut by the end of the last write, kept for the next. */
  #escapeStart = "";
  readonly findings: Finding[] = [];
  readonly #nothing: Redacted;

  readonly #redactor: Redactor;

  constructor(redactor: Redactor, options: StreamRedactorOptions = {}) {
    this.#redactor = redactor;
    this.#chunkSize = options.chunkSize ?? 256 * 1024;
    this.#lookaround = options.lookaround ?? 16 * 1024;
    this.#maxHold = Math.max(options.maxHold ?? 8 * 1024 * 1024, this.#chunkSize + this.#lookaround);
    this.#nothing = redactor.redact("");
  }

  /**
   * Adds text; returns what can be emitted safely (often empty). Terminal escape sequences are
   * removed as text arrives (one cut by a write's end is completed by the next), so a token that
   * `grep --color` split is scanned whole.
   */
  write(text: string): Redacted {
    if (this.#escapeStart !== "") {
      text = this.#escapeStart + text;
      this.#escapeStart = "";
    }
    if (hasTerminalEscape(text)) {
      const unfinished = unfinishedEscapeStart(text);
      if (unfinished !== -1) {
        this.#escapeStart = text.slice(unfinished);
        text = text.slice(0, unfinished);
      }
      text = stripTerminalEscapes(text);
    }
    this.#buffer += text;
    if (this.#buffer.length - this.#contextLength < this.#chunkSize + this.#lookaround) return this.#nothing;
    if (this.#buffer.length < this.#nextScanAt) return this.#nothing;
    return this.#flush(false);
  }

  /** Emits everything still held. */
  end(): Redacted {
    // An escape sequence the stream ended inside is no sequence: its characters are text.
    this.#buffer += this.#escapeStart;
    this.#escapeStart = "";
    return this.#flush(true);
  }

  /** Characters scanned so far, over all scans: the stream's work, for tests that bound it without timing. */
  get scannedLength(): number {
    return this.#scanned;
  }

  #flush(final: boolean): Redacted {
    this.#scanned += this.#buffer.length;
    const spans = this.#redactor.spans(this.#buffer);
    const cut = final ? this.#buffer.length : this.#safeCut(spans);
    // Text still held (an open key block) is scanned again only once the buffer has grown by half
    // of it: each scan then covers at least a third new text, so holding H costs about 3H, not H^2/write.
    const held = (): void => void (this.#nextScanAt = this.#buffer.length + Math.floor((this.#buffer.length - this.#contextLength) / 2));
    if (cut <= this.#contextLength) {
      held();
      return this.#nothing;
    }
    const from = this.#contextLength;
    // A secret found now that starts in the context already emitted (seen differently then) still
    // has its emitted-now part hidden: never let the tail of a secret through.
    const emitted: SecretSpan[] = [];
    for (const s of spans) {
      if (s.end <= from || s.start >= cut) continue;
      emitted.push({ ...s, start: Math.max(s.start, from) - from, end: Math.min(s.end, cut) - from });
    }
    const text = this.#buffer.slice(from, cut);
    const { redacted, findings } = this.#redactor.redactSpans(text, emitted);
    for (const f of findings) {
      this.findings.push({ ...f, line: f.line + this.#line - 1, column: f.line === 1 ? f.column + this.#column - 1 : f.column });
    }
    this.#advancePosition(text);
    const keepFrom = Math.max(0, cut - this.#lookaround);
    this.#buffer = this.#buffer.slice(keepFrom);
    this.#contextLength = cut - keepFrom;
    held();
    return redacted;
  }

  /**
   * The furthest point that is safe to emit up to, or contextLength when nothing is. Prefers a
   * line boundary; a line longer than a chunk (minified JSON, a base64 blob, a one-line log) is cut
   * inside, outside any secret: waiting for its end would scan the growing line at every write,
   * and the look-around kept on both sides of the cut still shows every secret whole.
   */
  #safeCut(spans: readonly SecretSpan[]): number {
    const forced = this.#buffer.length - this.#contextLength > this.#maxHold;
    let limit = this.#buffer.length - this.#lookaround;
    if (!forced) limit = Math.min(limit, this.#openBlockStart());
    let cut = limit;
    let inLine = forced;
    if (!forced) {
      const lineStart = this.#buffer.lastIndexOf("\n", limit - 1) + 1;
      if (limit - lineStart > this.#chunkSize || lineStart <= this.#contextLength) inLine = true;
      else cut = lineStart;
    }
    // Never inside a secret: step back to the secret's line, or to its start when cutting inside a line.
    for (let i = spans.length - 1; i >= 0; i--) {
      const s = spans[i]!;
      if (s.end <= this.#contextLength) break;
      if (s.start < cut && cut < s.end) {
        const lineStart = this.#buffer.lastIndexOf("\n", s.start - 1) + 1;
        cut = inLine || lineStart <= this.#contextLength ? s.start : lineStart;
      }
    }
    return Math.max(cut, this.#contextLength);
  }

  /** Start of the line of a private key block with no END line yet (buffer length when none). */
  #openBlockStart(): number {
    let open = this.#buffer.length;
    BLOCK_BEGIN.lastIndex = 0;
    for (let m = BLOCK_BEGIN.exec(this.#buffer); m; m = BLOCK_BEGIN.exec(this.#buffer)) {
      const end = this.#buffer.indexOf("-----END ", m.index + m[0].length);
      if (end === -1 || this.#buffer.indexOf("-----", end + 9) === -1) {
        open = this.#buffer.lastIndexOf("\n", m.index - 1) + 1;
        break;
      }
    }
    return open;
  }

  #advancePosition(text: string): void {
    let newlines = 0;
    let last = -1;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
      newlines++;
      last = i;
    }
    if (newlines === 0) this.#column += text.length;
    else {
      this.#line += newlines;
      this.#column = text.length - last;
    }
  }
}
