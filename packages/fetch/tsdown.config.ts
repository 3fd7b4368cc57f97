import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts", "src/effect.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: false,
  clean: true,
  platform: "neutral",
  target: "es2022",
  deps: { neverBundle: [/^effect/, /^ts-pattern/, /^@faultline\/core/] },
});
