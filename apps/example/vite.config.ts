import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      // Until @faultline/core exports its `./reference` subpath, read the module from core's source.
      "@faultline/core/reference": fileURLToPath(
        new URL("../../packages/core/src/reference.ts", import.meta.url),
      ),
    },
  },
  build: { outDir: "dist/client", emptyOutDir: true },
  server: { proxy: { "/api": "http://127.0.0.1:5173", "/reference": "http://127.0.0.1:5173" } },
});
