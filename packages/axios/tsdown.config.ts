import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: false,
  clean: true,
  platform: "neutral",
  target: "es2022",
  deps: { neverBundle: [/^axios/, /^effect/, /^@faultline\/core/] },
});
