import { describe, expect, it } from "vitest";
import { ROLE_KINDS, describeRole, formatRole, parseRole, permissionAtLeast } from "../../src/config/role.js";

describe("role kinds", () => {
  for (const kind of ROLE_KINDS) {
    it.each(kind.examples.valid.map((t) => [t]))(`${kind.kind} accepts %s`, (text) => {
      const parsed = parseRole(text);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.role.kind).toBe(kind.kind);
    });
    it.each(kind.examples.invalid.map((t) => [t]))(`${kind.kind} rejects %s with a hint`, (text) => {
      const parsed = parseRole(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.hint).toMatch(/\S/);
    });
  }

  it("rejects text that names no kind, suggesting the kinds", () => {
    const parsed = parseRole("maintainers");
    expect(parsed).toMatchObject({ ok: false, problem: "`maintainers` is not a role" });
    if (!parsed.ok) expect(parsed.hint).toContain("permission:");
  });

  it("normalizes how a role is written", () => {
    const roles = ["permission:Admin", "team:Acme/Platform", "association:member"].map((t) => {
      const p = parseRole(t);
      if (!p.ok) throw new Error(p.problem);
      return formatRole(p.role);
    });
    expect(roles).toEqual(["permission:admin", "team:Acme/platform", "association:MEMBER"]);
  });

  it("orders permissions: admin > maintain > write > triage > read, none below all", () => {
    expect(permissionAtLeast("admin", "maintain")).toBe(true);
    expect(permissionAtLeast("maintain", "maintain")).toBe(true);
    expect(permissionAtLeast("write", "maintain")).toBe(false);
    expect(permissionAtLeast("triage", "write")).toBe(false);
    expect(permissionAtLeast("none", "read")).toBe(false);
  });

  it("describes a role for a reply", () => {
    expect(describeRole({ kind: "permission", level: "write" })).toBe("write (or maintain, admin) permission on the repository");
    expect(describeRole({ kind: "team", org: undefined, slug: "platform" })).toBe("membership of the team `platform`");
  });
});
