import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { KubernetesDiffView } from "../../iac/project-run.js";
import type { TerraformPlan } from "../../iac/plan-model.js";
import { parseKubectlDiff } from "../../iac/parse-kubectl-diff.js";
import { parsePlanJson } from "../../iac/parse-plan-json.js";
import { looksLikeJsonText } from "../../iac/plan-text-encoding.js";
import { UserError } from "../../user-error.js";
import { describeAuditHead } from "../../warden/audit-chain.js";
import { AuditLog } from "../../warden/audit-log.js";
import { VERDICT_EXIT_CODES } from "../../warden/exit-codes.js";
import { formatDecision, formatExplanation, formatPlanDecision } from "../../warden/format-decision.js";
import { judgePlan } from "../../warden/judge-plan.js";
import { loadWardenPolicy } from "../../warden/load-policy.js";
import { quoteForShell } from "../../warden/shell-word.js";
import { createWarden, type CheckOptions } from "../../warden/warden.js";
import type { CliCommand, CliIo } from "../cli-io.js";
import { parseFlags, USAGE_EXIT_CODE } from "../parse-flags.js";
import { runWardenAudit } from "./warden-audit.js";

const usage = `Usage: stakpak-gitops warden check [--json] [options] -- COMMAND...
       stakpak-gitops warden check --batch [options]          (one command line per stdin line)
       stakpak-gitops warden explain [options] -- COMMAND...
       stakpak-gitops warden plan PLAN [--json] [--env E] [--allow GLOB]... [--policy FILE]
       stakpak-gitops warden audit verify FILE [--expect-entries N] [--expect-last HASH]

Judges what a command would do before it runs: the line is parsed with a real shell parser,
every program it would run (inside pipes, bash -c, sudo, xargs, ssh, kubectl exec, ...) is
classified as reads, writes or destroys of a target, and the policy decides. Nothing is run.
A single COMMAND argument is read as a shell line ("kubectl get pods | grep api"); several are
taken as the words of one command. \`plan\` judges a terraform JSON plan (terraform show -json)
or a saved \`kubectl diff\` per resource. \`audit verify\` checks an audit log's hash chain.

Options:
  -e, --env E                  the environment being deployed: changes to any other are denied
  -p, --policy FILE            the policy (default .stakpak/warden.yml; built-in defaults without one)
      --json                   print the decision as JSON
      --batch                  (check) read command lines from standard input, print one JSON decision per line
      --cwd DIR                (check, explain) the directory the command runs in (default: here)
      --saved-plan F=PLAN.json (check, explain) judge \`terraform apply F\` by this JSON plan; repeatable
      --allow GLOB             (plan) the only addresses the plan may change; repeatable
      --audit FILE             append every decision to this JSON Lines file (outside the
                               workspace; its count and last hash are printed on stderr)
  -h, --help                   show this help

Exit codes: 0 allow, 3 require approval, 4 deny (with --batch: the strictest line);
2 for a bad command line, an invalid policy file (every problem is printed with its line) or an
--audit FILE that is refused (inside the workspace, a symlink, a hard link, damaged, in use).
\`audit verify\`: 0 the log verifies, 1 it does not (each problem is printed).`;

/** The CLI's io, plus standard input where a test can feed it. */
type WardenIo = CliIo & { stdin?: Readable };

const FLAGS = {
  json: { type: "boolean" },
  batch: { type: "boolean" },
  env: { type: "string", short: "e" },
  policy: { type: "string", short: "p" },
  cwd: { type: "string" },
  "saved-plan": { type: "string", multiple: true },
  allow: { type: "string", multiple: true },
  audit: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function usageError(summary: string): UserError {
  return new UserError({ summary, detail: usage, hint: "Add --help to see every option.", exitCode: USAGE_EXIT_CODE });
}

/** `a b c` as given by the caller's shell: one argument is a line, several are one command's words. */
function commandLine(words: readonly string[]): string {
  return words.length === 1 ? (words[0] ?? "") : words.map(quoteForShell).join(" ");
}

async function readSavedPlans(specs: readonly string[], cwd: string): Promise<Map<string, TerraformPlan>> {
  const plans = new Map<string, TerraformPlan>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw usageError(`--saved-plan expects PLANFILE=PLAN.json, got "${spec}"`);
    const json = spec.slice(eq + 1);
    const text = await readFile(resolve(cwd, json), "utf8").catch(() => {
      throw new UserError({ summary: `Cannot read ${json}`, hint: "write it with `terraform show -json PLANFILE > PLAN.json`", exitCode: USAGE_EXIT_CODE });
    });
    plans.set(spec.slice(0, eq), parsePlanJson(text, json));
  }
  return plans;
}

export const wardenCommand: CliCommand = {
  name: "warden",
  summary: "Judge a command or a plan before it runs (allow, require approval or deny); verify an audit log",
  usage,
  async run(argv, io: WardenIo) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
      io.stdout(io.redactor.redact(`${usage}\n`));
      return sub === undefined ? USAGE_EXIT_CODE : 0;
    }
    if (sub === "audit") return runWardenAudit(rest, io);
    if (sub !== "check" && sub !== "explain" && sub !== "plan") throw usageError(`unknown warden subcommand "${sub}"; use check, explain, plan or audit`);
    const dashes = rest.indexOf("--");
    const flagWords = dashes === -1 ? rest : rest.slice(0, dashes);
    const { values, positionals } = parseFlags(flagWords, FLAGS, usage);
    if (values.help) {
      io.stdout(io.redactor.redact(`${usage}\n`));
      return 0;
    }
    const words = dashes === -1 ? positionals : [...positionals, ...rest.slice(dashes + 1)];
    const audit = values.audit ? new AuditLog(resolve(io.cwd, values.audit), (t) => io.redactor.redact(t).text, { workspace: io.cwd }) : undefined;
    try {
      return await judge(sub, words, values, io, audit);
    } finally {
      if (audit) {
        await audit.close();
        // The anchor for `audit verify --expect-*`: a cut tail or an edited last line shows only against it.
        if (audit.head.entries > 0) io.stderr(io.redactor.redact(`${describeAuditHead(audit.file, audit.head)}\n`));
      }
    }
  },
};

type WardenValues = ReturnType<typeof parseFlags<typeof FLAGS>>["values"];

async function judge(sub: "check" | "explain" | "plan", words: string[], values: WardenValues, io: WardenIo, audit: AuditLog | undefined): Promise<number> {
  const policy = await loadWardenPolicy(io.cwd, values.policy);
  const environment = values.env ?? null;
  const print = (text: string) => io.stdout(io.redactor.redact(text.endsWith("\n") ? text : `${text}\n`));

  if (sub === "plan") {
    const [file] = words;
    if (!file || words.length > 1) throw usageError("warden plan takes one PLAN file (terraform show -json output, or a saved kubectl diff)");
    const plan = await readPlanFile(resolve(io.cwd, file), file);
    const decision = judgePlan(plan, policy, { environment, ...(values.allow ? { allowedAddresses: values.allow } : {}) });
    await audit?.plan(file, decision);
    print(values.json ? JSON.stringify(decision, null, 2) : formatPlanDecision(decision, file));
    return VERDICT_EXIT_CODES[decision.decision];
  }

  const savedPlans = await readSavedPlans(values["saved-plan"] ?? [], io.cwd);
  const warden = await createWarden({ workspace: io.cwd, policy, savedPlans });
  const check: CheckOptions = { environment, env: io.env, ...(values.cwd ? { cwd: resolve(io.cwd, values.cwd) } : {}) };

  if (values.batch) {
    if (sub !== "check") throw usageError("--batch works with warden check");
    if (words.length > 0) throw usageError("--batch reads command lines from standard input; give no COMMAND");
    let worst = 0;
    const lines = createInterface({ input: io.stdin ?? process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      const decision = warden.check(line, check);
      await audit?.decision(decision, environment);
      print(JSON.stringify(decision));
      worst = Math.max(worst, VERDICT_EXIT_CODES[decision.decision]);
    }
    return worst;
  }

  if (words.length === 0) throw usageError(`warden ${sub} needs a command after --, e.g. stakpak-gitops warden ${sub} -- kubectl get pods`);
  const line = commandLine(words);
  const { decision, analysis } = warden.explain(line, check);
  await audit?.decision(decision, environment);
  if (sub === "explain") print(values.json ? JSON.stringify({ ...decision, commands: analysis.commands.map((c) => ({ argv: c.argv.map((w) => w.text), via: c.context.via })) }, null, 2) : formatExplanation(decision, analysis, policy, environment));
  else print(values.json ? JSON.stringify(decision, null, 2) : formatDecision(decision));
  return VERDICT_EXIT_CODES[decision.decision];
}

async function readPlanFile(path: string, shown: string): Promise<TerraformPlan | KubernetesDiffView> {
  const text = await readFile(path, "utf8").catch(() => {
    throw new UserError({ summary: `Cannot read the plan file ${shown}`, where: path, hint: "write it with `terraform show -json PLANFILE > plan.json` or `kubectl diff -f DIR > plan.diff`", exitCode: USAGE_EXIT_CODE });
  });
  // UTF-16 text counts as JSON here, so the parser's error names the encoding instead of "not a diff".
  if (looksLikeJsonText(text)) return parsePlanJson(text, shown);
  const objects = parseKubectlDiff(text);
  if (objects.length === 0 && text.trim() !== "") {
    throw new UserError({ summary: `${shown} is neither a terraform JSON plan nor a kubectl diff`, where: shown, hint: "pass `terraform show -json PLANFILE` output or a saved `kubectl diff`", exitCode: USAGE_EXIT_CODE });
  }
  return { kind: "kubernetes", hasChanges: objects.length > 0, objects, rawDiff: text };
}
