import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts", "src/effect.ts", "src/reference.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: false,
  clean: true,
  unbundle: true,
  platform: "neutral",
  target: "es2022",
  deps: { neverBundle: [/^effect/, /^ts-pattern/] },
});
