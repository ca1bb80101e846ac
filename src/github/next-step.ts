import { escapeTextKeepingCode, inlineCode } from "../report/escape-markdown.js";

/**
 * What to do after a plan, and what is still missing before it can be applied: the last thing
 * a status comment says. Built where the facts are read (the Action, at plan time); rendered here.
 */
export interface NextStep {
  /** The comment to write next: `/stakpak apply -p network -e prod`, or the plan command to plan again. */
  command: string;
  /** What the command does for this plan. */
  kind: "apply" | "plan-again" | "none";
  /** Why this plan cannot be applied as it is (markdown, may hold code spans); null when it can. */
  blocked: string | null;
  /** Each requirement still unmet when the plan was posted: what it is, and what to do. */
  missing: ReadonlyArray<{ summary: string; hint: string }>;
  /** What cannot be known at plan time, said plainly rather than guessed. */
  unknown: readonly string[];
}

/** The `-p`/`-e` arguments that name one project and environment. */
export function targetArgs(project: string, environment: string | null): string {
  return `-p ${project}${environment ? ` -e ${environment}` : ""}`;
}

/** The status comment's last section: the next command, and what an apply still needs. */
export function renderNextStep(step: NextStep): string {
  const command = inlineCode(step.command);
  if (step.kind === "none") return `**Next step:** none. ${escapeTextKeepingCode(step.blocked ?? "There is nothing to apply.")}\n`;
  if (step.kind === "plan-again") return `**Next step:** ${escapeTextKeepingCode(step.blocked ?? "Plan again.")} Then push, or comment ${command} to plan again.\n`;
  const lines: string[] = [];
  if (step.missing.length === 0) lines.push(`**Next step:** comment ${command} to apply this plan. Nothing it needs was missing when this plan was posted.`);
  else {
    lines.push(`**Next step:** comment ${command} to apply this plan, once these are done:`, "");
    for (const m of step.missing) lines.push(`- [ ] ${escapeTextKeepingCode(m.summary)}: ${escapeTextKeepingCode(m.hint)}`);
  }
  if (step.unknown.length > 0) lines.push("", `Not known yet: ${step.unknown.map(escapeTextKeepingCode).join("; ")}.`);
  lines.push("", "<sub>`apply` checks every requirement again, on the commit it applies.</sub>");
  return `${lines.join("\n")}\n`;
}
