import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "example",
    include: ["server/**/*.test.ts", "e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
