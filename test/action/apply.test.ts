import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeGitHubApi } from "../support/fake-github-api.js";
import { commentPayload, gitWorkspace, SECRETS, terraformProjectFiles, useActionHarness, type Workspace } from "./action-harness.js";

const CONFIG = [
  "version: 1",
  "projects:",
  "  - name: app",
  "    dir: app",
  "    environments:",
  "      staging: { workspace: staging }",
  "      production: { workspace: production }",
  "",
].join("\n");

/** The project under app/, with the config: two environments, each a terraform workspace with local state. */
function appFiles(): Record<string, string> {
  const files: Record<string, string> = { ".stakpak/config.yml": CONFIG };
  for (const [name, text] of Object.entries(terraformProjectFiles())) files[`app/${name}`] = text;
  return files;
}

function stateOf(ws: Workspace, env: string): { resources: Array<{ type: string; name: string }> } | null {
  const path = join(ws.dir, "app", "terraform.tfstate.d", env, "terraform.tfstate");
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null;
}

/** Pull request #42 at the workspace's head, changing app/, approved by bob (a maintainer) on that commit; alice may apply. */
function readyPullRequest(api: FakeGitHubApi, ws: Workspace): void {
  api.addPull({ number: 42, headSha: ws.sha, files: [{ filename: "app/main.tf" }], reviews: [{ user: { login: "bob" }, state: "APPROVED", commitId: ws.sha }] });
  api.state.permissions.set("alice", "maintain");
  api.state.permissions.set("bob", "maintain");
}

const comment = (body: string) => commentPayload(body, { association: "MEMBER" });

describe("deploy and apply", () => {
  const h = useActionHarness();

  it("plans, then applies the sealed plan once every requirement holds, and posts the redacted result", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    api.state.statuses.set(ws.sha, [{ context: "ci/test", state: "success" }]);
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging\n/stakpak deploy staging"), workspace: ws.dir });
    expect(report.failures).toEqual([]);

    const state = stateOf(ws, "staging");
    expect(state?.resources.map((r) => `${r.type}.${r.name}`).sort()).toEqual(["terraform_data.backup", "terraform_data.ci", "terraform_data.db"]);
    expect(stateOf(ws, "production")).toBeNull();

    const result = api.state.comments.find((c) => c.body.includes('"cmd":"deploy"'));
    // What changed, in the plan's own headline, and terraform's counts.
    expect(result?.body).toContain("### ✅ Applied: app · staging");
    expect(result?.body).toContain("**Plan: 3 to add, 1 output change** — applied.");
    expect(result?.body).toContain("terraform: 3 added, 0 changed, 0 destroyed");
    expect(result?.body).toContain(`"sha":"${ws.sha}"`);
    const check = api.state.checkRuns.find((c) => c.name === "stakpak/deploy: app (staging)");
    expect(check).toMatchObject({ conclusion: "success", head_sha: ws.sha });
    // The check links to the result instead of holding the report again.
    expect(check?.output?.summary).toMatch(/^\*\*Applied:\*\* \*\*Plan: 3 to add, .*\[the status comment\]\([^)]+#issuecomment-\d+\)/s);
    expect(check?.output?.text).toBeUndefined();
    // The lock is taken for this pull request and stays with it until unlock or close.
    expect(api.state.labels.get("stakpak-lock/app/staging")?.description).toContain("PR #42");
    expect(api.state.pulls.get(42)?.labels).toContain("stakpak-lock/app/staging");
    expect(report.outputs["plan-summary"]).toContain("app/staging: applied (3 added, 0 changed, 0 destroyed)");
    // No plan file left behind in RUNNER_TEMP, and no secret in anything posted.
    expect(execFileSync("find", [h.temp(), "-name", "*.tfplan"], { encoding: "utf8" })).toBe("");
    const sent = api.sentTexts().join("\n");
    for (const secret of Object.values(SECRETS)) expect(sent).not.toContain(secret);
  }, 120_000);

  it("looks up no approver's team when Warden wants no approval (a team: role GITHUB_TOKEN cannot check stays unasked)", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    api.state.contents.set("main:.stakpak/config.yml", "version: 1\nauthorization:\n  deploy: [permission:maintain, team:platform]\n");
    // carol (write) approves too: whether she may deploy would need the team, which the token cannot read.
    api.state.permissions.set("carol", "write");
    api.state.pulls.get(42)?.reviews.push({ user: { login: "carol" }, state: "APPROVED", commitId: ws.sha });
    api.state.statuses.set(ws.sha, [{ context: "ci/test", state: "success" }]);
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging\n/stakpak deploy staging"), workspace: ws.dir });
    expect(report.failures, api.state.comments.at(-1)?.body).toEqual([]);
    expect(report.outputs["plan-summary"]).toContain("app/staging: applied");
    expect(api.calls("GET", /teams/)).toEqual([]);
  }, 120_000);

  it("applies nothing when the pull request is not approved, and says so without success", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    (api.state.pulls.get(42) as { reviews: unknown[] }).reviews = [];
    api.state.requiredChecks = ["ci/test"];
    api.state.statuses.set(ws.sha, [{ context: "ci/test", state: "failure" }]);
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak deploy staging\n/stakpak deploy production"), workspace: ws.dir });
    const replies = api.state.comments.map((c) => c.body);
    expect(replies[0]).toContain("**Nothing was applied**");
    expect(replies[0]).toContain("the pull request is not approved");
    expect(replies[0]).toContain("checks are not green (failed: `ci/test`)");
    expect(replies[1]).toContain("Not run: `/stakpak deploy production`");
    expect(replies.join()).not.toMatch(/Applied|Apply complete/);
    expect(report.failures).toHaveLength(1);
    expect(stateOf(ws, "staging")).toBeNull();
    expect(api.state.labels.size).toBe(0);
  }, 60_000);

  it("posts a failed apply with terraform's error in full view, and a check that points to it", async () => {
    const files = appFiles();
    files["app/fail.tf"] = 'resource "terraform_data" "migrate" {\n  provisioner "local-exec" {\n    command = "echo migration-broke >&2; exit 3"\n  }\n}\n';
    const ws = gitWorkspace(files);
    const api = h.api();
    readyPullRequest(api, ws);
    api.state.statuses.set(ws.sha, [{ context: "ci/test", state: "success" }]);
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging\n/stakpak deploy staging"), workspace: ws.dir });
    expect(report.failures).not.toEqual([]);
    const result = api.state.comments.find((c) => c.body.includes('"cmd":"deploy"'))?.body ?? "";
    expect(result).toContain("### ❌ Apply failed: app · staging");
    const inView = result.split("<details>")[0] ?? "";
    expect(inView).toContain("local-exec provisioner error");
    expect(inView).toContain("migration-broke");
    expect(inView).toContain("The plan it was applying: **Plan: 4 to add");
    const check = api.state.checkRuns.find((c) => c.name === "stakpak/deploy: app (staging)");
    expect(check?.conclusion).toBe("failure");
    expect(check?.output?.summary).toContain("**Apply failed:** **Plan: 4 to add");
    expect(check?.output?.summary).toMatch(/\[the status comment\]\([^)]+#issuecomment-\d+\)/);
    const sent = api.sentTexts().join("\n");
    for (const secret of Object.values(SECRETS)) expect(sent).not.toContain(secret);
  }, 120_000);

  it("refuses a locked environment, naming who holds it", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging"), workspace: ws.dir });
    api.state.labels.set("stakpak-lock/app/staging", { name: "stakpak-lock/app/staging", description: `PR #7 · app/staging · abcdef1 · @carol`, color: "b60205" });
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak deploy staging"), workspace: ws.dir });
    const reply = api.state.comments.at(-1)?.body ?? "";
    expect(reply).toContain("**Nothing was applied**");
    expect(reply).toMatch(/`app\/staging` is locked by pull request \\?#7 \(@carol\)/);
    expect(report.failures).toHaveLength(1);
    expect(stateOf(ws, "staging")).toBeNull();
    expect(api.state.labels.get("stakpak-lock/app/staging")?.description).toContain("PR #7");
  }, 60_000);

  it("never applies a plan of an older head: after a push, the posted plan is stale", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging"), workspace: ws.dir });
    const newer = ws.commit({ "app/extra.tf": 'resource "terraform_data" "extra" {}\n' });
    const pr = api.state.pulls.get(42);
    if (pr) {
      pr.headSha = newer;
      pr.reviews.push({ user: { login: "bob" }, state: "APPROVED", commitId: newer });
    }
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak deploy staging"), workspace: ws.dir });
    const reply = api.state.comments.at(-1)?.body ?? "";
    expect(reply).toContain(`no plan of \`app/staging\` was posted for ${newer.slice(0, 7)}`);
    expect(report.failures).toHaveLength(1);
    expect(stateOf(ws, "staging")).toBeNull();
  }, 60_000);

  it("applies nothing when the head moves while the plan is being made", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging"), workspace: ws.dir });
    let reads = 0;
    api.onRequest = (r) => {
      if (r.method === "GET" && /\/pulls\/42$/.test(r.path) && ++reads === 3) (api.state.pulls.get(42) as { headSha: string }).headSha = "d".repeat(40);
    };
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak deploy staging"), workspace: ws.dir });
    const reply = api.state.comments.at(-1)?.body ?? "";
    expect(reply).toContain("**Nothing was applied**");
    expect(reply).toContain("moved on to ddddddd while");
    expect(report.failures).toHaveLength(1);
    expect(stateOf(ws, "staging")).toBeNull();
  }, 60_000);

  it("never applies a plan Warden denies (the default branch's policy, not the pull request's)", async () => {
    const ws = gitWorkspace({ ...appFiles(), ".stakpak/warden.yml": "plan:\n  allowed_addresses:\n    staging: ['*']\n" });
    const api = h.api();
    readyPullRequest(api, ws);
    api.state.contents.set("main:.stakpak/warden.yml", "plan:\n  allowed_addresses:\n    staging: ['terraform_data.ci']\n");
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging\n/stakpak deploy staging"), workspace: ws.dir });
    const plan = api.state.comments.find((c) => c.body.includes('"cmd":"plan"'))?.body ?? "";
    expect(plan).toContain("**Warden** denied this plan");
    expect(api.state.reviewsPosted[0]?.event).toBe("REQUEST_CHANGES");
    const reply = api.state.comments.at(-1)?.body ?? "";
    expect(reply).toContain("**Nothing was applied**");
    expect(reply).toContain("Warden denied the plan");
    expect(reply).toContain("terraform_data.backup");
    expect(report.failures).toHaveLength(1);
    expect(stateOf(ws, "staging")).toBeNull();
  }, 60_000);

  it("dismisses its own earlier 'changes requested' review once a plan of the same target passes the gate", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    api.state.contents.set("main:.stakpak/warden.yml", "plan:\n  allowed_addresses:\n    staging: ['terraform_data.ci']\n");
    await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging"), workspace: ws.dir });
    const pr = api.state.pulls.get(42);
    const own = () => pr?.reviews.filter((r) => r.user.login === "github-actions[bot]").map((r) => r.state);
    // GitHub lists the token's own review: the next plan can find it.
    expect(own()).toEqual(["CHANGES_REQUESTED"]);
    api.state.contents.set("main:.stakpak/warden.yml", "plan:\n  allowed_addresses:\n    staging: ['*']\n");
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging"), workspace: ws.dir });
    expect(report.failures).toEqual([]);
    expect(own()).toEqual(["DISMISSED", "COMMENTED"]);
    expect(api.calls("PUT", /\/pulls\/42\/reviews\/\d+\/dismissals$/)).toHaveLength(1);
  }, 60_000);

  it("applies a plan Warden wants approved only with an approval of this commit by someone allowed to apply", async () => {
    const ws = gitWorkspace(appFiles());
    // Deployed before: the state holds all three resources.
    execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: join(ws.dir, "app"), stdio: "pipe" });
    execFileSync("terraform", ["workspace", "new", "staging"], { cwd: join(ws.dir, "app"), stdio: "pipe" });
    execFileSync("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: join(ws.dir, "app"), stdio: "pipe" });
    const main = readFileSync(join(ws.dir, "app", "main.tf"), "utf8").replace('resource "terraform_data" "backup" {\n  input = { aws_secret_access_key = var.aws_secret_access_key }\n}\n', "");
    expect(main).not.toContain('"backup"');
    const head = ws.commit({ "app/main.tf": main });
    const api = h.api();
    readyPullRequest(api, ws);
    const pr = api.state.pulls.get(42) as { reviews: Array<{ user: { login: string }; state: "APPROVED"; commitId: string }> };
    pr.reviews = [
      { user: { login: "dave" }, state: "APPROVED", commitId: head },
      { user: { login: "bob" }, state: "APPROVED", commitId: "e".repeat(40) },
    ];
    api.state.permissions.set("dave", "write");

    const first = await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging\n/stakpak deploy staging"), workspace: ws.dir });
    const refused = api.state.comments.at(-1)?.body ?? "";
    expect(refused).toContain("Warden requires a person's approval");
    expect(refused).toContain("terraform_data.backup");
    expect(first.failures).toHaveLength(1);
    expect(stateOf(ws, "staging")?.resources).toHaveLength(3);

    pr.reviews.push({ user: { login: "bob" }, state: "APPROVED", commitId: head });
    const second = await h.run({ eventName: "issue_comment", payload: comment("/stakpak deploy staging"), workspace: ws.dir });
    expect(second.failures).toEqual([]);
    expect(api.state.comments.find((c) => c.body.includes('"cmd":"deploy"'))?.body).toContain("terraform: 0 added, 0 changed, 1 destroyed");
    expect(stateOf(ws, "staging")?.resources.map((r) => r.name).sort()).toEqual(["ci", "db"]);
  }, 120_000);

  it("reports a plan without changes as nothing applied, not as a success", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    expect((await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging\n/stakpak deploy staging"), workspace: ws.dir })).failures).toEqual([]);
    await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging"), workspace: ws.dir });
    const again = await h.run({ eventName: "issue_comment", payload: comment("/stakpak deploy staging"), workspace: ws.dir });
    const reply = api.state.comments.at(-1)?.body ?? "";
    expect(reply).toContain("**Nothing was applied**");
    expect(reply).toContain("the plan has no changes");
    expect(again.failures).toHaveLength(1);
  }, 120_000);

  it("unlock releases this pull request's locks, and so does closing it", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    for (const env of ["staging", "production"]) api.state.labels.set(`stakpak-lock/app/${env}`, { name: `stakpak-lock/app/${env}`, description: `PR #42 · app/${env} · abcdef1 · @alice`, color: "b60205" });
    api.state.labels.set("stakpak-lock/net", { name: "stakpak-lock/net", description: "PR #9 · net · abcdef1 · @carol", color: "b60205" });
    await h.run({ eventName: "issue_comment", payload: comment("/stakpak unlock -e staging"), workspace: ws.dir });
    expect([...api.state.labels.keys()].sort()).toEqual(["stakpak-lock/app/production", "stakpak-lock/net"]);
    expect(api.state.comments.at(-1)?.body).toContain("Released 1 lock");

    const closed = { action: "closed", number: 42, pull_request: { number: 42, state: "closed", merged: true, head: { sha: ws.sha, ref: "f", repo: { full_name: "acme/infra" } }, base: { ref: "main", repo: { full_name: "acme/infra" } } }, repository: commentPayload("").repository, sender: { login: "alice" } };
    const report = await h.run({ eventName: "pull_request", payload: closed, workspace: ws.dir });
    expect([...api.state.labels.keys()]).toEqual(["stakpak-lock/net"]);
    expect(report.notices.join()).toContain("released 1 lock(s)");
  }, 60_000);
});

describe("what a plan comment says to do next, and the plan labels", () => {
  const h = useActionHarness();

  it("ends each status comment with the apply command and what an apply still needs", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    api.addPull({ number: 42, headSha: ws.sha, files: [{ filename: "app/main.tf" }] });
    api.state.permissions.set("alice", "maintain");
    api.state.statuses.set(ws.sha, [{ context: "ci/test", state: "pending" }]);
    // production is locked by another pull request.
    api.state.labels.set("stakpak-lock/app/production", { name: "stakpak-lock/app/production", description: "PR #12 · app/production · abcdef0 · @carol", color: "b60205" });
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan"), workspace: ws.dir });
    expect(report.failures).toEqual([]);
    const staging = api.state.comments.find((c) => c.body.includes('"cmd":"plan","project":"app","env":"staging"'))?.body ?? "";
    const production = api.state.comments.find((c) => c.body.includes('"cmd":"plan","project":"app","env":"production"'))?.body ?? "";
    expect(staging).toContain("**Next step:** comment `/stakpak apply -p app -e staging` to apply this plan, once these are done:");
    expect(staging).toContain("- [ ] the pull request is not approved: ask a reviewer to approve it");
    expect(staging).toContain("- [ ] checks are not green (still running: `ci/test`)");
    expect(staging).not.toContain("locked by");
    expect(production).toContain("- [ ] `app/production` is locked by pull request \\#12: wait until it is merged or closed, or it runs `/stakpak unlock`");
    // The next step is the comment's last section, before the footer.
    expect(staging.indexOf("**Next step:**")).toBeGreaterThan(staging.indexOf("Plan: 3 to add"));
    expect(staging.trimEnd().split("\n").at(-1)).toMatch(/^<sub>stakpak-gitops `plan`/);
    // No labels config on the default branch: no label is touched.
    expect(api.calls("POST", /\/issues\/42\/labels$/)).toEqual([]);
    expect(api.calls("DELETE", /\/issues\/42\/labels\//)).toEqual([]);
  }, 120_000);

  it("says an approved, green pull request is ready, with the configured prefix", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    api.state.statuses.set(ws.sha, [{ context: "ci/test", state: "success" }]);
    await h.run({ eventName: "issue_comment", payload: comment("/infra plan -e staging"), workspace: ws.dir, inputs: { prefix: "/infra" } });
    const staging = api.state.comments.find((c) => c.body.includes('"cmd":"plan","project":"app","env":"staging"'))?.body ?? "";
    expect(staging).toContain("**Next step:** comment `/infra apply -p app -e staging` to apply this plan. Nothing it needs was missing when this plan was posted.");
    expect(staging).not.toContain("- [ ]");
  }, 120_000);

  it("labels the pull request by its plan, from the default branch's config, and takes off what a new plan no longer earns", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    api.state.contents.set("main:.stakpak/config.yml", "version: 1\nlabels:\n  enabled: true\n  no_changes: false\n");
    // A pull request cannot rename its own labels: its head's config is not read for them.
    ws.commit({ ".stakpak/config.yml": `${CONFIG}labels:\n  enabled: true\n  changes: pr-chose-this\n` });
    api.state.pulls.get(42)!.headSha = ws.sha;
    api.state.pulls.get(42)!.labels = ["stakpak:destroy", "bug"];
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan"), workspace: ws.dir });
    expect(report.failures).toEqual([]);
    expect(api.state.pulls.get(42)?.labels).toEqual(["bug", "stakpak:changes"]);
    expect(api.calls("POST", /\/issues\/42\/labels$/).map((r) => r.body)).toEqual([{ labels: ["stakpak:changes"] }]);
    expect(api.calls("DELETE", /\/issues\/42\/labels\//).map((r) => r.rawPath)).toEqual(["/repos/acme/infra/issues/42/labels/stakpak%3Adestroy"]);

    // A plan of one environment cannot say the other destroys nothing: it only adds.
    api.state.pulls.get(42)!.labels = ["stakpak:destroy", "stakpak:changes"];
    await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging"), workspace: ws.dir });
    expect(api.state.pulls.get(42)?.labels).toEqual(["stakpak:destroy", "stakpak:changes"]);
  }, 120_000);

  it("publishes the plan without labels when the labels config is broken, and says why", async () => {
    const ws = gitWorkspace(appFiles());
    const api = h.api();
    readyPullRequest(api, ws);
    api.state.contents.set("main:.stakpak/config.yml", "version: 1\nlabels:\n  enabled: yes please\n");
    const report = await h.run({ eventName: "issue_comment", payload: comment("/stakpak plan -e staging"), workspace: ws.dir });
    expect(report.failures).toEqual([]);
    expect(report.warnings.join("\n")).toContain("Plan labels are off for this run");
    expect(api.calls("POST", /\/issues\/42\/labels$/)).toEqual([]);
    expect(api.state.comments.some((c) => c.body.includes('"cmd":"plan","project":"app","env":"staging"'))).toBe(true);
  }, 120_000);
});
