/** The strings a rule must find and the look-alikes it must leave alone; one test walks them all. */
export interface RuleExamples {
  /** Each must be found by this rule (and redacted by the full rule set). */
  match: readonly string[];
  /** Each must come out of the full rule set unchanged. */
  noMatch: readonly string[];
}

/**
 * One detector, as data (gitleaks' shape). Adding a credential type is adding one of these to a
 * table under rules/; nothing else changes.
 */
export interface RedactionRule {
  /** Stable id; shows in placeholders (`[[SECRET:<id>:3f9a]]`) and findings. */
  id: string;
  description: string;
  /**
   * Literals (matched case-insensitively) of which at least one occurs in or next to every match.
   * The rule runs only around their occurrences: this is what keeps 100+ rules to one pass.
   */
  keywords: readonly string[];
  /**
   * A literal every match holds, as written (case-sensitive), when the keywords alone let the
   * rule run on many lines that cannot match: the pattern is not run where it is absent (a plan
   * diff's `->` is on few of the lines that hold `token` or `secret`).
   */
  requires?: string;
  /** Compiled with the `g` and `d` flags added. Line rules must not match across a newline. */
  pattern?: RegExp;
  /**
   * For secrets whose place is given by a document's structure rather than a regex (a Kubernetes
   * Secret's `data`): returns [start, end) of each candidate. Exactly one of pattern/find is set.
   */
  find?: (text: string) => Iterable<readonly [number, number]>;
  /** Capture group holding the secret (default 0: the whole match); with a list, the first that matched. */
  secretGroup?: number | readonly number[];
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** Extra check on the secret (a checksum, a decodable payload, not a reference). */
  validate?: (secret: string) => boolean;
  /**
   * "line" (default): the pattern runs on the line around each keyword occurrence.
   * "text": the secret spans lines (PEM blocks, a Kubernetes Secret's data); runs over the whole text.
   */
  scope?: "line" | "text";
  examples: RuleExamples;
}

/** Where a rule (or a known value) found a secret: offsets into the scanned text, never the value. */
export interface SecretSpan {
  ruleId: string;
  start: number;
  end: number;
}
