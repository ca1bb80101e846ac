import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { locateResourceBlocks, parseResourceAddress, scanTerraformBlocks } from "../../src/iac/locate-resource-blocks.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/terraform/payments-service", import.meta.url));

/** The 1-based line holding `text` in a file. */
function lineOf(file: string, text: string): number {
  return readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "stakpak-locate-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("parseResourceAddress", () => {
  it("reads module calls, mode, type and name, and drops instance keys", () => {
    expect(parseResourceAddress("aws_s3_bucket.logs")).toEqual({ modules: [], mode: "resource", type: "aws_s3_bucket", name: "logs" });
    expect(parseResourceAddress('module.net["eu.west"].module.sub[0].aws_subnet.private["a.b[1]"]')).toEqual({ modules: ["net", "sub"], mode: "resource", type: "aws_subnet", name: "private" });
    expect(parseResourceAddress("module.db.data.aws_iam_policy_document.assume")).toEqual({ modules: ["db"], mode: "data", type: "aws_iam_policy_document", name: "assume" });
  });

  it("refuses what is not a resource address", () => {
    expect(parseResourceAddress("module.network")).toBeNull();
    expect(parseResourceAddress("var.x.y.z")).toBeNull();
    expect(parseResourceAddress("")).toBeNull();
  });
});

describe("scanTerraformBlocks", () => {
  it("finds top-level blocks with their lines, through braces in strings, templates, heredocs and comments", () => {
    const text = [
      "# resource \"fake\" \"comment\" {",
      "/* resource \"fake\" \"block_comment\" {",
      "} */",
      'resource "aws_iam_policy" "p" {',
      '  name   = "brace } in a string ${jsonencode({ a = "}" })}"',
      "  policy = <<-EOT",
      "    { \"Statement\": [ {",
      "    resource \"fake\" \"heredoc\" {",
      "    EOT",
      "  literal = \"$${not_a_template {\"",
      "  dynamic \"tag\" {",
      "    for_each = { a = 1 }",
      "    content { key = tag.key }",
      "  }",
      "}",
      "",
      'module "network" {',
      '  source = "./modules/network" // local',
      "}",
      'data "aws_ami" "ubuntu" { most_recent = true }',
    ].join("\n");
    expect(scanTerraformBlocks(text)).toEqual([
      { kind: "resource", labels: ["aws_iam_policy", "p"], line: 4, endLine: 15 },
      { kind: "module", labels: ["network"], line: 17, endLine: 19, source: "./modules/network" },
      { kind: "data", labels: ["aws_ami", "ubuntu"], line: 20, endLine: 20 },
    ]);
  });
});

describe("locateResourceBlocks", () => {
  it("finds root and module resources of the example project", async () => {
    const found = await locateResourceBlocks(EXAMPLE, [
      "terraform_data.database",
      "terraform_data.api_deployment",
      "module.network.terraform_data.vpc",
      "terraform_data.legacy_worker",
      "aws_s3_bucket.not_there",
    ]);
    const main = join(EXAMPLE, "main.tf");
    expect(found.get("terraform_data.database")).toMatchObject({ file: "main.tf", line: lineOf(main, 'resource "terraform_data" "database"') });
    expect(found.get("terraform_data.api_deployment")?.line).toBe(lineOf(main, 'resource "terraform_data" "api_deployment"'));
    const vpc = found.get("module.network.terraform_data.vpc");
    expect(vpc?.file).toBe("modules/network/main.tf");
    expect(vpc?.line).toBe(lineOf(join(EXAMPLE, "modules/network/main.tf"), 'resource "terraform_data" "vpc"'));
    // Removed from the configuration (the plan destroys it) and never declared: not found.
    expect(found.has("terraform_data.legacy_worker")).toBe(false);
    expect(found.has("aws_s3_bucket.not_there")).toBe(false);
    const database = found.get("terraform_data.database");
    expect(readFileSync(main, "utf8").split("\n")[(database?.endLine ?? 0) - 1]).toBe("}");
  });

  it("follows nested local modules with instance keys, and skips remote ones", async () => {
    const dir = tree({
      "stack/main.tf": 'module "app" {\n  for_each = toset(["eu", "us"])\n  source = "../modules/app"\n}\nmodule "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n}\n',
      "modules/app/main.tf": 'module "db" {\n  source = "./db"\n}\n',
      "modules/app/db/main.tf": '\n\nresource "aws_db_instance" "this" {\n  count = 2\n}\n',
      "stack/override.tf": 'resource "aws_db_instance" "this" {\n}\n',
    });
    const found = await locateResourceBlocks(join(dir, "stack"), ['module.app["eu"].module.db.aws_db_instance.this[1]', "module.vpc.aws_vpc.this[0]"]);
    expect(found.get('module.app["eu"].module.db.aws_db_instance.this[1]')).toEqual({ file: "../modules/app/db/main.tf", line: 3, endLine: 5 });
    expect(found.has("module.vpc.aws_vpc.this[0]")).toBe(false);
  });

  it("prefers the declaration over an override file, and a missing directory finds nothing", async () => {
    const dir = tree({ "a_override.tf": 'resource "null_resource" "x" {\n}\n', "main.tf": '\nresource "null_resource" "x" {\n}\n' });
    expect((await locateResourceBlocks(dir, ["null_resource.x"])).get("null_resource.x")).toEqual({ file: "main.tf", line: 2, endLine: 3 });
    expect((await locateResourceBlocks(join(dir, "nope"), ["null_resource.x"])).size).toBe(0);
  });
});
