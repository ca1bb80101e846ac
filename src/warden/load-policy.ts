import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { closestWord } from "../config/closest-word.js";
import { ConfigError, formatKeyPath, type ConfigProblem } from "../config/config-error.js";
import { locateInYaml } from "../config/locate-yaml-node.js";
import { yamlSyntaxProblems } from "../config/yaml-syntax-problems.js";
import { UserError } from "../user-error.js";
import { EMPTY_POLICY, type PolicyRule, type WardenPolicy } from "./policy.js";
import { wardenPolicySchema, type RawWardenPolicy } from "./policy-schema.js";

export const DEFAULT_POLICY_PATHS: readonly string[] = [".stakpak/warden.yml", ".stakpak/warden.yaml"];

/** Exit code for a missing or ambiguous policy file, the same as for an invalid config or command line. */
const INVALID = 2;

/** Every problem in the policy file, each with file:line:column, key and a hint; exit 2 like an invalid config. */
export class PolicyError extends ConfigError {
  constructor(file: string, problems: ConfigProblem[]) {
    super(file, problems, "the Warden policy");
    this.name = "PolicyError";
  }
}

const EXAMPLES: Readonly<Record<string, string>> = {
  rules: "rules: [{ effect: destroy, target: kubernetes, service: pod, environment: staging, decision: allow, reason: pods are cattle }]",
  environments: 'environments: { production: ["*prod*"], staging: ["*staging*"] }',
  plan: 'plan: { protected: ["aws_db_instance.*"], allowed_addresses: { staging: ["module.app.*"] } }',
  decision: "decision: require_approval",
  reason: "reason: deleting pods in staging is routine",
};

/** Turns zod issues into problems a person can act on, in the policy's own words. */
function issueProblems(issue: z.core.$ZodIssue, data: unknown): { path: (string | number)[]; message: string; hint: string; at?: "key" }[] {
  let issuePath = issue.path.map((s) => (typeof s === "number" ? s : String(s)));
  // `effect: destroy` is read as a one-item list: point at the scalar, not at item 0.
  if (typeof issuePath[issuePath.length - 1] === "number" && typeof valueAt(data, issuePath.slice(0, -1)) === "string") issuePath = issuePath.slice(0, -1);
  const key = [...issuePath].reverse().find((s): s is string => typeof s === "string") ?? "";
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(issuePath);
      return issue.keys.map((k) => {
        const guess = closestWord(k, allowed);
        return { path: [...issuePath, k], at: "key", message: `unknown key \`${k}\``, hint: `${guess ? `did you mean \`${guess}\`? ` : ""}(valid keys here: ${allowed.join(", ")})` };
      });
    }
    case "invalid_value": {
      const value = valueAt(data, issuePath);
      const options = issue.values.map(String);
      if (value === undefined) return [{ path: issuePath, message: `missing required key \`${key}\``, hint: `add it: one of ${options.join(", ")}` }];
      const guess = typeof value === "string" ? closestWord(value, options) : undefined;
      return [{ path: issuePath, message: `\`${String(value)}\` is not a valid \`${key}\``, hint: `${guess ? `did you mean \`${guess}\`? ` : ""}(valid values: ${options.join(", ")})` }];
    }
    case "invalid_type": {
      const value = valueAt(data, issuePath);
      if (value === undefined) return [{ path: issuePath, message: `missing required key \`${key}\``, hint: EXAMPLES[key] ? `add it, e.g. \`${EXAMPLES[key]}\`` : `add \`${key}\`` }];
      return [{ path: issuePath, message: `expected ${issue.expected}, got ${Array.isArray(value) ? "a list" : typeof value}`, hint: EXAMPLES[key] ? `e.g. \`${EXAMPLES[key]}\`` : "check the value" }];
    }
    case "custom":
      return [{ path: issuePath, message: issue.message, hint: typeof issue.params?.["hint"] === "string" ? issue.params["hint"] : "" }];
    case "too_small":
      return [{ path: issuePath, message: "must not be empty", hint: "give at least one value" }];
    default:
      return [{ path: issuePath, message: issue.message, hint: EXAMPLES[key] ? `e.g. \`${EXAMPLES[key]}\`` : "check the value" }];
  }
}

function allowedKeys(p: readonly (string | number)[]): string[] {
  if (p.length === 0) return ["version", "environments", "rules", "plan"];
  if (p[0] === "rules") return ["id", "target", "service", "verb", "effect", "resource", "environment", "dry_run", "local", "decision", "reason"];
  if (p[0] === "plan") return ["protected", "protect_defaults", "allowed_addresses"];
  return [];
}

function valueAt(data: unknown, p: readonly (string | number)[]): unknown {
  let v = data;
  for (const s of p) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}

/** Parses and validates a policy's text. Throws a PolicyError listing every problem with its line. */
export function parseWardenPolicy(text: string, shownFile: string): WardenPolicy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) throw new PolicyError(shownFile, yamlSyntaxProblems(doc, lineCounter, shownFile));
  const data: unknown = doc.toJS() ?? {};
  const parsed = wardenPolicySchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .flatMap((issue) => issueProblems(issue, data))
      .map((p): ConfigProblem => ({ file: shownFile, ...locateInYaml(doc, lineCounter, p.path, p.at), key: formatKeyPath(p.path), message: p.message, hint: p.hint }))
      .sort((a, b) => a.line - b.line || a.column - b.column);
    throw new PolicyError(shownFile, problems);
  }
  const lineOf = (p: (string | number)[]) => locateInYaml(doc, lineCounter, p).line;
  return toPolicy(parsed.data, shownFile, lineOf);
}

function toPolicy(raw: RawWardenPolicy, file: string, lineOf: (p: (string | number)[]) => number): WardenPolicy {
  const rules: PolicyRule[] = (raw.rules ?? []).map((r, i) => ({
    id: r.id ?? `rules[${i}]`,
    match: {
      ...(r.target ? { target: r.target } : {}),
      ...(r.service ? { service: r.service } : {}),
      ...(r.verb ? { verb: r.verb } : {}),
      ...(r.effect ? { effect: r.effect } : {}),
      ...(r.resource ? { resource: r.resource } : {}),
      ...(r.environment ? { environment: r.environment } : {}),
      ...(r.dry_run !== undefined ? { dry_run: r.dry_run } : {}),
      ...(r.local !== undefined ? { local: r.local } : {}),
    },
    decision: r.decision,
    reason: r.reason,
    where: `${file}:${lineOf(["rules", i])}`,
  }));
  return {
    source: file,
    environments: Object.entries(raw.environments ?? {}).map(([name, patterns]) => ({ name, patterns })),
    rules,
    plan: {
      protected: raw.plan?.protected ?? [],
      protectDefaults: raw.plan?.protect_defaults ?? true,
      allowedAddresses: raw.plan?.allowed_addresses ?? {},
    },
  };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The repository's Warden policy: `--policy FILE`, else `.stakpak/warden.yml`, else the built-in
 * default (no rules of its own). A policy path given explicitly must exist.
 */
export async function loadWardenPolicy(repoRoot: string, policyPath?: string): Promise<WardenPolicy> {
  const root = path.resolve(repoRoot);
  let file: string | undefined;
  if (policyPath !== undefined) {
    file = path.resolve(root, policyPath);
    if (!(await exists(file))) {
      throw new UserError({ summary: `Warden policy not found: ${policyPath}`, where: file, hint: "check the path; a relative path is resolved against the current directory", exitCode: INVALID });
    }
  } else {
    const found: string[] = [];
    for (const candidate of DEFAULT_POLICY_PATHS) if (await exists(path.join(root, candidate))) found.push(candidate);
    if (found.length > 1) throw new UserError({ summary: `both ${found.join(" and ")} exist`, where: root, hint: "keep one of them; the other would be silently ignored", exitCode: INVALID });
    if (found[0]) file = path.join(root, found[0]);
  }
  if (!file) return EMPTY_POLICY;
  const shown = path.relative(root, file).startsWith("..") ? file : path.relative(root, file).split(path.sep).join("/");
  return parseWardenPolicy(await readFile(file, "utf8"), shown);
}
