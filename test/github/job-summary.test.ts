import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendJobSummary } from "../../src/github/job-summary.js";
import { renderMarkdownReport } from "../../src/report/render-markdown.js";
import { multiProjectRuns } from "../report/fixture-runs.js";
import { findStructureProblems } from "../report/markdown-structure.js";
import { redacted } from "./github-api-mock.js";

function summaryFile(existing = ""): string {
  const path = join(mkdtempSync(join(tmpdir(), "stakpak-summary-")), "summary.md");
  writeFileSync(path, existing);
  return path;
}

describe("appendJobSummary", () => {
  const report = renderMarkdownReport(multiProjectRuns());

  it("appends the whole report when it fits", async () => {
    const path = summaryFile("# Earlier step output\n");
    const result = await appendJobSummary(redacted(report), { path });
    expect(result).toEqual({ written: true, truncated: false, bytes: Buffer.byteLength(report), path });
    expect(readFileSync(path, "utf8")).toBe(`# Earlier step output\n\n${report}`);
  });

  it("counts what the step already wrote against the cap, cuts at a markdown boundary and says so", async () => {
    const path = summaryFile("x".repeat(4_000));
    const result = await appendJobSummary(redacted(report), { path, capBytes: 12_000 });
    expect(result.truncated).toBe(true);
    const written = readFileSync(path, "utf8");
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(12_000);
    const appended = written.slice(4_001);
    expect(appended.startsWith("## Plan report")).toBe(true);
    expect(findStructureProblems(appended)).toEqual([]);
    expect(appended.trimEnd().endsWith("The complete report is the file the step's `report-path` output names.")).toBe(true);
  });

  it("counts UTF-8 bytes, not characters", async () => {
    const path = summaryFile();
    const wide = `## Plan report\n\n${"- ⚠️ 日本語の説明\n".repeat(2_000)}`;
    const result = await appendJobSummary(redacted(wide), { path, capBytes: 10_000 });
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(readFileSync(path, "utf8"))).toBeLessThanOrEqual(10_000);
  });

  it("writes only the note when almost no room is left, and nothing outside Actions", async () => {
    const path = summaryFile("x".repeat(9_500));
    const result = await appendJobSummary(redacted(report), { path, capBytes: 10_000, cutNote: "_No room for the report._" });
    expect(result).toMatchObject({ written: true, truncated: true });
    expect(readFileSync(path, "utf8").endsWith("\n_No room for the report._\n")).toBe(true);
    const previous = process.env.GITHUB_STEP_SUMMARY;
    delete process.env.GITHUB_STEP_SUMMARY;
    try {
      expect(await appendJobSummary(redacted(report))).toEqual({ written: false, truncated: false, bytes: 0, path: null });
    } finally {
      if (previous !== undefined) process.env.GITHUB_STEP_SUMMARY = previous;
    }
  });
});
