import { beforeAll, describe, expect, it } from "vitest";
import type { ProjectRun } from "../../src/iac/project-run.js";
import { parsePlanJson } from "../../src/iac/parse-plan-json.js";
import { DETAIL_LEVELS } from "../../src/report/detail-levels.js";
import { formatCount } from "../../src/report/format-count.js";
import { MarkdownBuilder } from "../../src/report/markdown-builder.js";
import { renderMarkdownReport } from "../../src/report/render-markdown.js";
import { isQuiet, prepareRun, renderRunSection } from "../../src/report/render-run-section.js";
import { generatePlan, generatePlanText, type GeneratedPlan } from "../support/generate-plan.js";
import { multiProjectRuns } from "./fixture-runs.js";
import { findStructureProblems, findTableProblems } from "./markdown-structure.js";

function generatedRun(generated: GeneratedPlan): ProjectRun {
  return {
    project: "platform",
    environment: "prod",
    dir: "infra/platform",
    tool: "terraform",
    status: "changes",
    plan: parsePlanJson(JSON.stringify(generated.plan)),
    planText: generatePlanText(generated.plan),
    diagnostics: [{ severity: "warning", summary: "Deprecated argument", detail: "Use `tags_all`.", where: "main.tf:3:1", snippet: null }],
    durationMs: 61_000,
  };
}

/**
 * Resources in the resource tables (above and below the fold; a grouped row counts its `×N`)
 * and the "N more resources not shown" count after them. Drift tables have another header.
 */
function resourceTable(markdown: string): { rows: number; notShown: number } {
  const lines = markdown.split("\n");
  let rows = 0;
  for (let start = lines.indexOf("| Action | Resource | Details |"); start >= 0; start = lines.indexOf("| Action | Resource | Details |", start + 1)) {
    for (let i = start + 2; lines[i]?.startsWith("| "); i++) {
      const group = /` ×([\d,]+)/.exec(lines[i] ?? "") ?? /<summary>×([\d,]+)<\/summary>/.exec(lines[i] ?? "");
      rows += group ? Number(group[1]?.replace(/,/g, "")) : 1;
    }
  }
  const note = /_… ([\d,]+) more resources? not shown: /.exec(markdown);
  return { rows, notShown: note ? Number(note[1]?.replace(/,/g, "")) : 0 };
}

describe("every detail level", () => {
  let runs: ProjectRun[];
  beforeAll(() => {
    runs = [...multiProjectRuns(), generatedRun(generatePlan(1_500, 11))];
  });

  for (const level of DETAIL_LEVELS) {
    it(`renders whole markdown at level "${level.name}"`, () => {
      for (const run of runs) {
        const b = new MarkdownBuilder();
        renderRunSection(b, prepareRun(run), level);
        const markdown = b.toString();
        expect(findStructureProblems(markdown), `${run.project} at ${level.name}`).toEqual([]);
        expect(findTableProblems(markdown), `${run.project} at ${level.name}`).toEqual([]);
        // The level's limits really apply: the plan text block is there exactly when the level keeps it.
        // A quiet section (no change, nothing else to say) has no plan text at any level.
        const prepared = prepareRun(run);
        expect(markdown.includes("<summary>Full plan</summary>"), `${run.project} at ${level.name}`).toBe(level.planTextChars > 0 && run.planText !== undefined && run.kube === undefined && !isQuiet(prepared));
        expect(markdown.split("[!WARNING]").length - 1, `${run.project} at ${level.name}`).toBe(prepared.headline.dangerous ? 1 : 0);
      }
    });
  }

  it("sheds detail in order: each level is no longer than the one before", () => {
    const run = prepareRun(runs[runs.length - 1] as ProjectRun);
    const lengths = DETAIL_LEVELS.map((level) => {
      const b = new MarkdownBuilder();
      renderRunSection(b, run, level);
      return b.length;
    });
    for (let i = 1; i < lengths.length; i++) expect(lengths[i]).toBeLessThanOrEqual(lengths[i - 1] as number);
    expect(lengths[lengths.length - 1]).toBeLessThan(2_000);
  });
});

describe("maxChars", () => {
  let runs: ProjectRun[];
  beforeAll(() => {
    runs = [...multiProjectRuns(), generatedRun(generatePlan(2_000, 5))];
  });

  for (const maxChars of [200, 600, 1_500, 3_000, 6_000, 12_000, 25_000, 50_000, 65_000, 200_000]) {
    it(`stays within ${formatCount(maxChars)} characters and whole`, () => {
      const markdown = renderMarkdownReport(runs, { maxChars });
      expect(markdown.length).toBeLessThanOrEqual(maxChars);
      expect(findStructureProblems(markdown)).toEqual([]);
      expect(findTableProblems(markdown)).toEqual([]);
    });
  }

  it("keeps every headline when there is room for the headlines", () => {
    const markdown = renderMarkdownReport(runs, { maxChars: 6_000 });
    for (const p of runs.map(prepareRun)) expect(markdown).toContain(p.headline.text);
    expect(markdown).toContain("<strong>❌ database · staging</strong> · Plan failed: Error acquiring the state lock</summary>");
    expect(markdown).toContain("<strong>⚠️ shop · prod</strong> · Diff: 1 to delete, 1 to update, 1 to create</summary>");
    expect(markdown).toContain("> ✂️ Shortened to fit 6,000 characters");
  });

  it("says how many projects it could not show when not even their headlines fit", () => {
    const markdown = renderMarkdownReport(runs, { maxChars: 1_500 });
    expect(markdown).toMatch(/_… \d more projects? not shown to fit 1,500 characters\._/);
  });

  it("gives the room a big project does not need back to the small ones", () => {
    const markdown = renderMarkdownReport(runs, { maxChars: 65_000 });
    // The small fixture plan keeps its full text even though the 2,000-resource plan's is cut.
    expect(markdown).toContain("Plan: 1 to import, 4 to add, 6 to change, 3 to destroy.");
  });
});

describe("a 5,000-resource plan", () => {
  let generated: GeneratedPlan;
  let markdown: string;
  beforeAll(() => {
    generated = generatePlan(5_000, 2024);
    markdown = renderMarkdownReport([generatedRun(generated)]);
  });

  it("fits in 65,000 characters as whole markdown", () => {
    expect(markdown.length).toBeLessThanOrEqual(65_000);
    expect(findStructureProblems(markdown)).toEqual([]);
    expect(findTableProblems(markdown)).toEqual([]);
  });

  it("keeps the headline with the exact counts", () => {
    const c = generated.counts;
    const n = formatCount;
    expect(markdown).toContain(
      `⚠️ **Plan: ${n(c.destroy)} to destroy, ${n(c.replace)} to replace, ${n(c.change)} to change, ${n(c.add)} to add, ` +
        `${n(c.import)} to import, ${n(c.move)} to move, ${n(c.forget)} to forget, ${n(c.outputChanges)} output changes, ${n(c.drifted)} drifted**`,
    );
  });

  it("states how many resources it left out of the table, and they add up", () => {
    const table = resourceTable(markdown);
    expect(table.rows).toBeGreaterThan(0);
    expect(table.notShown).toBeGreaterThan(0);
    expect(table.rows + table.notShown).toBe(generated.counts.listed);
  });

  it("says what else it left out", () => {
    expect(markdown).toMatch(/characters \([\d,]+ lines\) omitted …|_Full plan \([\d,]+ characters\) left out/);
    expect(markdown).toMatch(/_… attribute changes of [\d,]+ more resources not shown\._|_Attribute changes of [\d,]+ resources left out to fit the size limit\._/);
  });

  it("never prints a sensitive value", () => {
    expect(generated.secrets.length).toBeGreaterThan(100);
    const leaked = generated.secrets.filter((s) => markdown.includes(s));
    expect(leaked).toEqual([]);
  });
});
