import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commentPayload, FIRST_PLAN_HEADLINE, gitWorkspace, terraformProjectFiles, useActionHarness, webhook } from "./action-harness.js";

const CONFIG = ["version: 1", "projects:", "  - name: network", "    dir: infra/network", "  - name: payments", "    dir: infra/payments", "    when_modified: ['**/*.tf', '../modules/**']", ""].join("\n");

function twoProjects(): Record<string, string> {
  const files: Record<string, string> = { ".stakpak/config.yml": CONFIG, "infra/modules/README.md": "shared\n" };
  for (const [name, text] of Object.entries(terraformProjectFiles())) {
    files[`infra/network/${name}`] = text;
    files[`infra/payments/${name}`] = text;
  }
  return files;
}

function pullRequestEvent(action: string, sha: string, headRepo = "acme/infra"): any {
  const payload = webhook("pull_request.opened.json");
  payload.action = action;
  payload.pull_request.head.sha = sha;
  payload.pull_request.head.repo.full_name = headRepo;
  return payload;
}

describe("pull_request: autoplan", () => {
  const h = useActionHarness();

  it("plans only the projects whose when_modified globs match the changed files", async () => {
    const ws = gitWorkspace(twoProjects());
    h.api().addPull({ number: 42, headSha: ws.sha, files: [{ filename: "infra/modules/vpc/main.tf" }, { filename: "docs/network.md" }] });
    const report = await h.run({ eventName: "pull_request", payload: pullRequestEvent("synchronize", ws.sha), workspace: ws.dir });
    expect(report.failures).toEqual([]);
    const status = h.api().state.comments.filter((c) => c.body.includes("stakpak:"));
    expect(status.map((c) => JSON.parse(/stakpak:(\{.*?\})/.exec(c.body)?.[1] ?? "{}"))).toEqual([{ cmd: "autoplan", project: "payments", env: null, sha: ws.sha }]);
    expect(status[0]?.body).toContain(FIRST_PLAN_HEADLINE);
    expect(h.api().state.checkRuns.map((c) => c.name)).toEqual(["stakpak/autoplan: payments"]);
    expect(existsSync(join(ws.dir, "infra/network/.terraform"))).toBe(false);
    // No comment command, so nobody to authorize: autoplan reads no permission.
    expect(h.api().calls("GET", /collaborators/)).toEqual([]);
  }, 60_000);

  it("plans nothing (with a notice) when no project's files changed", async () => {
    const ws = gitWorkspace(twoProjects());
    h.api().addPull({ number: 42, headSha: ws.sha, files: [{ filename: "README.md" }] });
    const report = await h.run({ eventName: "pull_request", payload: pullRequestEvent("opened", ws.sha), workspace: ws.dir });
    expect(report.notices.join()).toContain("changes no project");
    expect(h.api().state.comments).toEqual([]);
    expect(report.outputs["has-changes"]).toBe("false");
  });

  it("does not plan a fork's pull request", async () => {
    const ws = gitWorkspace(twoProjects());
    const report = await h.run({ eventName: "pull_request", payload: webhook("pull_request.synchronize.fork.json"), workspace: ws.dir });
    expect(report.notices.join()).toContain("forks are not planned");
    expect(h.api().requests).toEqual([]);
  });

  it("skips a head the pull request has already moved past (its own event plans the newer one)", async () => {
    const ws = gitWorkspace(twoProjects());
    h.api().addPull({ number: 42, headSha: "f".repeat(40), files: [{ filename: "infra/network/main.tf" }] });
    const report = await h.run({ eventName: "pull_request", payload: pullRequestEvent("synchronize", ws.sha), workspace: ws.dir });
    expect(report.notices.join()).toContain("at a newer commit");
    expect(h.api().state.checkRuns).toEqual([]);
  });
});

describe("workflow_dispatch and repository_dispatch: what the App starts", () => {
  const h = useActionHarness();
  const dispatch = (inputs: Record<string, string>, sha: string) => ({
    inputs: { trigger: "comment", pr_number: "42", head_sha: sha, comment_id: "2050000101", requested_by: "alice", ...inputs },
    ref: "refs/heads/main",
    repository: commentPayload("").repository,
    sender: { login: "stakpak[bot]", type: "Bot" },
  });

  it("runs the commands of the comment the App accepted, checking the comment and the author again", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    api.addPull({ number: 42, headSha: ws.sha, files: [{ filename: "main.tf" }] });
    api.state.permissions.set("alice", "write");
    api.state.comments.push({ id: 2050000101, node_id: "IC_1", issueNumber: 42, body: "/stakpak plan", user: { login: "alice" }, author_association: "MEMBER", minimized: false });
    const report = await h.run({ eventName: "workflow_dispatch", payload: dispatch({ command: "plan" }, ws.sha), workspace: ws.dir });
    expect(report.failures).toEqual([]);
    expect(api.state.comments.find((c) => c.body.includes('"cmd":"plan"'))?.body).toContain(FIRST_PLAN_HEADLINE);
    expect(api.calls("GET", /collaborators\/alice\/permission/)).toHaveLength(1);
  }, 60_000);

  const TEAM_CONFIG = "version: 1\nauthorization:\n  plan: [team:platform]\n";
  const teamSetup = (sha: string) => {
    const api = h.api();
    api.addPull({ number: 42, headSha: sha, files: [{ filename: "main.tf" }] });
    api.state.contents.set("main:.stakpak/config.yml", TEAM_CONFIG);
    api.state.comments.push({ id: 2050000101, node_id: "IC_1", issueNumber: 42, body: "/stakpak plan", user: { login: "alice" }, author_association: "MEMBER", minimized: false });
    return api;
  };

  it("trusts the App's authorization (team: roles included) when the dispatch's sender is the App's bot", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = teamSetup(ws.sha);
    const report = await h.run({ eventName: "workflow_dispatch", payload: dispatch({ command: "plan" }, ws.sha), workspace: ws.dir, inputs: { "app-bot": "Stakpak[bot]" } });
    expect(report.failures).toEqual([]);
    expect(report.log.join("\n")).toContain("plan: authorized by the stakpak App (stakpak[bot] dispatched it for @alice)");
    expect(api.state.comments.find((c) => c.body.includes('"cmd":"plan"'))?.body).toContain(FIRST_PLAN_HEADLINE);
    // Nothing asked again: not the permission, not the team the GITHUB_TOKEN cannot read.
    expect(api.calls("GET", /collaborators|teams/)).toEqual([]);
    // The comment is still checked: it must hold the dispatched commands.
    expect(api.calls("GET", /issues\/comments\/2050000101$/)).toHaveLength(1);
  }, 60_000);

  it("fails the step, saying team: roles need a GitHub App token, when the dispatch is not the App's and the token is GITHUB_TOKEN", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = teamSetup(ws.sha);
    // The App's bot is someone else: this sender is not trusted, so the workflow checks and cannot.
    const report = await h.run({ eventName: "workflow_dispatch", payload: dispatch({ command: "plan" }, ws.sha), workspace: ws.dir, inputs: { "app-bot": "other-app[bot]" } });
    expect(report.failures).toHaveLength(1);
    const reply = api.state.comments.at(-1)?.body ?? "";
    expect(reply).toContain("could not check who may run these commands");
    expect(reply).toContain("cannot be checked with the workflow's GITHUB_TOKEN");
    expect(reply).toContain("actions/create-github-app-token");
    expect(api.calls("GET", /teams/)).toEqual([]);
    expect(api.state.checkRuns).toEqual([]);
  });

  it("checks team: roles itself with a GitHub App token that may read members", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = teamSetup(ws.sha);
    api.state.viewer = "stakpak[bot]";
    api.state.canReadMembers = true;
    api.state.teams.set("acme/platform", new Set(["alice"]));
    const report = await h.run({ eventName: "workflow_dispatch", payload: dispatch({ command: "plan" }, ws.sha), workspace: ws.dir });
    expect(report.failures).toEqual([]);
    expect(api.calls("GET", /\/orgs\/acme\/teams\/platform\/memberships\/alice$/)).toHaveLength(1);
    expect(report.log.join("\n")).toContain("membership of the team `platform`");
  }, 60_000);

  it("refuses commands the comment did not ask for", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    api.addPull({ number: 42, headSha: ws.sha });
    api.state.comments.push({ id: 2050000101, node_id: "IC_1", issueNumber: 42, body: "/stakpak plan", user: { login: "alice" }, author_association: "MEMBER", minimized: false });
    const report = await h.run({ eventName: "workflow_dispatch", payload: dispatch({ command: "deploy production" }, ws.sha), workspace: ws.dir });
    expect(report.failures.join()).toContain("does not ask for what was dispatched");
    expect(api.state.checkRuns).toEqual([]);
  });

  it("refuses when the pull request moved on after the App pinned its head", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const api = h.api();
    api.addPull({ number: 42, headSha: "a".repeat(40) });
    api.state.permissions.set("alice", "write");
    api.state.comments.push({ id: 2050000101, node_id: "IC_1", issueNumber: 42, body: "/stakpak plan", user: { login: "alice" }, author_association: "MEMBER", minimized: false });
    const report = await h.run({ eventName: "workflow_dispatch", payload: dispatch({ command: "plan" }, ws.sha), workspace: ws.dir });
    expect(api.state.comments.at(-1)?.body).toContain("moved on to `aaaaaaa`");
    expect(report.failures).toHaveLength(1);
    expect(existsSync(join(ws.dir, ".terraform"))).toBe(false);
  });

  it("rejects inputs that are not the App's", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const report = await h.run({ eventName: "workflow_dispatch", payload: dispatch({ command: "plan", head_sha: "main" }, ws.sha), workspace: ws.dir });
    expect(report.failures.join()).toContain("the workflow_dispatch inputs are not the App's");
    expect(h.api().requests).toEqual([]);
  });

  it("accepts an autoplan repository_dispatch, which may only plan", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    h.api().addPull({ number: 42, headSha: ws.sha, files: [{ filename: "main.tf" }] });
    const payload = { action: "stakpak", client_payload: { command: "apply", trigger: "autoplan", pr_number: "42", head_sha: ws.sha, comment_id: "", requested_by: "alice" }, repository: commentPayload("").repository, sender: { login: "alice" } };
    const refused = await h.run({ eventName: "repository_dispatch", payload, workspace: ws.dir });
    expect(refused.failures.join()).toContain("an autoplan dispatch may only plan");
    payload.client_payload.command = "plan";
    const planned = await h.run({ eventName: "repository_dispatch", payload, workspace: ws.dir });
    expect(planned.failures).toEqual([]);
    expect(h.api().state.checkRuns.map((c) => c.name)).toHaveLength(1);
  }, 60_000);
});

describe("other events and the route mode", () => {
  const h = useActionHarness();

  it("ends other events with a notice", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const report = await h.run({ eventName: "schedule", payload: {}, workspace: ws.dir });
    expect(report.failures).toEqual([]);
    expect(report.notices.join()).toContain("does not handle schedule events");
    expect(report.outputs["has-changes"]).toBe("false");
  });

  it("refuses pull_request_target (it would run the pull request's code with secrets)", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const report = await h.run({ eventName: "pull_request_target", payload: webhook("pull_request.opened.json"), workspace: ws.dir });
    expect(report.notices.join()).toContain("does not handle pull_request_target events");
    expect(h.api().requests).toEqual([]);
  });

  it("route: tells whether to run and which concurrency group to queue in, without a token or a checkout", async () => {
    const route = async (eventName: string, payload: unknown) => (await h.run({ eventName, payload, workspace: "/nonexistent", inputs: { mode: "route", "github-token": "" } })).outputs;
    expect(await route("issue_comment", commentPayload("/stakpak deploy production -p network"))).toEqual({ run: "true", agent: "false", lock: "network-production" });
    expect(await route("issue_comment", commentPayload("/stakpak plan"))).toEqual({ run: "true", agent: "false", lock: "pr-42" });
    expect(await route("issue_comment", commentPayload("/stakpak apply -e staging\n/stakpak deploy production"))).toEqual({ run: "true", agent: "false", lock: "all-all" });
    expect(await route("issue_comment", commentPayload("thanks!"))).toEqual({ run: "false", agent: "false", lock: "pr-42" });
    expect(await route("issue_comment", commentPayload("/stakpak plan", { login: "renovate[bot]" }))).toMatchObject({ run: "false" });
    expect(await route("pull_request", webhook("pull_request.opened.json"))).toEqual({ run: "true", agent: "false", lock: "pr-42" });
    expect(await route("push", {})).toEqual({ run: "false", agent: "false", lock: "none" });
    // A request for the agent goes to the agent job, on a pull request and on a plain issue; other commands on an issue go nowhere.
    expect(await route("issue_comment", commentPayload("/stakpak add a private bucket for access logs"))).toEqual({ run: "false", agent: "true", lock: "agent-42" });
    const onIssue = (body: string) => commentPayload(body, { fixture: "issue_comment.created.issue.json" });
    expect(await route("issue_comment", onIssue("/stakpak ask add a private bucket for access logs"))).toEqual({ run: "false", agent: "true", lock: "agent-17" });
    expect(await route("issue_comment", onIssue("/stakpak plan"))).toEqual({ run: "false", agent: "false", lock: "pr-17" });
    expect(h.api().requests).toEqual([]);
  });

  it("route: a fork's pull request and a dispatch the work job would refuse start no work job; the route job says why", async () => {
    const route = async (eventName: string, payload: unknown) => h.run({ eventName, payload, workspace: "/nonexistent", inputs: { mode: "route", "github-token": "" } });
    for (const action of ["opened", "synchronize", "closed"]) {
      const fork = await route("pull_request", pullRequestEvent(action, "c".repeat(40), "mallory/infra"));
      expect(fork.outputs).toEqual({ run: "false", agent: "false", lock: "pr-42" });
      expect(fork.notices.join()).toContain("comes from mallory/infra: forks are not planned");
      expect(fork.failures).toEqual([]);
    }
    const repository = commentPayload("").repository;
    const inputs = { command: "plan", trigger: "comment", pr_number: "42", head_sha: "d".repeat(40), comment_id: "2050000101", requested_by: "alice" };
    const app = { login: "stakpak[bot]", type: "Bot" };
    const ok = await route("workflow_dispatch", { inputs, repository, sender: app });
    expect(ok.outputs).toEqual({ run: "true", agent: "false", lock: "pr-42" });
    expect((await route("workflow_dispatch", { inputs: { ...inputs, command: "apply -p network -e prod" }, repository, sender: app })).outputs.lock).toBe("network-prod");
    expect((await route("workflow_dispatch", { inputs: { ...inputs, command: "agent add a bucket for logs", pr_number: "17" }, repository, sender: app })).outputs).toEqual({ run: "false", agent: "true", lock: "agent-17" });

    const otherType = await route("repository_dispatch", { action: "deploy-docs", client_payload: inputs, repository, sender: app });
    expect(otherType.outputs.run).toBe("false");
    expect(otherType.notices.join()).toContain('only the event type "stakpak" is handled');
    expect(otherType.failures).toEqual([]);
    const cases: Array<[string, unknown, string]> = [
      ["workflow_dispatch", { inputs: { ...inputs, head_sha: "main" }, repository, sender: app }, "the workflow_dispatch inputs are not the App's"],
      ["workflow_dispatch", { inputs: { ...inputs, command: "destroy everything" }, repository, sender: app }, "the workflow_dispatch command input is not a valid command"],
      ["repository_dispatch", { action: "stakpak", client_payload: { ...inputs, trigger: "autoplan", command: "apply" }, repository, sender: app }, "an autoplan dispatch may only plan"],
      ["workflow_dispatch", { inputs: { ...inputs, comment_id: "" }, repository, sender: app }, "a dispatch by stakpak[bot] without a comment_id"],
    ];
    for (const [eventName, payload, why] of cases) {
      const refused = await route(eventName, payload);
      expect(refused.outputs.run, why).toBe("false");
      expect(refused.failures.join(), why).toContain(why);
    }
    expect(h.api().requests).toEqual([]);
  });

  it("reports a payload that does not have GitHub's shape", async () => {
    const ws = gitWorkspace(terraformProjectFiles());
    const payload = commentPayload("/stakpak plan");
    delete payload.comment.id;
    const report = await h.run({ eventName: "issue_comment", payload, workspace: ws.dir });
    expect(report.failures.join()).toContain("the issue_comment payload is not shaped as expected");
    expect(report.failures.join()).toContain("comment.id");
  });
});
