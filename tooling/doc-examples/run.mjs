// Doc examples: type-checks every fenced ```ts / ```tsx block inside an `@example` of a doc comment
// in packages/*/src (tests skipped), so what the docs show compiles.
//
// Each block becomes a module in a temporary folder inside this package. Its imports resolve first as
// if it sat in the source file it documents (so `@faultline/<self>` resolves through the package's own
// exports map to the built dist, and the package's dependencies and peers are found), then from this
// package (whose devDependencies are the workspace packages). All blocks are checked in one program
// with the base tsconfig's options (strict, exactOptionalPropertyTypes, ...). A block may be a
// fragment: it is a module (top-level await allowed) and `// =>` comments are plain comments.
// Each failure prints as `file:line: message` at the line of the documented source file.
// FAULTLINE_KEEP_EXAMPLES=1 keeps the generated modules (the folder is printed) for debugging.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const ts = require("typescript");

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const started = performance.now();
const log = (message) => console.log(`doc-examples: ${message}`);

const isTest = (file) =>
  /\.(test|test-d|spec|bench)\.tsx?$/.test(file) || /(^|\/)(__tests__|test|tests)\//.test(file);
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" ? [] : walk(full);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });

/**
 * The fenced ts/tsx blocks inside `@example` tags of the doc comments of `text`, with the 1-based
 * line of the source file where each block's first code line sits.
 */
export const extractExamples = (text) => {
  const examples = [];
  const lines = text.split("\n");
  let inDoc = false;
  let inExample = false;
  let fence;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (!inDoc) {
      const open = raw.indexOf("/**");
      if (open === -1) continue;
      inDoc = true;
      inExample = false;
      fence = undefined;
      // A one-line doc comment holds no fenced block.
      if (raw.includes("*/", open + 3)) inDoc = false;
      else if (
        raw
          .slice(open + 3)
          .trim()
          .startsWith("@example")
      )
        inExample = true;
      continue;
    }
    const closes = raw.includes("*/") && fence === undefined;
    const line = raw.replace(/\*\/.*$/, "").replace(/^\s*\*( |$)/, "");
    if (fence !== undefined) {
      if (/^\s*```\s*$/.test(line)) {
        examples.push(fence);
        fence = undefined;
      } else if (raw.includes("*/")) {
        fence = undefined; // an unclosed fence ends with its comment
        inDoc = false;
      } else {
        fence.code.push(line);
      }
      continue;
    }
    if (/^\s*@\w+/.test(line)) inExample = /^\s*@example\b/.test(line);
    const opening = /^\s*```(ts|tsx|typescript)\b/.exec(line);
    if (inExample && opening) fence = { tsx: opening[1] === "tsx", line: i + 2, code: [] };
    if (closes) inDoc = false;
  }
  return examples;
};

// The extractor on a fixture first: a broken extractor must not pass by finding nothing.
const fixture = [
  "/** One line, @example ignored. */",
  "/**",
  " * Summary with a fence outside any example:",
  " * ```ts",
  " * outside();",
  " * ```",
  " *",
  " * @example",
  " * ```sh",
  " * pnpm add x",
  " * ```",
  " * ```ts",
  " * const a = 1;",
  " *   indented(a);",
  " * ```",
  " * @example",
  " * ```tsx",
  " * const b = <div />;",
  " * ```",
  " * @since 0.1.0",
  " * ```ts",
  " * afterSince();",
  " * ```",
  " */",
].join("\n");
assert.deepEqual(extractExamples(fixture), [
  { tsx: false, line: 13, code: ["const a = 1;", "  indented(a);"] },
  { tsx: true, line: 18, code: ["const b = <div />;"] },
]);

// -------------------------------------------------------------------------------------------------
// Collect
// -------------------------------------------------------------------------------------------------
const packagesDir = join(root, "packages");
const sources = readdirSync(packagesDir)
  .filter((dir) => existsSync(join(packagesDir, dir, "src")))
  .flatMap((dir) => walk(join(packagesDir, dir, "src")))
  .filter((file) => !isTest(relative(root, file)))
  .sort();

// turbo builds a package before this test only if it is a workspace dependency of this package
// (`dependsOn: ["^build"]`); examples import the built dist through the package's exports map.
const ownDeps = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).devDependencies ?? {};
const documented = [...new Set(sources.map((file) => relative(packagesDir, file).split(/[/\\]/)[0]))];
const unordered = documented
  .map((dir) => JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")).name)
  .filter((name) => !(name in ownDeps));
if (unordered.length > 0) {
  for (const name of unordered) {
    console.error(
      `doc-examples: ${name} has doc comments but is not a devDependency of tooling/doc-examples, so turbo does not build it before this test. Add "${name}": "workspace:*" to tooling/doc-examples/package.json devDependencies and run pnpm install.`,
    );
  }
  process.exit(1);
}

const work = mkdtempSync(join(here, ".examples-"));
const keep = process.env.FAULTLINE_KEEP_EXAMPLES === "1";
// Removed however the run ends (a failed assertion or a compiler crash included).
process.on("exit", () => {
  if (!keep) rmSync(work, { recursive: true, force: true });
});
const examples = [];
for (const source of sources) {
  for (const example of extractExamples(readFileSync(source, "utf8"))) {
    const name = `${relative(packagesDir, source)
      .replace(/\.tsx?$/, "")
      .replace(/[/\\]/g, "__")}__L${example.line}.${example.tsx ? "tsx" : "ts"}`;
    const file = join(work, name);
    // `export {}` keeps a block without imports a module; it follows the code so lines map 1:1.
    writeFileSync(file, `${example.code.join("\n")}\nexport {};\n`);
    examples.push({ file, source, line: example.line });
  }
}
// The READMEs' TypeScript blocks too: the ten-line examples are what a newcomer copies first. A
// block resolves imports as if it sat in its package (the root README's as if in core's).
const readmeFence = /^```(ts|tsx|typescript)\b/;
export const extractReadmeBlocks = (text) => {
  const blocks = [];
  let fence;
  text.split("\n").forEach((line, i) => {
    if (fence === undefined) {
      const opening = readmeFence.exec(line);
      if (opening) fence = { tsx: opening[1] === "tsx", line: i + 2, code: [] };
    } else if (/^```\s*$/.test(line)) {
      blocks.push(fence);
      fence = undefined;
    } else fence.code.push(line);
  });
  return blocks;
};
assert.deepEqual(extractReadmeBlocks("x\n```ts\nconst a = 1;\n```\n```sh\nls\n```\n"), [
  { tsx: false, line: 3, code: ["const a = 1;"] },
]);
const readmes = [
  [join(root, "README.md"), join(packagesDir, "core", "README.md")],
  ...readdirSync(packagesDir)
    .filter((dir) => existsSync(join(packagesDir, dir, "README.md")))
    .map((dir) => [join(packagesDir, dir, "README.md"), join(packagesDir, dir, "README.md")]),
];
for (const [readme, resolveFrom] of readmes) {
  for (const block of extractReadmeBlocks(readFileSync(readme, "utf8"))) {
    const name = `${relative(root, readme).replace(/[/\\]/g, "__")}__L${block.line}.${block.tsx ? "tsx" : "ts"}`;
    const file = join(work, name);
    writeFileSync(file, `${block.code.join("\n")}\nexport {};\n`);
    examples.push({ file, source: readme, resolveFrom, line: block.line });
  }
}
if (examples.length === 0) {
  console.error("doc-examples: no @example block found under packages/*/src: the extractor is broken");
  process.exit(1);
}
const byFile = new Map(examples.map((example) => [resolve(example.file), example]));

// -------------------------------------------------------------------------------------------------
// Check
// -------------------------------------------------------------------------------------------------
const base = ts.getParsedCommandLineOfConfigFile(
  join(root, "tsconfig.base.json"),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) =>
      console.error(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
  },
);
const options = {
  ...base.options,
  noEmit: true,
  // Examples are not libraries: no declaration diagnostics about names a .d.ts could not emit.
  declaration: false,
  isolatedDeclarations: false,
  jsx: base.options.jsx ?? ts.JsxEmit.ReactJSX,
};
const host = ts.createCompilerHost(options);
host.resolveModuleNameLiterals = (
  literals,
  containingFile,
  redirectedReference,
  compilerOptions,
  containingSourceFile,
) =>
  literals.map((literal) => {
    const name = literal.text;
    const mode = ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
    const example = byFile.get(resolve(containingFile));
    const from = example ? [example.resolveFrom ?? example.source, containingFile] : [containingFile];
    let result;
    for (const file of from) {
      result = ts.resolveModuleName(name, file, compilerOptions, host, undefined, redirectedReference, mode);
      if (result.resolvedModule) return result;
    }
    return result;
  });

const program = ts.createProgram({ rootNames: examples.map((example) => example.file), options, host });
const failures = [];
const other = [];
for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n  ");
  const example = diagnostic.file && byFile.get(resolve(diagnostic.file.fileName));
  if (!example) {
    const where = diagnostic.file
      ? `${relative(root, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
      : "(options)";
    other.push(`${where}: TS${diagnostic.code}: ${text}`);
    continue;
  }
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  failures.push({
    example,
    text: `${relative(root, example.source)}:${example.line + line}: TS${diagnostic.code}: ${text}`,
  });
}

if (keep) log(`kept ${relative(root, work)}`);

const failing = new Set(failures.map((failure) => failure.example));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
log(
  `checked ${examples.length} @example block(s) from ${new Set(examples.map((e) => e.source)).size} file(s) of ${documented.length} package(s) in ${seconds} s`,
);
if (failures.length > 0 || other.length > 0) {
  console.error(`\ndoc-examples: ${failing.size} of ${examples.length} example(s) do not compile:`);
  for (const failure of failures) console.error(`  ${failure.text}`);
  if (other.length > 0) {
    console.error("\ndoc-examples: errors outside the examples (in what they import, or the options):");
    for (const text of other) console.error(`  ${text}`);
  }
  process.exit(1);
}
log(`all ${examples.length} examples compile`);
