import { describe, expect, it } from "vitest";
import { planProjects } from "../../src/core/plan-projects.js";
import { Redactor } from "../../src/redact/redactor.js";
import { prepareTerraformFixture } from "../support/terraform-fixture.js";

describe("planProjects", () => {
  it("teaches the run's redactor every value the plan marks sensitive, for any later text", async () => {
    const dir = prepareTerraformFixture("all-actions");
    const redactor = new Redactor();
    const outcome = await planProjects({ repoRoot: dir, redactor });
    expect(outcome.runs[0]?.status).toBe("changes");
    // Neither token looks like a credential to the rules; only the plan says they are sensitive.
    const later = redactor.redact("retrying with tok-AFTER-88e0f3a61c (was tok-BEFORE-4c1d9e7a2b)").text;
    expect(later).not.toContain("tok-AFTER-88e0f3a61c");
    expect(later).not.toContain("tok-BEFORE-4c1d9e7a2b");
    expect(later).toContain("retrying with [[SECRET:terraform-sensitive:");
  });
});
