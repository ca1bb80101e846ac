import { describe, expect, it } from "vitest";
import { APPLY_REQUIREMENTS, latestReviews, unmetRequirements, type ApplyFacts } from "../../src/action/apply-requirements.js";

const SHA = "a".repeat(40);

function facts(overrides: Partial<ApplyFacts> = {}, pull: Partial<ApplyFacts["pull"]> = {}): ApplyFacts {
  return {
    pinnedSha: SHA,
    pull: { state: "open", merged: false, draft: false, mergeable: true, mergeableState: "clean", headSha: SHA, ...pull },
    reviews: [{ login: "bob", state: "APPROVED", commitId: SHA, association: "MEMBER" }],
    checks: [{ name: "ci/test", status: "completed", conclusion: "success" }],
    requiredChecks: [],
    ...overrides,
  };
}

describe("apply requirements", () => {
  it("are all met by an open, approved, mergeable pull request with green checks on the pinned head", () => {
    expect(unmetRequirements(facts())).toEqual([]);
  });

  // One case per requirement: the facts that break it, and only it.
  const broken: Record<string, ApplyFacts> = {
    open: facts({}, { state: "closed", merged: true }),
    ready: facts({}, { draft: true }),
    "current-head": facts({}, { headSha: "b".repeat(40) }),
    approved: facts({ reviews: [{ login: "bob", state: "CHANGES_REQUESTED", commitId: SHA, association: "MEMBER" }] }),
    mergeable: facts({}, { mergeable: false, mergeableState: "dirty" }),
    "checks-green": facts({ checks: [{ name: "ci/test", status: "completed", conclusion: "failure" }] }),
  };

  it("has a breaking case for every requirement", () => {
    expect(Object.keys(broken).sort()).toEqual(APPLY_REQUIREMENTS.map((r) => r.id).sort());
  });

  for (const [id, f] of Object.entries(broken)) {
    it(`${id}: reported alone, with a hint`, () => {
      const unmet = unmetRequirements(f);
      expect(unmet.map((u) => u.id)).toEqual([id]);
      expect(unmet[0]?.hint.length).toBeGreaterThan(10);
    });
  }

  it("checks: pending and missing required checks are not green; with none required, every check counts", () => {
    const pending = unmetRequirements(facts({ checks: [{ name: "ci/test", status: "in_progress", conclusion: null }] }));
    expect(pending[0]?.summary).toBe("checks are not green (still running: `ci/test`)");
    const missing = unmetRequirements(facts({ requiredChecks: ["ci/lint"] }));
    expect(missing[0]?.summary).toBe("checks are not green (not reported: `ci/lint`)");
    const notRequired = facts({ requiredChecks: ["ci/test"], checks: [{ name: "ci/test", status: "completed", conclusion: "success" }, { name: "flaky", status: "completed", conclusion: "failure" }] });
    expect(unmetRequirements(notRequired)).toEqual([]);
    expect(unmetRequirements({ ...notRequired, requiredChecks: null }).map((u) => u.id)).toEqual(["checks-green"]);
    expect(unmetRequirements(facts({ checks: [{ name: "x", status: "completed", conclusion: "neutral" }, { name: "y", status: "completed", conclusion: "skipped" }] }))).toEqual([]);
  });

  it("mergeable: GitHub still computing is not a yes", () => {
    expect(unmetRequirements(facts({}, { mergeable: null }))[0]?.summary).toContain("has not finished checking");
  });

  it("approved: no review at all is not an approval", () => {
    expect(unmetRequirements(facts({ reviews: [] }))[0]?.summary).toBe("the pull request is not approved");
  });

  it("reviews: each reviewer's latest approval, change request or dismissal counts; comments change nothing", () => {
    const latest = latestReviews([
      { id: 1, user: { login: "bob" }, state: "CHANGES_REQUESTED", commit_id: SHA },
      { id: 2, user: { login: "bob" }, state: "APPROVED", commit_id: SHA, author_association: "MEMBER" },
      { id: 3, user: { login: "bob" }, state: "COMMENTED", commit_id: SHA },
      { id: 4, user: { login: "carol" }, state: "APPROVED", commit_id: SHA },
      { id: 5, user: { login: "carol" }, state: "DISMISSED", commit_id: SHA },
      { id: 6, user: null, state: "APPROVED", commit_id: SHA },
    ]);
    expect(latest.map((r) => `${r.login}:${r.state}`)).toEqual(["bob:APPROVED", "carol:DISMISSED"]);
  });
});
