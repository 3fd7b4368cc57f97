/**
 * What a user's bundler keeps of the built package (`dist/`, so run `build` first; `pnpm test`
 * does). Each case bundles a small entry the way an app would, with esbuild (and rolldown, Vite's
 * bundler, where the two differ), `effect` and `ts-pattern` left external so that only our code is
 * looked at. Sizes are printed by the bench (`tooling/bench`, section 2); this file checks what
 * must not be there at all.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { rolldown } from "rolldown";
import { beforeAll, describe, expect, it } from "vitest";

const dist = join(import.meta.dirname, "../dist");
const index = join(dist, "index.js");
const external = [/^effect(\/|$)/, /^ts-pattern$/];

/** The minified esbuild bundle of `source`, in which `@faultline/core` is this package's dist. */
const esbuildBundle = async (source: string): Promise<string> => {
  const out = await build({
    stdin: { contents: source, resolveDir: dist, loader: "js" },
    alias: { "@faultline/core": index },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    external: ["effect", "effect/*", "ts-pattern"],
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]?.text ?? "";
};

/** The same through rolldown (Vite 8's bundler), unminified. */
const rolldownBundle = async (source: string): Promise<string> => {
  const bundle = await rolldown({
    input: "entry",
    external,
    logLevel: "silent",
    plugins: [
      {
        name: "entry",
        resolveId: (id) => (id === "entry" ? id : id === "@faultline/core" ? index : null),
        load: (id) => (id === "entry" ? source : null),
      },
    ],
  });
  const { output } = await bundle.generate({ format: "esm" });
  await bundle.close();
  return output[0].code;
};

// Markers of the pieces a small import must not drag in.
const errorClasses = "YieldableError"; // the ApiError classes (their Effect protocol)
const standardCodes = "INSUFFICIENT_BALANCE"; // the standard catalog's table
const catalogCode = "SHOULD_BE_DROPPED"; // a user's catalog, below

beforeAll(() => {
  if (!existsSync(index)) throw new Error("build @faultline/core first (dist/index.js is missing)");
});

describe("tree shaking of the built package", () => {
  it("keeps nothing for an import of nothing", async () => {
    expect(await esbuildBundle('import "@faultline/core";')).toBe("");
  });

  it("keeps neither the standard catalog nor encode or retry in a decode-only bundle", async () => {
    const code = await esbuildBundle(
      'import { decode } from "@faultline/core"; console.log(decode({ status: 404 }));',
    );
    expect(code).toContain(errorClasses);
    expect(code).not.toContain(standardCodes);
    expect(code).not.toContain("Idempotency-Key"); // retry
    expect(code).not.toContain("application/problem+json"); // encode
  });

  it("drops the standard catalog when it is imported but not used", async () => {
    const code = await esbuildBundle(
      'import { decode, standardCatalog } from "@faultline/core"; console.log(decode({ status: 404 }));',
    );
    expect(code).not.toContain(standardCodes);
  });

  it.each([
    ["isRetryableStatus", "isRetryableStatus(503)"],
    ["statusTitle", "statusTitle(503)"],
    ["redactText", 'redactText("x")'],
    ["redactHeaders", "redactHeaders({})"],
    ["parseRateLimit", "parseRateLimit(new Map())"],
    ["retryAfterFromHeaders", "retryAfterFromHeaders(new Map())"],
    ["parseDuration", 'parseDuration("2s")'],
    ["REDACTED", "REDACTED"],
  ])("a helper (%s) comes without the error classes", async (name, call) => {
    const code = await esbuildBundle(`import { ${name} } from "@faultline/core"; console.log(${call});`);
    expect(code).not.toBe("");
    expect(code).not.toContain(errorClasses);
    expect(code).not.toContain(standardCodes);
  });

  // A catalog a module defines and nothing reads. The published `defineCatalog` and `details` carry
  // `/* @__NO_SIDE_EFFECTS__ */`, which rollup and rolldown (Vite) honour across modules; esbuild
  // honours it only inside the module that declares the function (evanw/esbuild#4369), so with
  // esbuild the call site needs `/* @__PURE__ */`, as the doc comment of `defineCatalog` says.
  const unusedCatalog = (annotation: string) => `import { defineCatalog, details } from "@faultline/core";
const unused = ${annotation}defineCatalog({
  ${catalogCode}: { status: 402, title: "Dropped", details: ${annotation}details({ required: "string" }) },
});
console.log("app");
`;

  it("marks defineCatalog and details free of side effects in the published code", () => {
    const catalog = readFileSync(join(dist, "Catalog.js"), "utf8");
    expect(catalog).toMatch(/const defineCatalog = \/\* @__NO_SIDE_EFFECTS__ \*\//);
    expect(catalog).toMatch(/const details = \/\* @__NO_SIDE_EFFECTS__ \*\//);
  });

  it("drops an unused catalog with rolldown, with no annotation at the call", async () => {
    const code = await rolldownBundle(unusedCatalog(""));
    expect(code).toContain('"app"');
    expect(code).not.toContain(catalogCode);
    expect(code).not.toContain("defineCatalog");
  });

  it("drops an unused catalog with esbuild when the call is marked pure", async () => {
    const code = await esbuildBundle(unusedCatalog("/* @__PURE__ */ "));
    expect(code).toBe('console.log("app");\n');
  });
});
