import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadWardenPolicy, parseWardenPolicy, PolicyError } from "../../src/warden/load-policy.js";
import { EMPTY_POLICY } from "../../src/warden/policy.js";
import { createWarden, type Warden } from "../../src/warden/warden.js";

const POLICY = `version: 1
environments:
  production: ["*prod*"]
  staging: ["*staging*", "stg-*"]
rules:
  - id: staging-pods-are-cattle
    target: kubernetes
    service: pod
    verb: delete
    environment: staging
    decision: allow
    reason: restarting pods in staging is routine
  - id: never-touch-billing
    resource: "*/billing*"
    decision: deny
    reason: billing is owned by another team
  - id: approve-unknown-make
    effect: unknown
    service: make
    decision: require_approval
    reason: make targets are reviewed by a person
  - id: too-generous
    target: kubernetes
    verb: exec
    decision: allow
    reason: a rule without an effect also matches unknown operations
`;

function policyError(text: string): PolicyError {
  try {
    parseWardenPolicy(text, ".stakpak/warden.yml");
  } catch (err) {
    if (err instanceof PolicyError) return err;
    throw err;
  }
  throw new Error("expected a PolicyError");
}

describe("parseWardenPolicy", () => {
  it("reads environments, rules with their file:line, and plan settings", () => {
    const policy = parseWardenPolicy(POLICY, ".stakpak/warden.yml");
    expect(policy.environments).toEqual([
      { name: "production", patterns: ["*prod*"] },
      { name: "staging", patterns: ["*staging*", "stg-*"] },
    ]);
    expect(policy.rules.map((r) => [r.id, r.decision, r.where])).toEqual([
      ["staging-pods-are-cattle", "allow", ".stakpak/warden.yml:6"],
      ["never-touch-billing", "deny", ".stakpak/warden.yml:13"],
      ["approve-unknown-make", "require_approval", ".stakpak/warden.yml:17"],
      ["too-generous", "allow", ".stakpak/warden.yml:22"],
    ]);
    expect(policy.rules[3]?.match).toEqual({ target: ["kubernetes"], verb: ["exec"] });
    expect(policy.rules[0]?.match).toEqual({ target: ["kubernetes"], service: ["pod"], verb: ["delete"], environment: ["staging"] });
    expect(policy.plan).toEqual({ protected: [], protectDefaults: true, allowedAddresses: {} });
  });

  it("reports every problem at once, each with line, column, key and hint", () => {
    const err = policyError(`version: 1
rules:
  - target: kubernetse
    decision: allow
    reason: typo in the target
  - effect: unknown
    decision: allow
    reason: tries to allow unknown
  - effect: destroy
    decison: deny
plann: {}
`);
    expect(err.exitCode).toBe(2);
    const lines = err.problems.map((p) => `${p.line}:${p.column} ${p.key}: ${p.message} | ${p.hint}`);
    expect(lines).toEqual([
      expect.stringMatching(/^3:13 rules\[0\]\.target: `kubernetse` is not a valid `target` \| did you mean `kubernetes`\?/),
      expect.stringMatching(/^7:15 rules\[1\]\.decision: an unknown effect can never be allowed \| use `decision: require_approval`/),
      expect.stringMatching(/^9:5 rules\[2\]: missing required key `decision`|^9:5 rules\[2\]\.decision: missing required key `decision`/),
      expect.stringMatching(/^9:5 rules\[2\](\.reason)?: missing required key `reason`/),
      expect.stringMatching(/^10:5 rules\[2\]\.decison: unknown key `decison` \| did you mean `decision`\?/),
      expect.stringMatching(/^11:1 plann: unknown key `plann` \| did you mean `plan`\?/),
    ]);
    expect(err.format()).toContain(".stakpak/warden.yml:3:13  rules[0].target:");
    expect(err.format()).not.toMatch(/\n\s+at /);
  });

  it("accepts the example policy shown in the README", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("#### Warden policy"));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const policy = parseWardenPolicy(yaml ?? "", "README.md");
    expect(policy.rules.map((r) => r.decision)).toEqual(["allow", "deny", "require_approval"]);
    expect(policy.plan.allowedAddresses).toEqual({ staging: ["module.app.*"] });
  });

  it("reports YAML syntax errors with their line", () => {
    const err = policyError("rules:\n  - effect: [destroy\n    decision: deny\n");
    expect(err.problems[0]?.line).toBeGreaterThanOrEqual(2);
    expect(err.problems[0]?.message).toMatch(/YAML syntax error/);
  });

  it("falls back to the built-in default when there is no policy file, and loads .stakpak/warden.yml when there is", async () => {
    const repo = mkdtempSync(join(tmpdir(), "stakpak-policy-"));
    expect(await loadWardenPolicy(repo)).toBe(EMPTY_POLICY);
    mkdirSync(join(repo, ".stakpak"));
    writeFileSync(join(repo, ".stakpak", "warden.yml"), POLICY);
    const loaded = await loadWardenPolicy(repo);
    expect(loaded.source).toBe(".stakpak/warden.yml");
    expect(loaded.rules).toHaveLength(4);
    await expect(loadWardenPolicy(repo, "missing.yml")).rejects.toThrow(/Warden policy not found: missing.yml/);
  });
});

describe("decisions under a policy", () => {
  let warden: Warden;
  let plain: Warden;
  beforeAll(async () => {
    warden = await createWarden({ workspace: "/work/repo", policy: parseWardenPolicy(POLICY, ".stakpak/warden.yml") });
    plain = await createWarden({ workspace: "/work/repo" });
  });

  it("applies the built-in default: reads allowed, local work allowed, writes need approval, destroys and unknown denied", () => {
    expect(plain.check("kubectl get pods").decision).toBe("allow");
    expect(plain.check("git commit -am wip").decision).toBe("allow");
    expect(plain.check("kubectl apply -f app.yaml").decision).toBe("require_approval");
    expect(plain.check("kubectl delete pod web-1").decision).toBe("deny");
    expect(plain.check("frobnicate").decision).toBe("deny");
    expect(plain.check("kubectl delete pod web-1").rule).toBe("default.destroy");
  });

  it("lets a repository rule allow a destroy it scopes (target, service, verb, environment)", () => {
    const decision = warden.check("kubectl --context staging-eu delete pod web-1");
    expect(decision.decision).toBe("allow");
    expect(decision.rule).toBe("staging-pods-are-cattle");
    expect(decision.operations[0]?.environment).toBe("staging");
    // The same in production falls through to the default.
    expect(warden.check("kubectl --context prod-eu delete pod web-1").decision).toBe("deny");
  });

  it("lets deny win over an allow that also matches", () => {
    const decision = warden.check("kubectl --context staging-eu delete pod/billing-worker");
    expect(decision.decision).toBe("deny");
    expect(decision.rule).toBe("never-touch-billing");
  });

  it("raises an unknown effect to approval when a rule says so, and never lets a rule allow it", () => {
    expect(warden.check("make deploy")).toMatchObject({ decision: "require_approval", rule: "approve-unknown-make" });
    expect(plain.check("make deploy")).toMatchObject({ decision: "deny", rule: "default.unknown" });
    expect(warden.check("frobnicate --all")).toMatchObject({ decision: "deny", rule: "default.unknown" });
    // `too-generous` allows any pod operation; on an unknown one that becomes approval.
    const generous = warden.check("kubectl exec web-1");
    expect(generous.decision).toBe("require_approval");
    expect(generous.rule).toBe("policy.unknown-never-allowed");
  });

  it("requires every resource of an allowed operation to match the rule's glob", async () => {
    const scoped = await createWarden({
      workspace: "/work/repo",
      policy: parseWardenPolicy("rules:\n  - target: kubernetes\n    verb: delete\n    resource: pod/web-*\n    decision: allow\n    reason: web pods restart freely\n", "w.yml"),
    });
    expect(scoped.check("kubectl delete pod web-1 web-2").decision).toBe("allow");
    expect(scoped.check("kubectl delete pod web-1 db-0").decision).toBe("deny");
  });

  it("while deploying one environment, allows writes to it and denies changes to another", () => {
    const opts = { environment: "staging" };
    expect(warden.check("kubectl --context staging-eu apply -f app.yaml", opts)).toMatchObject({ decision: "allow", rule: "deploy.same-environment" });
    expect(warden.check("kubectl --context prod-eu apply -f app.yaml", opts)).toMatchObject({ decision: "deny", rule: "deploy.other-environment" });
    expect(warden.check("kubectl apply -f app.yaml", opts)).toMatchObject({ decision: "require_approval", rule: "deploy.unknown-environment" });
    expect(warden.check("aws --profile prod-admin s3 ls", opts).decision).toBe("allow");
    expect(warden.check("helm upgrade api ./chart --kube-context prod -n staging", opts)).toMatchObject({ decision: "deny", rule: "deploy.ambiguous-environment" });
    expect(warden.check("terraform workspace select prod && terraform apply -auto-approve", opts).decision).toBe("deny");
  });

  it("reads environment markers from the agent's environment (AWS_PROFILE) without exposing other variables", () => {
    const decision = warden.check("aws s3 cp build/ s3://site/ --recursive", { environment: "staging", env: { AWS_PROFILE: "prod-admin", SECRET_TOKEN: "x" } });
    expect(decision.decision).toBe("deny");
    expect(JSON.stringify(decision)).not.toContain("SECRET_TOKEN");
  });
});

