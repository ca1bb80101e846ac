import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderApplyRun, renderHeadMoved, renderNoProjects, renderNothingApplied, renderSkippedCommands, renderUserErrorReply } from "../../src/action/render-action-replies.js";
import { normalizeProject } from "../../src/config/normalize-config.js";
import { selectProjects } from "../../src/config/select-projects.js";
import { UserError } from "../../src/user-error.js";

/** What the Action posts, compared to committed files; `UPDATE_GOLDEN=1 npm test` rewrites them. */
function golden(name: string, text: string): void {
  const file = new URL(`./golden/${name}.md`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, `${text}\n`);
  expect(`${text}\n`).toBe(readFileSync(file, "utf8"));
  expect(linesRepeatedBackToBack(text)).toEqual([]);
}

/** A reply never says the same line twice in a row. */
function linesRepeatedBackToBack(text: string): string[] {
  const lines = text.split("\n");
  return lines.filter((line, i) => i > 0 && line.trim() !== "" && line.trim() === lines[i - 1]?.trim());
}

const PROJECTS = [
  normalizeProject("/repo", { name: "network", dir: "infra/network", environments: { staging: {}, production: {} } }, { tool: "terraform", source: "explicit" }),
  normalizeProject("/repo", { name: "payments", dir: "infra/payments" }, { tool: "terraform", source: "explicit" }),
];

/** The error selectProjects throws for an unknown project or environment, as the plan command gets it. */
function selectionError(selection: { project?: string; env?: string }): UserError {
  try {
    selectProjects(PROJECTS, selection);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error("expected selectProjects to refuse the selection");
}

const SHA = "3f9c2a7d1e8b4c6f0a5d9e2b7c4f1a8d6e3b0c95";

describe("Action replies (golden files)", () => {
  it("nothing applied, every unmet requirement with its hint", () => {
    golden(
      "nothing-applied",
      renderNothingApplied({
        prefix: "/stakpak",
        canonical: "deploy production -p network",
        problems: [
          { summary: "the pull request is not approved", hint: "ask a reviewer to approve it" },
          { summary: "checks are not green (failed: `ci/test`; still running: `lint`)", hint: "wait for the checks to finish, or fix what failed, then comment again" },
          { summary: "`network/production` is locked by pull request #7 (@carol)", hint: "wait until that pull request is merged or closed, or have it run `/stakpak unlock`" },
        ],
      }),
    );
  });

  it("an applied project, and a failed one", () => {
    const output = "terraform_data.ci: Creating...\nterraform_data.ci: Creation complete after 0s [id=5f1e]\n\nApply complete! Resources: 1 added, 0 changed, 0 destroyed.";
    golden("apply-applied", renderApplyRun({ project: "network", environment: "production", dir: "infra/network", status: "applied", counts: { imported: 0, added: 1, changed: 0, destroyed: 0 }, output, durationMs: 4200 }, { headline: "Plan: 1 to add, 0 to change, 0 to replace, 0 to destroy" }));
    golden(
      "apply-failed",
      renderApplyRun(
        {
          project: "network",
          environment: null,
          dir: "infra/network",
          status: "failed",
          counts: null,
          output: "Error: local-exec provisioner error\n\n  with terraform_data.migrate,\n  on main.tf line 3",
          error: { summary: "terraform apply failed in infra/network (exit code 1).", hint: "Some resources may have been changed before the failure; run `/stakpak plan` to see where things stand, fix the cause and apply again." },
          durationMs: 1300,
        },
        { headline: "Plan: 1 to add, 0 to change, 0 to replace, 0 to destroy" },
      ),
    );
  });

  it("head moved, skipped commands, no project, a user error", () => {
    golden(
      "refusals",
      [
        renderHeadMoved({ prefix: "/stakpak", canonicals: ["plan", "deploy staging"], pinned: SHA, head: "b".repeat(40) }),
        renderSkippedCommands({ prefix: "/stakpak", failed: "deploy staging", skipped: ["deploy production"] }),
        renderNoProjects({ prefix: "/stakpak", canonical: "plan -e staging", why: "the projects whose files this pull request changes (none)" }),
        renderUserErrorReply({ prefix: "/stakpak", canonical: "plan -p netwrk", outcome: "failed" }, selectionError({ project: "netwrk" })),
        renderUserErrorReply({ prefix: "/stakpak", canonical: "plan -p network -e prod", outcome: "failed" }, selectionError({ project: "network", env: "prod" })),
        renderUserErrorReply(
          { prefix: "/stakpak", canonical: "plan", outcome: "failed" },
          new UserError({ summary: "`git fetch` of the pinned commit failed", detail: "fatal: could not read from remote repository", hint: "Check the workflow's `contents: read` permission." }),
        ),
      ].join("\n\n---\n\n"),
    );
  });
});
