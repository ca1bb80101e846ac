import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  acquireLock,
  lockLabelDescription,
  lockLabelName,
  parseLockLabel,
  releasePullRequestLocks,
} from "../../../src/github/commands/lock-labels.js";

const API = "https://api.github.com";
const repository = { owner: "acme", repo: "infra" };
const holder = { pullNumber: 42, headSha: "3f9c2a7d1e8b4c6f0a5d9e2b7c4f1a8d6e3b0c95", login: "alice" };

describe("lock labels", () => {
  it("name the project and environment, within GitHub's 50 characters", () => {
    expect(lockLabelName({ project: "network", env: "production" })).toBe("stakpak-lock/network/production");
    expect(lockLabelName({ project: "network", env: null })).toBe("stakpak-lock/network");
    const long = lockLabelName({ project: "payments-service-primary-database", env: "production-eu-west-1" });
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long).toMatch(/^stakpak-lock\/payments-service-primar.*~[0-9a-f]{10}$/);
    expect(lockLabelName({ project: "payments-service-primary-database", env: "production-eu-west-2" })).not.toBe(long);
  });

  it("read back: holder from the description, key from the name or (when hashed) the description", () => {
    const key = { project: "payments-service-primary-database", env: "production-eu-west-1" };
    const description = lockLabelDescription(key, holder);
    expect(description).toBe("PR #42 · payments-service-primary-database/production-eu-west-1 · 3f9c2a7 · @alice");
    expect(parseLockLabel({ name: lockLabelName(key), description })).toEqual({
      label: lockLabelName(key),
      key,
      holder: { pullNumber: 42, headSha: "3f9c2a7", login: "alice" },
    });
    expect(parseLockLabel({ name: "bug", description: "PR #42" })).toBeUndefined();
    // Label names are case-insensitive on GitHub: a renamed-case lock label is still the lock.
    expect(parseLockLabel({ name: "Stakpak-Lock/network/production", description: "PR #7 · network/production" })).toMatchObject({ key: { project: "network", env: "production" }, holder: { pullNumber: 7 } });
  });

  it("keep descriptions within 100 characters, dropping the login and commit first", () => {
    const key = { project: "p".repeat(40), env: "e".repeat(40) };
    const description = lockLabelDescription(key, { ...holder, login: "l".repeat(39) });
    expect(description.length).toBeLessThanOrEqual(100);
    expect(description.startsWith(`PR #42 · ${"p".repeat(40)}/${"e".repeat(40)}`)).toBe(true);
  });
});

describe("taking and releasing locks through the API", () => {
  const client = new Octokit({ auth: "ghs_test" });
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });

  it("takes a free lock by creating its label, then marks the pull request", async () => {
    const bodies: unknown[] = [];
    nock(API)
      .post("/repos/acme/infra/labels", (b) => (bodies.push(b), true))
      .reply(201, {});
    nock(API)
      .post("/repos/acme/infra/issues/42/labels", (b) => (bodies.push(b), true))
      .reply(200, []);
    const result = await acquireLock(client, repository, { project: "network", env: "production" }, holder);
    expect(result).toEqual({ acquired: true, label: "stakpak-lock/network/production" });
    expect(bodies).toEqual([
      { name: "stakpak-lock/network/production", color: "b60205", description: "PR #42 · network/production · 3f9c2a7 · @alice" },
      { labels: ["stakpak-lock/network/production"] },
    ]);
  });

  it("refuses a lock another pull request holds (the create is atomic: 422)", async () => {
    nock(API).post("/repos/acme/infra/labels").reply(422, { message: "Validation Failed", errors: [{ resource: "Label", code: "already_exists", field: "name" }] });
    nock(API)
      .get("/repos/acme/infra/labels/stakpak-lock%2Fnetwork%2Fproduction")
      .reply(200, { name: "stakpak-lock/network/production", description: "PR #7 · network/production · 0a0a0a0 · @bob" });
    const result = await acquireLock(client, repository, { project: "network", env: "production" }, holder);
    expect(result).toEqual({ acquired: false, label: "stakpak-lock/network/production", heldBy: { pullNumber: 7, headSha: "0a0a0a0", login: "bob" } });
  });

  it("takes again a lock the same pull request holds, with the new commit", async () => {
    nock(API).post("/repos/acme/infra/labels").reply(422, { message: "Validation Failed" });
    nock(API)
      .get("/repos/acme/infra/labels/stakpak-lock%2Fnetwork")
      .reply(200, { name: "stakpak-lock/network", description: "PR #42 · network · 1111111 · @alice" });
    nock(API).patch("/repos/acme/infra/labels/stakpak-lock%2Fnetwork", { description: "PR #42 · network · 3f9c2a7 · @alice" }).reply(200, {});
    nock(API).post("/repos/acme/infra/issues/42/labels").reply(200, []);
    expect(await acquireLock(client, repository, { project: "network", env: null }, holder)).toMatchObject({ acquired: true });
  });

  it("unlock releases this pull request's locks across pages, filtered by project, and tolerates one already gone", async () => {
    const page1 = Array.from({ length: 100 }, (_, i): { name: string; description: string | null } => ({ name: `team-${i}`, description: null }));
    page1[5] = { name: "stakpak-lock/network/staging", description: "PR #42 · network/staging · 3f9c2a7 · @alice" };
    nock(API).get("/repos/acme/infra/labels").query({ per_page: 100, page: 1 }).reply(200, page1);
    nock(API)
      .get("/repos/acme/infra/labels")
      .query({ per_page: 100, page: 2 })
      .reply(200, [
        { name: "stakpak-lock/network/production", description: "PR #42 · network/production · 3f9c2a7 · @alice" },
        { name: "stakpak-lock/dns/production", description: "PR #42 · dns/production · 3f9c2a7 · @alice" },
        { name: "stakpak-lock/network/qa", description: "PR #9 · network/qa · 3f9c2a7 · @carol" },
      ]);
    nock(API).delete("/repos/acme/infra/labels/stakpak-lock%2Fnetwork%2Fstaging").reply(204);
    nock(API).delete("/repos/acme/infra/labels/stakpak-lock%2Fnetwork%2Fproduction").reply(404, { message: "Not Found" });
    const released = await releasePullRequestLocks(client, repository, 42, { project: "network" });
    expect(released.map((l) => l.label)).toEqual(["stakpak-lock/network/staging", "stakpak-lock/network/production"]);
  });
});
