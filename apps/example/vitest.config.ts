import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  resolve: {
    alias: {
      // Until @faultline/core exports its `./reference` subpath (see vite.config.ts).
      "@faultline/core/reference": fileURLToPath(
        new URL("../../packages/core/src/reference.ts", import.meta.url),
      ),
    },
  },
  test: {
    name: "example",
    include: ["server/**/*.test.ts", "e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
