import { Redacted, claimRedactedMint } from "./redacted.js";
import type { RedactionRule, SecretSpan } from "./redaction-rule.js";
import { knownValueForms, isWorthHiding, urlEncodedForm } from "./known-value-forms.js";
import { ALL_RULES } from "./rules/all-rules.js";
import { KnownValueIndex } from "./known-value-index.js";
import { mergeSpans, SecretScanner } from "./secret-scanner.js";
import { SecretVault } from "./secret-vault.js";
import { PLACEHOLDER_PREFIX } from "./placeholder.js";
import { stripTerminalEscapes } from "./terminal-escapes.js";
import { crossesJoin, originalOffset, wrappedRuns } from "./wrapped-runs.js";

const mint = claimRedactedMint();
const NO_FORMS: readonly string[] = [];
/** As the scanner: known values shorter than this only count as whole words. */
const SHORT_KNOWN_VALUE = 12;

export interface RedactorOptions {
  /** The detectors (default: every rule under rules/). */
  rules?: readonly RedactionRule[];
  /** Rule ids to leave out (`redact.disabled_rules`). */
  disabledRules?: readonly string[];
  /** Values never redacted: exact strings, or patterns a whole value must match (`redact.allow`). */
  allow?: readonly (string | RegExp)[];
  /** Shared with the sandbox so placeholders restore; a new one per run by default. */
  vault?: SecretVault;
}

/** A found secret, located for a person: never the value itself. */
export interface Finding {
  rule: string;
  /** 1-based line and column of the secret's first character. */
  line: number;
  column: number;
  placeholder: string;
}

/**
 * The only way text leaves the program: finds secrets with every rule and every known value, and
 * swaps each for a placeholder from the vault. The result is a `Redacted`, the type every exit
 * point requires.
 */
export class Redactor {
  readonly vault: SecretVault;
  readonly #allRules: readonly RedactionRule[];
  #rules: readonly RedactionRule[] = [];
  #allow: ((value: string) => boolean) | undefined;
  /** Every value of the run known to be secret, in all its forms: given, released, or found by a rule. */
  readonly #known = new KnownValueIndex();
  readonly #toMask = new Set<string>();
  #scanner: SecretScanner | undefined;
  #knownReleasedVersion = 0;
  /** Released values already in the index (the vault's map keeps the order they were released in). */
  #knownReleasedCount = 0;
  /** Values indexed with every form (given or released): only then can a wrapped form be in the text. */
  #valuesWithAllForms = 0;
  /**
   * A value a rule found is learned as itself and URL-encoded: the forms in which a run echoes
   * it (a trace, a URL, an error message). Its base64 forms are not: they were a fifth of the
   * redactor's time on a log dense with secrets (six forms of four index entries each, per
   * value). Values given as secret (env, terraform-sensitive) keep every form (addKnownValue).
   */
  readonly #learnFound = (id: string, value: string): void => {
    if (this.#known.has(value) || !isWorthHiding(value)) return;
    const encoded = urlEncodedForm(value);
    this.#known.addWithForms(id, value, encoded === value ? NO_FORMS : [encoded]);
  };

  constructor(options: RedactorOptions = {}) {
    this.#allRules = options.rules ?? ALL_RULES;
    this.vault = options.vault ?? new SecretVault();
    this.configure(options);
  }

  /** Applies `redact.disabled_rules` and `redact.allow` (known once the config file is read). */
  configure(options: Pick<RedactorOptions, "disabledRules" | "allow">): void {
    const disabled = new Set(options.disabledRules ?? []);
    this.#rules = this.#allRules.filter((r) => !disabled.has(r.id));
    const literals = new Set<string>();
    const patterns: RegExp[] = [];
    for (const entry of options.allow ?? []) {
      if (typeof entry === "string") literals.add(entry);
      else patterns.push(new RegExp(`^(?:${entry.source})$`, entry.flags.replace(/[gy]/g, "")));
    }
    this.#allow = literals.size + patterns.length === 0 ? undefined : (value) => literals.has(value) || patterns.some((p) => p.test(value));
    this.#scanner = undefined;
  }

  /** Ids of the rules in force. */
  get ruleIds(): string[] {
    return this.#rules.map((r) => r.id);
  }

  /**
   * Hides this exact value (and every form of it a command can cheaply print: URL-encoded,
   * JSON-escaped, hex, base64, see knownValueForms) wherever it appears, under `id` (an env var
   * name, `terraform-sensitive`). Short or boring values are ignored; returns the forms that will
   * be hidden. `mask` marks them for the runner's own masking (`valuesToMask`).
   */
  addKnownValue(id: string, value: string, options: { minLength?: number; mask?: boolean } = {}): string[] {
    if (!isWorthHiding(value, options.minLength)) return [];
    const forms = knownValueForms(value);
    if (options.mask) for (const form of forms) this.#toMask.add(form);
    for (const form of forms) this.#known.add({ id, value: form });
    this.#valuesWithAllForms++;
    return forms;
  }

  /**
   * Scans text only to remember what it holds. Every scan learns (see `spans`); this is for text
   * read before anything is printed (a plan's values), so later output hides what it holds.
   */
  learn(text: string): void {
    this.spans(stripTerminalEscapes(text));
  }

  /** How many values (forms included) the run knows to be secret. */
  get knownValueCount(): number {
    return this.#known.size;
  }

  /** The forms of the values added with `mask` (secret env vars), for `core.setSecret`. */
  valuesToMask(): string[] {
    return [...this.#toMask];
  }

  /** Located findings, in text order. */
  findings(text: string): Finding[] {
    return this.scan(text).findings;
  }

  /** The text with every secret replaced by its placeholder, and without terminal escape sequences. */
  redact(text: string): Redacted {
    const { source, spans } = this.#resolve(stripTerminalEscapes(text));
    return mint(spans.length === 0 ? source : this.#replace(source, spans));
  }

  /** The redacted text and what was found in it (line and column refer to the input without its terminal escapes). */
  scan(text: string): { redacted: Redacted; findings: Finding[] } {
    const { source, spans } = this.#resolve(stripTerminalEscapes(text));
    const redacted = mint(spans.length === 0 ? source : this.#replace(source, spans));
    return { redacted, findings: locate(source, spans, (s) => this.vault.placeholderFor(s.ruleId, source.slice(s.start, s.end))) };
  }

  /**
   * The text to scan and what to hide in it. Text that already holds this run's placeholders
   * (a report quoting redacted output, an LLM answer) is scanned with their values put back, and
   * those values are hidden again whatever the rules say: redacting redacted text gives the same
   * text (a placeholder changes its neighbours' context, so scanning the redacted form could find
   * something new), and a placeholder moved to a new context still never shows its value.
   */
  #resolve(text: string): { source: string; spans: SecretSpan[] } {
    // The scanner's own pass looks for placeholders and stops before any rule runs (or anything
    // is learned) when it meets one: a text without them costs no separate search for them.
    const spans = this.#currentScanner().find(text, this.#learnFound, true);
    if (spans) return { source: text, spans: this.#withWrapped(text, spans) };
    if (!text.includes(PLACEHOLDER_PREFIX)) return { source: text, spans: this.spans(text) };
    const { text: source, regions } = this.vault.withValues(text);
    if (regions.length === 0) return { source: text, spans: this.spans(text) };
    return { source, spans: mergeSpans([...this.spans(source), ...regions], []) };
  }

  /**
   * The raw spans, for the stream redactor (which cuts text only where no secret crosses). Every
   * secret a rule finds becomes a known value of the run (above the usual length floor), hidden
   * wherever it appears afterwards, even with no keyword near it: echoed, in a URL, in an error
   * message, URL-encoded (not in base64: see learnFound); and already in this text, wherever it stood before.
   * Terminal escapes are not removed here (the offsets are the text's): the stream redactor removes them as text arrives.
   */
  spans(text: string): SecretSpan[] {
    return this.#withWrapped(text, this.#currentScanner().find(text, this.#learnFound));
  }

  /** The spans with those of known values' forms wrapped across lines (see wrapped-runs.ts) added. */
  #withWrapped(text: string, spans: SecretSpan[]): SecretSpan[] {
    if (this.#valuesWithAllForms === 0) return spans;
    const wrapped = this.#wrappedSpans(text);
    return wrapped.length === 0 ? spans : mergeSpans([...wrapped, ...spans], []);
  }

  #wrappedSpans(text: string): SecretSpan[] {
    const found: SecretSpan[] = [];
    const known = this.#known;
    const allow = this.#allow;
    for (const run of wrappedRuns(text)) {
      known.scan(run.text, (index, start) => {
        const value = known.valueOf(index);
        const end = start + value.length;
        // A hit within one line was found by the scanner's own pass already.
        if (!crossesJoin(run, start, end)) return;
        if (value.length < SHORT_KNOWN_VALUE && (isWordChar(run.text.charCodeAt(start - 1)) || isWordChar(run.text.charCodeAt(end)))) return;
        if (allow?.(value)) return;
        found.push({ ruleId: known.idOf(index), start: originalOffset(run, start), end: originalOffset(run, end - 1) + 1 });
      });
    }
    return found;
  }

  /** Replaces the given spans of `text` (from `spans`) with placeholders; for the stream redactor. */
  redactSpans(text: string, spans: readonly SecretSpan[]): { redacted: Redacted; findings: Finding[] } {
    const redacted = mint(spans.length === 0 ? text : this.#replace(text, spans));
    return { redacted, findings: locate(text, spans, (s) => this.vault.placeholderFor(s.ruleId, text.slice(s.start, s.end))) };
  }

  #replace(text: string, spans: readonly SecretSpan[]): string {
    let out = "";
    let at = 0;
    for (const span of spans) {
      out += text.slice(at, span.start) + this.vault.placeholderFor(span.ruleId, text.slice(span.start, span.end));
      at = span.end;
    }
    return out + text.slice(at);
  }

  /** The scanner shares the growing index of known values: learning never rebuilds it. */
  #currentScanner(): SecretScanner {
    if (this.#knownReleasedVersion !== this.vault.releasedVersion) {
      // A released value is in a command's hands: it may print it in any cheap form (hex, base64, JSON, a URL).
      let i = 0;
      for (const [value, id] of this.vault.releasedValues()) {
        if (i++ < this.#knownReleasedCount) continue;
        this.#known.add({ id, value });
        if (!isWorthHiding(value)) continue;
        for (const form of knownValueForms(value)) this.#known.add({ id, value: form });
        this.#valuesWithAllForms++;
      }
      this.#knownReleasedCount = i;
      this.#knownReleasedVersion = this.vault.releasedVersion;
    }
    return (this.#scanner ??= new SecretScanner(this.#rules, this.#known, this.#allow));
  }
}

function locate(text: string, spans: readonly SecretSpan[], placeholder: (s: SecretSpan) => string): Finding[] {
  const findings: Finding[] = [];
  let line = 1;
  let lineStart = 0;
  // The next newline is kept between spans: searching afresh from the line start for each span
  // made a long line with many secrets (minified JSON) cost its length once per secret.
  let newline = text.indexOf("\n");
  for (const span of spans) {
    while (newline !== -1 && newline < span.start) {
      line++;
      lineStart = newline + 1;
      newline = text.indexOf("\n", lineStart);
    }
    findings.push({ rule: span.ruleId, line, column: span.start - lineStart + 1, placeholder: placeholder(span) });
  }
  return findings;
}

export { Redacted };

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
