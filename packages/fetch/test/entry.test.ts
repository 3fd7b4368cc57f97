import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");

/** Every module specifier a built file imports, following relative chunks. */
const importsOf = (file: string, seen = new Set<string>()): Set<string> => {
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const [, spec] of text.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gm)) {
    if (spec === undefined) continue;
    if (spec.startsWith(".")) for (const s of importsOf(join(dirname(file), spec), seen)) out.add(s);
    else out.add(spec);
  }
  return out;
};

describe.skipIf(!existsSync(join(dist, "index.js")))("built entry points", () => {
  it("the Promise entry imports only @faultline/core (no Effect runtime of its own)", () => {
    expect([...importsOf(join(dist, "index.js"))]).toEqual(["@faultline/core"]);
  });

  it("the Effect entry imports effect and core's Effect helpers", () => {
    const imports = importsOf(join(dist, "effect.js"));
    expect(imports).toContain("@faultline/core/effect");
    expect([...imports].some((s) => s.startsWith("effect/"))).toBe(true);
  });
});
