import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";

it("the README's example is the one typecheck compiles", async () => {
  const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
  const example = await readFile(new URL("./readme-example.tsx", import.meta.url), "utf8");
  const code = example.split("\n").slice(1).join("\n").trim();
  expect(code.length).toBeGreaterThan(200);
  expect(readme).toContain(code);
});
