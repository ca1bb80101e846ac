import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ProjectRun } from "../../src/iac/project-run.js";
import type { PlanSummary, ResourceChange } from "../../src/iac/plan-model.js";
import { renderMarkdownReport } from "../../src/report/render-markdown.js";
import { FIXTURE_SECRETS, failedRun, kubeRun, multiProjectRuns, terraformRun } from "./fixture-runs.js";
import { findStructureProblems, findTableProblems } from "./markdown-structure.js";

const mixed = () => terraformRun("mixed-actions", { project: "network", environment: "prod" });

/** The resource table row of `address`, or undefined. */
function tableRow(markdown: string, address: string): string | undefined {
  return markdown.split("\n").find((l) => l.startsWith("| ") && l.includes(` | \`${address}\` |`));
}

function resource(address: string, fields: Partial<ResourceChange> = {}): ResourceChange {
  return {
    address,
    module: null,
    mode: "managed",
    type: "aws_x",
    name: "y",
    index: null,
    provider: "registry.terraform.io/hashicorp/aws",
    action: "create",
    replaceOrder: null,
    importing: null,
    previousAddress: null,
    reason: null,
    attributes: [],
    sensitive: false,
    ...fields,
  };
}

function runOf(changes: ResourceChange[]): ProjectRun {
  const summary: PlanSummary = { add: changes.length, change: 0, replace: 0, destroy: 0, import: 0, move: 0, forget: 0, read: 0, outputChanges: 0, drifted: 0, invoke: 0, hasChanges: true };
  return {
    project: "p",
    environment: null,
    dir: ".",
    tool: "terraform",
    status: "changes",
    diagnostics: [],
    durationMs: 1,
    plan: { tool: "terraform", formatVersion: "1.2", terraformVersion: "1.11.4", resourceChanges: changes, resourceDrift: [], outputChanges: [], actionInvocations: [], unrecognizedParts: [], summary, applyable: true, complete: true, errored: false },
  };
}

describe("renderMarkdownReport: actions", () => {
  const markdown = renderMarkdownReport([mixed()]);

  const expectedRows: Array<[address: string, cells: string]> = [
    ["terraform_data.delete_me", "| 🟥&nbsp;`-`&nbsp;destroy |"],
    ["terraform_data.replace_dbc", "| 🟧&nbsp;`-/+`&nbsp;replace |"],
    ["terraform_data.replace_cbd", "| 🟧&nbsp;`+/-`&nbsp;replace |"],
    ["terraform_data.forget_me", "| ⬜&nbsp;`.`&nbsp;forget |"],
    ["terraform_data.update_me", "| 🟦&nbsp;`~`&nbsp;update |"],
    ["terraform_data.brand_new", "| 🟩&nbsp;`+`&nbsp;create |"],
    ["terraform_data.imported", "| 🟦&nbsp;`~`&nbsp;update |"],
    ["terraform_data.new_name", "| ⬜&nbsp;`->`&nbsp;move |"],
    ["data.terraform_remote_state.shared", "| ⬜&nbsp;`<=`&nbsp;read |"],
  ];
  for (const [address, cells] of expectedRows) {
    it(`shows ${address} as ${cells}`, () => {
      expect(tableRow(markdown, address)?.startsWith(cells)).toBe(true);
    });
  }

  it("states the replace order and the attribute that forces it", () => {
    expect(tableRow(markdown, "terraform_data.replace_dbc")).toContain("**destroy, then create** · forced by `triggers_replace[0]`");
    expect(tableRow(markdown, "terraform_data.replace_cbd")).toContain("create, then destroy · forced by `triggers_replace[0]`");
  });

  it("shows the import id and the address a resource moved from", () => {
    expect(tableRow(markdown, "terraform_data.imported")).toContain("import id `legacy-bucket-7`");
    expect(tableRow(markdown, "terraform_data.new_name")).toContain("moved from `terraform_data.old_name`");
  });

  it("lists destroy and replace before anything else", () => {
    const rows = markdown.split("\n").filter((l) => /^\| \S+&nbsp;`/.test(l));
    expect(rows.slice(0, 3).map((r) => r.split(" | ")[0])).toEqual(["| 🟥&nbsp;`-`&nbsp;destroy", "| 🟧&nbsp;`-/+`&nbsp;replace", "| 🟧&nbsp;`+/-`&nbsp;replace"]);
  });

  it("names what is destroyed and replaced in one warning above the table", () => {
    const alert = markdown.indexOf("> [!WARNING]\n> **1 to destroy:** `terraform_data.delete_me`\\\n> **2 to replace:** `terraform_data.replace_dbc` (destroyed first), `terraform_data.replace_cbd`\n");
    expect(alert).toBeGreaterThan(0);
    expect(alert).toBeLessThan(markdown.indexOf("| Action | Resource |"));
    expect(markdown.split("[!WARNING]").length).toBe(2);
  });

  it("groups the instances of one resource into one row", () => {
    expect(markdown).toContain("| `module.network.terraform_data.subnet[0, 1]` ×2 | `input`, `output` |");
  });

  it("puts the headline with exact counts and a warning first", () => {
    expect(markdown).toContain("⚠️ **Plan: 1 to destroy, 2 to replace, 6 to change, 2 to add, 1 to import, 1 to move, 1 to forget, 3 output changes**");
  });

  it("shows attribute changes as before → after, leaving out values that only become known after apply", () => {
    expect(markdown).toContain("- `input.size`: `1` → `3`");
    expect(markdown).toContain("- `triggers_replace[0]`: `\"v1\"` → `\"v2\"` — **forces replacement**");
    expect(markdown).not.toContain("- `output`: `\"a\"` → _(known after apply)_");
    expect(markdown).not.toContain("```mermaid");
  });

  it("keeps known-after-apply lines when they are all a resource changes", () => {
    const only = resource("aws_x.computed", { attributes: [{ path: "id", before: { kind: "absent" }, after: { kind: "unknown" }, forcesReplacement: false }] });
    expect(renderMarkdownReport([runOf([only])])).toContain("- `id` = _(known after apply)_");
  });

  it("puts the full plan in a collapsed block", () => {
    expect(markdown).toContain("<details><summary>Full plan</summary>\n\n```diff\n");
    expect(markdown).toContain("Plan: 1 to import, 4 to add, 6 to change, 3 to destroy.");
    // terraform's indented markers start the line, so GitHub colours it; the text stays as it was.
    expect(markdown).toContain('\n-   resource "terraform_data" "delete_me" {\n-       id     = "2ac359f4');
    expect(markdown).toContain('\n!   resource "terraform_data" "imported" {\n        id     = "legacy-bucket-7"\n+       input  = "adopted"');
  });

  it("is whole markdown with well-formed tables", () => {
    expect(findStructureProblems(markdown)).toEqual([]);
    expect(findTableProblems(markdown)).toEqual([]);
  });
});

describe("renderMarkdownReport: sensitive values", () => {
  const runs = multiProjectRuns();
  const markdown = renderMarkdownReport(runs);

  it("starts from a plan and a plan text that do hold the secrets (so their absence below means something)", () => {
    const json = readFileSync(fileURLToPath(new URL("../fixtures/plans/mixed-actions.json", import.meta.url)), "utf8");
    const text = readFileSync(fileURLToPath(new URL("../fixtures/plans/mixed-actions.txt", import.meta.url)), "utf8");
    for (const secret of FIXTURE_SECRETS) expect(json).toContain(secret);
    expect(text).toContain("hunter2-old-secret");
  });

  for (const secret of FIXTURE_SECRETS) {
    it(`never prints ${secret}`, () => {
      expect(markdown).not.toContain(secret);
    });
  }

  it("shows sensitive attribute and output values as (sensitive)", () => {
    expect(markdown).toContain("- `input`: _(sensitive)_ → _(sensitive)_");
    expect(markdown).toContain("| `~` update | `password` | _(sensitive)_ → _(sensitive)_ |");
  });
});

describe("renderMarkdownReport: other kinds of run", () => {
  it("says No changes. for an empty plan, without a warning", () => {
    const markdown = renderMarkdownReport([terraformRun("no-changes")]);
    expect(markdown).toContain("**No changes.**");
    expect(markdown).not.toContain("⚠️");
  });

  it("shows drift in the headline and as its own table", () => {
    const markdown = renderMarkdownReport([terraformRun("drift")]);
    expect(markdown).toContain("**Plan: 1 to change, 1 drifted**");
    expect(markdown).toContain("| 🟦&nbsp;`~`&nbsp;update | `terraform_data.update_me` | `input.tags.owner`, `output.tags.owner` |");
  });

  it("shows a failure with summary, where, detail in a fence that survives backticks, and hint", () => {
    const markdown = renderMarkdownReport([failedRun()]);
    expect(markdown).toContain("❌ **Plan failed: Error acquiring the state lock**");
    expect(markdown).toContain("at `backend.tf:3`");
    expect(markdown).toContain("````text\nLock Info:");
    expect(markdown).toContain("💡 **Hint:** Wait for the other run to finish, or release the lock with `terraform force-unlock 8e0c0a4e-3b1d`.");
    expect(findStructureProblems(markdown)).toEqual([]);
  });

  it("shows Kubernetes objects with line counts, deletions first, and the diff", () => {
    const markdown = renderMarkdownReport([kubeRun()]);
    expect(markdown).toContain("⚠️ **Diff: 1 to delete, 1 to update, 1 to create**");
    expect(markdown).toContain("> [!WARNING]\n> **1 to delete:** CronJob `shop/cleanup`\n");
    const rows = markdown.split("\n").filter((l) => /^\| \S+&nbsp;`/.test(l));
    expect(rows).toEqual([
      "| 🟥&nbsp;`-`&nbsp;delete | CronJob | `shop/cleanup` | +0 −3 |",
      "| 🟦&nbsp;`~`&nbsp;update | Deployment | `shop/web` | +1 −1 |",
      "| 🟩&nbsp;`+`&nbsp;create | ConfigMap | `shop/web-config` | +6 −0 |",
    ]);
    // Object names instead of kubectl's temp paths, in the table's order, folded.
    expect(markdown).toContain("<details><summary>Diff (3 objects)</summary>\n\n```diff\n--- CronJob shop/cleanup (live)\n+++ CronJob shop/cleanup (after apply)\n");
    expect(markdown.indexOf("--- Deployment shop/web (live)")).toBeLessThan(markdown.indexOf("--- ConfigMap shop/web-config (live)"));
    expect(markdown).not.toContain("/tmp/");
  });

  it("adds an overall summary only when there are several runs", () => {
    expect(renderMarkdownReport(multiProjectRuns())).toContain("**5 projects:** 3 with changes, 1 without changes, ❌ 1 failed, ⚠️ 2 destroying or replacing resources");
    expect(renderMarkdownReport([mixed()])).not.toContain("projects:**");
  });

  it("uses the given title", () => {
    expect(renderMarkdownReport([mixed()], { title: "Plan for #42" }).split("\n")[0]).toBe("## Plan for \\#42");
  });
});

describe("renderMarkdownReport: escaping", () => {
  const nasty = [
    'aws_x.y["a|b"]',
    'aws_x.y["<script>alert(1)</script>"]',
    'aws_x.y["`tick` ```fence"]',
    'aws_x.y["quote\\" #quot; & #35;"]',
    'aws_x.y["[sq] {curly} (paren) %%"]',
  ];
  const run = runOf(nasty.map((a, i) => resource(a, { module: i % 2 ? 'module.m["<\\"`#&>|"]' : null, address: i % 2 ? `module.m["<\\"\`#&>|"].${a}` : a })));
  const markdown = renderMarkdownReport([run]);

  it("keeps every table row at three cells whatever the address holds", () => {
    expect(markdown.split("\n").filter((l) => l.startsWith("| 🟩&nbsp;`+`&nbsp;create")).length).toBe(nasty.length);
    expect(findTableProblems(markdown)).toEqual([]);
  });

  it("puts addresses in code spans long enough for their backticks", () => {
    const fourTicks = "````";
    expect(markdown).toContain(`| ${fourTicks} aws_x.y["\`tick\` \`\`\`fence"] ${fourTicks} |`);
  });

  it("is whole markdown", () => {
    expect(findStructureProblems(markdown)).toEqual([]);
  });
});
