import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RESTORE_RULE, restoreVerdict } from "../../src/warden/restore-policy.js";
import { createWarden, type Warden } from "../../src/warden/warden.js";

const P = "'[[SECRET:github-pat:abcd]]'";
let warden: Warden;

beforeAll(async () => {
  warden = await createWarden({ workspace: mkdtempSync(join(tmpdir(), "stakpak-restore-policy-")) });
});

function verdict(line: string) {
  return restoreVerdict(warden.explain(line).analysis);
}

describe("where a placeholder may be restored", () => {
  it.each([
    `gh api user -H "Authorization: token ${P}"`,
    `kubectl get pods --token ${P}`,
    `aws s3 ls --profile dev`,
    `curl -H "Authorization: Bearer ${P}" https://api.github.com/user`,
    `GITHUB_TOKEN=${P} gh pr list`,
    `timeout 30 kubectl get pods --token ${P}`,
    `env GH_TOKEN=${P} gh pr list`,
  ])("allows a command whose effect is known and that is no interpreter: %s", (line) => {
    const { decision, analysis } = warden.explain(line);
    // The test means something only if Warden really knows these commands' effect.
    expect(analysis.operations.length).toBeGreaterThan(0);
    expect(decision.operations.every((op) => op.effect !== "unknown")).toBe(true);
    expect(restoreVerdict(analysis)).toEqual({ allowed: true });
  });

  it.each([
    // Reads, by Warden's judgement, but they run code: the value could come back in any form.
    [`node -e 'console.log(process.argv[1])' ${P}`, "node"],
    [`python3 -c 'import sys; print(sys.argv[1])' ${P}`, "python3"],
    [`python3.12 -c 'print(1)' ${P}`, "python3.12"],
    [`/usr/bin/python3 -c 'print(1)' ${P}`, "python3"],
    [`perl -e 'print 1' ${P}`, "perl"],
    [`ruby -e 'puts 1' ${P}`, "ruby"],
    [`bash -c 'echo hi' ${P}`, "bash"],
    [`sh -c 'ls' ${P}`, "sh"],
    [`TOKEN=${P} env node -e 'console.log(1)'`, "node"],
    [`timeout 5 python3 -c 'print(1)' ${P}`, "python3"],
    [`sudo -u nobody bash -c 'echo ok' ${P}`, "bash"],
  ])("refuses an interpreter or a shell, even one Warden judges a read: %s", (line, program) => {
    const { decision, analysis } = warden.explain(line);
    const result = restoreVerdict(analysis);
    expect(result.allowed).toBe(false);
    if (result.allowed) return;
    expect(result.reason).toContain(RESTORE_RULE);
    expect(result.reason).toContain(`\`${program}\``);
    // Several of these are reads that Warden allows: only the restore policy stops them.
    if (line.startsWith("node") || line.startsWith("python3 -c")) expect(decision.decision).toBe("allow");
  });

  it.each([
    [`frobnicate --token ${P}`, "no catalog knows this program"],
    [`./deploy.sh ${P}`, "script or binary file"],
    [`$CMD ${P}`, "only known at run time"],
    [`eval echo ${P}`, "interpreter or a shell"],
    ["echo 'ls -la' | bash", "interpreter or a shell"],
  ])("refuses a command whose effect is unknown, or that hands code to a shell: %s", (line, why) => {
    const result = verdict(line);
    expect(result.allowed).toBe(false);
    if (!result.allowed) {
      expect(result.reason).toContain(RESTORE_RULE);
      expect(result.reason).toContain(why);
    }
  });

  it("allows a line that runs nothing (nothing gets the value)", () => {
    expect(verdict("")).toEqual({ allowed: true });
  });
});
