import { describe, expect, it } from "vitest";
import { publishCheckRun, startCheckRun, type CheckAnnotation } from "../../src/github/check-run.js";
import { CHECK_OUTPUT_LIMIT } from "../../src/github/github-limits.js";
import { findStructureProblems } from "../report/markdown-structure.js";
import { PR, redacted, testClient, useGitHubApi } from "./github-api-mock.js";

const REPO = `/repos/${PR.owner}/${PR.repo}`;

function checkRun(id: number, status: string): Record<string, unknown> {
  return { id, node_id: `CR_${id}`, head_sha: PR.headSha, html_url: `https://github.com/acme/infra/runs/${id}`, status, conclusion: null, name: "stakpak/plan: network (prod)", output: {}, app: { slug: "github-actions" }, pull_requests: [] };
}

function annotation(i: number): CheckAnnotation {
  return { path: "infra/main.tf", startLine: i, endLine: i, level: "warning", title: redacted(`destroy ${i}`), message: redacted(`terraform_data.r${i}`) };
}

describe("check runs", () => {
  const github = useGitHubApi();

  it("starts one in progress and completes it by id, cutting a long report to the limit", async () => {
    const report = `## Plan report\n\n<details><summary>Full plan</summary>\n\n\`\`\`text\n${"  + resource\n".repeat(10_000)}\`\`\`\n\n</details>\n`;
    github
      .api()
      .post(`${REPO}/check-runs`, (b: { status: string }) => b.status === "in_progress")
      .reply(201, checkRun(70, "in_progress"))
      .patch(`${REPO}/check-runs/70`)
      .reply(200, checkRun(70, "completed"));
    const client = testClient();
    const started = await startCheckRun(client, PR, redacted("stakpak/plan: network (prod)"), "https://github.com/acme/infra/actions/runs/1");
    expect(started).toEqual({ id: 70, url: "https://github.com/acme/infra/runs/70" });
    await publishCheckRun(client, PR, { name: redacted("stakpak/plan: network (prod)"), conclusion: "neutral", title: redacted("Plan: 1 to add"), summary: redacted("**Plan: 1 to add**"), text: redacted(report) }, started.id);
    const update = github.recorded[1]?.body as { status: string; conclusion: string; output: { text: string; summary: string } };
    expect(update).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(update.output.text.length).toBeLessThanOrEqual(CHECK_OUTPUT_LIMIT);
    expect(findStructureProblems(update.output.text)).toEqual([]);
    expect(update.output.text).toContain("Cut to fit a check run's 65,535 characters");
    expect(update.output.summary).toBe("**Plan: 1 to add**");
  });

  it("sends 50 annotations with the run and the rest in further updates", async () => {
    github
      .api()
      .post(`${REPO}/check-runs`)
      .reply(201, checkRun(71, "completed"))
      .patch(`${REPO}/check-runs/71`)
      .times(2)
      .reply(200, checkRun(71, "completed"));
    await publishCheckRun(testClient(), PR, {
      name: redacted("stakpak/plan: big"),
      conclusion: "neutral",
      title: redacted("t"),
      summary: redacted("s"),
      text: redacted("x"),
      annotations: Array.from({ length: 120 }, (_, i) => annotation(i + 1)),
    });
    const counts = github.recorded.map((r) => (r.body as { output: { annotations: unknown[] } }).output.annotations.length);
    expect(counts).toEqual([50, 50, 20]);
    const last = github.recorded[2]?.body as { output: { annotations: Array<{ start_line: number; annotation_level: string }> } };
    expect(last.output.annotations[19]).toMatchObject({ start_line: 120, annotation_level: "warning" });
  });
});
