import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real terraform runs take seconds each; two cores on CI.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
