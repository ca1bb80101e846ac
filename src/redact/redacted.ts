/**
 * Text that went through the redactor. Every exit point (stdout, stderr, report files, the
 * Action's summary and outputs, logs, and later GitHub comments, LLM messages and memory writes)
 * accepts only this type, so forgetting to redact is a type error rather than a leak.
 *
 * The constructor is private and the one factory can be claimed once: the redactor module claims
 * it when it loads, so no other code can turn a plain string into a `Redacted`.
 */
let mint: ((text: string) => Redacted) | undefined;

export class Redacted {
  static {
    mint = (text) => new Redacted(text);
  }

  private constructor(readonly text: string) {}

  get length(): number {
    return this.text.length;
  }

  toString(): string {
    return this.text;
  }
}

/** Hands out the only way to make a `Redacted`; a second call throws (the redactor already holds it). */
export function claimRedactedMint(): (text: string) => Redacted {
  const claimed = mint;
  if (!claimed) throw new Error("Only the redactor may create Redacted values; pass text through a Redactor.");
  mint = undefined;
  return claimed;
}
