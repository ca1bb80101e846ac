import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createWarden, type Warden } from "../../src/warden/warden.js";

// Generated lines are only parsed and judged, never run.

let warden: Warden;
beforeAll(async () => {
  warden = await createWarden({ workspace: "/work/repo" });
});

/** Shell fragments to build lines from: no `#` (a comment really hides what follows) and no backslash (it really quotes `;`). */
const FRAGMENTS = [
  "ls", "echo", "kubectl", "get", "pods", "-l", "app=x", "|", "&&", "||", "(", ")", "{", "}", "'a b'", '"c d"', "$X", "$(date)",
  "`pwd`", ">", "out.txt", "<", "in.txt", "2>&1", "sudo", "bash -c", "env", "xargs", "find .", "-exec", "{}", "X=1", "cd /tmp",
  "cd ..", "<<<", "<<EOF", "for i in 1 2; do", "done", "if true; then", "fi", "&", "!", "*", "terraform", "plan", "aws", "s3", "ls",
  "cat", "grep", "-r", "git", "status", "python3 -c", "'print(1)'", "eval", "exec", "timeout 5", "nohup", "$'x'", "${Y:-z}",
];

describe("Warden on generated input", () => {
  it("never throws and always returns one of the three decisions, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const d = warden.check(text);
        expect(["allow", "require_approval", "deny"]).toContain(d.decision);
      }),
      { numRuns: 500 },
    );
  });

  it("never allows a line whose last command removes / (no prefix can hide it)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }), (parts) => {
        const line = `${parts.join(" ")} ; rm -rf /`;
        expect(warden.check(line).decision, line).not.toBe("allow");
      }),
      { numRuns: 500 },
    );
  });

  it("never allows a destroy whose words are interleaved with redirections", () => {
    const redirect = fc.constantFrom("", "> /dev/null", "2>&1", "< in.txt", "2>/dev/null", ">> log.txt", "&>/dev/null", "<<< x");
    fc.assert(
      fc.property(fc.array(redirect, { minLength: 4, maxLength: 4 }), ([a, b, c, d]) => {
        for (const line of [`rm ${a} -rf ${b} /opt/app ${c}`, `kubectl ${a} delete ${b} ns ${c} prod ${d}`, `${a} terraform ${b} destroy ${c}`]) {
          expect(warden.check(line).decision, line).not.toBe("allow");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never allows a destroy hidden on a second line", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 }), (parts) => {
        const line = `${parts.join(" ")}\nkubectl delete namespace prod`;
        expect(warden.check(line).decision, line).not.toBe("allow");
      }),
      { numRuns: 300 },
    );
  });
});
