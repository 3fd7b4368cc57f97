import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "react-query",
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
    testTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ["src/**/*.test-d.{ts,tsx}", "test/**/*.test-d.{ts,tsx}"],
      tsconfig: "./tsconfig.json",
    },
  },
});
