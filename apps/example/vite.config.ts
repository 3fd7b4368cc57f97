import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist/client", emptyOutDir: true },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:5173",
      "/reference": "http://127.0.0.1:5173",
      "/trpc": "http://127.0.0.1:5173",
    },
  },
});
