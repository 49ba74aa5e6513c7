import { defineConfig } from "vitest/config";

// Tests import workspace packages through their "source" export condition, so no build is needed
// to run them; the CLI end-to-end tests use the built `pyjc` binary (scripts/test.sh builds first).
export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    include: ["packages/*/test/**/*.test.ts", "bench/test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
