// Collects the ES module graph of an entry file, for runtimes with no npm-style resolution of
// their own (workerd, the browser): every module reachable by static import, named by its real
// path relative to the repo root, with bare specifiers ("@faultline/core", "effect/Data")
// rewritten to relative paths. The files are the built ones, unbundled, exactly as published.
//
// Needs `node --experimental-vm-modules` (V8 lists each module's import specifiers through
// vm.SourceTextModule; no parser dependency). Bare specifiers resolve with Node's resolver from
// the importing file, so pnpm's layout and each package's "exports" map are honoured.
//
// CLI: node --experimental-vm-modules lib/graph.mjs <entry> prints the graph as JSON.
import { readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

/** The repo root: three levels above this file (tooling/runtime-tests/lib). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

const toPosix = (p) => p.split(sep).join("/");

const specifiersOf = (code, identifier) => {
  if (typeof vm.SourceTextModule !== "function") {
    throw new Error("lib/graph.mjs needs `node --experimental-vm-modules`");
  }
  const mod = new vm.SourceTextModule(code, { identifier });
  // Node >= 24 has moduleRequests; 22 has dependencySpecifiers.
  return mod.moduleRequests ? mod.moduleRequests.map((r) => r.specifier) : [...mod.dependencySpecifiers];
};

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const isRelative = (spec) => spec.startsWith("./") || spec.startsWith("../") || spec.startsWith("/");

/**
 * @param {string} entryFile absolute path of the entry module
 * @returns {{ root: string, entry: string, modules: Array<{ name: string, path: string, code: string }> }}
 *   `name` is the module's path relative to `root` (POSIX separators); the entry comes first.
 */
export const collectGraph = (entryFile, root = repoRoot) => {
  const modules = [];
  const seen = new Set();
  const nameOf = (file) => toPosix(relative(root, file));
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    let code = readFileSync(file, "utf8");
    const specs = specifiersOf(code, file);
    const deps = [];
    for (const spec of new Set(specs)) {
      if (/^(node|bun|deno|cloudflare|workerd):/.test(spec)) {
        throw new Error(`${nameOf(file)} imports the runtime-specific module "${spec}"`);
      }
      let target;
      if (isRelative(spec)) {
        target = realpathSync(resolve(dirname(file), spec));
      } else {
        try {
          target = realpathSync(createRequire(file).resolve(spec));
        } catch (cause) {
          throw new Error(`${nameOf(file)}: cannot resolve "${spec}" (is its package built?)`, { cause });
        }
        let rel = toPosix(relative(dirname(file), target));
        if (!rel.startsWith(".")) rel = `./${rel}`;
        // Rewrite the specifier in import/export statements only (`from "x"`, `import "x"`, `import("x")`).
        const pattern = new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(?\\s*)(["'])${escapeRegExp(spec)}\\2`, "g");
        code = code.replace(pattern, (_, lead, quote) => `${lead}${quote}${rel}${quote}`);
      }
      if (!target.startsWith(root + sep)) throw new Error(`${spec} resolves outside the repo: ${target}`);
      deps.push(target);
    }
    modules.push({ name: nameOf(file), path: file, code });
    for (const dep of deps) visit(dep);
  };
  const entry = realpathSync(entryFile);
  visit(entry);
  return { root, entry: nameOf(entry), modules };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const entry = process.argv[2];
  if (!entry) throw new Error("usage: node --experimental-vm-modules lib/graph.mjs <entry>");
  process.stdout.write(JSON.stringify(collectGraph(resolve(entry))));
}
