import { KeywordAutomaton } from "./keyword-automaton.js";
import { latin1Bytes, latin1Writes } from "./latin1-bytes.js";
import { KnownValueIndex, type KnownValue } from "./known-value-index.js";
import { looksLikeNotASecret } from "./not-a-secret.js";
import { PLACEHOLDER_PREFIX, placeholderEndAt } from "./placeholder.js";
import { forgetRecentValues } from "./recent-values.js";
import type { RedactionRule, SecretSpan } from "./redaction-rule.js";
import { shannonEntropy } from "./shannon-entropy.js";

export type { KnownValue };

/**
 * Given a secret a rule found (`id` is the rule's), makes it a known value of the run, in the
 * index the scanner shares (bare and URL-encoded), unless it is too short to hide
 * everywhere.
 */
export type LearnFound = (id: string, value: string) => void;

/** How far around a keyword a line rule looks, on lines too long to take whole (minified JSON). */
const WINDOW_BEFORE = 256;
const WINDOW_AFTER = 4096;
/** Longest window a rule's pattern runs on at once (see where windows are merged). */
const MAX_WINDOW = 16 * 1024;
/** Known values shorter than this only count as whole words ("prod" is not hidden in "production"). */
const SHORT_KNOWN_VALUE = 12;

interface CompiledRule {
  rule: RedactionRule;
  pattern: RegExp | undefined;
  groups: readonly number[];
  wholeText: boolean;
}

/** What a literal occurrence means, for the scan callback: a rule index (>= 0), or a placeholder prefix (-1). */
const PLACEHOLDER_TARGET = -1;

/**
 * Finds secrets in one pass: an Aho-Corasick automaton over every rule keyword walks the text
 * once, and each rule's pattern then runs only on the lines where one of its keywords occurred;
 * the run's known values are found in one more pass of their own index. Cost grows with the text
 * and the hits, not with the number of rules or of known values.
 */
export class SecretScanner {
  private readonly rules: readonly CompiledRule[];
  private readonly known: KnownValueIndex;
  private readonly automaton: KeywordAutomaton;
  /** targetList[targetStart[l] .. targetStart[l + 1]]: what literal l stands for. */
  private readonly targetStart: Int32Array;
  private readonly targetList: Int32Array;
  private readonly literalLengths: Int32Array;
  private readonly wholeTextRule: Uint8Array;
  private readonly allow: ((value: string) => boolean) | undefined;

  /** `known` is the run's index, shared and growing: values added to it later are found too. */
  constructor(rules: readonly RedactionRule[], known: KnownValueIndex = new KnownValueIndex(), allow?: (value: string) => boolean) {
    forgetRecentValues();
    this.rules = rules.map(compileRule);
    this.known = known;
    this.allow = allow;
    const literalIndex = new Map<string, number>();
    const literals: string[] = [];
    const targets: number[][] = [];
    const add = (literal: string, target: number): void => {
      const key = literal.toLowerCase();
      let index = literalIndex.get(key);
      if (index === undefined) {
        index = literals.length;
        literalIndex.set(key, index);
        literals.push(key);
        targets.push([]);
      }
      targets[index]!.push(target);
    };
    this.rules.forEach(({ rule }, index) => {
      for (const keyword of rule.keywords) add(keyword, index);
    });
    // Placeholders already in the text are found in the same pass (findings never overlap them).
    add(PLACEHOLDER_PREFIX, PLACEHOLDER_TARGET);
    this.automaton = automatonFor(literals);
    this.targetStart = new Int32Array(targets.length + 1);
    targets.forEach((list, i) => (this.targetStart[i + 1] = this.targetStart[i]! + list.length));
    this.targetList = Int32Array.from(targets.flat());
    this.wholeTextRule = Uint8Array.from(this.rules, (r) => (r.wholeText ? 1 : 0));
    this.literalLengths = Int32Array.from(literals, (l) => l.length);
  }

  /**
   * Every secret in the text, sorted, overlaps merged, none overlapping an existing placeholder.
   * With `learn`, each secret a rule finds is handed to it, and the known values it adds are
   * looked for in the whole text too: a token found on line 10 is also hidden where it stood bare
   * on line 2, by the same single pass over the known values.
   */
  find(text: string, learn?: LearnFound): SecretSpan[];
  /**
   * With `stopAtPlaceholder`, returns undefined as soon as the keyword pass has met the start of a
   * placeholder (in any case), before any rule runs or anything is learned.
   */
  find(text: string, learn: LearnFound | undefined, stopAtPlaceholder: boolean): SecretSpan[] | undefined;
  find(text: string, learn?: LearnFound, stopAtPlaceholder = false): SecretSpan[] | undefined {
    const spans: SecretSpan[] = [];
    const windows: (number[] | undefined)[] = new Array(this.rules.length);
    const wholeText = new Uint8Array(this.rules.length);
    const placeholders: [number, number][] = [];
    let lineStart = 0;
    let lineEnd = -1;
    let sawPlaceholder = false;

    const { targetStart, targetList, literalLengths, wholeTextRule } = this;
    // Written once, read by the automaton now and by the known values' pass below.
    const bytes = latin1Bytes(text);
    const written = latin1Writes();
    const { pairs, count } = this.automaton.hits(text.length, bytes);
    for (let h = 0; h < 2 * count; h += 2) {
      const literal = pairs[h]!;
      const end = pairs[h + 1]!;
      const start = end - literalLengths[literal]!;
      for (let t = targetStart[literal]!, last = targetStart[literal + 1]!; t < last; t++) {
        const target = targetList[t]!;
        if (target === PLACEHOLDER_TARGET) {
          sawPlaceholder = true;
          const placeholderEnd = placeholderEndAt(text, start);
          if (placeholderEnd !== -1) placeholders.push([start, placeholderEnd]);
          continue;
        }
        if (wholeTextRule[target]) {
          wholeText[target] = 1;
          continue;
        }
        if (end - 1 >= lineEnd) {
          lineStart = text.lastIndexOf("\n", end - 1) + 1;
          lineEnd = text.indexOf("\n", end - 1);
          if (lineEnd === -1) lineEnd = text.length;
        }
        const from = Math.max(lineStart, start - WINDOW_BEFORE);
        const to = Math.min(lineEnd, end + WINDOW_AFTER);
        const list = windows[target] ?? (windows[target] = []);
        // Hits arrive in text order, so a window can only overlap the last one of its rule. It
        // grows no longer than MAX_WINDOW: on a long line dense with a keyword, one window the
        // size of the line let a pattern that scans lazily to the end of what it is given
        // (`mysql\b[^\n|;&]*?\s-p`) cost the line's length at each keyword, quadratic in the line.
        // A new window still covers its keyword's reach whole, so no match within it is lost.
        const n = list.length;
        if (n > 0 && list[n - 1]! >= from && to - list[n - 2]! <= MAX_WINDOW) list[n - 1] = Math.max(list[n - 1]!, to);
        else list.push(from, to);
      }
    }
    if (stopAtPlaceholder && sawPlaceholder) return undefined;
    const firstFound = spans.length;
    this.rules.forEach((compiled, index) => {
      if (wholeText[index]) this.runRule(compiled, text, 0, spans);
      const list = windows[index];
      if (list) for (let i = 0; i < list.length; i += 2) this.runRule(compiled, text.slice(list[i], list[i + 1]), list[i]!, spans);
    });
    // Learning comes before the pass over known values, so that one pass also finds what this
    // text taught, wherever it stands in it (before the line that gave it away, too).
    if (learn) {
      for (let i = firstFound, found = spans.length; i < found; i++) {
        const span = spans[i]!;
        learn(span.ruleId, text.slice(span.start, span.end));
      }
    }
    const known = this.known;
    // Reuses the bytes unless a rule's own code scanned some other text in between.
    const reuse = latin1Writes() === written ? bytes : undefined;
    // Known values' spans go first: where one covers what a rule found, its name (DB_PASSWORD)
    // names the placeholder rather than the rule's.
    const knownSpans: SecretSpan[] = [];
    known.scan(text, (index, start) => this.checkKnown(text, known.idOf(index), known.valueOf(index), start, knownSpans), reuse);
    if (knownSpans.length === 0) return mergeSpans(spans, placeholders);
    for (const span of spans) knownSpans.push(span);
    return mergeSpans(knownSpans, placeholders);
  }

  private checkKnown(text: string, id: string, value: string, start: number, spans: SecretSpan[]): void {
    const end = start + value.length;
    if (value.length < SHORT_KNOWN_VALUE && (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end)))) return;
    if (this.allow?.(value)) return;
    spans.push({ ruleId: id, start, end });
  }

  private runRule(compiled: CompiledRule, text: string, offset: number, spans: SecretSpan[]): void {
    const { rule, pattern, groups } = compiled;
    if (rule.requires !== undefined && !text.includes(rule.requires)) return;
    if (!pattern) {
      for (const [start, end] of rule.find!(text)) this.accept(rule, text.slice(start, end), offset + start, offset + end, spans);
      return;
    }
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m[0].length === 0) pattern.lastIndex++;
      let group = 0;
      for (const g of groups) {
        if (m[g] !== undefined) {
          group = g;
          break;
        }
      }
      const secret = m[group];
      const at = m.indices?.[group];
      // A rejected candidate must not hide one that overlaps it (`x_key = ref.y_keyapi_key: TOKEN`):
      // look again from the next character rather than after the whole candidate.
      if (!secret || !at || !this.accept(rule, secret, offset + at[0], offset + at[1], spans)) pattern.lastIndex = m.index + 1;
    }
  }

  private accept(rule: RedactionRule, secret: string, start: number, end: number, spans: SecretSpan[]): boolean {
    // A trailing backslash belongs to an escape (`\"` in JSON): hiding it would break the text.
    while (secret.endsWith("\\")) {
      secret = secret.slice(0, -1);
      end--;
    }
    if (secret.length === 0 || looksLikeNotASecret(secret)) return false;
    if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) return false;
    if (rule.validate && !rule.validate(secret)) return false;
    if (this.allow?.(secret)) return false;
    spans.push({ ruleId: rule.id, start, end });
    return true;
  }
}

/** Built automata by literal list: every Redactor of a run (and every test) shares the rule table's. */
const automata = new Map<string, KeywordAutomaton>();
const MAX_CACHED_AUTOMATA = 16;

function automatonFor(literals: readonly string[]): KeywordAutomaton {
  const key = literals.join("\u0000");
  let automaton = automata.get(key);
  if (!automaton) {
    automaton = new KeywordAutomaton(literals);
    if (automata.size >= MAX_CACHED_AUTOMATA) automata.delete(automata.keys().next().value!);
    automata.set(key, automaton);
  }
  return automaton;
}

function compileRule(rule: RedactionRule): CompiledRule {
  if ((rule.pattern === undefined) === (rule.find === undefined)) {
    throw new Error(`rule ${rule.id}: set exactly one of pattern and find`);
  }
  for (const keyword of rule.keywords) {
    if (keyword.includes("\n")) throw new Error(`rule ${rule.id}: keyword ${JSON.stringify(keyword)} holds a newline`);
  }
  return {
    rule,
    pattern: rule.pattern && new RegExp(rule.pattern.source, [...new Set([...rule.pattern.flags.replace("y", ""), "g", "d"])].join("")),
    groups: typeof rule.secretGroup === "number" ? [rule.secretGroup] : (rule.secretGroup ?? [0]),
    wholeText: rule.scope === "text",
  };
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Sorts the spans and joins overlapping ones (a secret two rules see differently is hidden whole);
 * drops any that touch a placeholder already in the text, so redacting twice changes nothing.
 */
export function mergeSpans(spans: SecretSpan[], placeholders: readonly [number, number][]): SecretSpan[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretSpan[] = [];
  // Placeholders come in text order and never overlap: one pointer walks them along the sorted
  // spans (testing every span against every placeholder was quadratic on re-redacted reports).
  let p = 0;
  for (const span of spans) {
    while (p < placeholders.length && placeholders[p]![1] <= span.start) p++;
    if (p < placeholders.length && placeholders[p]![0] < span.end) continue;
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      if (span.end > last.end) merged[merged.length - 1] = { ...last, end: span.end };
    } else {
      merged.push(span);
    }
  }
  return merged;
}
