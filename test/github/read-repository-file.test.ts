import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOctokit } from "../../src/github/create-octokit.js";
import { readRepositoryDirectory, readRepositoryFile } from "../../src/github/read-repository-file.js";
import { FakeGitHubApi } from "../support/fake-github-api.js";

describe("reading the default branch through the contents API", () => {
  let api: FakeGitHubApi;
  beforeEach(async () => {
    api = await new FakeGitHubApi().start();
  });
  afterEach(async () => api.close());
  const client = () => createOctokit({ token: "ghs_test", baseUrl: api.url, secondMs: 1, paceWrites: false, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
  const repo = { owner: "acme", repo: "infra" };

  it("reads a directory's files (one level, filtered), and nothing for a missing one", async () => {
    api.state.contents.set("main:.stakpak/rulebooks/s3.md", "---\nid: s3\n---\nBuckets are private.\n");
    api.state.contents.set("main:.stakpak/rulebooks/tags.md", "---\nid: tags\n---\nTag everything.\n");
    api.state.contents.set("main:.stakpak/rulebooks/README.txt", "not a rulebook");
    api.state.contents.set("main:.stakpak/rulebooks/old/x.md", "in a subdirectory");
    api.state.contents.set("feature:.stakpak/rulebooks/evil.md", "from a pull request's branch");
    const files = await readRepositoryDirectory(client(), repo, ".stakpak/rulebooks", "main", (name) => name.endsWith(".md"));
    expect(files).toEqual([
      { path: ".stakpak/rulebooks/s3.md", text: "---\nid: s3\n---\nBuckets are private.\n" },
      { path: ".stakpak/rulebooks/tags.md", text: "---\nid: tags\n---\nTag everything.\n" },
    ]);
    expect(await readRepositoryDirectory(client(), repo, ".stakpak/nothing", "main")).toEqual([]);
    expect(await readRepositoryFile(client(), repo, ".stakpak/rulebooks/s3.md", "feature")).toBeUndefined();
  });
});
