/**
 * Faultline's errors are Effects without the Promise entries importing Effect (see
 * `src/internal/yieldable.ts`). Each case runs the built package (`dist/`) in a fresh Node process,
 * so that which modules were imported, and whether the runtime offers `process.getBuiltinModule`,
 * is exactly what the case says.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";

const pkg = join(import.meta.dirname, "..");
const dist = join(pkg, "dist");

beforeAll(() => {
  if (!existsSync(join(dist, "index.js"))) throw new Error("build @faultline/core first (dist/ is missing)");
});

/** Runs an ES module placed in the package folder (so `@faultline/core` and `effect` resolve). */
const run = (name: string, source: string): { code: number | null; out: string } => {
  const file = join(pkg, `.bridge-${name}.tmp.mjs`);
  writeFileSync(file, source);
  try {
    const result = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 30_000 });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(file, { force: true });
  }
};

const program = `
import { Cause, Effect, Exit } from "effect";
const gen = Effect.gen(function* () {
  yield* new NotFoundError({ code: "NOT_FOUND", message: "No such user" });
  return "unreachable";
});
const caught = await Effect.runPromise(gen.pipe(Effect.catchTag("NotFound", (e) => Effect.succeed("caught " + e.code))));
const viaFlatMap = await Effect.runPromise(
  Effect.flatMap(Effect.succeed(1), () => new NotFoundError({ code: "GONE" })).pipe(
    Effect.catchTag("NotFound", (e) => Effect.succeed("flatMap " + e.code)),
  ),
);
const exit = await Effect.runPromiseExit(gen);
const failure = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined;
console.log(JSON.stringify({
  caught, viaFlatMap, isEffect: Effect.isEffect(new NotFoundError()),
  failedWithIt: failure instanceof NotFoundError,
  pretty: Exit.isFailure(exit) ? Cause.pretty(exit.cause).split("\\n")[0] : "",
}));
`;

const expected = {
  caught: "caught NOT_FOUND",
  viaFlatMap: "flatMap GONE",
  isEffect: true,
  failedWithIt: true,
  pretty: "NotFound: No such user",
};

describe("errors are Effects", () => {
  it("with only @faultline/core imported, on a runtime with process.getBuiltinModule (Node)", () => {
    const { code, out } = run("node", `import { NotFoundError } from "@faultline/core";\n${program}`);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(expected);
  });

  it("after importing @faultline/core/effect, on a runtime without process.getBuiltinModule", () => {
    const { code, out } = run(
      "registered",
      `delete process.getBuiltinModule;\nimport "@faultline/core/effect";\nimport { NotFoundError } from "@faultline/core";\n${program}`,
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(expected);
  });

  it("says what to import when neither is there (a browser without @faultline/core/effect)", () => {
    const { code, out } = run(
      "missing",
      `delete process.getBuiltinModule;
import { NotFoundError } from "@faultline/core";
import { Cause, Effect, Exit } from "effect";
const exit = await Effect.runPromiseExit(Effect.gen(function* () { yield* new NotFoundError(); }));
console.log(JSON.stringify({ failed: Exit.isFailure(exit), pretty: Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "" }));`,
    );
    expect(code).toBe(0);
    const result = JSON.parse(out) as { failed: boolean; pretty: string };
    expect(result.failed).toBe(true);
    expect(result.pretty).toContain('import "@faultline/core/effect"');
  });
});

describe("the Promise entries", () => {
  it.each([
    ["decode", 'import { decode } from "@faultline/core"; console.log(decode({ status: 404 }));'],
    ["an error class", 'import { NotFoundError } from "@faultline/core"; console.log(new NotFoundError());'],
  ])("bundle no module of effect (%s)", async (_, source) => {
    const out = await build({
      stdin: { contents: source, resolveDir: dist, loader: "js" },
      alias: { "@faultline/core": join(dist, "index.js") },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((file) => /(?:^|\/)dist\/ApiError\.js$/.test(file))).toBe(true);
    expect(inputs.filter((file) => /(?:^|\/)effect\/dist\//.test(file))).toEqual([]);
  });
});
