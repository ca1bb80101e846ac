import type { Analysis } from "./analyze-line.js";
import type { Decision } from "./decide.js";
import type { PlanDecision } from "./judge-plan.js";
import type { WardenPolicy } from "./policy.js";
import type { SimpleCommand } from "./shell-command.js";
import { quoteForShell } from "./shell-word.js";

const LABEL: Readonly<Record<Decision["decision"], string>> = { allow: "ALLOW", require_approval: "REQUIRE APPROVAL", deny: "DENY" };

function policyLine(policy: WardenPolicy): string {
  return policy.source ? `${policy.source} (${policy.rules.length} rule${policy.rules.length === 1 ? "" : "s"}), then the built-in defaults` : "the built-in defaults (no .stakpak/warden.yml)";
}

/** The short form `warden check` prints: the decision, then one line per operation that was not allowed. */
export function formatDecision(decision: Decision): string {
  const lines = [`${LABEL[decision.decision]}: ${decision.reason}`, `  rule: ${decision.rule}`];
  for (const op of decision.operations) {
    if (op.decision === "allow") continue;
    lines.push(`  - ${op.decision}: ${op.target} ${op.service} ${op.verb} (${op.effect}${op.resources.length ? ` ${op.resources.join(", ")}` : ""}) [${op.rule}]`);
  }
  return lines.join("\n");
}

function describeCommand(c: SimpleCommand): string {
  const argv = c.argv.map((w) => (w.literal ? quoteForShell(w.text) : `‹${w.text}›`)).join(" ") || [...c.assignments.keys()].map((k) => `${k}=…`).join(" ");
  const where = c.context.location.kind === "remote" ? ` on ${c.context.location.via} ${c.context.location.name}` : "";
  const via = c.context.via.length ? ` (inside ${c.context.via.join(" → ")})` : "";
  const from = c.stdin.kind === "pipe" ? ` from ${c.stdin.from.split("\n")[0] ?? ""}` : "";
  const stdin = c.stdin.kind === "inherit" ? "" : ` < ${c.stdin.kind}${from}`;
  return `${argv}${stdin}${where}${via}`;
}

/** What `warden explain` prints: the parsed commands, every operation with its rule, the decision. */
export function formatExplanation(decision: Decision, analysis: Analysis, policy: WardenPolicy, environment: string | null): string {
  const lines = [`Command: ${decision.command}`, ""];
  lines.push("Parsed commands:");
  let n = 0;
  for (const parsed of analysis.parsed) for (const problem of parsed.problems) lines.push(`  ! ${problem.kind}: ${problem.message}`);
  for (const c of analysis.commands) lines.push(`  ${++n}. ${describeCommand(c)}`);
  for (const parsed of analysis.parsed) {
    for (const w of parsed.fileWrites) lines.push(`  ${++n}. (redirect) ${w.mode === "append" ? ">>" : ">"} ${w.path.literal ? w.path.text : `‹${w.path.text}›`}`);
  }
  if (n === 0) lines.push("  (none)");
  lines.push("", "Operations:");
  decision.operations.forEach((op, i) => {
    lines.push(`  ${i + 1}. ${op.target} ${op.service} ${op.verb}: ${op.effect}${op.dry_run ? " (dry run)" : ""}${op.local ? " (local)" : ""}`);
    if (op.resources.length) lines.push(`       resources: ${op.resources.join(", ")}`);
    if (op.environment || op.markers.length) lines.push(`       environment: ${op.environment ?? "not known"}${op.markers.length ? ` (from ${op.markers.join(", ")})` : ""}`);
    lines.push(`       catalog ${op.catalog}: ${op.why}`);
    lines.push(`       → ${op.decision} by ${op.rule}: ${op.reason}`);
  });
  if (decision.operations.length === 0) lines.push("  (none)");
  lines.push("", `Policy: ${policyLine(policy)}${environment ? `; deploying ${environment}` : ""}`);
  lines.push(`Decision: ${LABEL[decision.decision]} by ${decision.rule}`, `  ${decision.reason}`);
  return lines.join("\n");
}

/** What `warden plan` prints: the decision, then each resource that is not simply allowed. */
export function formatPlanDecision(decision: PlanDecision, file: string): string {
  const lines = [`${LABEL[decision.decision]}: ${file} — ${decision.reason}`, `  rule: ${decision.rule}`];
  const counts = { allow: 0, require_approval: 0, deny: 0 };
  for (const r of decision.resources) counts[r.decision]++;
  lines.push(`  ${decision.resources.length} resource change(s): ${counts.deny} denied, ${counts.require_approval} need approval, ${counts.allow} allowed`);
  for (const r of decision.resources) {
    if (r.decision === "allow") continue;
    lines.push(`  - ${r.decision}: ${r.action} ${r.address} [${r.rule}] ${r.reason}`);
  }
  return lines.join("\n");
}
