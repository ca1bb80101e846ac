import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createWarden } from "../../src/warden/warden.js";

// Decisions only: nothing here runs the commands it judges.

function workspaceWithLinks(): string {
  const root = mkdtempSync(join(tmpdir(), "stakpak-links-"));
  const outside = mkdtempSync(join(tmpdir(), "stakpak-outside-"));
  mkdirSync(join(root, "build"));
  symlinkSync("/etc", join(root, "etc-link"));
  symlinkSync(join(root, "build"), join(root, "build-link"));
  symlinkSync(outside, join(root, "scratch"));
  return root;
}

describe("paths are judged by where existing symbolic links point", () => {
  it("treats a link inside the workspace that points outside as outside", async () => {
    const root = workspaceWithLinks();
    const warden = await createWarden({ workspace: root });
    expect(warden.check("rm -rf etc-link/").decision).toBe("deny");
    expect(warden.check("echo x > etc-link/motd").decision).toBe("deny");
    expect(warden.check("touch etc-link/new-file").decision).toBe("require_approval");
    // A link to a place inside the workspace (or a temp dir) stays local.
    expect(warden.check("rm -rf build-link/").decision).toBe("allow");
    expect(warden.check("rm -rf scratch/cache").decision).toBe("allow");
  });

  it("can be judged lexically instead", async () => {
    const root = workspaceWithLinks();
    const lexical = await createWarden({ workspace: root, followSymlinks: false });
    expect(lexical.check("rm -rf etc-link/").decision).toBe("allow");
  });

  it("recognises the workspace under either spelling of a linked path", async () => {
    const real = mkdtempSync(join(tmpdir(), "stakpak-real-"));
    mkdirSync(join(real, "src"));
    const alias = join(mkdtempSync(join(tmpdir(), "stakpak-alias-")), "repo");
    symlinkSync(real, alias);
    const warden = await createWarden({ workspace: alias });
    expect(warden.check(`rm -rf ${alias}/src`).decision).toBe("allow");
    expect(warden.check(`rm -rf ${real}/src`).decision).toBe("allow");
    expect(warden.check(`rm -rf ${alias}`).decision).toBe("deny");
  });
});
