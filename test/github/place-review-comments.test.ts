import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ProjectRun } from "../../src/iac/project-run.js";
import { parseDiffLines } from "../../src/github/diff-lines.js";
import { locateDangerousChanges } from "../../src/github/locate-dangerous-changes.js";
import { placeReviewComments } from "../../src/github/place-review-comments.js";
import type { ResourceChange } from "../../src/iac/plan-model.js";
import { terraformRun } from "../report/fixture-runs.js";

function change(address: string, action: ResourceChange["action"], fields: Partial<ResourceChange> = {}): ResourceChange {
  const parts = address.replace(/\[[^\]]*\]$/, "").split(".");
  return {
    address,
    module: parts.length > 2 ? parts.slice(0, -2).join(".") : null,
    mode: "managed",
    type: parts[parts.length - 2] as string,
    name: parts[parts.length - 1] as string,
    index: null,
    provider: "registry.terraform.io/hashicorp/aws",
    action,
    replaceOrder: action === "replace" ? "delete-before-create" : null,
    importing: null,
    previousAddress: null,
    reason: null,
    attributes: [],
    sensitive: false,
    ...fields,
  };
}

function runWith(changes: ResourceChange[], dir = "infra/app"): ProjectRun {
  const run = terraformRun("mixed-actions", { project: "app", environment: null, dir });
  return { ...run, plan: { ...(run.plan as NonNullable<ProjectRun["plan"]>), resourceChanges: changes } };
}

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "stakpak-place-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("placing review comments", () => {
  const root = repo({
    "infra/app/main.tf": 'module "db" {\n  source = "../modules/db"\n}\n\nresource "aws_instance" "web" {\n  count = 3\n  ami   = "ami-2"\n}\n',
    "infra/modules/db/main.tf": 'resource "aws_db_instance" "this" {\n  engine_version = "16"\n}\n',
  });

  it("groups instances of a block, follows local modules, and skips creates and updates", async () => {
    const run = runWith([
      change("aws_instance.web[0]", "replace"),
      change("aws_instance.web[1]", "replace"),
      change("aws_instance.web[2]", "delete"),
      change("module.db.aws_db_instance.this", "replace"),
      change("aws_s3_bucket.logs", "create"),
      change("aws_iam_role.ci", "update"),
    ]);
    const blocks = await locateDangerousChanges([run], root);
    expect(blocks.map((b) => [b.location?.path, b.location?.line, b.changes.map((c) => c.address)])).toEqual([
      ["infra/app/main.tf", 5, ["aws_instance.web[2]", "aws_instance.web[0]", "aws_instance.web[1]"]],
      ["infra/modules/db/main.tf", 1, ["module.db.aws_db_instance.this"]],
    ]);
    const diff = new Map([
      ["infra/app/main.tf", parseDiffLines('@@ -5,4 +5,4 @@\n resource "aws_instance" "web" {\n   count = 3\n-  ami   = "ami-1"\n+  ami   = "ami-2"\n }')],
      ["infra/modules/db/main.tf", parseDiffLines('@@ -1,3 +1,3 @@\n resource "aws_db_instance" "this" {\n-  engine_version = "15"\n+  engine_version = "16"\n }')],
    ]);
    const placement = placeReviewComments(blocks, diff);
    expect(placement.inline.map((p) => [p.path, p.line, p.side])).toEqual([
      ["infra/app/main.tf", 5, "RIGHT"],
      ["infra/modules/db/main.tf", 1, "RIGHT"],
    ]);
    expect(placement.elsewhere).toEqual([]);
  });

  it("uses the first diff line inside the block when its header is not in the diff", async () => {
    const blocks = await locateDangerousChanges([runWith([change("aws_instance.web[0]", "replace")])], root);
    const diff = new Map([["infra/app/main.tf", parseDiffLines('@@ -6,2 +6,2 @@\n   count = 3\n-  ami   = "ami-1"\n+  ami   = "ami-2"')]]);
    expect(placeReviewComments(blocks, diff).inline.map((p) => p.line)).toEqual([6]);
  });

  it("lists blocks outside the diff, an ambiguous removed block, and those past the cap in the body", async () => {
    const gone = change("aws_sqs_queue.jobs", "delete", { reason: "delete_because_no_resource_config" });
    const run = runWith([change("aws_instance.web[0]", "replace"), change("module.db.aws_db_instance.this", "replace"), gone]);
    const blocks = await locateDangerousChanges([run], root);
    expect(blocks.find((b) => b.changes[0] === gone)?.location).toBeNull();
    const removed = '@@ -1,2 +0,0 @@\n-resource "aws_sqs_queue" "jobs" {\n-}';
    // The same header removed in two other projects' files: no guess.
    const diff = new Map([
      ["infra/other/main.tf", parseDiffLines(removed)],
      ["infra/third/main.tf", parseDiffLines(removed)],
      ["infra/app/main.tf", parseDiffLines('@@ -5,1 +5,1 @@\n-resource "aws_instance" "web" {\n+resource "aws_instance" "web" {')],
    ]);
    const placement = placeReviewComments(blocks, diff);
    expect(placement.inline.map((p) => p.path)).toEqual(["infra/app/main.tf"]);
    expect(placement.elsewhere.map((b) => b.changes[0]?.address)).toEqual(["aws_sqs_queue.jobs", "module.db.aws_db_instance.this"]);
    // The project's own removed file wins over another project's.
    diff.set("infra/app/queues.tf", parseDiffLines(removed));
    expect(placeReviewComments(blocks, diff).inline.map((p) => [p.path, p.line, p.side])).toContainEqual(["infra/app/queues.tf", 1, "LEFT"]);
    expect(placeReviewComments(blocks, diff, 1).inline).toHaveLength(1);
  });
});
