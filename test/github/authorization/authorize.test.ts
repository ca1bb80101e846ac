import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_AUTHORIZATION_RULES, authorizationRules } from "../../../src/config/authorization-rules.js";
import { authorize, type Actor } from "../../../src/github/authorization/authorize.js";
import { githubRoleLookup, permissionFromResponse, type RoleLookup } from "../../../src/github/authorization/repository-roles.js";
import type { PermissionLevel } from "../../../src/config/role.js";
import { UserError } from "../../../src/user-error.js";

const repository = { owner: "acme", repo: "infra" };
const alice: Actor = { login: "alice", association: "MEMBER" };

/** A lookup that answers from tables and counts the questions. */
function fakeLookup(permissions: Record<string, PermissionLevel | "none">, teams: Record<string, string[]> = {}) {
  const asked: string[] = [];
  const lookup: RoleLookup = {
    repositoryPermission: async (login) => {
      asked.push(`permission ${login}`);
      return permissions[login] ?? "none";
    },
    isTeamMember: async (org, slug, login) => {
      asked.push(`team ${org}/${slug} ${login}`);
      return (teams[`${org}/${slug}`] ?? []).includes(login);
    },
  };
  return { lookup, asked };
}

describe("authorize with the default rules", () => {
  it("lets write access plan but not apply, deploy or unlock", async () => {
    const { lookup } = fakeLookup({ alice: "write" });
    const results = await Promise.all(
      (["plan", "apply", "deploy", "unlock", "review"] as const).map((command) => authorize({ command, actor: alice, repository, rules: DEFAULT_AUTHORIZATION_RULES }, lookup)),
    );
    expect(results.map((r) => r.allowed)).toEqual([true, false, false, false, true]);
    expect(results[0]).toEqual({ allowed: true, reason: "@alice may run `plan`: write (or maintain, admin) permission on the repository", role: "permission:write" });
    expect(results[1]?.reason).toBe("@alice may not run `apply`: it needs maintain (or admin) permission on the repository; @alice has write permission on the repository");
  });

  it("lets maintainers and admins apply", async () => {
    const { lookup } = fakeLookup({ alice: "maintain", bob: "admin" });
    for (const login of ["alice", "bob"]) {
      const result = await authorize({ command: "deploy", actor: { login, association: "MEMBER" }, repository, rules: DEFAULT_AUTHORIZATION_RULES }, lookup);
      expect(result.allowed).toBe(true);
    }
  });

  it("refuses triage, read and no permission to plan", async () => {
    const { lookup } = fakeLookup({ t: "triage", r: "read" });
    for (const login of ["t", "r", "stranger"]) {
      const result = await authorize({ command: "plan", actor: { login, association: "NONE" }, repository, rules: DEFAULT_AUTHORIZATION_RULES }, lookup);
      expect(result.allowed).toBe(false);
    }
  });

  it("lets anyone ask for help without asking GitHub", async () => {
    const { lookup, asked } = fakeLookup({});
    const result = await authorize({ command: "help", actor: { login: "stranger", association: "NONE" }, repository, rules: DEFAULT_AUTHORIZATION_RULES }, lookup);
    expect(result.allowed).toBe(true);
    expect(asked).toEqual([]);
  });
});

describe("authorize with configured rules", () => {
  const rules = authorizationRules({ apply: ["team:platform", "association:OWNER", "permission:admin"], plan: ["association:MEMBER"], unlock: [] });

  it("checks the author association first, with no API call", async () => {
    const { lookup, asked } = fakeLookup({});
    const result = await authorize({ command: "apply", actor: { login: "root", association: "OWNER" }, repository, rules }, lookup);
    expect(result).toMatchObject({ allowed: true, role: "association:OWNER" });
    expect(asked).toEqual([]);
  });

  it("then the permission, then teams of the repository's organization", async () => {
    const { lookup, asked } = fakeLookup({ alice: "write" }, { "acme/platform": ["alice"] });
    const result = await authorize({ command: "apply", actor: alice, repository, rules }, lookup);
    expect(result).toMatchObject({ allowed: true, role: "team:platform" });
    expect(asked).toEqual(["permission alice", "team acme/platform alice"]);
  });

  it("replaces the defaults: a member may plan without write access", async () => {
    const { lookup } = fakeLookup({});
    expect((await authorize({ command: "plan", actor: alice, repository, rules }, lookup)).allowed).toBe(true);
    expect((await authorize({ command: "plan", actor: { login: "x", association: "CONTRIBUTOR" }, repository, rules }, lookup)).allowed).toBe(false);
  });

  it("lets nobody run a command whose list is empty, and says so", async () => {
    const { lookup } = fakeLookup({ alice: "admin" });
    const result = await authorize({ command: "unlock", actor: alice, repository, rules }, lookup);
    expect(result.allowed).toBe(false);
    expect(result.reason).toContain("`authorization.unlock` is an empty list");
  });

  it("names every role that would have allowed it, in the config's order", async () => {
    const { lookup } = fakeLookup({ alice: "maintain" });
    const result = await authorize({ command: "apply", actor: alice, repository, rules }, lookup);
    expect(result.reason).toBe(
      "@alice may not run `apply`: it needs membership of the team `platform`, or author association OWNER, or admin permission on the repository; @alice has maintain permission on the repository",
    );
  });
});

describe("permissionFromResponse", () => {
  it("reads role_name, since the legacy field says write for maintain", () => {
    expect(permissionFromResponse({ permission: "write", role_name: "maintain" })).toBe("maintain");
    expect(permissionFromResponse({ permission: "read", role_name: "triage" })).toBe("triage");
  });

  it("falls back on the legacy base permission for a custom role", () => {
    expect(permissionFromResponse({ permission: "write", role_name: "deployer" })).toBe("write");
    expect(permissionFromResponse({ permission: "none", role_name: "nobody" })).toBe("none");
  });
});

describe("githubRoleLookup through the REST API", () => {
  const API = "https://api.github.com";
  const client = new Octokit({ auth: "ghs_test" });

  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });

  it("asks for the permission once per user and reads 404 as none", async () => {
    nock(API).get("/repos/acme/infra/collaborators/alice/permission").once().reply(200, { permission: "write", role_name: "maintain", user: { login: "alice" } });
    nock(API).get("/repos/acme/infra/collaborators/ghost/permission").reply(404, { message: "Not Found" });
    const lookup = githubRoleLookup(client, repository);
    expect(await lookup.repositoryPermission("alice")).toBe("maintain");
    expect(await lookup.repositoryPermission("alice")).toBe("maintain");
    expect(await lookup.repositoryPermission("ghost")).toBe("none");
  });

  it("counts only active team members; 404 is not a member", async () => {
    nock(API).get("/orgs/acme/teams/platform/memberships/alice").reply(200, { state: "active", role: "member" });
    nock(API).get("/orgs/acme/teams/platform/memberships/bob").reply(200, { state: "pending", role: "member" });
    nock(API).get("/orgs/acme/teams/platform/memberships/carol").reply(404, { message: "Not Found" });
    const lookup = githubRoleLookup(client, repository);
    expect(await lookup.isTeamMember("acme", "platform", "alice")).toBe(true);
    expect(await lookup.isTeamMember("acme", "platform", "bob")).toBe(false);
    expect(await lookup.isTeamMember("acme", "platform", "carol")).toBe(false);
  });

  it("explains a 403 on team membership: the App lacks Members: read", async () => {
    nock(API).get("/orgs/acme/teams/platform/memberships/alice").reply(403, { message: "Resource not accessible by integration" });
    const error = await githubRoleLookup(client, repository).isTeamMember("acme", "platform", "alice").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).hint).toContain("Members: read");
  });

  it("throws other failures instead of reading them as a no", async () => {
    nock(API).get("/repos/acme/infra/collaborators/alice/permission").reply(401, { message: "Bad credentials" });
    await expect(githubRoleLookup(client, repository).repositoryPermission("alice")).rejects.toMatchObject({ status: 401 });
  });
});
