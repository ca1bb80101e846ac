import { describe, expect, it } from "vitest";
import { normalizeProject } from "../../src/config/normalize-config.js";
import type { Project } from "../../src/config/project.js";
import { selectProjects } from "../../src/config/select-projects.js";
import { UserError } from "../../src/user-error.js";

const ROOT = "/repo";
const PROJECTS: Project[] = [
  normalizeProject(
    ROOT,
    { name: "network", dir: "infra/network", environments: { staging: { workspace: "staging" }, production: { workspace: "production" } } },
    { tool: "terraform", source: "explicit" },
  ),
  normalizeProject(ROOT, { name: "dns", dir: "infra/dns" }, { tool: "terraform", source: "explicit" }),
  normalizeProject(
    ROOT,
    { name: "apps", dir: "infrastructure/apps", environments: { production: { context: "prod" } } },
    { tool: "kubernetes", source: "explicit" },
  ),
];

function pairs(selected: ReturnType<typeof selectProjects>): [string, string | null][] {
  return selected.map((s) => [s.project.name, s.environment]);
}

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  return expect.fail("expected a UserError");
}

describe("selectProjects", () => {
  it("yields every environment of every project, and null for projects without environments", () => {
    expect(pairs(selectProjects(PROJECTS))).toEqual([
      ["network", "staging"],
      ["network", "production"],
      ["dns", null],
      ["apps", "production"],
    ]);
    expect(selectProjects(PROJECTS, { project: "network", env: "staging" })[0]?.environmentConfig).toEqual({
      workspace: "staging",
      varFiles: [],
      backendConfig: [],
    });
  });

  it("keeps only the projects that define the environment asked for", () => {
    expect(pairs(selectProjects(PROJECTS, { env: "production" }))).toEqual([
      ["network", "production"],
      ["apps", "production"],
    ]);
  });

  it("keeps projects at or below a dir, not dirs that merely share a prefix", () => {
    expect(pairs(selectProjects(PROJECTS, { dirs: ["infra"] }))).toEqual([
      ["network", "staging"],
      ["network", "production"],
      ["dns", null],
    ]);
    expect(pairs(selectProjects(PROJECTS, { dirs: ["/repo/infra/dns/"] }))).toEqual([["dns", null]]);
  });

  it("names the valid projects when the project is unknown", () => {
    const error = userError(() => selectProjects(PROJECTS, { project: "netwrk" }));
    expect(error.exitCode).toBe(2);
    expect(error.summary).toBe("unknown project `netwrk`");
    expect(error.detail).toBe("projects: network, dns, apps");
    expect(error.hint).toBe("did you mean `network`?");
    expect(userError(() => selectProjects(PROJECTS, { project: "payments" })).hint).toBe("use one of the project names listed above");
  });

  it("suggests the environment meant, a typo or a shortened name", () => {
    expect(userError(() => selectProjects(PROJECTS, { project: "network", env: "stagin" })).hint).toBe("did you mean `staging`?");
    expect(userError(() => selectProjects(PROJECTS, { project: "network", env: "prod" })).hint).toBe("did you mean `production`?");
    expect(userError(() => selectProjects(PROJECTS, { project: "network", env: "qa" })).hint).toBe("use one of the environments listed above");
  });

  it("names the project's environments when the environment is unknown", () => {
    const error = userError(() => selectProjects(PROJECTS, { project: "network", env: "prod" }));
    expect(error.exitCode).toBe(2);
    expect(error.detail).toBe("environments: staging, production");
    // Object.prototype's keys are not environments.
    expect(userError(() => selectProjects(PROJECTS, { env: "constructor" })).summary).toContain("`constructor`");
  });

  it("explains that a project without environments takes none", () => {
    const error = userError(() => selectProjects(PROJECTS, { project: "dns", env: "staging" }));
    expect(error.detail).toBe("environments: (none)");
    expect(error.hint).toContain("define `environments:`");
  });

  it("fails when no project lies in the dirs given", () => {
    const error = userError(() => selectProjects(PROJECTS, { dirs: ["docs"] }));
    expect(error.exitCode).toBe(2);
    expect(error.detail).toBe("project dirs: infra/network, infra/dns, infrastructure/apps");
  });
});
