import { afterEach, describe, expect, it } from "vitest";
import { commitFiles } from "../../src/github/commit-files.js";
import { FakeGitHubApi } from "../support/fake-github-api.js";
import { testClient } from "./github-api-mock.js";

let api: FakeGitHubApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function repo(): Promise<{ api: FakeGitHubApi; main: string }> {
  api = await new FakeGitHubApi().start();
  const main = api.git.seedBranch("main", { "infra/staging/main.tf": 'resource "terraform_data" "network" {}\n', "README.md": "# infra\n" });
  return { api, main };
}

describe("commitFiles through the Git database API", () => {
  it("creates a branch from a commit with the files changed, added and deleted", async () => {
    const { api, main } = await repo();
    const result = await commitFiles(testClient(`${api.url}`), {
      owner: "acme",
      repo: "infra",
      branch: "stakpak/12-access-logs",
      startFrom: main,
      message: "staging: access logs",
      files: [
        { path: "infra/staging/logs.tf", content: 'resource "terraform_data" "logs" {}\n' },
        { path: "README.md", content: null },
      ],
    });
    expect(result).toMatchObject({ branch: "stakpak/12-access-logs", created: true });
    expect(api.git.refs.get("heads/stakpak/12-access-logs")).toBe(result.sha);
    expect(api.git.filesAt("stakpak/12-access-logs")).toEqual({
      "infra/staging/main.tf": 'resource "terraform_data" "network" {}\n',
      "infra/staging/logs.tf": 'resource "terraform_data" "logs" {}\n',
    });
    expect(api.git.commit(result.sha)).toMatchObject({ parents: [main], message: "staging: access logs" });
    // main is untouched.
    expect(api.git.refs.get("heads/main")).toBe(main);
  });

  it("commits on top of a branch that moved meanwhile, never over it (422 not a fast forward, then retry)", async () => {
    const { api, main } = await repo();
    api.git.seedBranch("feature", { "infra/staging/main.tf": "# feature\n" }, main);
    let pushed = false;
    // Someone pushes to the branch between our read of its head and our ref update.
    api.onRequest = (request) => {
      if (!pushed && request.method === "POST" && request.path.endsWith("/git/commits")) {
        pushed = true;
        const head = api.git.refs.get("heads/feature")!;
        const theirs = api.git.seedBranch("their-push", { "infra/staging/main.tf": "# feature\n", "theirs.md": "theirs\n" }, head);
        api.git.refs.set("heads/feature", theirs);
      }
    };
    const result = await commitFiles(testClient(api.url), { owner: "acme", repo: "infra", branch: "feature", message: "agent: logs", files: [{ path: "logs.tf", content: "# logs\n" }], backoffMs: () => 1 });
    const refused = api.calls("PATCH", /\/git\/refs\/heads\/feature$/).filter((r) => r.status === 422);
    expect(refused).toHaveLength(1);
    expect(api.git.refs.get("heads/feature")).toBe(result.sha);
    // Their file and ours are both there: nothing was lost.
    expect(api.git.filesAt("feature")).toMatchObject({ "theirs.md": "theirs\n", "logs.tf": "# logs\n" });
  });

  it("gives up after the attempts with the API's error", async () => {
    const { api, main } = await repo();
    api.git.seedBranch("busy", {}, main);
    api.onRequest = (request) => {
      if (request.method === "POST" && request.path.endsWith("/git/commits")) {
        const head = api.git.refs.get("heads/busy")!;
        api.git.refs.set("heads/busy", api.git.seedBranch(`push-${api.requests.length}`, {}, head));
      }
    };
    await expect(commitFiles(testClient(api.url), { owner: "acme", repo: "infra", branch: "busy", message: "m", files: [{ path: "a.tf", content: "a" }], attempts: 2, backoffMs: () => 1 })).rejects.toMatchObject({ status: 422 });
  });
});
