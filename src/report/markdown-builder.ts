/**
 * Collects lines into an array and joins once at the end: string `+=` over ten thousand rows is the
 * quadratic trap this avoids. `length` is tracked so a renderer can stop early once it is over
 * its budget instead of building megabytes that will be thrown away.
 */
export class MarkdownBuilder {
  private readonly parts: string[] = [];
  private size = 0;

  constructor(readonly limit = Number.POSITIVE_INFINITY) {}

  get length(): number {
    return this.size;
  }

  get overflowed(): boolean {
    return this.size > this.limit;
  }

  /** Characters left before the limit. */
  get remaining(): number {
    return this.limit - this.size;
  }

  /** Marks the builder over budget without building the text that would not fit anyway. */
  overflow(): this {
    this.size = Math.max(this.size, this.limit + 1);
    return this;
  }

  line(text = ""): this {
    this.parts.push(text, "\n");
    this.size += text.length + 1;
    return this;
  }

  /** A paragraph: the text, then a blank line. */
  block(text: string): this {
    return this.line(text).line();
  }

  toString(): string {
    return this.parts.join("");
  }
}
