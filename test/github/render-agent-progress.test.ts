import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_SHOWN_STEPS, renderAgentProgress, type ProgressStep } from "../../src/github/render-agent-progress.js";
import { Redactor } from "../../src/redact/redactor.js";

const redactor = new Redactor();
const r = (text: string) => redactor.redact(text);

/** The progress comment, compared to committed files; `UPDATE_GOLDEN=1 npm test` rewrites them. */
function golden(name: string, text: string): void {
  const file = new URL(`../golden/${name}.md`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, `${text}\n`);
  expect(`${text}\n`).toBe(readFileSync(file, "utf8"));
}

const steps: ProgressStep[] = [
  { kind: "read", text: r("read infra/staging/main.tf") },
  { kind: "read", text: r("read infra/staging/variables.tf") },
  { kind: "read", text: r("read infra/modules/bucket/main.tf") },
  { kind: "write", text: r("wrote infra/staging/logs.tf") },
  { kind: "refused", text: r("Warden refused `terraform -chdir=infra/staging destroy`: destroys need approval from a maintainer") },
  { kind: "plan", text: r("planning the changed projects") },
];

describe("the agent's progress comment (golden files)", () => {
  it("while it runs: the request as a quote, the steps so far with reads folded, an open item", () => {
    golden("agent-progress-running", renderAgentProgress({ request: r("add a private S3 bucket for access logs to staging"), requester: "@alice", status: "running", steps, result: null, links: { run: "https://github.com/acme/infra/actions/runs/42" } }));
  });

  it("finished: the summary and links first, the steps collapsed", () => {
    golden(
      "agent-progress-finished",
      renderAgentProgress({
        request: r("add a private S3 bucket for access logs to staging"),
        requester: "@alice",
        status: "finished",
        steps: [...steps, { kind: "finish", text: r("finished") }],
        result: r("Added `aws_s3_bucket.access_logs` (private, versioned) to staging, following the bucket module."),
        links: { run: "https://github.com/acme/infra/actions/runs/42", pullRequest: { number: 13, url: "https://github.com/acme/infra/pull/13" }, transcript: "https://github.com/acme/infra/actions/runs/42#summary" },
      }),
    );
  });

  it("failed: why, outside the collapsed steps; a long run shows its last steps only", () => {
    const many: ProgressStep[] = Array.from({ length: 40 }, (_, i) => ({ kind: i % 2 ? "write" : "command", text: r(`step ${i}`) }));
    const text = renderAgentProgress({ request: r("x"), requester: "@bob", status: "failed", steps: many, result: r("The token budget of 1000 is spent"), links: {} });
    expect(text).toContain("**Why:** The token budget of 1000 is spent");
    expect(text.indexOf("**Why:**")).toBeLessThan(text.indexOf("<details>"));
    expect(text).toContain(`- … ${40 - MAX_SHOWN_STEPS} earlier steps`);
    expect(text).toContain("step 39");
    expect(text).not.toContain("step 14\n");
  });

  it("a request cannot inject markdown or mentions into the quote", () => {
    const text = renderAgentProgress({ request: r("add <img src=x> [link](http://evil) **bold**\n### heading"), requester: "@eve", status: "running", steps: [], result: null, links: {} });
    expect(text).toContain("> add &lt;img src=x&gt; \\[link\\](http://evil) \\*\\*bold\\*\\* \\#\\#\\# heading");
  });
});
