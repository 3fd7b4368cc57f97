import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const read = (file: string) => readFileSync(join(root, file), "utf8");

/** Names a module exports, read from its source (types included). */
const exportedNames = (source: string): string[] => {
  const names = new Set<string>();
  for (const [, list] of source.matchAll(/export (?:type )?\{([^}]*)\}/g))
    for (const item of (list ?? "").split(",")) {
      const name = item.trim().replace(/^type /, "");
      if (name !== "") names.add(name);
    }
  for (const [, name] of source.matchAll(/^export (?:const|type|interface|function|class) (\w+)/gm))
    if (name) names.add(name);
  return [...names].sort();
};

/** Names the README's exports table lists for an entry. */
const listed = (readme: string, effect: boolean): string[] => {
  const table = readme.slice(readme.indexOf("## Exports"), readme.indexOf("## Redaction"));
  const rows = table.split("\n").filter((line) => line.startsWith("| `"));
  const names = new Set<string>();
  for (const row of rows) {
    if (row.includes("@faultline/core/effect") !== effect) continue;
    const cell = row.split("|")[1] ?? "";
    for (const [, name] of cell.matchAll(/`([\w]+)`/g)) if (name) names.add(name);
  }
  return [...names].sort();
};

describe("the README's exports table lists exactly what is exported", () => {
  it("main entry", () => {
    expect(listed(read("README.md"), false)).toEqual(exportedNames(read("src/index.ts")));
  });
  it("effect entry", () => {
    expect(listed(read("README.md"), true)).toEqual(exportedNames(read("src/effect.ts")));
  });
});
