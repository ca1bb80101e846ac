import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ENABLE_ISOLATION_HINT } from "../../src/warden/isolation/isolation-unavailable.js";

const REPO_ROOT = join(import.meta.dirname, "..", "..");

interface Step {
  id?: string;
  uses?: string;
  run?: string;
}

const workflow = parse(readFileSync(join(REPO_ROOT, ".github/workflows/stakpak.yml"), "utf8")) as { jobs: Record<string, { steps: Step[] }> };
const SYSCTL = "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0";

describe("the shipped workflow installs what the sandbox needs", () => {
  const steps = workflow.jobs.stakpak!.steps;
  const action = steps.findIndex((s) => s.id === "stakpak");
  const isolation = steps.findIndex((s) => typeof s.run === "string" && s.run.includes("apt-get install -y bubblewrap"));

  it("installs bubblewrap and allows user namespaces in the work job, before the Action runs", () => {
    expect(action).toBeGreaterThan(-1);
    expect(isolation).toBeGreaterThan(-1);
    expect(isolation).toBeLessThan(action);
    const run = steps[isolation]!.run!;
    expect(run).toContain(SYSCTL);
    // Only where the knob exists (Ubuntu 24.04): on 22.04 sysctl -w would fail the job.
    expect(run).toContain("[ -e /proc/sys/kernel/apparmor_restrict_unprivileged_userns ]");
  });

  it("tells the same fix in the error a machine without isolation gets", () => {
    expect(ENABLE_ISOLATION_HINT).toContain("sudo apt-get install -y bubblewrap");
    expect(ENABLE_ISOLATION_HINT).toContain(SYSCTL);
  });
});
