import { COMMENT_BODY_LIMIT } from "./github-limits.js";

/**
 * Cuts markdown too long for one GitHub body into parts that are each whole markdown: a part that
 * ends inside a code fence, a `<details>` block or a table closes them, and the next part reopens
 * them (same fence length and info string, same `<details>` tag with its summary marked
 * "continued", the table's header row). Nothing is dropped: the first part starts with the
 * headline, the last one ends with the end of the plan. Parts are numbered "part 2 of 3".
 *
 * Cuts go, by preference, before a heading, then at a blank line outside code and tables, and
 * only then anywhere, so a project's section or a diagram stays in one piece when it can.
 */

export interface SplitMarkdownOptions {
  /** Most a part may measure, its scaffolding included (default: GitHub's 65,536). */
  maxChars?: number;
  /** How a part is measured against `maxChars` (default: UTF-16 length; the job summary counts UTF-8 bytes). */
  measure?: (text: string) => number;
  /** Markdown shown atop every part after the first: `**title** · part 2 of 3 (continued)`. */
  title?: string;
}

interface Fence {
  indent: string;
  marker: string;
  info: string;
}

interface Details {
  openTag: string;
  summary: string | null;
}

interface Table {
  header: string;
  separator: string;
}

/** What is open after a line. Values are shared between lines and never mutated. */
interface OpenState {
  fence: Fence | null;
  details: readonly Details[];
  table: Table | null;
}

const EMPTY: OpenState = { fence: null, details: [], table: null };

/** The smallest part this splitter makes room for; below it the scaffolding could not fit. */
const MIN_PART = 400;

const utf16Length = (text: string): number => text.length;

export function splitMarkdown(markdown: string, options: SplitMarkdownOptions = {}): string[] {
  const maxChars = options.maxChars ?? COMMENT_BODY_LIMIT;
  const measure = options.measure ?? utf16Length;
  if (maxChars < MIN_PART) throw new RangeError(`splitMarkdown: maxChars must be at least ${MIN_PART}`);
  if (measure(markdown) <= maxChars) return [markdown];

  const body = markdown.endsWith("\n") ? markdown.slice(0, -1) : markdown;
  // Part numbers are written once the count is known; reserve room for as many digits as it has.
  for (let digits = 1; ; digits++) {
    const scaffold = new Scaffold(options.title, digits, measure);
    const plan = planParts(body.split("\n"), maxChars, measure, scaffold);
    if (String(plan.length).length <= digits) return plan.map((part, i) => scaffold.render(part, i + 1, plan.length));
  }
}

/**
 * The markdown if it fits, else as much of its beginning as fits with `note` at the end, every
 * open fence and block closed (where a check run or the job summary has one body and a cap).
 */
export function truncateMarkdown(markdown: string, maxChars: number, note: string, measure: (text: string) => number = utf16Length): string {
  if (measure(markdown) <= maxChars) return markdown;
  const body = markdown.endsWith("\n") ? markdown.slice(0, -1) : markdown;
  const scaffold = new Scaffold(undefined, 1, measure, note);
  const [first] = planParts(body.split("\n"), maxChars, measure, scaffold);
  return scaffold.render(first as PlannedPart, 1, 2);
}

interface PlannedPart {
  lines: string[];
  before: OpenState;
  after: OpenState;
}

class Scaffold {
  constructor(
    private readonly title: string | undefined,
    private readonly digits: number,
    private readonly measure: (text: string) => number,
    /** Replaces the "continued in part N" footer (truncation ends with its own note). */
    private readonly endNote?: string,
  ) {}

  header(part: number, total: number): string {
    const label = `part ${part} of ${total} (continued)`;
    return this.title ? `**${this.title}** · ${label}\n\n` : `_${label[0]?.toUpperCase()}${label.slice(1)}_\n\n`;
  }

  footer(part: number, total: number): string {
    return `\n\n${this.endNote ?? `_Continued in part ${part + 1} of ${total}._`}`;
  }

  /** The most a header and a footer can measure with this many digits in the numbers. */
  reserve(): number {
    const n = 10 ** this.digits - 1;
    return this.measure(this.header(n, n)) + this.measure(this.footer(n - 1, n));
  }

  render(part: PlannedPart, index: number, total: number): string {
    const head = index > 1 ? this.header(index, total) + reopen(part.before) : "";
    const text = `${head}${part.lines.join("\n")}${close(part.after, part.lines[part.lines.length - 1] ?? "")}`.replace(/\n+$/, "");
    return `${text}${index < total ? this.footer(index, total) : ""}\n`;
  }
}

function planParts(source: string[], maxChars: number, measure: (text: string) => number, scaffold: Scaffold): PlannedPart[] {
  const lines = [...source];
  const states = statesAfter(lines);
  const cost = lines.map((line) => measure(line) + 1);
  const reserve = scaffold.reserve() + 1;
  const parts: PlannedPart[] = [];
  let i = 0;
  while (i < lines.length) {
    const before = i === 0 ? EMPTY : (states[i - 1] as OpenState);
    const budget = maxChars - reserve - (parts.length === 0 ? 0 : measure(reopen(before)));
    let used = 0;
    let j = i;
    let headingCut = -1;
    let blankCut = -1;
    while (j < lines.length) {
      const closing = measure(close(states[j] as OpenState, lines[j] as string));
      if (used + (cost[j] as number) + closing > budget) break;
      used += cost[j] as number;
      j++;
      if (j < lines.length && isCuttable(states[j - 1] as OpenState)) {
        if (/^#{1,6}\s/.test(lines[j] as string)) headingCut = j;
        else if ((lines[j - 1] as string).trim() === "") blankCut = j;
      }
    }
    if (j === lines.length) {
      parts.push({ lines: lines.slice(i), before, after: states[j - 1] as OpenState });
      break;
    }
    if (j === i) {
      // One line longer than a part: cut the line itself and go again.
      const room = budget - measure(close(before, "x")) - 1;
      if (room < 1) throw new RangeError("splitMarkdown: maxChars leaves no room for text inside the open blocks");
      const [head, rest] = cutLine(lines[i] as string, room, measure, before.fence !== null);
      lines.splice(i, 1, head, rest);
      states.splice(i, 0, before);
      cost.splice(i, 1, measure(head) + 1, measure(rest) + 1);
      continue;
    }
    const filled = (cut: number): boolean => cut > i && sum(cost, i, cut) * 2 >= budget;
    let cut = filled(headingCut) ? headingCut : filled(blankCut) ? blankCut : j;
    // Never between a table's header row and its separator: the header would be left as text.
    if (cut - 1 > i && startsTable(lines, states, cut)) cut--;
    parts.push({ lines: lines.slice(i, cut), before, after: states[cut - 1] as OpenState });
    i = cut;
  }
  return parts;
}

function startsTable(lines: readonly string[], states: readonly OpenState[], at: number): boolean {
  const state = states[at] as OpenState;
  return state.table !== null && state.table.separator === lines[at] && state.table.header === lines[at - 1];
}

/** A cut here needs no scaffolding inside code or a table. */
function isCuttable(state: OpenState): boolean {
  return state.fence === null && state.table === null;
}

function sum(values: readonly number[], from: number, to: number): number {
  let total = 0;
  for (let k = from; k < to; k++) total += values[k] as number;
  return total;
}

/** Splits a line whose head measures at most `room`; outside code, at a space when one is near. */
function cutLine(line: string, room: number, measure: (text: string) => number, inCode: boolean): [string, string] {
  let lo = 1;
  let hi = line.length - 1;
  // The longest prefix that fits (measures grow with length).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(line.slice(0, mid)) <= room) lo = mid;
    else hi = mid - 1;
  }
  let at = lo;
  // Never between the halves of a surrogate pair.
  const code = line.charCodeAt(at - 1);
  if (at > 1 && code >= 0xd800 && code <= 0xdbff) at--;
  if (!inCode) {
    const space = line.lastIndexOf(" ", at - 1);
    if (space > at / 2) at = space + 1;
  }
  return [line.slice(0, at), line.slice(at)];
}

/** The open state after each line. */
function statesAfter(lines: readonly string[]): OpenState[] {
  const states: OpenState[] = [];
  let state = EMPTY;
  for (const [i, line] of lines.entries()) {
    state = next(state, line, i > 0 ? (lines[i - 1] as string) : null);
    states.push(state);
  }
  return states;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const TAG = /<details\b[^>]*>|<\/details\s*>|<summary\b[^>]*>(.*?)<\/summary\s*>/gi;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function next(state: OpenState, line: string, previous: string | null): OpenState {
  const fenceMatch = FENCE.exec(line);
  if (state.fence) {
    const f = state.fence;
    const closes =
      fenceMatch !== null &&
      fenceMatch[2]?.[0] === f.marker[0] &&
      (fenceMatch[2]?.length ?? 0) >= f.marker.length &&
      (fenceMatch[3] ?? "").trim() === "";
    return closes ? { ...state, fence: null } : state;
  }
  if (fenceMatch) {
    const marker = fenceMatch[2] as string;
    const info = fenceMatch[3] ?? "";
    // A backtick fence's info string cannot hold a backtick (CommonMark); such a line is text.
    if (!(marker[0] === "`" && info.includes("`"))) return { ...state, table: null, fence: { indent: fenceMatch[1] ?? "", marker, info } };
  }

  let details = state.details;
  for (const tag of line.matchAll(TAG)) {
    const text = tag[0];
    if (/^<details/i.test(text)) details = [...details, { openTag: text, summary: null }];
    else if (/^<\/details/i.test(text)) details = details.slice(0, -1);
    else {
      const top = details[details.length - 1];
      if (top && top.summary === null) details = [...details.slice(0, -1), { ...top, summary: tag[1] ?? "" }];
    }
  }

  let table: Table | null = null;
  if (state.table && line.trimStart().startsWith("|")) table = state.table;
  else if (!state.table && previous !== null && previous.trimStart().startsWith("|") && TABLE_SEPARATOR.test(line)) table = { header: previous, separator: line };
  if (details === state.details && table === state.table) return state;
  return { fence: null, details, table };
}

/** What a part that starts in `state` writes first, so its lines mean what they meant. */
function reopen(state: OpenState): string {
  let text = "";
  for (const d of state.details) text += `${d.openTag}<summary>${d.summary ?? "Details"} (continued)</summary>\n\n`;
  if (state.table) text += `${state.table.header}\n${state.table.separator}\n`;
  if (state.fence) text += `${state.fence.indent}${state.fence.marker}${state.fence.info}\n`;
  return text;
}

/** What a part that ends in `state` writes last, so nothing is left open. */
function close(state: OpenState, lastLine: string): string {
  let text = "";
  let last = lastLine;
  if (state.fence) {
    last = `${state.fence.indent}${state.fence.marker}`;
    text += `\n${last}`;
  }
  for (let k = state.details.length - 1; k >= 0; k--) {
    text += last.trim() === "" ? "\n</details>" : "\n\n</details>";
    last = "</details>";
  }
  return text;
}
