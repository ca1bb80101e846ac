import { readFileSync } from "node:fs";
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
    expect(Object.keys(action.outputs).sort()).toEqual(["has-changes", "lock", "plan-summary", "report-path", "run"]);
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

  it("ci.yml tests and fails when the committed dist/ is not what the build makes", () => {
    const steps = load(".github/workflows/ci.yml").jobs.test.steps.map((s: any) => s.run ?? s.uses).join("\n");
    expect(steps).toContain("npm ci");
    expect(steps).toContain("npm test");
    expect(steps).toContain("git diff --exit-code --stat dist/");
  });

  it("dist/ is committed, not ignored", () => {
    expect(readFileSync(join(REPO_ROOT, ".gitignore"), "utf8").split("\n")).not.toContain("dist/");
  });
});
