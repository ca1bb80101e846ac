import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readActionInputs } from "../../src/action/action-inputs.js";
import { DISPATCH_INPUT_NAMES } from "../../src/github/commands/workflow-dispatch.js";
import { REPO_ROOT } from "./action-harness.js";

const load = (path: string): any => parse(readFileSync(join(REPO_ROOT, path), "utf8"));

describe("action.yml and the shipped workflows match the code", () => {
  const action = load("action.yml");
  const workflow = load(".github/workflows/stakpak.yml");

  it("action.yml declares every input the Action reads, and the outputs it sets", () => {
    const read: string[] = [];
    readActionInputs((name) => {
      read.push(name);
      return "";
    });
    expect(Object.keys(action.inputs).sort()).toEqual([...new Set(read)].sort());
    expect(Object.keys(action.outputs).sort()).toEqual(["agent", "has-changes", "lock", "plan-summary", "report-path", "run", "transcript-path"]);
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.js" });
    expect(action.inputs["github-token"].default).toBe("${{ github.token }}");
  });

  it("stakpak.yml declares the inputs the App dispatches, and the events the Action handles", () => {
    expect(Object.keys(workflow.on.workflow_dispatch.inputs).sort()).toEqual([...DISPATCH_INPUT_NAMES].sort());
    expect(Object.keys(workflow.on).sort()).toEqual(["issue_comment", "pull_request", "repository_dispatch", "workflow_dispatch"]);
    expect(workflow.on.pull_request.types).toEqual(["opened", "synchronize", "reopened", "closed"]);
  });

  it("stakpak.yml routes first, then queues the work per project and environment, with the least permissions", () => {
    const route = workflow.jobs.route.steps.find((s: any) => s.id === "route");
    expect(route.with.mode).toBe("route");
    const job = workflow.jobs.stakpak;
    expect(job.needs).toBe("route");
    expect(job.concurrency).toEqual({ group: "stakpak-${{ github.repository }}-${{ needs.route.outputs.lock }}", "cancel-in-progress": false });
    expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write", issues: "write", checks: "write", statuses: "read" });
    expect(workflow.permissions).toEqual({});
    const checkout = job.steps.find((s: any) => String(s.uses).startsWith("actions/checkout"));
    expect(checkout.with["persist-credentials"]).toBe(false);
  });

  it("stakpak.yml runs agent requests in a job of their own, the only one that may write contents, and keeps the transcript", () => {
    const route = workflow.jobs.route;
    expect(route.outputs.agent).toBe("${{ steps.route.outputs.agent }}");
    // Agent requests are read on plain issues too, so the route job must not require a pull request.
    expect(route.if).not.toContain("github.event.issue.pull_request");
    const agent = workflow.jobs.agent;
    expect(agent.needs).toBe("route");
    expect(agent.if).toBe("needs.route.outputs.agent == 'true'");
    expect(agent.permissions).toEqual({ contents: "write", "pull-requests": "write", issues: "write", checks: "write", statuses: "read" });
    const step = agent.steps.find((s: any) => s.id === "stakpak");
    expect(step.uses).toBe("./");
    expect(step.with["openai-api-key"]).toBe("${{ secrets.OPENAI_API_KEY }}");
    for (const input of Object.keys(step.with)) expect(Object.keys(action.inputs)).toContain(input);
    const upload = agent.steps.find((s: any) => String(s.uses).startsWith("actions/upload-artifact@"));
    expect(upload.with.path).toBe("${{ steps.stakpak.outputs.transcript-path }}");
    const checkout = agent.steps.find((s: any) => String(s.uses).startsWith("actions/checkout"));
    expect(checkout.with["persist-credentials"]).toBe(false);
    // The other jobs keep what they had: no job but the agent's may write contents.
    for (const [name, job] of Object.entries<any>(workflow.jobs)) if (name !== "agent") expect(job.permissions?.contents).not.toBe("write");
  });

  it("ci.yml tests and fails when the committed dist/ is not what the build makes", () => {
    const steps = load(".github/workflows/ci.yml").jobs.test.steps.map((s: any) => s.run ?? s.uses).join("\n");
    expect(steps).toContain("npm ci");
    expect(steps).toContain("npm test");
    expect(steps).toContain("git diff --exit-code --stat dist/");
  });

  it("ci.yml runs on the oldest Node package.json accepts and on the Node action.yml runs on", () => {
    const ci = load(".github/workflows/ci.yml");
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
    const oldest = Number(/^>=(\d+)/.exec(pkg.engines.node)?.[1]);
    const actionNode = Number(/^node(\d+)$/.exec(action.runs.using)?.[1]);
    expect(ci.jobs.test.strategy.matrix.node).toEqual([oldest, actionNode]);
    const setupNode = ci.jobs.test.steps.find((s: any) => String(s.uses).startsWith("actions/setup-node@"));
    expect(setupNode.with["node-version"]).toBe("${{ matrix.node }}");
  });

  // A tag can be moved to other code; a commit SHA cannot. The comment keeps the tag readable.
  const workflowFiles = readdirSync(join(REPO_ROOT, ".github/workflows")).filter((f) => /\.ya?ml$/.test(f));
  it.each(workflowFiles)("%s pins every third-party action by a commit SHA, with its tag in a comment", (file) => {
    const text = readFileSync(join(REPO_ROOT, ".github/workflows", file), "utf8");
    // Steps, and the examples in comments a user would copy (`uses: ./` and `<owner>/…` placeholders aside).
    const uses = text.split("\n").filter((line) => /^\s*(#\s*)?(-\s+)?uses:\s*\w[\w.-]*\//.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line, line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}\b/);
  });

  it("the pinning check rejects what it must", () => {
    const pinned = /uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}\b/;
    expect("      - uses: actions/checkout@v4").not.toMatch(pinned);
    expect("      - uses: actions/checkout@34e114876b0b11c390a56381ad16ebd13914f8d5").not.toMatch(pinned);
    expect("      - uses: actions/checkout@34e1148 # v4").not.toMatch(pinned);
    expect("      - uses: actions/checkout@34e114876b0b11c390a56381ad16ebd13914f8d5 # v4.3.1").toMatch(pinned);
  });

  it("stakpak.yml names the App's bot, so what the App dispatched (team: roles included) is not checked again with a token that cannot", () => {
    const step = workflow.jobs.stakpak.steps.find((s: any) => s.id === "stakpak");
    expect(step.with["app-bot"]).toBe("${{ vars.STAKPAK_APP_BOT }}");
    expect(readFileSync(join(REPO_ROOT, ".github/workflows/stakpak.yml"), "utf8")).toContain("actions/create-github-app-token@");
  });

  it("stakpak.yml pins the terraform version, the same CI tests with", () => {
    const setup = (wf: any, job: string) => wf.jobs[job].steps.find((s: any) => String(s.uses).startsWith("hashicorp/setup-terraform@"));
    const shipped = setup(workflow, "stakpak").with.terraform_version;
    expect(shipped).toMatch(/^\d+\.\d+\.\d+$/);
    expect(setup(load(".github/workflows/ci.yml"), "test").with.terraform_version).toBe(shipped);
  });

  it("dist/ is committed, not ignored", () => {
    expect(readFileSync(join(REPO_ROOT, ".gitignore"), "utf8").split("\n")).not.toContain("dist/");
  });
});
