import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkedOutCommit, checkoutPinnedHead } from "../../src/action/checkout-head.js";
import { gitWorkspace } from "./action-harness.js";

const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "-c", "protocol.file.allow=always", ...args], { cwd, encoding: "utf8", stdio: "pipe" }).trim();

describe("checkoutPinnedHead", () => {
  it("fetches the pinned commit by its id when the checkout does not have it, and checks it out", async () => {
    const origin = gitWorkspace({ "a.txt": "1\n" });
    const clone = mkdtempSync(join(tmpdir(), "stakpak-clone-"));
    git(clone, "clone", "-q", "--depth=1", `file://${origin.dir}`, ".");
    const pinned = origin.commit({ "a.txt": "2\n" });
    expect(await checkedOutCommit(clone)).not.toBe(pinned);
    await checkoutPinnedHead(clone, pinned);
    expect(await checkedOutCommit(clone)).toBe(pinned);
  });

  it("refuses a workspace that is not a git checkout, and a commit that does not exist", async () => {
    await expect(checkoutPinnedHead(mkdtempSync(join(tmpdir(), "stakpak-nogit-")), "a".repeat(40))).rejects.toThrow("not a git checkout");
    const ws = gitWorkspace({ "a.txt": "1\n" });
    await expect(checkoutPinnedHead(ws.dir, "a".repeat(40))).rejects.toThrow("cannot fetch the pinned commit aaaaaaa");
    expect(await checkedOutCommit(ws.dir)).toBe(ws.sha);
  });
});
