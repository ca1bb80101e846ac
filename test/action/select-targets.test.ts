import { describe, expect, it } from "vitest";
import { projectTouchedBy } from "../../src/action/select-targets.js";

describe("projectTouchedBy: a project's when_modified globs against a pull request's files", () => {
  const network = { dir: "infra/network", whenModified: ["**/*.tf", "**/*.tfvars", "../modules/**/*.tf"] };

  it("matches files under the project's dir, relative to it", () => {
    expect(projectTouchedBy(network, ["infra/network/main.tf"])).toBe(true);
    expect(projectTouchedBy(network, ["infra/network/env/prod.tfvars"])).toBe(true);
    expect(projectTouchedBy(network, ["infra/network/README.md"])).toBe(false);
    expect(projectTouchedBy(network, ["infra/payments/main.tf"])).toBe(false);
  });

  it("reaches out of the dir with ../ globs (shared modules)", () => {
    expect(projectTouchedBy(network, ["infra/modules/vpc/main.tf"])).toBe(true);
    expect(projectTouchedBy(network, ["modules/vpc/main.tf"])).toBe(false);
  });

  it("reads paths relative to the working directory when the config lives below the repository root", () => {
    expect(projectTouchedBy({ dir: "network", whenModified: ["**/*.tf"] }, ["terraform/network/main.tf"], "terraform")).toBe(true);
    expect(projectTouchedBy({ dir: "network", whenModified: ["**/*.tf"] }, ["network/main.tf"], "terraform")).toBe(false);
  });

  it("a project at the root sees every path; dot files count", () => {
    expect(projectTouchedBy({ dir: ".", whenModified: ["**/.terraform.lock.hcl"] }, [".terraform.lock.hcl"])).toBe(true);
    expect(projectTouchedBy({ dir: ".", whenModified: ["*.tf"] }, ["sub/main.tf"])).toBe(false);
  });
});
