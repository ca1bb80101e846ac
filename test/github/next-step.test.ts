import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configSectionsFromText } from "../../src/config/config-sections-from-text.js";
import { ConfigError } from "../../src/config/config-error.js";
import { resolveLabelSettings } from "../../src/config/labels-config.js";
import { renderNextStep, type NextStep } from "../../src/github/next-step.js";
import { planLabelKinds } from "../../src/github/plan-labels.js";
import { renderStatusComment } from "../../src/github/render-status-comment.js";
import { renderMarkdownReport } from "../../src/report/render-markdown.js";
import { failedRun, kubeRun, terraformRun } from "../report/fixture-runs.js";
import { findStructureProblems } from "../report/markdown-structure.js";

/** Compared with the committed file; `UPDATE_GOLDEN=1` rewrites it. */
function expectGolden(name: string, actual: string): void {
  const file = new URL(`../golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

const SHA = "0123456789abcdef0123456789abcdef01234567";

describe("the next step at the end of a status comment", () => {
  it("says the command and each unmet requirement, and what cannot be known yet (golden)", () => {
    const run = terraformRun("mixed-actions", { project: "network", environment: "prod", dir: "infra/network" });
    const step: NextStep = {
      command: "/stakpak apply -p network -e prod",
      kind: "apply",
      blocked: null,
      missing: [
        { summary: "the pull request is not approved", hint: "ask a reviewer to approve it" },
        { summary: "checks are not green (still running: `ci/test`)", hint: "wait for the checks to finish, or fix what failed, then comment again" },
        { summary: "`network/prod` is locked by pull request #12", hint: "wait until it is merged or closed, or it runs `/stakpak unlock`" },
        { summary: "Warden wants a person's approval of this plan", hint: "someone allowed to run `apply` (not the author) approves the pull request at 0123456" },
      ],
      unknown: ["whether the pull request can be merged (GitHub had not finished checking)"],
    };
    const body = renderStatusComment({
      run,
      verdict: { verdict: "require_approval", reasons: ["destroys `terraform_data.delete_me`"] },
      command: "plan",
      sha: SHA,
      runUrl: "https://github.com/acme/infra/actions/runs/9876543210",
      report: renderMarkdownReport([run]),
      nextStep: step,
    });
    expect(findStructureProblems(body)).toEqual([]);
    const footer = body.slice(body.indexOf("**Next step:**"));
    expect(footer.startsWith("**Next step:** comment `/stakpak apply -p network -e prod` to apply this plan, once these are done:")).toBe(true);
    expectGolden("github-status-comment-next-step.md", footer);
  });

  it("tells a failed, denied, unchanged or Kubernetes plan's next step without an apply command", () => {
    const failed = renderNextStep({ command: "/stakpak plan -p database -e staging", kind: "plan-again", blocked: "The plan failed: fix what the error above says.", missing: [], unknown: [] });
    expect(failed).toBe("**Next step:** The plan failed: fix what the error above says. Then push, or comment `/stakpak plan -p database -e staging` to plan again.\n");
    const none = renderNextStep({ command: "/stakpak apply -p dns", kind: "none", blocked: "This plan changes nothing, so there is nothing to apply.", missing: [], unknown: [] });
    expect(none).toBe("**Next step:** none. This plan changes nothing, so there is nothing to apply.\n");
    expect(none).not.toContain("/stakpak apply");
  });
});

describe("plan labels", () => {
  it("earns destroy, changes, no_changes and plan_failed from the runs", () => {
    const destroys = terraformRun("mixed-actions", { project: "network", environment: "prod" });
    const unchanged = terraformRun("no-changes", { project: "dns" });
    expect([...planLabelKinds([destroys])]).toEqual(["destroy"]);
    expect([...planLabelKinds([unchanged])]).toEqual(["no_changes"]);
    const plan = destroys.plan!;
    const changesOnly = { ...destroys, plan: { ...plan, summary: { ...plan.summary, destroy: 0, replace: 0 } } };
    expect([...planLabelKinds([unchanged, changesOnly])]).toEqual(["changes"]);
    expect([...planLabelKinds([kubeRun()])]).toEqual(["destroy"]);
    expect([...planLabelKinds([failedRun(), destroys, unchanged])].sort()).toEqual(["destroy", "plan_failed"]);
  });

  it("reads `labels:` (off unless enabled; a kind set to false is not labelled) and refuses a bad name with its line", () => {
    expect(resolveLabelSettings(undefined)).toEqual({ enabled: false, names: { destroy: "stakpak:destroy", changes: "stakpak:changes", no_changes: "stakpak:no-changes", plan_failed: "stakpak:plan-failed" } });
    const { labels } = configSectionsFromText("labels:\n  enabled: true\n  destroy: danger\n  changes: false\n", "config.yml", ["labels"]);
    expect(resolveLabelSettings(labels)).toEqual({ enabled: true, names: { destroy: "danger", no_changes: "stakpak:no-changes", plan_failed: "stakpak:plan-failed" } });
    let error: unknown;
    try {
      configSectionsFromText("version: 1\nlabels:\n  enabled: true\n  destroy: 'a, b'\n", "config.yml", ["labels"]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatchObject({ line: 4, key: "labels.destroy" });
  });
});
