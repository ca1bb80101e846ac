import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { discoverProjects } from "../../src/config/discover-projects.js";
import { UserError } from "../../src/user-error.js";
import { makeTree } from "../fixtures/config/make-tree.js";

const TREE: Record<string, string> = {
  // Root module: uses ./network, which is therefore only a module.
  "main.tf": 'module "net" {\n  source = "./network"\n}\n',
  "network/main.tf": 'module "sub" {\n  source = "../shared/sub"\n}\n',
  "shared/sub/main.tf": 'resource "null_resource" "x" {}\n',
  "modules/vpc/main.tf": 'variable "cidr" {}\n',
  "stacks/app/main.tf": [
    'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}',
    'module "vpc" {\n  source = "../../modules/vpc"\n}',
  ].join("\n"),
  // A commented-out source does not make stacks/app a module.
  "stacks/legacy/main.tf": '# source = "../app"\n/* module "x" { source = "../app" } */\n',
  "stacks/app/.terraform/modules/vpc/main.tf": "",
  "stacks/app/.terraform.lock.hcl": "",
  "node_modules/pkg/main.tf": "",
  ".github/stack/main.tf": "",
  "k8s/base/kustomization.yaml": "resources: [deployment.yaml]\n",
  "k8s/overlays/prod/kustomization.yaml": "resources: [../../base]\n",
  "k8s/overlays/dev/Kustomization": "resources: [../../base]\n",
  "docs/readme.md": "",
};

describe("discoverProjects", () => {
  let root = "";
  beforeAll(async () => {
    root = await makeTree(TREE);
  });

  it("finds root modules and kustomizations, skipping modules and tool dirs, in dir order", async () => {
    const projects = await discoverProjects(root);
    const rootName = path.basename(root).toLowerCase();
    expect(projects.map((p) => [p.name, p.dir, p.tool])).toEqual([
      [rootName, ".", "terraform"],
      ["k8s-base", "k8s/base", "kubernetes"],
      ["k8s-overlays-dev", "k8s/overlays/dev", "kubernetes"],
      ["k8s-overlays-prod", "k8s/overlays/prod", "kubernetes"],
      ["stacks-app", "stacks/app", "terraform"],
      ["stacks-legacy", "stacks/legacy", "terraform"],
    ]);
  });

  it("gives discovered projects defaults and no environments", async () => {
    const [first] = await discoverProjects(root, ["stacks/app"]);
    expect(first).toMatchObject({
      absDir: path.join(root, "stacks/app"),
      toolInferred: true,
      environments: {},
      terraform: { lockTimeout: "2m", timeout: "30m", initArgs: [] },
    });
    expect(first?.whenModified).toContain("**/*.tf");
  });

  it("restricts discovery to the given dirs, relative or absolute", async () => {
    expect((await discoverProjects(root, ["stacks"])).map((p) => p.dir)).toEqual(["stacks/app", "stacks/legacy"]);
    expect((await discoverProjects(root, [path.join(root, "k8s/overlays")])).map((p) => p.dir)).toEqual([
      "k8s/overlays/dev",
      "k8s/overlays/prod",
    ]);
  });

  it("yields the project itself when the dir given is a project dir", async () => {
    expect((await discoverProjects(root, ["stacks/app/"])).map((p) => p.name)).toEqual(["stacks-app"]);
  });

  it("still treats a module as a module when its dir is given", async () => {
    expect(await discoverProjects(root, ["network"])).toEqual([]);
  });

  it("rejects dirs that do not exist or leave the repository", async () => {
    for (const dir of ["nope", "../elsewhere"]) {
      const error = await discoverProjects(root, [dir]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(2);
    }
  });

  it("keeps names unique when a dir holds both terraform and a kustomization", async () => {
    const both = await makeTree({ "platform/main.tf": "", "platform/kustomization.yml": "" });
    expect((await discoverProjects(both)).map((p) => [p.name, p.tool])).toEqual([
      ["platform", "terraform"],
      ["platform-kubernetes", "kubernetes"],
    ]);
  });
});
