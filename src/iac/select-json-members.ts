const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
/** Characters a JSON string holds as they are: anything but a quote, a backslash or a control character. */
const PLAIN_STRING_RUN = /[^"\\\u0000-\u001f]*/y;

/**
 * Which members of an object to keep: `true` keeps the member whole, a nested selection keeps
 * only those members of the member's value (when it is an object).
 */
export type MemberSelection = ReadonlyMap<string, MemberSelection | true>;

/** The text is not one valid JSON value; `offset` is where it stops being one. */
export class JsonTextError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "JsonTextError";
  }
}

/**
 * Returns the JSON text of a top-level object keeping only the selected members, without building
 * the others. A terraform plan repeats every value in `planned_values` and `prior_state`; not
 * building those trees halves the memory a large plan needs.
 *
 * Skipping is not trusting: every skipped byte is checked against the JSON grammar, and anything
 * after the object but white space is an error, so the kept text is accepted only when the whole
 * text is exactly one valid JSON value (two plans concatenated in one file are not read as the
 * first). A member named twice in one selected object is an error too: which copy a reader takes
 * differs between tools. Returns null when the text does not start with an object (the caller
 * parses it whole, to report what it is); throws JsonTextError when it is not valid JSON.
 */
export function selectJsonMembers(
  json: string,
  keep: MemberSelection | ReadonlySet<string>,
  options: { skipped?: string[] } = {},
): string | null {
  const selection: MemberSelection = keep instanceof Map ? keep : new Map([...keep].map((k) => [k, true as const]));
  const scanner = new Scanner(json);
  scanner.skipSpace();
  if (scanner.peek() !== OPEN_BRACE) return null;
  const kept = scanner.selectObject(selection, options.skipped);
  scanner.skipSpace();
  if (scanner.pos < json.length) {
    throw new JsonTextError("unexpected data after the JSON value (only one value may be given)", scanner.pos);
  }
  return kept;
}

/** `line L, column C` (1-based) of an offset, for error messages. */
export function describeOffset(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  skipSpace(): void {
    const text = this.text;
    let i = this.pos;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.pos = i;
  }

  fail(what: string): never {
    if (this.pos >= this.text.length) throw new JsonTextError(`the JSON ends early (${what})`, this.pos);
    const c = this.text[this.pos] ?? "";
    throw new JsonTextError(`unexpected ${JSON.stringify(c)} (${what})`, this.pos);
  }

  expect(code: number, what: string): void {
    if (this.peek() !== code) this.fail(what);
    this.pos++;
  }

  /**
   * The object at `pos`, as text holding only the selected members. The names of skipped members
   * holding something (not null, [] or {}) go to `skipped`.
   */
  selectObject(selection: MemberSelection, skipped?: string[]): string {
    const text = this.text;
    this.pos++;
    const kept: string[] = [];
    const seen = new Set<string>();
    this.skipSpace();
    if (this.peek() === CLOSE_BRACE) {
      this.pos++;
      return "{}";
    }
    for (;;) {
      this.skipSpace();
      const keyStart = this.pos;
      if (this.peek() !== QUOTE) this.fail("expected a member name");
      this.skipString();
      const raw = text.slice(keyStart + 1, this.pos - 1);
      const key = raw.includes("\\") ? (JSON.parse(text.slice(keyStart, this.pos)) as string) : raw;
      if (seen.has(key)) throw new JsonTextError(`the member ${JSON.stringify(key)} is given twice`, keyStart);
      seen.add(key);
      this.skipSpace();
      this.expect(COLON, "expected ':' after a member name");
      this.skipSpace();
      const valueStart = this.pos;
      const wanted = selection.get(key);
      if (wanted !== undefined && wanted !== true && this.peek() === OPEN_BRACE) {
        kept.push(`${text.slice(keyStart, valueStart)}${this.selectObject(wanted)}`);
      } else {
        this.skipValue();
        if (wanted !== undefined) kept.push(text.slice(keyStart, this.pos));
        else if (skipped && !isEmptyValue(text, valueStart, this.pos)) skipped.push(key);
      }
      this.skipSpace();
      const c = this.peek();
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      if (c === CLOSE_BRACE) {
        this.pos++;
        return `{${kept.join(",")}}`;
      }
      this.fail("expected ',' or '}' in an object");
    }
  }

  /** Checks one value at `pos` and moves past it. Iterative: nesting depth costs no stack. */
  skipValue(): void {
    const stack: number[] = [];
    for (;;) {
      // A value is expected here.
      const c = this.peek();
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.pos++;
        this.skipSpace();
        const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
        if (this.peek() === close) {
          this.pos++;
        } else {
          stack.push(close);
          if (close === CLOSE_BRACE) this.memberName();
          continue;
        }
      } else if (c === QUOTE) this.skipString();
      else if (c === MINUS || (c >= ZERO && c <= NINE)) this.skipNumber();
      else if (!this.skipLiteral("true") && !this.skipLiteral("false") && !this.skipLiteral("null")) this.fail("expected a value");
      // After a value: close containers until one continues with a comma.
      for (;;) {
        const close = stack.at(-1);
        if (close === undefined) return;
        this.skipSpace();
        const next = this.peek();
        if (next === COMMA) {
          this.pos++;
          this.skipSpace();
          if (close === CLOSE_BRACE) this.memberName();
          break;
        }
        if (next !== close) this.fail(close === CLOSE_BRACE ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array");
        this.pos++;
        stack.pop();
      }
    }
  }

  /** `"name" :` inside a skipped object, leaving `pos` at the value. */
  private memberName(): void {
    if (this.peek() !== QUOTE) this.fail("expected a member name");
    this.skipString();
    this.skipSpace();
    this.expect(COLON, "expected ':' after a member name");
    this.skipSpace();
  }

  skipString(): void {
    const text = this.text;
    let j = this.pos + 1;
    for (;;) {
      // Runs of plain characters are skipped by the regex engine, several times faster than a loop here.
      PLAIN_STRING_RUN.lastIndex = j;
      PLAIN_STRING_RUN.test(text);
      j = PLAIN_STRING_RUN.lastIndex;
      if (j >= text.length) {
        this.pos = text.length;
        this.fail("a string is not closed");
      }
      const c = text.charCodeAt(j);
      if (c === QUOTE) {
        this.pos = j + 1;
        return;
      }
      if (c < 0x20) {
        this.pos = j;
        this.fail("control characters must be escaped in a string");
      }
      // A backslash.
      const e = text.charCodeAt(j + 1);
      if (e === 0x75 /* u */) {
        for (let k = j + 2; k < j + 6; k++) {
          if (!isHexDigit(text.charCodeAt(k))) {
            this.pos = k;
            this.fail("expected four hex digits after \\u");
          }
        }
        j += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        j += 2;
      } else {
        this.pos = j + 1;
        this.fail("invalid escape in a string");
      }
    }
  }

  private skipNumber(): void {
    const text = this.text;
    let i = this.pos;
    if (text.charCodeAt(i) === MINUS) i++;
    const digits = (from: number): number => {
      let j = from;
      while (isDigit(text.charCodeAt(j))) j++;
      return j;
    };
    if (text.charCodeAt(i) === ZERO) i++;
    else if (isDigit(text.charCodeAt(i))) i = digits(i);
    else {
      this.pos = i;
      this.fail("expected a digit");
    }
    if (text.charCodeAt(i) === DOT) {
      const end = digits(i + 1);
      if (end === i + 1) {
        this.pos = end;
        this.fail("expected a digit after '.'");
      }
      i = end;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === PLUS || sign === MINUS) i++;
      const end = digits(i);
      if (end === i) {
        this.pos = end;
        this.fail("expected a digit in the exponent");
      }
      i = end;
    }
    this.pos = i;
  }

  private skipLiteral(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }
}

function isEmptyValue(text: string, start: number, end: number): boolean {
  return end - start <= 16 && /^(?:null|\[[ \t\r\n]*\]|\{[ \t\r\n]*\})$/.test(text.slice(start, end));
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isHexDigit(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
