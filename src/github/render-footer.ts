import { inlineCode } from "../report/escape-markdown.js";

/** The small line under everything the bot posts: which command, on which commit, and the run with the full plan. */
export function renderFooter(command: string, sha: string, runUrl: string | undefined): string {
  const parts = [`stakpak-gitops ${inlineCode(command)} on ${inlineCode(sha.slice(0, 7))}`];
  if (runUrl) parts.push(`[workflow run](${safeUrl(runUrl)}) (full plan in its job summary)`);
  return `<sub>${parts.join(" · ")}</sub>\n`;
}

/** A URL as a markdown link target: no spaces or parentheses to end it early. */
export function safeUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));
}
