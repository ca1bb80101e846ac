import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  define: { __STAKPAK_VERSION__: JSON.stringify(version) },
  test: {
    include: ["test/**/*.test.ts"],
    // The default summary, then one plain `N passed, N failed` line for CI log readers.
    reporters: ["default", "./test/support/plain-count-reporter.ts"],
    // Real terraform runs take seconds each; two cores on CI.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
