import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ProjectRun } from "../../src/iac/project-run.js";
import { renderMarkdownReport } from "../../src/report/render-markdown.js";
import { failedRun, jsonOnlyRun, kubeRun, multiProjectRuns, terraformRun } from "./fixture-runs.js";
import { findStructureProblems } from "./markdown-structure.js";

const GOLDEN = fileURLToPath(new URL("../golden/", import.meta.url));

/** Compares with the committed file; `UPDATE_GOLDEN=1` rewrites it, so a change shows up as a diff. */
function expectGolden(name: string, actual: string): void {
  const path = `${GOLDEN}${name}`;
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`No golden file ${name}: run UPDATE_GOLDEN=1 npx vitest run test/report`);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

const CASES: Array<{ golden: string; runs: () => ProjectRun[]; maxChars?: number }> = [
  { golden: "mixed-actions.md", runs: () => [terraformRun("mixed-actions", { project: "network", environment: "prod", dir: "infra/network" })] },
  // Lists and sets with one element inserted or swapped: the report names those, not every position after them.
  { golden: "list-diffs.md", runs: () => [terraformRun("list-diffs", { project: "firewall", dir: "infra/firewall" })] },
  // terraform 1.14: actions to run and deferred changes are not "No changes".
  { golden: "actions-deferred.md", runs: () => [jsonOnlyRun("actions-deferred", { project: "web", dir: "infra/web" })] },
  { golden: "no-changes.md", runs: () => [terraformRun("no-changes", { project: "dns", dir: "infra/dns" })] },
  { golden: "plan-failed.md", runs: () => [failedRun()] },
  { golden: "kubernetes.md", runs: () => [kubeRun()] },
  { golden: "multi-project.md", runs: multiProjectRuns },
  // Small enough that the ladder has to drop the plan text and the details: shows what a cut looks like.
  { golden: "multi-project-shortened.md", runs: multiProjectRuns, maxChars: 6_000 },
];

describe("renderMarkdownReport golden files", () => {
  for (const c of CASES) {
    it(`matches test/golden/${c.golden}`, () => {
      const markdown = renderMarkdownReport(c.runs(), c.maxChars === undefined ? {} : { maxChars: c.maxChars });
      expect(findStructureProblems(markdown)).toEqual([]);
      if (c.maxChars !== undefined) expect(markdown.length).toBeLessThanOrEqual(c.maxChars);
      expectGolden(c.golden, markdown);
    });
  }
});
