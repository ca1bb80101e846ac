import type { Redacted } from "../redact/redacted.js";

const MAX_SLUG = 40;

/**
 * `stakpak/<issue>-<slug>`: the branch an agent request on an issue is committed to. The slug is
 * made from the redacted request, placeholders removed, so a branch name never carries a secret;
 * it is ASCII letters, digits and dashes, cut at a word, at most 40 characters.
 */
export function agentBranchName(issueNumber: number, request: Redacted): string {
  const words = request.text
    .replace(/\[\[[^\]]*\]\]/g, " ")
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG) break;
    slug = next;
  }
  if (!slug && words[0]) slug = words[0].slice(0, MAX_SLUG);
  return `stakpak/${issueNumber}${slug ? `-${slug}` : ""}`;
}
