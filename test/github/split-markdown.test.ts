import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProjectRun } from "../../src/iac/project-run.js";
import { COMMENT_BODY_LIMIT } from "../../src/github/github-limits.js";
import { splitMarkdown } from "../../src/github/split-markdown.js";
import { parsePlanJson } from "../../src/iac/parse-plan-json.js";
import { renderMarkdownReport } from "../../src/report/render-markdown.js";
import { multiProjectRuns } from "../report/fixture-runs.js";
import { findStructureProblems, findTableProblems } from "../report/markdown-structure.js";
import { generatePlan, generatePlanText } from "../support/generate-plan.js";

/**
 * Lines of `whole` appear in `parts`, in order (scaffolding lines may stand between them). Blank
 * lines at a cut outside code are not content and may go.
 */
function missingLines(whole: string, parts: readonly string[]): string[] {
  const got = parts.join("\n").split("\n");
  const missing: string[] = [];
  let at = 0;
  for (const line of whole.replace(/\n$/, "").split("\n")) {
    if (line === "") continue;
    const found = got.indexOf(line, at);
    if (found < 0) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

/** Everything a reader relies on, for every part. */
function expectWholeParts(markdown: string, parts: readonly string[], maxChars: number, measure: (s: string) => number = (s) => s.length): void {
  expect(parts.length).toBeGreaterThan(1);
  for (const [i, part] of parts.entries()) {
    expect(measure(part), `part ${i + 1} size`).toBeLessThanOrEqual(maxChars);
    expect(findStructureProblems(part), `part ${i + 1} structure`).toEqual([]);
    expect(findTableProblems(part), `part ${i + 1} tables`).toEqual([]);
    if (i > 0) expect(part, `part ${i + 1} header`).toMatch(new RegExp(`^\\*\\*Plan report\\*\\* · part ${i + 1} of ${parts.length} \\(continued\\)\n`));
    if (i < parts.length - 1) expect(part.trimEnd().endsWith(`_Continued in part ${i + 2} of ${parts.length}._`), `part ${i + 1} footer`).toBe(true);
  }
  expect(missingLines(markdown, parts)).toEqual([]);
  // The headline stays at the top of the first part; the end of the plan is in the last.
  const firstLines = markdown.split("\n", 8).join("\n");
  expect(parts[0]?.startsWith(firstLines)).toBe(true);
  const lastLine = markdown.trimEnd().split("\n").pop() as string;
  expect(parts[parts.length - 1]?.trimEnd().endsWith(lastLine)).toBe(true);
}

function generatedRun(resources: number, seed: number): ProjectRun {
  const generated = generatePlan(resources, seed);
  return {
    project: `platform-${seed}`,
    environment: "prod",
    dir: "infra/platform",
    tool: "terraform",
    status: "changes",
    plan: parsePlanJson(JSON.stringify(generated.plan)),
    planText: generatePlanText(generated.plan),
    diagnostics: [],
    durationMs: 1_000,
  };
}

describe("splitMarkdown", () => {
  it("returns a body that fits as it is", () => {
    const markdown = renderMarkdownReport(multiProjectRuns());
    expect(splitMarkdown(markdown)).toEqual([markdown]);
  });

  it("splits the multi-project report into whole, numbered parts", () => {
    const markdown = renderMarkdownReport(multiProjectRuns());
    const parts = splitMarkdown(markdown, { maxChars: 3_000, title: "Plan report" });
    expectWholeParts(markdown, parts, 3_000);
    // A cut inside the full plan reopens the collapsed block and the fence it was in.
    const continued = parts.find((p) => p.includes("<details><summary>Full plan (continued)</summary>\n\n```diff\n"));
    expect(continued).toBeDefined();
  });

  it("keeps a generated 3,000-resource report whole at GitHub's limit", () => {
    const markdown = renderMarkdownReport([generatedRun(3_000, 5)], { maxChars: 400_000 });
    expect(markdown.length).toBeGreaterThan(2 * COMMENT_BODY_LIMIT);
    const parts = splitMarkdown(markdown, { title: "Plan report" });
    expectWholeParts(markdown, parts, COMMENT_BODY_LIMIT);
    expect(parts.length).toBeLessThanOrEqual(Math.ceil(markdown.length / (COMMENT_BODY_LIMIT / 2)));
  });

  it("property: generated reports, any part size, stay whole", () => {
    const reports = [1, 2, 3].map((seed) => renderMarkdownReport([generatedRun(150 * seed, seed), ...multiProjectRuns()], { maxChars: 200_000 }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: reports.length - 1 }), fc.integer({ min: 1_500, max: 40_000 }), (which, maxChars) => {
        const markdown = reports[which] as string;
        expectWholeParts(markdown, splitMarkdown(markdown, { maxChars, title: "Plan report" }), maxChars);
      }),
      { numRuns: 40 },
    );
  });

  it("property: arbitrary nesting of fences, details and tables stays whole", () => {
    const text = fc.stringMatching(/^[a-z0-9 .,:'"()*_-]{0,60}$/);
    const fence = fc.record({ char: fc.constantFrom("`", "~"), len: fc.integer({ min: 3, max: 6 }), info: fc.constantFrom("", "text", "hcl", "diff", "mermaid"), body: fc.array(text, { maxLength: 40 }) });
    const table = fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 30 });
    const block: fc.Memo<string> = fc.memo((depth) =>
      fc.oneof(
        text.map((t) => `${t}\n`),
        text.map((t) => `### ${t}\n`),
        fence.map((f) => {
          const marker = f.char.repeat(f.len);
          // Content lines that look like shorter fences must not close it.
          return [`${marker}${f.info}`, ...f.body, f.char.repeat(3) + (f.len > 3 ? "" : "x"), marker, ""].join("\n");
        }),
        table.map((rows) => ["| a | b |", "| --- | --- |", ...rows.map(([x, y]) => `| ${x} | ${y} |`), ""].join("\n")),
        depth > 2
          ? text.map((t) => `${t}\n`)
          : fc
              .tuple(fc.constantFrom("<details>", "<details open>"), text, fc.array(block(depth + 1), { maxLength: 6 }))
              .map(([tag, summary, inner]) => [`${tag}<summary>${summary}</summary>`, "", ...inner, "</details>", ""].join("\n")),
      ),
    );
    let split = 0;
    fc.assert(
      fc.property(fc.array(block(0), { minLength: 8, maxLength: 40 }), fc.integer({ min: 400, max: 1_500 }), (blocks, maxChars) => {
        const markdown = `## Plan report\n\n${blocks.join("\n")}`;
        expect(findStructureProblems(markdown)).toEqual([]);
        const parts = splitMarkdown(markdown, { maxChars, title: "Plan report" });
        if (markdown.length <= maxChars) {
          expect(parts).toEqual([markdown]);
          return;
        }
        expectWholeParts(markdown, parts, maxChars);
        split++;
      }),
      { numRuns: 300 },
    );
    // Most cases are long enough to need splitting: the property is about splits, not short bodies.
    expect(split).toBeGreaterThan(150);
  });

  it("measures in UTF-8 bytes when asked (the job summary's cap)", () => {
    const bytes = (s: string): number => Buffer.byteLength(s, "utf8");
    const markdown = `## Plan report\n\n${Array.from({ length: 400 }, (_, i) => `- ⚠️ résumé ${i} → 日本語 ${"é".repeat(20)}`).join("\n")}\n`;
    const parts = splitMarkdown(markdown, { maxChars: 4_000, measure: bytes, title: "Plan report" });
    expectWholeParts(markdown, parts, 4_000, bytes);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(4_000 / 1.5);
  });

  it("cuts a single line longer than a part, inside a code block, without splitting an emoji", () => {
    const line = "😀".repeat(3_000);
    const markdown = `## Plan report\n\n\`\`\`json\n${line}\n\`\`\`\n`;
    const parts = splitMarkdown(markdown, { maxChars: 1_000, title: "Plan report" });
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1_000);
      expect(findStructureProblems(part)).toEqual([]);
      expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(part), "no lone surrogate").toBe(false);
    }
    const emoji = parts.join("").match(/😀/g)?.length;
    expect(emoji).toBe(3_000);
    expect(parts.slice(1).every((p) => p.includes("\n```json\n"))).toBe(true);
  });

  it("repeats a table's header in the part that continues it", () => {
    const rows = Array.from({ length: 200 }, (_, i) => `| \`-\` destroy | \`aws_instance.web[${i}]\` | not in configuration |`);
    const markdown = `## Plan report\n\n| Action | Resource | Details |\n| --- | --- | --- |\n${rows.join("\n")}\n`;
    const parts = splitMarkdown(markdown, { maxChars: 2_000, title: "Plan report" });
    expectWholeParts(markdown, parts, 2_000);
    for (const part of parts.slice(1)) expect(part).toContain("\n| Action | Resource | Details |\n| --- | --- | --- |\n| `-` destroy");
  });

  it("prefers to cut before a heading, so a project's section starts a part", () => {
    const section = (name: string, lines: number): string => `### ${name}\n\n${Array.from({ length: lines }, (_, i) => `- line ${i} of ${name}`).join("\n")}\n`;
    const markdown = `## Plan report\n\n${section("network", 60)}\n${section("database", 60)}`;
    const parts = splitMarkdown(markdown, { maxChars: 2_000, title: "Plan report" });
    expect(parts.some((p) => /\(continued\)\n\n### database\n/.test(p))).toBe(true);
  });

  it("refuses a part size too small for any scaffolding", () => {
    expect(() => splitMarkdown("x".repeat(1000), { maxChars: 100 })).toThrow(RangeError);
  });
});
