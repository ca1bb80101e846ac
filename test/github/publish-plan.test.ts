import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ProjectRun } from "../../src/iac/project-run.js";
import { CHECK_OUTPUT_LIMIT, COMMENT_BODY_LIMIT } from "../../src/github/github-limits.js";
import { publishPlanResults, type PlanVerdict, type PublishPlanContext } from "../../src/github/publish-plan.js";
import { formatReviewMarker, parseReviewMarker } from "../../src/github/review-marker.js";
import { parseStatusMarker } from "../../src/github/status-marker.js";
import { Redactor } from "../../src/redact/redactor.js";
import { renderMarkdownReport } from "../../src/report/render-markdown.js";
import { fake } from "../../src/redact/rules/fake-token.js";
import { failedRun, FIXTURE_SECRETS, kubeRun, terraformRun } from "../report/fixture-runs.js";
import { findStructureProblems, findTableProblems } from "../report/markdown-structure.js";
import { allBodies, API, BOT, issueComment, PR, testClient, useGitHubApi, user, type Recorded } from "./github-api-mock.js";

const GOLDEN = fileURLToPath(new URL("../golden/", import.meta.url));
const REPO = `/repos/${PR.owner}/${PR.repo}`;
const RUN_URL = "https://github.com/acme/infra/actions/runs/9876543210";
const OLD_SHA = "fedcba9876543210fedcba9876543210fedcba98";

/** Compares with the committed file; `UPDATE_GOLDEN=1` rewrites it, so a change shows up as a diff. */
function expectGolden(name: string, actual: string): void {
  const path = `${GOLDEN}${name}`;
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`No golden file ${name}: run UPDATE_GOLDEN=1 npx vitest run test/github`);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

/**
 * The checked-out head of the pull request: the network project of the mixed-actions plan.
 * `replace_dbc` changes in the diff, `replace_cbd` lives in a file the pull request does not
 * touch, and `delete_me` was removed by it (the diff's left side).
 */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), "stakpak-publish-"));
  const files: Record<string, string> = {
    "infra/network/main.tf": 'module "network" {\n  source = "./modules/network"\n}\n\nresource "terraform_data" "replace_dbc" {\n  input            = "db"\n  triggers_replace = ["v2"]\n}\n',
    "infra/network/lb.tf": 'resource "terraform_data" "replace_cbd" {\n  input            = "lb"\n  triggers_replace = [var.lb_version]\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n',
    "infra/network/modules/network/main.tf": 'resource "terraform_data" "vpc" {\n  input = { cidr = "10.1.0.0/16" }\n}\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const MAIN_TF_PATCH = [
  '@@ -4,9 +4,5 @@ module "network" {',
  " ",
  ' resource "terraform_data" "replace_dbc" {',
  '   input            = "db"',
  '-  triggers_replace = ["v1"]',
  '+  triggers_replace = ["v2"]',
  " }",
  "-",
  '-resource "terraform_data" "delete_me" {',
  '-  input = "bye"',
  "-}",
].join("\n");

/** `GET /repos/{owner}/{repo}/pulls/{n}/files` as GitHub answers it. */
function prFiles(): unknown[] {
  const file = (filename: string, status: string, patch: string | undefined, additions: number, deletions: number): Record<string, unknown> => ({
    sha: "5b1c7e2f9a0d4c3b8e6f1a2d3c4b5a6978695a4b",
    filename,
    status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `https://github.com/acme/infra/blob/${PR.headSha}/${filename}`,
    raw_url: `https://github.com/acme/infra/raw/${PR.headSha}/${filename}`,
    contents_url: `${API}${REPO}/contents/${filename}?ref=${PR.headSha}`,
    ...(patch === undefined ? {} : { patch }),
  });
  return [file("infra/network/main.tf", "modified", MAIN_TF_PATCH, 1, 5), file("README.md", "modified", "@@ -1 +1 @@\n-# infra\n+# Infra", 1, 1), file("docs/diagram.png", "added", undefined, 0, 0)];
}

function reviewResponse(id: number, state: string, body: string): Record<string, unknown> {
  return {
    id,
    node_id: `PRR_kwDO${id}`,
    user: user(BOT),
    body,
    state,
    html_url: `https://github.com/acme/infra/pull/42#pullrequestreview-${id}`,
    pull_request_url: `${API}${REPO}/pulls/42`,
    author_association: "NONE",
    submitted_at: "2025-05-01T10:00:00Z",
    commit_id: PR.headSha,
    _links: { html: { href: `https://github.com/acme/infra/pull/42#pullrequestreview-${id}` }, pull_request: { href: `${API}${REPO}/pulls/42` } },
  };
}

function checkRunResponse(id: number, body: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    node_id: `CR_kwDO${id}`,
    head_sha: PR.headSha,
    external_id: "",
    url: `${API}${REPO}/check-runs/${id}`,
    html_url: `https://github.com/acme/infra/runs/${id}`,
    details_url: body.details_url ?? null,
    status: body.status,
    conclusion: body.conclusion ?? null,
    started_at: "2025-05-01T10:00:00Z",
    completed_at: body.completed_at ?? null,
    output: { title: (body.output as { title?: string } | undefined)?.title ?? null, summary: null, text: null, annotations_count: 0, annotations_url: "" },
    name: body.name,
    check_suite: { id: 5 },
    app: { id: 1, slug: "github-actions", name: "GitHub Actions" },
    pull_requests: [],
  };
}

function networkRun(fields: Partial<ProjectRun> = {}): ProjectRun {
  return terraformRun("mixed-actions", { project: "network", environment: "prod", dir: "infra/network", ...fields });
}

const DENY: PlanVerdict = { verdict: "deny", reasons: ["`terraform_data.delete_me` is a protected resource", "Replacing `terraform_data.replace_dbc` destroys it first"] };

function context(runs: ProjectRun[], fields: Partial<PublishPlanContext> = {}): PublishPlanContext {
  return { client: testClient(), pr: PR, command: "plan", runs, redactor: new Redactor(), runUrl: RUN_URL, repoRoot: checkout(), botLogin: BOT, ...fields };
}

const bodyOf = (r: Recorded | undefined): Record<string, unknown> => (r?.body ?? {}) as Record<string, unknown>;

describe("publishPlanResults", () => {
  const github = useGitHubApi();

  it("posts the status comment, the review with inline comments on the .tf lines, and the check run", async () => {
    github
      .api()
      .post(`${REPO}/check-runs`)
      .reply(201, (_uri, body) => checkRunResponse(501, body as Record<string, unknown>))
      .get(`${REPO}/issues/42/comments`)
      .query({ per_page: "100" })
      .reply(200, [issueComment(100, "octocat", "/stakpak plan")])
      .post(`${REPO}/issues/42/comments`)
      .reply(201, issueComment(101, BOT, "x"))
      .get(`${REPO}/pulls/42/files`)
      .query({ per_page: "100" })
      .reply(200, prFiles())
      .post(`${REPO}/pulls/42/reviews`)
      .reply(200, reviewResponse(301, "CHANGES_REQUESTED", "x"));

    const verdicts = new Map([["network/prod", DENY]]);
    const nextSteps = new Map([
      ["network/prod", { command: "/stakpak plan -p network -e prod", kind: "plan-again" as const, blocked: "Warden denies this plan, so it cannot be applied: change the pull request so the plan passes the gate (`.stakpak/warden.yml` on the default branch).", missing: [], unknown: [] }],
    ]);
    const result = await publishPlanResults(context([networkRun()], { verdicts, nextSteps }), { comment: true, review: true, checks: true });
    expect(result.failures).toEqual([]);
    expect(result.checkRuns).toEqual([{ key: "network/prod", id: 501, url: "https://github.com/acme/infra/runs/501", conclusion: "action_required" }]);
    expect(result.statusComments).toMatchObject([{ key: "network/prod", created: 1, comments: [{ id: 101, part: 1 }] }]);
    expect(result.review).toEqual({ id: 301, url: "https://github.com/acme/infra/pull/42#pullrequestreview-301", event: "REQUEST_CHANGES", inlineComments: 2, dismissed: 0 });

    const check = bodyOf(github.recorded.find((r) => r.path === `${REPO}/check-runs`));
    expect(check).toMatchObject({ name: "stakpak/plan: network (prod)", head_sha: PR.headSha, status: "completed", conclusion: "action_required", details_url: RUN_URL });
    const output = check.output as { title: string; summary: string; text?: string; annotations: unknown[] };
    expect(output.title).toBe("Denied by Warden · Plan: 1 to destroy, 2 to replace, 6 to change, 2 to add, 1 to import, 1 to move, 1 to forget, 3 output changes");
    expect(output.summary).toContain("**Warden denied this plan:** it will not be applied.");
    // The report is posted once, in the status comment: the check links to it and holds no copy.
    expect(output.summary).toContain("[the status comment](https://github.com/acme/infra/pull/42#issuecomment-101)");
    expect(output.summary).toContain(`[the workflow run](${RUN_URL})`);
    expect(output).not.toHaveProperty("text");
    expect(findStructureProblems(output.summary)).toEqual([]);
    expectGolden("github-check-run-summary.md", output.summary);
    // Annotations go on every located block, in the diff or not.
    expect(output.annotations).toEqual([
      { path: "infra/network/main.tf", start_line: 5, end_line: 5, annotation_level: "warning", title: "This plan replaces 1 resource declared here", message: "replace (destroy, then create): terraform_data.replace_dbc" },
      { path: "infra/network/lb.tf", start_line: 1, end_line: 1, annotation_level: "warning", title: "This plan replaces 1 resource declared here", message: "replace (create, then destroy): terraform_data.replace_cbd" },
    ]);

    const comment = String(bodyOf(github.recorded.find((r) => r.method === "POST" && r.path === `${REPO}/issues/42/comments`)).body);
    expect(parseStatusMarker(comment)).toEqual({ cmd: "plan", project: "network", env: "prod", sha: PR.headSha, part: 1 });
    expect(findStructureProblems(comment)).toEqual([]);
    // The next step is the last section, before the footer.
    expect(comment).toContain("**Next step:** Warden denies this plan, so it cannot be applied:");
    expect(comment.indexOf("**Next step:**")).toBeGreaterThan(comment.indexOf("</details>"));
    expectGolden("github-status-comment.md", comment);

    const review = bodyOf(github.recorded.find((r) => r.path === `${REPO}/pulls/42/reviews`)) as { commit_id: string; event: string; body: string; comments: Array<{ path: string; line: number; side: string; body: string }> };
    expect(review.commit_id).toBe(PR.headSha);
    expect(parseReviewMarker(review.body)).toEqual({ cmd: "plan", sha: PR.headSha, denied: ["network/prod"] });
    expect(review.event).toBe("REQUEST_CHANGES");
    expect(review.comments.map((c) => [c.path, c.line, c.side])).toEqual([
      ["infra/network/main.tf", 10, "LEFT"],
      ["infra/network/main.tf", 5, "RIGHT"],
    ]);
    expect(findStructureProblems(review.body)).toEqual([]);
    expect(findTableProblems(review.body)).toEqual([]);
    // The block outside the diff is listed in the body instead.
    expect(review.body).toContain("| `+/-` replace | `terraform_data.replace_cbd` | `infra/network/lb.tf:1` |");
    // One line per project and environment, linking the status comment that holds the report; no report here.
    expect(review.body).toContain("- ⚠️ **network · prod** · denied by Warden · **Plan: 1 to destroy, 2 to replace, 6 to change, 2 to add, 1 to import, 1 to move, 1 to forget, 3 output changes** · [plan](https://github.com/acme/infra/pull/42#issuecomment-101)");
    expect(review.body).not.toContain("## Plan report");
    expect(review.body).not.toContain("Attribute changes");
    expectGolden("github-review-body.md", review.body);
    expectGolden("github-review-comments.md", review.comments.map((c) => `<!-- ${c.path}:${c.line} (${c.side}) -->\n${c.body}`).join("\n"));
  });

  it("never sends a secret from a run, in any request", async () => {
    const ghp = `ghp_${fake("publish-plan", 36)}`;
    const awsSecret = `wJalrXUtnFEMI/K7MDENG/${fake("aws-secret", 18)}`;
    const leaky = networkRun({ planText: `${networkRun().planText}\n      + token = "${ghp}"\n      + AWS_SECRET_ACCESS_KEY = "${awsSecret}"\n` });
    const failed = failedRun({ error: { summary: `Error: invalid token ${ghp}`, detail: `aws_secret_access_key = ${awsSecret}`, hint: "rotate it" } });
    github
      .api()
      .post(`${REPO}/check-runs`)
      .times(2)
      .reply(201, (_uri, body) => checkRunResponse(502, body as Record<string, unknown>))
      .get(`${REPO}/issues/42/comments`)
      .query(true)
      .times(2)
      .reply(200, [])
      .post(`${REPO}/issues/42/comments`)
      .times(2)
      .reply(201, issueComment(102, BOT, "x"))
      .get(`${REPO}/pulls/42/files`)
      .query(true)
      .reply(200, prFiles())
      .post(`${REPO}/pulls/42/reviews`)
      .reply(200, reviewResponse(302, "COMMENTED", "x"))
      .get(`${REPO}/pulls/42/reviews`)
      .query(true)
      .reply(200, []);
    const result = await publishPlanResults(context([leaky, failed]), { comment: true, review: true, checks: true });
    expect(result.failures).toEqual([]);
    const sent = allBodies(github.recorded);
    for (const secret of [ghp, awsSecret, ...FIXTURE_SECRETS]) expect(sent).not.toContain(secret);
    // The text around them was sent, with placeholders where the secrets were.
    expect(sent).toMatch(/\+ +token = \\"\[\[SECRET:github-pat:[0-9a-f]+\]\]\\"/);
    expect(sent).toContain("Plan failed: Error: invalid token [[SECRET:github-pat:");
  });

  it("edits its own status comment for the commit and hides the one for an older commit", async () => {
    const old = `<!-- stakpak:{"cmd":"plan","project":"network","env":"prod","sha":"fedcba9876543210fedcba9876543210fedcba98"} -->\nold`;
    const current = `<!-- stakpak:{"cmd":"plan","project":"network","env":"prod","sha":"${PR.headSha}"} -->\nbefore the re-plan`;
    github
      .api()
      .post("/graphql")
      .reply(200, { data: { viewer: { login: BOT } } })
      .get(`${REPO}/issues/42/comments`)
      .query(true)
      .reply(200, [issueComment(110, BOT, old), issueComment(111, BOT, current)])
      .patch(`${REPO}/issues/comments/111`)
      .reply(200, issueComment(111, BOT, "x"))
      .post("/graphql")
      .reply(200, { data: { nodes: [{ id: "IC_kwDO110", isMinimized: false }] } })
      .post("/graphql")
      .reply(200, { data: { m0: { minimizedComment: { isMinimized: true } } } });
    const result = await publishPlanResults(context([networkRun()], { botLogin: undefined }), { comment: true, review: false, checks: false });
    expect(result.statusComments).toMatchObject([{ updated: 1, created: 0, minimized: 1, comments: [{ id: 111 }] }]);
  });

  it("keeps a huge plan's status comments under GitHub's limit, split at markdown boundaries", async () => {
    // About 120,000 characters: the whole plan text fits the status comment's budget, in parts.
    const lines = Array.from({ length: 1_400 }, (_, i) => `  # terraform_data.r${i} will be created\n  + resource "terraform_data" "r${i}" {}`);
    const huge = networkRun({ planText: lines.join("\n") });
    const posted: string[] = [];
    github
      .api()
      .get(`${REPO}/issues/42/comments`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/42/comments`)
      .times(10)
      .optionally()
      .reply(201, (_uri, body) => {
        posted.push((body as { body: string }).body);
        return issueComment(200 + posted.length, BOT, "x");
      });
    const result = await publishPlanResults(context([huge]), { comment: true, review: false, checks: false });
    expect(posted.length).toBeGreaterThan(1);
    expect(result.statusComments[0]?.comments).toHaveLength(posted.length);
    for (const [i, body] of posted.entries()) {
      expect(body.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
      expect(findStructureProblems(body)).toEqual([]);
      expect(parseStatusMarker(body)?.part).toBe(i + 1);
    }
    expect(posted[0]).toContain("⚠️ **Plan: 1 to destroy, 2 to replace, 6 to change, 2 to add");
    // The end of the plan and the link to the full one are in the last part.
    expect(posted[posted.length - 1]).toMatch(/\n\+ +resource "terraform_data" "r1399" \{\}/);
    expect(posted[posted.length - 1]).toContain(`[workflow run](${RUN_URL})`);
  });

  it("posts a big redacted report once, in the status comment: the review and the check stay short", async () => {
    const password = "Zq8#pL2!vR4@xT9$";
    const redactor = new Redactor();
    redactor.addKnownValue("DB_PASSWORD", password);
    // About 55,000 characters of plan text: the whole report fits the limit before redaction and
    // passes it after (each 16-character password becomes a 27-character placeholder).
    const run = networkRun({ planText: Array.from({ length: 960 }, (_, i) => `  ~ resource "x" "r${i}" { password = "${password}" }`).join("\n") });
    expect(renderMarkdownReport([run], { maxChars: COMMENT_BODY_LIMIT }).length).toBeLessThan(COMMENT_BODY_LIMIT - 2_000);
    expect(redactor.redact(renderMarkdownReport([run], { maxChars: COMMENT_BODY_LIMIT })).length).toBeGreaterThan(COMMENT_BODY_LIMIT);
    github
      .api()
      .post(`${REPO}/check-runs`)
      .reply(201, (_uri, body) => checkRunResponse(700, body as Record<string, unknown>))
      .get(`${REPO}/pulls/42/files`)
      .query(true)
      .reply(200, prFiles())
      .post(`${REPO}/pulls/42/reviews`)
      .reply(200, reviewResponse(320, "COMMENTED", "x"))
      .get(`${REPO}/pulls/42/reviews`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/42/comments`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/42/comments`)
      .times(5)
      .optionally()
      .reply(201, (_uri, body) => issueComment(330, BOT, (body as { body: string }).body));
    const result = await publishPlanResults(context([run], { redactor }), { comment: true, review: true, checks: true });
    expect(result.failures).toEqual([]);
    const review = bodyOf(github.recorded.find((r) => r.path.endsWith("/reviews") && r.method === "POST")) as { body: string };
    const check = bodyOf(github.recorded.find((r) => r.path.endsWith("/check-runs"))) as { output: { summary: string; text?: string } };
    const comments = github.recorded.filter((r) => r.method === "POST" && r.path.endsWith("/issues/42/comments")).map((r) => String(bodyOf(r).body));
    // The status comment holds the report, in parts, each under the limit after redaction.
    expect(comments.length).toBeGreaterThan(1);
    for (const body of comments) expect(body.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
    expect(comments.join("")).toContain("[[SECRET:DB_PASSWORD:");
    // The review and the check point to it instead of repeating it.
    expect(review.body.length).toBeLessThan(3_000);
    expect(check.output.summary.length).toBeLessThan(CHECK_OUTPUT_LIMIT / 20);
    expect(check.output.text).toBeUndefined();
    expect(review.body).not.toContain("[[SECRET:DB_PASSWORD:");
    expect(findStructureProblems(review.body)).toEqual([]);
    expect(allBodies(github.recorded)).not.toContain(password);
  });

  it("falls back to a comment review when GitHub refuses to request changes on the bot's own pull request", async () => {
    github
      .api()
      .get(`${REPO}/pulls/42/files`)
      .query(true)
      .reply(200, prFiles())
      .post(`${REPO}/pulls/42/reviews`)
      .reply(422, { message: "Unprocessable Entity", errors: ["Review Can not request changes on your own pull request"], documentation_url: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request", status: "422" })
      .post(`${REPO}/pulls/42/reviews`)
      .reply(200, reviewResponse(303, "COMMENTED", "x"));
    const result = await publishPlanResults(context([networkRun()], { verdicts: new Map([["network/prod", DENY]]) }), { comment: false, review: true, checks: false });
    expect(result.review).toMatchObject({ id: 303, event: "COMMENT", inlineComments: 2 });
    const [first, second] = github.recorded.filter((r) => r.path.endsWith("/reviews")).map(bodyOf);
    expect([first?.event, second?.event]).toEqual(["REQUEST_CHANGES", "COMMENT"]);
    expect(second?.body).toBe(first?.body);
  });

  it("moves the inline comments into the body when GitHub refuses their lines", async () => {
    github
      .api()
      .get(`${REPO}/pulls/42/files`)
      .query(true)
      .reply(200, prFiles())
      .post(`${REPO}/pulls/42/reviews`)
      .reply(422, { message: "Unprocessable Entity", errors: ["Line could not be resolved"], documentation_url: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request", status: "422" })
      .post(`${REPO}/pulls/42/reviews`)
      .reply(200, reviewResponse(304, "COMMENTED", "x"))
      .get(`${REPO}/pulls/42/reviews`)
      .query(true)
      .reply(200, []);
    const result = await publishPlanResults(context([networkRun()]), { comment: false, review: true, checks: false });
    expect(result.review).toMatchObject({ id: 304, event: "COMMENT", inlineComments: 0 });
    const retry = bodyOf(github.recorded.filter((r) => r.path.endsWith("/reviews"))[1]) as { body: string; comments: unknown[] };
    expect(retry.comments).toEqual([]);
    for (const address of ["terraform_data.delete_me", "terraform_data.replace_dbc", "terraform_data.replace_cbd"]) expect(retry.body).toContain(`| \`${address}\` |`);
  });

  it("lifts its own earlier change request once Warden no longer denies the plan", async () => {
    github
      .api()
      .get(`${REPO}/pulls/42/files`)
      .query(true)
      .reply(200, prFiles())
      .post(`${REPO}/pulls/42/reviews`)
      .reply(200, reviewResponse(310, "COMMENTED", "x"))
      .get(`${REPO}/pulls/42/reviews`)
      .query({ per_page: "100" })
      .reply(200, [
        reviewResponse(280, "CHANGES_REQUESTED", `${formatReviewMarker({ cmd: "plan", sha: OLD_SHA, denied: ["network/prod"] })}\ndenied`),
        // Denied for a project not planned this time: still stands.
        reviewResponse(281, "CHANGES_REQUESTED", `${formatReviewMarker({ cmd: "plan", sha: OLD_SHA, denied: ["network/prod", "database/staging"] })}\ndenied`),
        // A person's change request, and one of the bot's without a marker: never touched.
        { ...reviewResponse(282, "CHANGES_REQUESTED", `${formatReviewMarker({ cmd: "plan", sha: OLD_SHA, denied: ["network/prod"] })}\nquoted`), user: user("octocat") },
        reviewResponse(283, "CHANGES_REQUESTED", "no marker"),
        reviewResponse(284, "COMMENTED", "older plan"),
        reviewResponse(310, "COMMENTED", "x"),
      ])
      .put(`${REPO}/pulls/42/reviews/280/dismissals`)
      .reply(200, reviewResponse(280, "DISMISSED", "denied"));
    const verdicts = new Map<string, PlanVerdict>([["network/prod", { verdict: "allow", reasons: [] }]]);
    const result = await publishPlanResults(context([networkRun()], { verdicts }), { comment: false, review: true, checks: false });
    expect(result.review).toMatchObject({ id: 310, event: "COMMENT", dismissed: 1 });
    const dismissal = bodyOf(github.recorded.find((r) => r.method === "PUT"));
    expect(dismissal).toEqual({ message: "Superseded by the plan for 0123456: Warden no longer denies it.", event: "DISMISS" });
  });

  it("reports a target it could not publish and still publishes the others", async () => {
    github
      .api()
      .post(`${REPO}/check-runs`)
      .reply(403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/checks/runs#create-a-check-run", status: "403" })
      .get(`${REPO}/issues/42/comments`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/42/comments`)
      .reply(201, issueComment(120, BOT, "x"));
    const result = await publishPlanResults(context([networkRun()]), { comment: true, review: false, checks: true });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ target: "checks", key: "network/prod", error: { status: 403 } });
    expect(result.failures[0]?.error.hint).toContain("checks: write");
    expect(result.statusComments).toHaveLength(1);
  });

  it("reports labels it could not set as their own failure, and the review still links the status comment", async () => {
    github
      .api()
      .get(`${REPO}/issues/42/comments`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/42/comments`)
      .reply(201, issueComment(121, BOT, "x"))
      .get(`${REPO}/pulls/42`)
      .reply(403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/pulls/pulls#get-a-pull-request", status: "403" })
      .get(`${REPO}/pulls/42/files`)
      .query(true)
      .reply(200, prFiles())
      .post(`${REPO}/pulls/42/reviews`)
      .reply(200, reviewResponse(330, "COMMENTED", "x"))
      .get(`${REPO}/pulls/42/reviews`)
      .query(true)
      .reply(200, []);
    const labels = { enabled: true, names: { destroy: "stakpak:destroy" } };
    const result = await publishPlanResults(context([networkRun()], { labels, coversAllProjects: true }), { comment: true, review: true, checks: false, labels: true });
    expect(result.failures.map((f) => [f.target, f.key])).toEqual([["labels", null]]);
    expect(result.labels).toBeNull();
    const review = bodyOf(github.recorded.find((r) => r.path.endsWith("/reviews") && r.method === "POST")) as { body: string };
    expect(review.body).toContain("[plan](https://github.com/acme/infra/pull/42#issuecomment-121)");
  });

  it("gives each project its own check run with the right conclusion", async () => {
    github
      .api()
      .post(`${REPO}/check-runs`)
      .times(4)
      .reply(201, (_uri, body) => checkRunResponse(600, body as Record<string, unknown>));
    const runs = [networkRun(), terraformRun("no-changes", { project: "dns", dir: "infra/dns" }), failedRun(), kubeRun()];
    const verdicts = new Map<string, PlanVerdict>([["network/prod", { verdict: "require_approval", reasons: ["destroys a resource"] }]]);
    const result = await publishPlanResults(context(runs, { verdicts, runUrl: undefined }), { comment: false, review: false, checks: true });
    expect(result.checkRuns.map((c) => [c.key, c.conclusion])).toEqual([
      ["network/prod", "neutral"],
      ["dns", "success"],
      ["database/staging", "failure"],
      ["shop/prod", "neutral"],
    ]);
    const names = github.recorded.map((r) => bodyOf(r).name);
    expect(names).toEqual(["stakpak/plan: network (prod)", "stakpak/plan: dns", "stakpak/plan: database (staging)", "stakpak/plan: shop (prod)"]);
    expect((bodyOf(github.recorded[0]).output as { title: string }).title).toMatch(/^Needs approval · Plan: /);
  });

  it("denied without a details URL fails the check (action_required needs one)", async () => {
    github
      .api()
      .post(`${REPO}/check-runs`)
      .reply(201, (_uri, body) => checkRunResponse(601, body as Record<string, unknown>));
    const result = await publishPlanResults(context([networkRun()], { runUrl: undefined, verdicts: new Map([["network/prod", DENY]]) }), { comment: false, review: false, checks: true });
    expect(result.checkRuns[0]?.conclusion).toBe("failure");
    expect(bodyOf(github.recorded[0])).not.toHaveProperty("details_url");
  });

  it("writes the full redacted report to the job summary", async () => {
    const summary = join(mkdtempSync(join(tmpdir(), "stakpak-summary-")), "step-summary.md");
    writeFileSync(summary, "");
    const previous = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = summary;
    try {
      const ghp = `ghp_${fake("job-summary", 36)}`;
      const result = await publishPlanResults(context([networkRun({ planText: `token = "${ghp}"\n${networkRun().planText}` })]), { comment: false, review: false, checks: false, jobSummary: true });
      expect(result.jobSummary).toMatchObject({ written: true, truncated: false, path: summary });
      const written = readFileSync(summary, "utf8");
      expect(written).toContain("<summary>Full plan</summary>");
      expect(written).toContain("[[SECRET:github-pat:");
      expect(written).not.toContain(ghp);
      expect(github.recorded).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = previous;
    }
  });

  it("does nothing for no runs", async () => {
    expect(await publishPlanResults(context([]), { comment: true, review: true, checks: true })).toEqual({ statusComments: [], review: null, checkRuns: [], jobSummary: null, labels: null, failures: [] });
  });
});
