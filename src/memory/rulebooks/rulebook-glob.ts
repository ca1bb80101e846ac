import { Minimatch } from "minimatch";

/** A glob that cannot be used, and what to write instead. */
export interface GlobProblem {
  message: string;
  hint: string;
}

const OPTIONS = { dot: true, nocomment: true, nonegate: true } as const;

const EXAMPLE = "e.g. `infra/**`, `**/*.tf` or `modules/*/main.tf`";

/** Unescaped openers left without their closer: minimatch reads them as plain text, which is never what was meant. */
function unclosed(glob: string): string | undefined {
  const closers: Record<string, string> = { "[": "]", "{": "}", "(": ")" };
  const open: string[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "\\") {
      i++;
      continue;
    }
    if (c in closers) open.push(c);
    else if (open.length > 0 && c === closers[open[open.length - 1] ?? ""]) open.pop();
  }
  return open[0];
}

/**
 * Why a glob of `applies_to` is unusable, or undefined when it is fine. minimatch accepts almost
 * any text (an unclosed `[` becomes a literal), so the checks here catch what would silently
 * match nothing: what minimatch refuses, negations (a rulebook lists where it applies, not
 * where it does not), absolute or `..` paths (paths are relative to the repository
 * root), backslashes and unclosed brackets.
 */
export function globProblem(glob: string): GlobProblem | undefined {
  if (glob.trim() === "") return { message: "an empty glob matches nothing", hint: `write a glob of repository paths, ${EXAMPLE}` };
  try {
    new Minimatch(glob, OPTIONS);
  } catch (err) {
    return { message: `\`${glob.slice(0, 80)}\` is not a valid glob: ${(err as Error).message}`, hint: `write a shorter glob, ${EXAMPLE}` };
  }
  if (glob.startsWith("!")) return { message: `\`${glob}\` is a negation, which applies_to does not take`, hint: "list the paths the rulebook is about; it is not applied where none of them matches" };
  if (glob.startsWith("/") || /^[A-Za-z]:[\\/]/.test(glob)) return { message: `\`${glob}\` is an absolute path`, hint: `write it relative to the repository root, ${EXAMPLE}` };
  if (glob.split("/").some((segment) => segment === ".." || segment === ".")) return { message: `\`${glob}\` has a \`.\` or \`..\` segment, which repository paths never have`, hint: `write it relative to the repository root, without \`./\`, ${EXAMPLE}` };
  // A backslash escapes the glob character after it; before a letter or digit it is a Windows separator.
  if (/\\[A-Za-z0-9_-]/.test(glob)) return { message: `\`${glob}\` separates directories with \`\\\`, which repository paths never use`, hint: `write \`/\` between directories, ${EXAMPLE}` };
  const opener = unclosed(glob);
  if (opener !== undefined) return { message: `\`${glob}\` has a \`${opener}\` that is never closed`, hint: `close it, or escape it as \`\\\\${opener}\` to match the character itself` };
  return undefined;
}

const compiled = new Map<string, Minimatch>();

/**
 * Whether a repository-relative path matches a glob of `applies_to`. Dot files count, and a glob
 * without a slash matches a file name at any depth (`*.tf`), as the agent's own tools read globs.
 */
export function matchesRulebookGlob(path: string, glob: string): boolean {
  let mm = compiled.get(glob);
  if (!mm) {
    mm = new Minimatch(glob, { ...OPTIONS, matchBase: !glob.includes("/") });
    compiled.set(glob, mm);
  }
  return mm.match(path.replace(/\\/g, "/").replace(/^(\.\/)+/, ""));
}
