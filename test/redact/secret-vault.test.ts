import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { keyedHmac } from "../../src/redact/keyed-hmac.js";
import { SecretVault } from "../../src/redact/secret-vault.js";
import { isUserError } from "../../src/user-error.js";

describe("SecretVault", () => {
  it("gives the same secret the same placeholder, and different ones different placeholders", () => {
    const vault = new SecretVault();
    const a = vault.placeholderFor("github-pat", "value-a");
    expect(vault.placeholderFor("github-pat", "value-a")).toBe(a);
    expect(vault.placeholderFor("github-pat", "value-b")).not.toBe(a);
    expect(a).toMatch(/^\[\[SECRET:github-pat:[0-9a-f]{4}\]\]$/);
  });

  it("reveals nothing: another run gives the same value another placeholder", () => {
    const a = new SecretVault().placeholderFor("generic-password", "hunter22");
    const b = new SecretVault().placeholderFor("generic-password", "hunter22");
    // 1 in 65,536 that two random keys agree on 4 hex digits; the value never appears.
    expect(a).not.toBe(b);
    expect(a).not.toContain("hunter");
  });

  it("lengthens a placeholder when four hex digits collide, and still restores every value exactly", () => {
    const vault = new SecretVault();
    const values = Array.from({ length: 3000 }, (_, i) => `secret-value-${i}`);
    const placeholders = values.map((v) => vault.placeholderFor("rule", v));
    expect(new Set(placeholders).size).toBe(values.length);
    // 3,000 values over 65,536 four-digit codes collide many times over (birthday bound).
    expect(placeholders.some((p) => p.length > "[[SECRET:rule:abcd]]".length)).toBe(true);
    values.forEach((v, i) => expect(vault.restore(placeholders[i]!)).toBe(v));
  });

  it("restores argv, env and files just before a command runs", async () => {
    const vault = new SecretVault();
    const token = vault.placeholderFor("github-pat", "ghp_realvalue");
    expect(vault.restoreArgs(["gh", "auth", "login", `--with-token=${token}`])).toEqual(["gh", "auth", "login", "--with-token=ghp_realvalue"]);
    expect(vault.restoreEnv({ GH_TOKEN: token, HOME: "/root", UNSET: undefined })).toEqual({ GH_TOKEN: "ghp_realvalue", HOME: "/root" });
    const dir = mkdtempSync(join(tmpdir(), "stakpak-vault-"));
    const file = join(dir, "provider.tf");
    writeFileSync(file, `token = "${token}"\n`);
    const restored = await vault.restoreFiles([file], { workspace: dir });
    expect(readFileSync(file, "utf8")).toBe('token = "ghp_realvalue"\n');
    await restored.putBack();
    expect(readFileSync(file, "utf8")).toBe(`token = "${token}"\n`);
    expect([...vault.releasedValues().keys()]).toEqual(["ghp_realvalue"]);
  });

  it("refuses a placeholder it never issued, with a clear error", () => {
    const vault = new SecretVault();
    let caught: unknown;
    try {
      vault.restoreArgs(["echo", "[[SECRET:github-pat:abcd]]"]);
    } catch (err) {
      caught = err;
    }
    expect(isUserError(caught)).toBe(true);
    expect((caught as Error).message).toContain("[[SECRET:github-pat:abcd]]");
    expect((caught as { where: string }).where).toBe("argument 1");
  });
});

describe("keyedHmac", () => {
  it("is HMAC-SHA256 as node's Hmac computes it", () => {
    const key = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) & 0x7f));
    const mac = keyedHmac(key);
    for (const value of ["", "alpha", "ghp_0123456789abcdefghij", "pässwörd ✓"]) {
      expect(mac(value)).toBe(createHmac("sha256", key).update(value, "utf8").digest("hex"));
    }
  });

  it("refuses a key it cannot use as one ASCII block", () => {
    expect(() => keyedHmac(Buffer.alloc(32))).toThrow(/64 bytes/);
    expect(() => keyedHmac(Buffer.alloc(64, 0x80))).toThrow(/below 0x80/);
  });
});
