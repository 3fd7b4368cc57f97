import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "example",
    include: ["server/**/*.test.ts", "e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The e2e tests wait for one of a few tabs (e2e/example.test.ts), so this bounds queued tests, not tabs.
    maxConcurrency: 16,
  },
});
