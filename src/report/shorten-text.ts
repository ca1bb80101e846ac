import { formatCount, plural } from "./format-count.js";

export interface ShortenedText {
  text: string;
  omittedChars: number;
}

/**
 * Keeps the head and the tail of a long text, cut at line ends, with a marker line in between.
 * The tail matters: terraform ends a plan with its `Plan:` line and the output changes.
 */
export function shortenHeadTail(text: string, maxChars: number): ShortenedText {
  if (text.length <= maxChars) return { text, omittedChars: 0 };
  const headBudget = Math.floor((maxChars * 2) / 3);
  const tailBudget = maxChars - headBudget;
  let headEnd = text.lastIndexOf("\n", headBudget);
  if (headEnd <= 0) headEnd = headBudget;
  let tailStart = text.indexOf("\n", text.length - tailBudget);
  if (tailStart < 0 || tailStart < headEnd) tailStart = Math.max(headEnd, text.length - tailBudget);
  else tailStart++;
  const omittedChars = tailStart - headEnd;
  const omittedLines = countLines(text, headEnd, tailStart);
  const marker = `\n… ${formatCount(omittedChars)} characters (${plural(omittedLines, "line")}) omitted …\n`;
  return { text: `${text.slice(0, headEnd)}${marker}${text.slice(tailStart)}`, omittedChars };
}

function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}
