import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // Loading GitHub's OpenAPI description once per worker is the slow part of a run.
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
