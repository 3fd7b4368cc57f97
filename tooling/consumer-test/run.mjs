// Consumer test: installs the workspace's packages the way a user gets them and uses them.
//
// 1. Discovers every publishable package (`packages/*/package.json` without `"private": true`) and
//    packs it with `pnpm pack` (the `pnpm` binary on PATH, as inside any pnpm script).
// 2. Checks each tarball's metadata: `engines.node` >= 22.19, a LICENSE file, a real `repository`
//    URL, and no `sourceMappingURL` comment pointing at a file missing from the tarball.
// 3. Installs the tarballs with npm into a fresh project outside the workspace, with the peers each
//    package declares from the registry (at the workspace's version when it satisfies every range).
// 4. Type-checks `consumers/<package-dir>.ts` (or, for a package without one, an
//    `import * as m from "<entry>"` of every export-map entry) under `nodenext` and under `bundler`,
//    strict, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`, Node-only lib, no skipLibCheck.
// 5. Imports every export-map entry at run time and runs each consumer with node.
//
// Every problem is collected and printed at the end; the exit code is 1 if there was any.
// FAULTLINE_KEEP_CONSUMER=1 keeps the temporary project (its path is printed) for debugging.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const ts = require("typescript");
const semver = require("semver");

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const MIN_NODE = "22.19.0";
const started = performance.now();
const problems = [];
const generic = [];
const fail = (pkg, message) => problems.push(`${pkg}: ${message}`);
const seconds = (from) => `${((performance.now() - from) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`consumer-test: ${message}`);

/** Runs a command; resolves with its exit code and output, killing it after `timeoutMs`. */
const run = (command, args, { cwd, env = process.env, timeoutMs = 60_000 } = {}) =>
  new Promise((done) => {
    // Its own process group, so the timeout kills whatever it started too (npm's children hold the pipes).
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      done({ code: -1, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
const indent = (text) =>
  text
    .trim()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");

// ---------------------------------------------------------------------------------------------
// 1. Discover and pack
// ---------------------------------------------------------------------------------------------
const packagesDir = join(root, "packages");
const packages = readdirSync(packagesDir)
  .filter((dir) => existsSync(join(packagesDir, dir, "package.json")))
  .map((dir) => ({
    dir,
    path: join(packagesDir, dir),
    manifest: readJson(join(packagesDir, dir, "package.json")),
  }))
  .filter((pkg) => pkg.manifest.private !== true)
  .sort((a, b) => a.dir.localeCompare(b.dir));
if (packages.length === 0) {
  console.error("consumer-test: no publishable package found under packages/");
  process.exit(1);
}
log(`publishable packages: ${packages.map((pkg) => pkg.manifest.name).join(", ")}`);

// turbo builds a package before this test only if it is a workspace dependency of this package
// (`dependsOn: ["^build"]`): without that, the test could pack a missing or half-written dist.
const ownDeps = readJson(join(here, "package.json")).devDependencies ?? {};
const unordered = packages.filter((pkg) => !(pkg.manifest.name in ownDeps));
if (unordered.length > 0) {
  for (const pkg of unordered) {
    console.error(
      `consumer-test: ${pkg.manifest.name} is publishable but not a devDependency of tooling/consumer-test, so turbo does not build it before this test. Add "${pkg.manifest.name}": "workspace:*" to tooling/consumer-test/package.json devDependencies and run pnpm install.`,
    );
  }
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), "faultline-consumer-"));
const keep = process.env.FAULTLINE_KEEP_CONSUMER === "1";
// Removed however the run ends (a failed assertion or a crash included).
process.on("exit", () => {
  if (!keep) rmSync(work, { recursive: true, force: true });
});
const tarballs = join(work, "tarballs");
const project = join(work, "project");
mkdirSync(tarballs);
mkdirSync(join(project, "src"), { recursive: true });

let phase = performance.now();
const packed = await Promise.all(
  packages.map(async (pkg) => {
    const result = await run("pnpm", ["pack", "--pack-destination", tarballs, "--json"], { cwd: pkg.path });
    if (result.code !== 0) {
      fail(
        pkg.manifest.name,
        `pnpm pack failed (exit ${result.code}):\n${indent(result.stderr || result.stdout)}`,
      );
      return undefined;
    }
    const start = result.stdout.indexOf("{");
    const info = JSON.parse(result.stdout.slice(start));
    return { ...pkg, tarball: info.filename };
  }),
);
log(`packed ${packed.filter(Boolean).length} package(s) in ${seconds(phase)}`);
if (packed.some((pkg) => pkg === undefined)) finish();

// ---------------------------------------------------------------------------------------------
// 2. Tarball metadata
// ---------------------------------------------------------------------------------------------
const listFiles = (dir, base = dir) =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory()
      ? listFiles(full, base)
      : [relative(base, full).split("\\").join("/")];
  });

const placeholderHosts = /(^|\.)(invalid|example|test|localhost)$|^example\.(com|org|net)$|^localhost$/;

/** What a published package must hold; `content` is its unpacked tarball. Returns the problems. */
const checkPublished = (content) => {
  const problems = [];
  const files = new Set(listFiles(content));
  const manifest = readJson(join(content, "package.json"));

  const engine = manifest.engines?.node;
  const min = typeof engine === "string" && semver.validRange(engine) ? semver.minVersion(engine) : null;
  if (engine === undefined)
    problems.push(`package.json declares no engines.node (must allow only Node >= ${MIN_NODE})`);
  else if (min === null) problems.push(`engines.node "${engine}" is not a valid semver range`);
  else if (semver.lt(min, MIN_NODE))
    problems.push(`engines.node "${engine}" allows Node ${min}; it must be >= ${MIN_NODE}`);

  if (![...files].some((file) => /^licen[cs]e(\.(md|txt))?$/i.test(file))) {
    problems.push(
      'the tarball ships no LICENSE file (add "LICENSE" to "files" and put the file beside package.json)',
    );
  }

  const repository = typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url;
  if (typeof repository !== "string" || repository.trim() === "") {
    problems.push("package.json names no repository URL");
  } else {
    let host;
    try {
      host = new URL(repository.replace(/^git\+/, "")).hostname.toLowerCase();
    } catch {
      host =
        /^(github|gitlab|bitbucket):/.test(repository) || /^[\w.-]+\/[\w.-]+$/.test(repository)
          ? "shorthand"
          : undefined;
    }
    if (host === undefined) problems.push(`repository URL "${repository}" is not a URL`);
    else if (placeholderHosts.test(host))
      problems.push(`repository URL "${repository}" is a placeholder, not the real repository`);
  }

  for (const file of files) {
    if (!/\.(c|m)?js$/.test(file)) continue;
    const text = readFileSync(join(content, file), "utf8");
    for (const match of text.matchAll(/^\s*\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/gm)) {
      const url = match[1];
      if (url.startsWith("data:")) continue;
      const target = posix.normalize(
        posix.join(posix.dirname(file), decodeURIComponent(url.split(/[?#]/)[0])),
      );
      if (!files.has(target)) {
        problems.push(
          `${file} has "sourceMappingURL=${url}" but ${target} is not in the tarball (ship the map or build without the comment)`,
        );
      }
    }
  }
  return { manifest, problems };
};

// The checks on fixtures first: each must catch what it is for, and pass a good package.
{
  const fixture = (name, manifest, files) => {
    const dir = join(work, "fixtures", name);
    for (const [file, text] of Object.entries({ "package.json": JSON.stringify(manifest), ...files })) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    return checkPublished(dir).problems;
  };
  const good = {
    name: "good",
    engines: { node: ">=22.19" },
    repository: { url: "git+https://github.com/faultline-dev/faultline.git" },
  };
  const goodFiles = {
    LICENSE: "MIT",
    "dist/index.js": "export {};\n//# sourceMappingURL=index.js.map\n",
    "dist/index.js.map": "{}",
  };
  assert.deepEqual(fixture("good", good, goodFiles), []);
  const bad = fixture(
    "bad",
    { name: "bad", engines: { node: ">=20.19" }, repository: "https://example.invalid/x.git" },
    {
      "dist/index.js": "export {};\n//# sourceMappingURL=index.js.map\n",
    },
  );
  assert.equal(bad.length, 4, bad.join("\n"));
  assert.match(bad.join("\n"), /engines\.node ">=20\.19" allows Node 20\.19\.0/);
  assert.match(bad.join("\n"), /no LICENSE/);
  assert.match(bad.join("\n"), /placeholder/);
  assert.match(bad.join("\n"), /dist\/index\.js\.map is not in the tarball/);
  assert.match(
    fixture("bare", { name: "bare" }, { LICENSE: "MIT" }).join("\n"),
    /no engines\.node[\s\S]*no repository URL/,
  );
}

for (const pkg of packed) {
  const extracted = join(work, "extract", pkg.dir);
  mkdirSync(extracted, { recursive: true });
  const untar = await run("tar", ["-xzf", pkg.tarball, "-C", extracted]);
  if (untar.code !== 0) {
    fail(pkg.manifest.name, `cannot extract ${pkg.tarball}: ${untar.stderr.trim()}`);
    continue;
  }
  const { manifest, problems: found } = checkPublished(join(extracted, "package"));
  pkg.published = manifest;
  for (const problem of found) fail(manifest.name, problem);
}

// ---------------------------------------------------------------------------------------------
// 3. Install into a fresh project
// ---------------------------------------------------------------------------------------------
/** The version of `dep` installed in the workspace for `pkg` (its dev copy), if any. */
const workspaceVersion = (pkg, dep) => {
  for (const base of [pkg.path, root]) {
    const file = join(base, "node_modules", dep, "package.json");
    if (existsSync(file)) return readJson(file).version;
  }
  return undefined;
};
const hasOwnTypes = (pkg, dep) => {
  for (const base of [pkg.path, root]) {
    const dir = join(base, "node_modules", dep);
    if (!existsSync(join(dir, "package.json"))) continue;
    const manifest = readJson(join(dir, "package.json"));
    return Boolean(
      manifest.types ||
        manifest.typings ||
        existsSync(join(dir, "index.d.ts")) ||
        JSON.stringify(manifest.exports ?? {}).includes('"types"'),
    );
  }
  return true;
};
const typesName = (dep) => `@types/${dep.startsWith("@") ? dep.slice(1).replace("/", "__") : dep}`;

const dependencies = {};
const overrides = {};
for (const pkg of packed) {
  const file = relative(project, pkg.tarball).split("\\").join("/");
  dependencies[pkg.published.name] = `file:${file}`;
  overrides[pkg.published.name] = `$${pkg.published.name}`;
}
const peers = new Map();
for (const pkg of packed) {
  for (const [dep, range] of Object.entries(pkg.published.peerDependencies ?? {})) {
    if (dep in dependencies) continue;
    const entry = peers.get(dep) ?? { ranges: [], candidates: [], typesFrom: [] };
    entry.ranges.push(`${range} (${pkg.published.name})`);
    entry.rawRanges = [...(entry.rawRanges ?? []), range];
    const local = workspaceVersion(pkg, dep);
    if (local) entry.candidates.push(local);
    if (!hasOwnTypes(pkg, dep)) {
      const types = typesName(dep);
      const version = pkg.manifest.devDependencies?.[types] ?? pkg.manifest.peerDependencies?.[types];
      if (version) entry.typesFrom.push([types, workspaceVersion(pkg, types) ?? version]);
    }
    peers.set(dep, entry);
  }
}
for (const [dep, entry] of peers) {
  const pinned = entry.candidates.find((version) =>
    entry.rawRanges.every((range) => semver.satisfies(version, range)),
  );
  dependencies[dep] = pinned ?? entry.rawRanges[0];
  for (const [types, version] of entry.typesFrom) dependencies[types] ??= version;
}
// What a consumer file imports beyond the packages and their peers (react-dom to render, say), as a
// user installs it next to them: `// consumer-deps: react-dom @types/react-dom` in the consumer's
// first lines, each at the version the package's own workspace uses.
for (const pkg of packed) {
  const consumer = join(here, "consumers", `${pkg.dir}.ts`);
  if (!existsSync(consumer)) continue;
  const line = /^\/\/ consumer-deps: (.+)$/m.exec(readFileSync(consumer, "utf8"));
  for (const dep of line?.[1].trim().split(/\s+/) ?? []) {
    const version = workspaceVersion(pkg, dep);
    if (version === undefined)
      fail(pkg.published.name, `consumer dependency ${dep} is not installed in the workspace`);
    else dependencies[dep] ??= version;
  }
}
// The consumer's own Node types, at the version the workspace builds with.
dependencies["@types/node"] ??= workspaceVersion(packed[0], "@types/node") ?? "^24.0.0";

writeFileSync(
  join(project, "package.json"),
  `${JSON.stringify({ name: "faultline-consumer", version: "0.0.0", private: true, type: "module", dependencies, overrides }, null, 2)}\n`,
);
log(
  `peers from the registry: ${[...peers].map(([dep]) => `${dep}@${dependencies[dep]}`).join(", ") || "none"}`,
);

// npm must not inherit the npm_config_* settings pnpm exports to its scripts, nor the workspace's
// Node: npm reads its global config (registry CA, proxy) from the prefix of the Node it runs on, so
// it runs on the machine's own Node, as a user's npm does (the workspace's node_modules/.bin leaves
// PATH; NODE and NODE_PATH point into it too).
const npmEnv = Object.fromEntries(
  Object.entries(process.env)
    .filter(([key]) => !/^(npm|pnpm)_/i.test(key) || /^npm_config_(registry|cache|userconfig)$/i.test(key))
    .filter(([key]) => key !== "NODE" && key !== "NODE_PATH")
    .map(([key, value]) =>
      key === "PATH"
        ? [
            key,
            (value ?? "")
              .split(delimiter)
              .filter((dir) => !/[\\/]node_modules[\\/]/.test(dir))
              .join(delimiter),
          ]
        : [key, value],
    ),
);
phase = performance.now();
const install = await run(
  "npm",
  [
    "install",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
    "--no-update-notifier",
    "--package-lock=false",
    "--loglevel=error",
  ],
  { cwd: project, env: npmEnv, timeoutMs: 120_000 },
);
if (install.code !== 0) {
  fail("npm install", `failed (exit ${install.code}):\n${indent(install.stderr || install.stdout)}`);
  finish();
}
log(`npm install in ${seconds(phase)}`);

// ---------------------------------------------------------------------------------------------
// 4. Type-check under nodenext and bundler
// ---------------------------------------------------------------------------------------------
const entriesOf = (manifest) => {
  const { exports } = manifest;
  if (exports === undefined) return ["."];
  if (typeof exports === "string" || Array.isArray(exports)) return ["."];
  const keys = Object.keys(exports);
  if (!keys.every((key) => key.startsWith("."))) return ["."];
  return keys.filter((key) => !key.includes("*") && !/\.(json|css)$/.test(key));
};
const specifier = (name, key) => (key === "." ? name : `${name}/${key.slice(2)}`);

const sources = [];
for (const pkg of packed) {
  const consumer = join(here, "consumers", `${pkg.dir}.ts`);
  const entries = entriesOf(pkg.published).map((key) => specifier(pkg.published.name, key));
  pkg.entries = entries;
  if (existsSync(consumer)) {
    const target = join(project, "src", `${pkg.dir}.ts`);
    cpSync(consumer, target);
    sources.push({ file: target, shown: relative(root, consumer), pkg, run: true });
  } else {
    generic.push(pkg.published.name);
    const target = join(project, "src", `generic-${pkg.dir}.ts`);
    const lines = entries.map((entry, i) => `import * as m${i} from "${entry}";`);
    lines.push(`export const modules = [${entries.map((_, i) => `m${i}`).join(", ")}];`, "");
    writeFileSync(target, lines.join("\n"));
    sources.push({ file: target, shown: `(generated) ${relative(work, target)}`, pkg, run: false });
  }
}

const shared = {
  target: "es2022",
  lib: ["es2023"],
  types: ["node"],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  noEmit: true,
};
const modes = [
  { name: "nodenext", options: { ...shared, module: "nodenext", moduleResolution: "nodenext" } },
  { name: "bundler", options: { ...shared, module: "preserve", moduleResolution: "bundler" } },
];
const shownName = new Map(sources.map((source) => [resolve(source.file), source.shown]));
// Declaration errors of third-party packages that every Node-only, skipLibCheck:false project meets
// today and that no package of ours can fix. Any other error, ours or theirs, fails the run.
const knownUpstream = [
  {
    pkg: "effect",
    test: (code, text) =>
      (code === 2749 && /'CryptoKey'/.test(text)) || (code === 2304 && /'JsonWebKey'/.test(text)),
    why: "effect's crypto modules name the DOM types CryptoKey and JsonWebKey, which a Node-only lib lacks",
  },
  {
    pkg: "@trpc/client",
    test: (code, text) => (code === 2552 || code === 2304) && /'RequestInfo'/.test(text),
    why: "@trpc/client's fetch types name the DOM type RequestInfo, which a Node-only lib lacks",
  },
];
const upstreamSeen = new Map();
/** The package a file of the temporary project belongs to: `name` of the innermost node_modules entry. */
const packageOf = (file) => {
  const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  return match?.[1];
};
// Both programs share parsed files (lib and effect's declarations are most of the work).
const parsedFiles = new Map();
phase = performance.now();
for (const mode of modes) {
  const configFile = join(project, `tsconfig.${mode.name}.json`);
  writeFileSync(
    configFile,
    `${JSON.stringify({ compilerOptions: mode.options, include: ["src"] }, null, 2)}\n`,
  );
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const format = typeof languageVersion === "object" ? languageVersion.impliedNodeFormat : undefined;
    const key = `${fileName}\0${format}`;
    let file = parsedFiles.get(key);
    if (file === undefined) {
      file = getSourceFile(fileName, languageVersion, ...rest);
      if (file !== undefined && !resolve(fileName).startsWith(join(project, "src")))
        parsedFiles.set(key, file);
    }
    return file;
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  for (const diagnostic of diagnostics) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    let where = "(config)";
    let owner = `type-check (${mode.name})`;
    if (diagnostic.file) {
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const file = resolve(diagnostic.file.fileName);
      const source = sources.find((s) => resolve(s.file) === file);
      const installed = packageOf(file);
      where = `${shownName.get(file) ?? relative(project, file)}:${line + 1}:${character + 1}`;
      const known = knownUpstream.find((k) => k.pkg === installed && k.test(diagnostic.code, text));
      if (known) {
        const seen = upstreamSeen.get(known) ?? new Set();
        upstreamSeen.set(known, seen.add(`${where} TS${diagnostic.code}`));
        continue;
      }
      owner = `${source?.pkg.published.name ?? installed ?? "type-check"} (${mode.name})`;
    }
    fail(owner, `${where} TS${diagnostic.code}: ${text}`);
  }
}
for (const [known, seen] of upstreamSeen) {
  log(
    `known upstream: ${seen.size} declaration error(s) in ${known.pkg} (${known.why}); not ours, not counted`,
  );
}
log(`type-checked ${sources.length} consumer file(s) under nodenext and bundler in ${seconds(phase)}`);

// ---------------------------------------------------------------------------------------------
// 5. Run: import every export-map entry, then each consumer
// ---------------------------------------------------------------------------------------------
phase = performance.now();
const runEnv = { ...npmEnv, NODE_OPTIONS: "" };
for (const pkg of packed) {
  const probe = join(project, `import-${pkg.dir}.mjs`);
  writeFileSync(
    probe,
    `for (const entry of ${JSON.stringify(pkg.entries)}) {\n  const m = await import(entry);\n  if (Object.keys(m).length === 0) throw new Error(\`\${entry} has no exports\`);\n}\n`,
  );
  const result = await run(process.execPath, [probe], { cwd: project, env: runEnv, timeoutMs: 30_000 });
  if (result.code !== 0)
    fail(
      pkg.published.name,
      `importing ${pkg.entries.join(", ")} with node failed:\n${indent(result.stderr || result.stdout)}`,
    );
}
for (const source of sources.filter((s) => s.run)) {
  const result = await run(process.execPath, ["--disable-warning=ExperimentalWarning", source.file], {
    cwd: project,
    env: runEnv,
    timeoutMs: 30_000,
  });
  if (result.code !== 0)
    fail(
      source.pkg.published.name,
      `node ${source.shown} failed (exit ${result.code}):\n${indent(result.stderr || result.stdout)}`,
    );
  else
    log(
      `ran ${source.shown} on Node ${process.versions.node}${result.stdout.trim() ? `: ${result.stdout.trim()}` : ""}`,
    );
}
log(`ran in ${seconds(phase)}`);
finish();

function finish() {
  if (generic.length > 0) {
    log(
      `NOTE: ${generic.join(", ")} got only the generic check (pack, install, import and type-check of every export entry): add tooling/consumer-test/consumers/<package-dir>.ts to test its API.`,
    );
  }
  if (keep) log(`kept ${work}`);
  if (problems.length > 0) {
    console.error(`\nconsumer-test: ${problems.length} problem(s) in ${seconds(started)}:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  log(`all ${packages.length} package(s) passed in ${seconds(started)}`);
  process.exit(0);
}
