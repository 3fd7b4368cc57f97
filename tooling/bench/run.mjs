// Faultline benchmarks: a report, not a gate. Every number is printed next to a peer measured in the
// same run (JSON.parse, bare fetch, ky, ofetch, wretch, a baseline type-check), because absolute
// numbers depend on the machine and ratios mostly do not. See README.md for how to read them.
//
//   node tooling/bench/run.mjs                      all sections (about 4 minutes on 2 cores, half of it fetch)
//   node tooling/bench/run.mjs --only=decode,fetch  some sections: decode, bundle, types, fetch
//   node tooling/bench/run.mjs --quick              fewer rounds, for checking that it runs
//   node tooling/bench/run.mjs --only=fetch --rounds=300   more fetch rounds (default 150)
//
// Results also go to tooling/bench/results/latest.json (git-ignored).

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve as resolvePath } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const BENCH_DIR = import.meta.dirname;
const NODE_MODULES = join(BENCH_DIR, "node_modules");
const RESULTS_DIR = join(BENCH_DIR, "results");
const require = createRequire(join(BENCH_DIR, "package.json"));

const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const onlyArg = args.find((a) => a.startsWith("--only="));
const SECTIONS = ["decode", "bundle", "types", "fetch"];
const only = onlyArg ? onlyArg.slice("--only=".length).split(",") : SECTIONS;
for (const s of only) {
  if (!SECTIONS.includes(s)) {
    console.error(`unknown section "${s}"; expected one of ${SECTIONS.join(", ")}`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

const int = (n) => Math.round(n).toLocaleString("en-US");
const signed = (x, digits = 0) => {
  const text = digits === 0 ? int(x) : x.toFixed(digits);
  return x >= 0 ? `+${text}` : text;
};
const ratio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "-");
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Prints an aligned table; columns whose header starts with ">" are right-aligned. */
const printTable = (title, headers, rows, notes = []) => {
  const right = headers.map((h) => h.startsWith(">"));
  const head = headers.map((h) => (h.startsWith(">") ? h.slice(1) : h));
  const cells = rows.map((r) => r.map((c) => (c === undefined || c === null ? "-" : String(c))));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r) =>
    r
      .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  console.log(`\n${title}\n`);
  console.log(line(head));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of cells) console.log(line(r));
  for (const n of notes) console.log(`  ${n}`);
};

/** The file a package specifier resolves to from the bench folder, or undefined when missing. */
const builtFile = (specifier) => {
  try {
    const file = fileURLToPath(import.meta.resolve(specifier));
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
};

const versionOf = (name) => {
  try {
    return JSON.parse(readFileSync(join(NODE_MODULES, name, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
};

// ---------------------------------------------------------------------------------------------
// 1. decode throughput

// Headers as real servers send them with an error: the framing and caching headers every response
// has, plus each API's own (request ids, rate limits, CORS lists). decode reads and redacts all of
// them, so a bench with only a content type would leave out work every real response costs.
const date = "Sun, 22 Nov 2026 09:41:00 GMT";
const common = (contentType, length) => ({
  date,
  "content-type": contentType,
  "content-length": String(length),
  connection: "keep-alive",
  "cache-control": "no-store",
  vary: "Origin, Accept-Encoding",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
});
const json = "application/json; charset=utf-8";
const decodeCases = [
  {
    name: "F1 flat",
    status: 404,
    headers: (n) => ({ ...common(json, n), server: "nginx", "x-request-id": "req_8f2a91c4d7e6" }),
    body: { code: "NOT_FOUND", message: "Candidate cand_8f2a91 was not found", status: 404 },
  },
  {
    name: "F2 nested",
    status: 400,
    headers: (n) => ({ ...common(json, n), server: "nginx", "x-request-id": "req_2b7c0d9e1f3a" }),
    body: {
      error: {
        code: "VALIDATION_ERROR",
        message: "Request validation failed",
        details: [{ field: "email", issue: "must be a valid email address" }],
      },
    },
  },
  {
    name: "F3 typed (Stripe)",
    status: 400,
    headers: (n) => ({
      ...common(json, n),
      server: "nginx",
      "request-id": "req_7Hk2mQ9xLp",
      "stripe-version": "2024-06-20",
      "access-control-allow-origin": "*",
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "GET, HEAD, PUT, PATCH, POST, DELETE",
      "access-control-expose-headers":
        "Request-Id, Stripe-Manage-Version, Stripe-Should-Retry, X-Stripe-External-Auth-Required, X-Stripe-Privileged-Session-Required",
      "access-control-max-age": "300",
    }),
    body: {
      error: {
        code: "invalid_request",
        message: "Missing required parameter: amount.",
        type: "invalid_request_error",
        param: "amount",
        request_id: "req_7Hk2mQ9xLp",
      },
    },
  },
  {
    name: "F4 envelope",
    status: 409,
    headers: (n) => ({ ...common(json, n), server: "envoy", "x-envoy-upstream-service-time": "12" }),
    body: {
      success: false,
      error: {
        code: "DUPLICATE_CANDIDATE",
        message: "A candidate with this email already exists",
        field: "email",
      },
      meta: { requestId: "req_01HZX3K4N5P6Q7R8S9T0", timestamp: "2026-11-22T09:41:00.000Z" },
    },
  },
  {
    name: "F5 retryAfter",
    status: 429,
    headers: (n) => ({
      ...common(json, n),
      server: "nginx",
      "x-request-id": "req_5e4d3c2b1a09",
      "retry-after": "42",
      "x-ratelimit-limit": "100",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "42",
    }),
    body: { code: "RATE_LIMITED", message: "Rate limit exceeded. Try again in 42 seconds.", retryAfter: 42 },
  },
  {
    name: "problem+json",
    status: 403,
    headers: (n) => ({
      ...common("application/problem+json", n),
      "content-language": "en",
      server: "Kestrel",
      "x-correlation-id": "0HN7Q5VJ1P2KA:00000001",
    }),
    body: {
      type: "https://example.com/probs/out-of-credit",
      title: "You do not have enough credit.",
      status: 403,
      detail: "Your current balance is 30, but that costs 50.",
      instance: "/account/12345/msgs/abc",
      balance: 30,
      accounts: ["/account/12345", "/account/67890"],
    },
  },
  {
    name: "GitHub 422",
    status: 422,
    headers: (n) => ({
      ...common(json, n),
      server: "github.com",
      "x-github-request-id": "C7E2:3B9F:1A2B3C:4D5E6F:65A1B2C3",
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4987",
      "x-ratelimit-reset": "1795340460",
      "x-ratelimit-used": "13",
      "x-ratelimit-resource": "core",
      "access-control-allow-origin": "*",
      "access-control-expose-headers":
        "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset",
      "x-frame-options": "deny",
      "x-xss-protection": "0",
      "referrer-policy": "origin-when-cross-origin, strict-origin-when-cross-origin",
      "content-security-policy": "default-src 'none'",
    }),
    body: {
      message: "Validation Failed",
      errors: [{ resource: "Issue", field: "title", code: "missing_field" }],
      documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
    },
  },
  {
    name: "Google AIP-193",
    status: 429,
    headers: (n) => ({
      ...common("application/json; charset=UTF-8", n),
      vary: "Origin, X-Origin, Referer",
      server: "ESF",
      "x-xss-protection": "0",
      "x-frame-options": "SAMEORIGIN",
      "alt-svc": 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000',
    }),
    body: {
      error: {
        code: 429,
        message:
          "The zone 'us-east1-a' does not have enough resources available to fulfill the request. Try a different zone, or try again later.",
        status: "RESOURCE_EXHAUSTED",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "RESOURCE_AVAILABILITY",
            domain: "compute.googleapis.com",
            metadata: { zone: "us-east1-a", vmType: "e2-medium" },
          },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "30s" },
        ],
      },
    },
  },
];

// Every result lands here, so the engine cannot drop the calls being timed.
let sink;

/** Operations per second of `fn`, as the median of several timed rounds after a warmup. */
const makeTimer = (fn) => {
  // Calibrate a batch that takes about `roundMs`.
  let n = 16;
  let dt = 0;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink = fn();
    dt = performance.now() - t0;
    if (dt >= 10) break;
    n *= 2;
  }
  const opsPerMs = n / dt;
  return {
    round(roundMs) {
      const iters = Math.max(1, Math.round(opsPerMs * roundMs));
      const t0 = performance.now();
      for (let i = 0; i < iters; i++) sink = fn();
      return (iters / (performance.now() - t0)) * 1000;
    },
  };
};

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
};

/**
 * decode's cost in JSON.parse calls of the same body: rounds of decode and JSON.parse alternate
 * (after a warmup of both), and each round's ratio is taken against its neighbour, so a slow stretch
 * of the machine lands on both sides of the same ratio; the median round counts.
 */
const costRounds = (decodeOnce, parseOnce, rounds, roundMs, baselineOnce) => {
  const timers = { decode: makeTimer(decodeOnce), parse: makeTimer(parseOnce) };
  if (baselineOnce) timers.baseline = makeTimer(baselineOnce);
  for (const t of Object.values(timers)) t.round(roundMs * 2);
  const samples = { decode: [], parse: [], baseline: [] };
  const ratios = { decode: [], baseline: [] };
  for (let r = 0; r < rounds; r++) {
    const d = timers.decode.round(roundMs);
    const p = timers.parse.round(roundMs);
    samples.decode.push(d);
    samples.parse.push(p);
    ratios.decode.push(p / d);
    if (timers.baseline) {
      const b = timers.baseline.round(roundMs);
      samples.baseline.push(b);
      ratios.baseline.push(p / b);
    }
  }
  return {
    samples,
    decodeOps: median(samples.decode),
    parseOps: median(samples.parse),
    cost: median(ratios.decode),
    spread: [quantile(ratios.decode, 0.25), quantile(ratios.decode, 0.75)],
    baseCost: timers.baseline ? median(ratios.baseline) : undefined,
  };
};

/** The snapshot decode reads for a case: its body as text, with the headers its servers send. */
const caseInput = (c) => {
  const text = JSON.stringify(c.body);
  const headers = c.headers(Buffer.byteLength(text));
  return { text, headers, snapshot: { status: c.status, headers, body: text } };
};

/** Runs decode (of each build given) and JSON.parse on a case for a while, before any timing. */
const warmUp = ({ text, snapshot }, builds) => {
  const until = performance.now() + (QUICK ? 20 : 100);
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) {
      for (const build of builds) if (build) sink = build.decode(snapshot);
      sink = JSON.parse(text);
    }
  }
};

// `--decode-alone=N`: times case N only, in a process that decodes nothing else (how an app that
// talks to one API runs decode), prints its cost ratio as JSON and exits. The decode section runs
// one such process per case for its "alone" column.
const aloneArg = args.find((a) => a.startsWith("--decode-alone="));
if (aloneArg !== undefined) {
  const core = await import("@faultline/core");
  const c = decodeCases[Number(aloneArg.slice("--decode-alone=".length))];
  const { text, snapshot } = caseInput(c);
  warmUp({ text, snapshot }, [core]);
  const { cost } = costRounds(
    () => core.decode(snapshot),
    () => JSON.parse(text),
    QUICK ? 3 : 15,
    QUICK ? 30 : 60,
  );
  console.log(JSON.stringify({ cost }));
  process.exit(0);
}

/** Runs `--decode-alone=N` in a child process; its cost ratio, or undefined when it failed. */
const costAlone = (index) =>
  new Promise((resolveCost) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), `--decode-alone=${index}`, ...(QUICK ? ["--quick"] : [])],
      { cwd: BENCH_DIR, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", () => resolveCost(undefined));
    child.on("close", () => {
      try {
        resolveCost(JSON.parse(out.trim().split("\n").pop()).cost);
      } catch {
        resolveCost(undefined);
      }
    });
  });

// `--baseline-core=path/to/index.js`: also time another build of @faultline/core in the same run
// (rounds interleaved with the current build's), for before/after ratios that share the machine's
// load. Resolve it from inside packages/core (for example a copy of an older dist/ put there), so
// its `effect` import resolves.
const baselineArg = args.find((a) => a.startsWith("--baseline-core="));

const benchDecode = async () => {
  const core = await import("@faultline/core");
  const baseline = baselineArg
    ? await import(pathToFileURL(resolvePath(baselineArg.slice("--baseline-core=".length))).href)
    : undefined;
  const rounds = QUICK ? 3 : 15;
  const roundMs = QUICK ? 30 : 60;
  const rows = [];
  const results = [];
  // Warm every case up first, so the engine has seen all the shapes before the first case is
  // timed (otherwise the first case pays for compilations the later ones trigger).
  for (const c of decodeCases) warmUp(caseInput(c), [core, baseline]);
  for (const [index, c] of decodeCases.entries()) {
    const { text, headers, snapshot } = caseInput(c);
    const bytes = Buffer.byteLength(text);
    const decodeOnce = () => core.decode(snapshot);
    const baselineOnce = baseline ? () => baseline.decode(snapshot) : undefined;
    const probe = decodeOnce();
    const { samples, decodeOps, parseOps, cost, spread, baseCost } = costRounds(
      decodeOnce,
      () => JSON.parse(text),
      rounds,
      roundMs,
      baselineOnce,
    );
    const alone = await costAlone(index);
    results.push({
      name: c.name,
      bodyBytes: bytes,
      headerCount: Object.keys(headers).length,
      decodeOpsPerSec: decodeOps,
      jsonParseOpsPerSec: parseOps,
      decodeCostVsJsonParse: cost,
      decodeCostInterquartile: spread,
      decodeCostAlone: alone,
      ...(baseline ? { baselineCostVsJsonParse: baseCost } : {}),
      samples,
      decodedAs: { tag: probe._tag, code: probe.code ?? null },
    });
    rows.push([
      c.name,
      bytes,
      Object.keys(headers).length,
      int(decodeOps),
      int(parseOps),
      ratio(cost),
      `${ratio(spread[0])}-${ratio(spread[1])}`,
      alone === undefined ? "-" : ratio(alone),
      ...(baseline ? [ratio(baseCost)] : []),
      `${probe._tag} / ${probe.code ?? "-"}`,
    ]);
  }
  globalThis.faultlineBenchSink = sink;
  printTable(
    "1. decode throughput: decode({status, headers, body: text}) vs JSON.parse(text) on the same body",
    [
      "body",
      ">bytes",
      ">headers",
      ">decode ops/s",
      ">JSON.parse ops/s",
      ">decode cost / JSON.parse",
      ">middle half",
      ">alone",
      ...(baseline ? [">baseline build cost"] : []),
      "decoded as",
    ],
    rows,
    [
      `${rounds} rounds of ~${roundMs} ms each for decode and JSON.parse, alternating, after a warmup; headers as the API's servers send them`,
      "cost ratio = JSON.parse ops/s / decode ops/s of adjacent rounds, median over rounds: how many JSON.parse calls one decode costs (decode parses too)",
      "middle half = the 25th to 75th percentile of the per-round ratios (wide means a noisy machine: compare runs with care)",
      "cost = every shape warmed up in one process first (a gateway decoding many APIs: the engine's caches see them all); alone = the same ratio in a process that decodes only that body (an app talking to one API)",
      ...(baseline
        ? [`baseline build: ${baselineArg.slice("--baseline-core=".length)}, timed in the same rounds`]
        : []),
    ],
  );
  return { rounds, roundMs, cases: results };
};

// ---------------------------------------------------------------------------------------------
// 2. bundle size

const bundleEntries = [
  {
    name: "core: decode + match one code",
    needs: ["@faultline/core"],
    source: `import { decode } from "@faultline/core";
import { match, P } from "ts-pattern";
const res = await fetch("https://api.example.com/users/42");
const err = decode({ status: res.status, headers: res.headers, body: await res.text() });
console.log(match(err.code).with("NOT_FOUND", () => "No such user").otherwise(() => err.message));
`,
  },
  {
    name: "core: decode only",
    needs: ["@faultline/core"],
    source: `import { decode } from "@faultline/core";
const res = await fetch("https://api.example.com/users/42");
console.log(decode({ status: res.status, headers: res.headers, body: await res.text() }));
`,
  },
  {
    // esbuild drops a catalog nothing reads only when the call is marked pure (see core's README).
    name: "core: unused defineCatalog",
    needs: ["@faultline/core"],
    source: `import { defineCatalog } from "@faultline/core";
const shop = defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });
console.log("app");
`,
  },
  {
    name: "core: unused /* @__PURE__ */ defineCatalog",
    needs: ["@faultline/core"],
    source: `import { defineCatalog } from "@faultline/core";
const shop = /* @__PURE__ */ defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });
console.log("app");
`,
  },
  {
    name: "core: redactText only",
    needs: ["@faultline/core"],
    source: `import { redactText } from "@faultline/core";
console.log(redactText("Authorization: Bearer abcdefghijklmnop"));
`,
  },
  {
    name: "@faultline/fetch: createFetch",
    needs: ["@faultline/fetch"],
    source: `import { createFetch } from "@faultline/fetch";
const api = createFetch();
api("https://api.example.com/users/42").then((res) => console.log(res.status), (err) => console.log(err));
`,
  },
  {
    name: "@faultline/fetch/effect: import *",
    needs: ["@faultline/fetch/effect"],
    source: `import * as F from "@faultline/fetch/effect";
console.log(F);
`,
  },
  { name: "ky (whole)", peer: "ky", needs: ["ky"], source: `import ky from "ky";\nconsole.log(ky);\n` },
  {
    name: "ofetch (whole)",
    peer: "ofetch",
    needs: ["ofetch"],
    source: `import { ofetch } from "ofetch";\nconsole.log(ofetch);\n`,
  },
  {
    name: "wretch (whole)",
    peer: "wretch",
    needs: ["wretch"],
    source: `import wretch from "wretch";\nconsole.log(wretch);\n`,
  },
];

/** The package an esbuild input path belongs to ("effect", "@faultline/core", ...). */
const packageOfInput = (path) => {
  const p = path.replaceAll("\\", "/");
  const ws = /(?:^|\/)packages\/([^/]+)\//.exec(p);
  const nm = p.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const [a, b] = p.slice(nm + "node_modules/".length).split("/");
    return a.startsWith("@") ? `${a}/${b}` : a;
  }
  if (ws) return `@faultline/${ws[1]}`;
  return "(entry)";
};

const benchBundle = async () => {
  const esbuild = await import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "faultline-bench-bundle-"));
  const results = [];
  try {
    for (const e of bundleEntries) {
      const missing = e.needs.filter((s) => builtFile(s) === undefined);
      if (missing.length > 0) {
        results.push({ name: e.name, status: "not built", missing });
        continue;
      }
      const file = join(dir, `${results.length}.mjs`);
      writeFileSync(file, e.source);
      const build = (minify) =>
        esbuild.build({
          entryPoints: [file],
          absWorkingDir: BENCH_DIR,
          nodePaths: [NODE_MODULES],
          bundle: true,
          minify,
          treeShaking: true,
          format: "esm",
          platform: "browser",
          target: "es2022",
          write: false,
          metafile: true,
          logLevel: "silent",
          define: { "process.env.NODE_ENV": '"production"' },
        });
      try {
        const [raw, min] = await Promise.all([build(false), build(true)]);
        const minBytes = min.outputFiles[0].contents;
        const parts = {};
        for (const [input, { bytesInOutput }] of Object.entries(
          Object.values(min.metafile.outputs)[0].inputs,
        )) {
          const pkg = packageOfInput(input);
          parts[pkg] = (parts[pkg] ?? 0) + bytesInOutput;
        }
        results.push({
          name: e.name,
          peer: e.peer,
          status: "ok",
          raw: raw.outputFiles[0].contents.byteLength,
          min: minBytes.byteLength,
          gzip: gzipSync(minBytes, { level: 9 }).byteLength,
          minByPackage: Object.fromEntries(Object.entries(parts).sort((a, b) => b[1] - a[1])),
        });
      } catch (error) {
        results.push({
          name: e.name,
          status: "build failed",
          error: String(error?.message ?? error).split("\n")[0],
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ky = results.find((r) => r.peer === "ky" && r.status === "ok");
  const rows = results.map((r) =>
    r.status !== "ok"
      ? [r.name, r.status, "", "", "", r.error ?? `missing ${r.missing?.join(", ")}`]
      : [
          r.name,
          int(r.raw),
          int(r.min),
          int(r.gzip),
          ky ? ratio(r.gzip / ky.gzip) : "-",
          Object.entries(r.minByPackage)
            .filter(([, b]) => b > 0)
            .slice(0, 3)
            .map(([p, b]) => `${p} ${kb(b)}`)
            .join(", "),
        ],
  );
  printTable(
    "2. bundle size: esbuild bundle, esm, browser, tree-shaken (bytes); gzip level 9 of the minified output",
    ["entry", ">raw", ">min", ">min+gzip", ">gzip vs ky", "largest parts of min"],
    rows,
    [
      "raw = bundled, not minified; effect and ts-pattern are bundled in, as a user's bundler would",
      `esbuild ${versionOf("esbuild")}; ky ${versionOf("ky")}, ofetch ${versionOf("ofetch")}, wretch ${versionOf("wretch")}`,
    ],
  );
  return { esbuild: versionOf("esbuild"), entries: results };
};

// ---------------------------------------------------------------------------------------------
// 3. type-check cost

const run = (cmd, argv, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("close", (code) => resolve({ code, out }));
  });

const typeFiles = (core) => {
  const codes = core.standardCatalog.list;
  const tags = core.apiErrorTags;
  const q = (s) => JSON.stringify(s);
  const header = `import { decode, standardCatalog } from "@faultline/core";\n`;
  const decoded = `declare const res: { status: number; headers: Headers; body: string };
export const err = decode(res, { catalog: standardCatalog });
`;
  const files = [
    { name: "baseline: import only", source: `${header}export const catalog = standardCatalog;\n` },
    { name: "baseline: import + decode", source: header + decoded },
    {
      name: "ts-pattern match(err.code) exhaustive",
      source: `${header}import { match, P } from "ts-pattern";\n${decoded}
export const out = match(err.code)
${codes.map((c, i) => `  .with(${q(c)}, () => ${i})`).join("\n")}
  .with(P.string, () => -1)
  .with(undefined, () => -2)
  .exhaustive();
`,
    },
    {
      name: "ts-pattern match(err.code) + P.when(isUnknownCode)",
      source: `${header}import { match, P } from "ts-pattern";\n${decoded}
export const out = match(err.code)
${codes.map((c, i) => `  .with(${q(c)}, () => ${i})`).join("\n")}
  .with(P.when(standardCatalog.isUnknownCode), () => -1)
  .with(undefined, () => -2)
  .exhaustive();
`,
    },
    {
      name: "ts-pattern match(err._tag) exhaustive",
      source: `${header}import { match } from "ts-pattern";\n${decoded}
export const out = match(err._tag)
${tags.map((t, i) => `  .with(${q(t)}, () => ${i})`).join("\n")}
  .exhaustive();
`,
    },
    {
      name: "switch (err.code)",
      source: `${header}${decoded}
export const out = (): number => {
  switch (err.code) {
${codes.map((c, i) => `    case ${q(c)}:\n      return ${i};`).join("\n")}
    case undefined:
      return -2;
    default:
      return -1;
  }
};
`,
    },
  ];
  if (typeof core.matchCode === "function") {
    files.push({
      name: "matchCode(err, standardCatalog, {...})",
      source: `import { decode, matchCode, standardCatalog } from "@faultline/core";\n${decoded}
export const out = matchCode(err, standardCatalog, {
${codes.map((c, i) => `  ${q(c)}: () => ${i},`).join("\n")}
  _: () => -1,
});
`,
    });
  }
  if (typeof core.matchError === "function") {
    files.push({
      name: "matchError(err, {...every kind})",
      source: `import { decode, matchError, standardCatalog } from "@faultline/core";\n${decoded}
export const out = matchError(err, {
${tags.map((t, i) => `  ${t}: () => ${i},`).join("\n")}
});
`,
    });
  }
  return { files, codes: codes.length, tags: tags.length };
};

const compilerOptions = {
  target: "ES2022",
  lib: ["ES2023", "DOM", "DOM.Iterable"],
  module: "preserve",
  moduleResolution: "bundler",
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

const benchTypes = async () => {
  if (builtFile("@faultline/core") === undefined) return { status: "not built" };
  const core = await import("@faultline/core");
  if (core.standardCatalog === undefined || core.apiErrorTags === undefined) {
    console.log("\n3. type-check cost: skipped, @faultline/core exports no standardCatalog or apiErrorTags");
    return { status: "skipped" };
  }
  const tsc = join(dirname(require.resolve("typescript/package.json")), "lib", "tsc.js");
  const { files, codes, tags } = typeFiles(core);
  // Inside the bench folder (so bare imports resolve through its node_modules), under git-ignored results/.
  mkdirSync(RESULTS_DIR, { recursive: true });
  const dir = mkdtempSync(join(RESULTS_DIR, "typecheck-"));
  const runs = QUICK ? 1 : 2;
  const results = [];
  try {
    for (const [i, f] of files.entries()) {
      writeFileSync(join(dir, `f${i}.ts`), f.source);
      writeFileSync(
        join(dir, `tsconfig.f${i}.json`),
        JSON.stringify({ compilerOptions, files: [`f${i}.ts`] }),
      );
      const samples = [];
      for (let r = 0; r < runs; r++) {
        const { code, out } = await run(
          process.execPath,
          [tsc, "-p", `tsconfig.f${i}.json`, "--extendedDiagnostics"],
          {
            cwd: dir,
            timeout: 120_000,
          },
        );
        const num = (label) => {
          const m = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(out);
          return m ? Number(m[1]) : undefined;
        };
        const errors = out.split("\n").filter((l) => /error TS\d+/.test(l));
        samples.push({
          exit: code,
          errors,
          instantiations: num("Instantiations"),
          types: num("Types"),
          checkSec: num("Check time"),
          totalSec: num("Total time"),
          memoryK: num("Memory used"),
        });
      }
      const best = samples.reduce((a, b) => ((b.checkSec ?? Infinity) < (a.checkSec ?? Infinity) ? b : a));
      results.push({ name: f.name, ...best, checkSecRuns: samples.map((s) => s.checkSec) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = results[1];
  const delta = (r) => r.errors.length === 0 && r !== results[0] && r !== base && base.errors.length === 0;
  const rows = results.map((r) => [
    r.name,
    r.instantiations === undefined ? "-" : int(r.instantiations),
    delta(r) ? signed(r.instantiations - base.instantiations) : "",
    r.types === undefined ? "-" : int(r.types),
    r.checkSec?.toFixed(2),
    delta(r) ? signed(r.checkSec - base.checkSec, 2) : "",
    r.totalSec?.toFixed(2),
    r.errors.length > 0 ? `${r.errors.length} type error(s): ${r.errors[0].trim().slice(0, 90)}` : "ok",
  ]);
  printTable(
    `3. type-check cost: tsc --extendedDiagnostics --noEmit, one file each (standard catalog: ${codes} codes, ${tags} kinds)`,
    [
      "file",
      ">instantiations",
      ">vs decode baseline",
      ">types",
      ">check s",
      ">vs baseline",
      ">total s",
      "result",
    ],
    rows,
    [
      `TypeScript ${versionOf("typescript")}, skipLibCheck, strict; check time is the best of ${runs} run(s)`,
      "the code match also handles P.string (codes the catalog does not know) and undefined (no code)",
    ],
  );
  return { typescript: versionOf("typescript"), codes, tags, compilerOptions, files: results };
};

// ---------------------------------------------------------------------------------------------
// 4. fetch client requests/sec on loopback

const serverSource = `
import { createServer } from "node:http";
const routes = {
  "/ok": [200, JSON.stringify({ id: 42, name: "Ada Lovelace", email: "ada@example.com", active: true })],
  "/err404": [404, JSON.stringify({ code: "NOT_FOUND", message: "User 42 was not found", status: 404 })],
  "/err429": [429, JSON.stringify({ code: "RATE_LIMITED", message: "Rate limit exceeded", status: 429 })],
};
const hits = { "/ok": 0, "/err404": 0, "/err429": 0 };
const server = createServer((req, res) => {
  if (req.url === "/__hits") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(hits));
    return;
  }
  const route = routes[req.url];
  if (route === undefined) {
    res.writeHead(500).end();
    return;
  }
  hits[req.url]++;
  res.writeHead(route[0], { "content-type": "application/json", "content-length": Buffer.byteLength(route[1]) });
  res.end(route[1]);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
process.on("disconnect", () => process.exit(0));
`;

const startServer = () =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", serverSource], {
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    });
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const line = buf.split("\n")[0];
      if (buf.includes("\n")) resolve({ child, origin: `http://127.0.0.1:${JSON.parse(line).port}` });
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`test server exited with ${code}`)));
  });

/** Turns retries off in @faultline/fetch (`FetchOptions.retry`); the server's hit count checks it. */
const FAULTLINE_NO_RETRY = { retry: false };
/** A 10 s per-attempt timeout (what ky does by default): a timer and a signal on every request. */
const FAULTLINE_TIMED = { timeoutMs: 10_000 };
const FAULTLINE_TIMED_NO_RETRY = { timeoutMs: 10_000, retry: false };

/** A small seeded generator (mulberry32), so the order of clients in each round is reproducible. */
const seeded = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** The p-quantile of sorted numbers (nearest rank). */
/** The sample at rank `p` (0..1) of already sorted samples (nearest rank). */
const sortedQuantile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];

/**
 * The median of `xs` with a distribution-free 95% confidence interval (order statistics of the
 * binomial(n, 1/2) count: ranks n/2 -+ 0.98 sqrt(n)), and the spread of the samples themselves.
 */
const summarize = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const half = 0.98 * Math.sqrt(n);
  return {
    median: median(s),
    ciLow: s[Math.max(0, Math.floor(n / 2 - half))],
    ciHigh: s[Math.min(n - 1, Math.ceil(n / 2 + half))],
    p10: sortedQuantile(s, 0.1),
    p90: sortedQuantile(s, 0.9),
    min: s[0],
    max: s[n - 1],
  };
};

// `--baseline-fetch=path/to/index.js`: also time another build of @faultline/fetch (its defaults)
// in the same rounds, as a yardstick row, for before/after ratios that share the machine's load.
// Resolve it from inside packages/fetch (for example a copy of an older dist/ under its
// node_modules/), so its `@faultline/core` import resolves.
const baselineFetchArg = args.find((a) => a.startsWith("--baseline-fetch="));

const benchFetch = async () => {
  const faultlineBuilt = builtFile("@faultline/fetch") !== undefined;
  /**
   * Each client: `ok(url)` reads a success body, `err(url)` returns true when the request rejected
   * (or failed) with the error body parsed. `reference` rows are yardsticks, not competitors.
   */
  const clients = [];
  // Bare fetch through `get`: the body parsed on both paths, as every client does.
  const bareClient = (name, get, reference) => ({
    name,
    reference,
    ok: async (url) => (await get(url)).json(),
    err: async (url) => {
      const res = await get(url);
      if (res.ok) return false;
      await res.json();
      return true;
    },
  });
  clients.push(bareClient("bare fetch", (url) => fetch(url), false));
  // The floor for any timeout that really cancels: fetch handed a fresh controller's signal (and no
  // timer). Runtimes do their own bookkeeping for every signal they are handed (Node's undici: a
  // WeakRef, a FinalizationRegistry entry and a listener per request), whatever arms the abort.
  clients.push(
    bareClient(
      "bare fetch + a signal, no timer",
      (url) => fetch(url, { signal: new AbortController().signal }),
      true,
    ),
  );
  // The least a timeout per request costs with fetch: a controller whose signal fetch gets, and a
  // timer of its own.
  const timed = async (url) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    try {
      return await fetch(url, { signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  };
  clients.push(bareClient("bare fetch + 10 s timeout signal", timed, true));
  if (faultlineBuilt) {
    const { createFetch } = await import("@faultline/fetch");
    const rejectsTyped = (api) => async (url) => {
      try {
        await api(url);
        return false;
      } catch (e) {
        return typeof e?._tag === "string" && typeof e.status === "number" && e.status >= 400;
      }
    };
    const plain = createFetch();
    const timedClient = createFetch(FAULTLINE_TIMED);
    clients.push({
      name: "@faultline/fetch",
      ours: true,
      ok: async (url) => (await plain(url)).json(),
      err: rejectsTyped(createFetch(FAULTLINE_NO_RETRY)),
    });
    if (baselineFetchArg !== undefined) {
      const baseline = await import(
        pathToFileURL(resolvePath(baselineFetchArg.slice("--baseline-fetch=".length))).href
      );
      const before = baseline.createFetch();
      clients.push({
        name: "@faultline/fetch, baseline build",
        reference: true,
        ok: async (url) => (await before(url)).json(),
        err: rejectsTyped(baseline.createFetch(FAULTLINE_NO_RETRY)),
      });
    }
    clients.push({
      name: "@faultline/fetch, 10 s timeout",
      reference: true,
      ok: async (url) => (await timedClient(url)).json(),
      err: rejectsTyped(createFetch(FAULTLINE_TIMED_NO_RETRY)),
    });
  }
  const { default: ky, HTTPError } = await import("ky");
  const kyClient = ky.create({ retry: 0, throwHttpErrors: true });
  clients.push({
    name: "ky",
    ok: async (url) => kyClient.get(url).json(),
    err: async (url) => {
      try {
        await kyClient.get(url);
        return false;
      } catch (e) {
        if (!(e instanceof HTTPError)) return false;
        // ky 2 reads the error body itself (into `data`); read it from the response only when it did not.
        const body = e.data !== undefined || e.response.bodyUsed ? e.data : await e.response.json();
        return body?.code !== undefined;
      }
    },
  });
  const { ofetch } = await import("ofetch");
  const of = ofetch.create({ retry: 0 });
  clients.push({
    name: "ofetch",
    ok: async (url) => of(url),
    err: async (url) => {
      try {
        await of(url);
        return false;
      } catch (e) {
        return e?.data?.code !== undefined;
      }
    },
  });
  const ours = clients.find((c) => c.ours);

  const { child, origin } = await startServer();
  const hits = async () => (await fetch(`${origin}/__hits`)).json();
  // One request at a time (latency-bound) and 16 in flight (throughput-bound).
  const concurrencies = [1, 16];
  const paths = [
    { name: "success 200", path: "/ok", kind: "ok" },
    { name: "error 404", path: "/err404", kind: "err" },
  ];
  // Many short rounds; in each, every client runs once per cell, in a shuffled order, and each
  // client's req/s is divided by bare fetch's from the same round. Load from elsewhere moves whole
  // rounds up and down; the per-round ratios cancel most of it, and the median of many shrugs off
  // the rounds a GC pause or a burst of other work landed in.
  const roundArg = args.find((a) => a.startsWith("--rounds="));
  const rounds = roundArg ? Number(roundArg.slice("--rounds=".length)) : QUICK ? 12 : 150;
  const perRound = (k) => (k === 1 ? 60 : 160);
  /** Runs `count` requests, `concurrency` at a time; returns req/s and how many went wrong. */
  const load = async (fn, url, count, concurrency) => {
    let next = 0;
    let wrong = 0;
    const worker = async () => {
      while (next < count) {
        next++;
        try {
          if ((await fn(url)) === false) wrong++;
        } catch {
          wrong++;
        }
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { rps: (count / (performance.now() - t0)) * 1000, wrong };
  };
  const key = (c, p, k) => `${c.name} ${p.path} ${k}`;
  const rps = new Map();
  const vsBare = new Map();
  const oursVs = new Map();
  const wrong = new Map();
  const sent = new Map();
  const push = (map, id, x) => map.set(id, [...(map.get(id) ?? []), x]);
  const loadBefore = loadavg()[0];
  const t0 = performance.now();
  let extras = [];
  try {
    const before = await hits();
    // Warm every client and path up first.
    for (const k of concurrencies) {
      for (const p of paths) {
        for (const c of clients) {
          const w = await load(c[p.kind], origin + p.path, QUICK ? 100 : 400, k);
          sent.set(key(c, p, k), QUICK ? 100 : 400);
          wrong.set(key(c, p, k), w.wrong);
        }
      }
    }
    const random = seeded(0x5eed);
    for (let r = 0; r < rounds; r++) {
      for (const k of concurrencies) {
        for (const p of paths) {
          const order = clients.map((c) => c);
          for (let i = order.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [order[i], order[j]] = [order[j], order[i]];
          }
          const got = new Map();
          for (const c of order) {
            const id = key(c, p, k);
            const res = await load(c[p.kind], origin + p.path, perRound(k), k);
            got.set(c, res.rps);
            wrong.set(id, wrong.get(id) + res.wrong);
            sent.set(id, sent.get(id) + perRound(k));
          }
          for (const c of clients) {
            const id = key(c, p, k);
            push(rps, id, got.get(c));
            push(vsBare, id, got.get(c) / got.get(clients[0]));
            if (ours !== undefined) push(oursVs, id, got.get(ours) / got.get(c));
          }
        }
      }
    }
    const after = await hits();
    extras = paths
      .map((p) => {
        const total = concurrencies.reduce(
          (s, k) => s + clients.reduce((t, c) => t + sent.get(key(c, p, k)), 0),
          0,
        );
        return { path: p.name, extraServerHits: after[p.path] - before[p.path] - total };
      })
      .filter((e) => e.extraServerHits !== 0);
  } finally {
    child.disconnect();
    child.kill();
  }
  const seconds = (performance.now() - t0) / 1000;
  const results = [];
  const rows = [];
  const range = (s) => `${s.p10.toFixed(2)}-${s.p90.toFixed(2)}`;
  const ci = (s) => `${s.ciLow.toFixed(2)}-${s.ciHigh.toFixed(2)}`;
  for (const p of paths) {
    for (const k of concurrencies) {
      for (const c of clients) {
        const id = key(c, p, k);
        const speed = summarize(rps.get(id));
        const bare = summarize(vsBare.get(id));
        const versus = ours === undefined || c === ours ? undefined : summarize(oursVs.get(id));
        results.push({
          path: p.name,
          concurrency: k,
          client: c.name,
          reference: c.reference === true,
          requestsPerSec: speed.median,
          vsBareFetch: bare,
          faultlineVsThis: versus,
          unexpectedOutcomes: wrong.get(id),
          samples: rps.get(id),
        });
        rows.push([
          p.name,
          String(k),
          c.reference ? `  (${c.name})` : c.name,
          int(speed.median),
          c === clients[0] ? "1.00x" : ratio(bare.median),
          c === clients[0] ? "" : ci(bare),
          c === clients[0] ? "" : range(bare),
          versus === undefined ? "" : ratio(versus.median),
          versus === undefined ? "" : ci(versus),
          versus === undefined ? "" : range(versus),
          wrong.get(id),
        ]);
      }
      if (!faultlineBuilt)
        rows.push([p.name, String(k), "@faultline/fetch", "not built", "", "", "", "", "", "", ""]);
    }
  }
  printTable(
    `4. fetch clients on loopback: ${rounds} rounds of ${perRound(1)} (1 in flight) and ${perRound(16)} (16 in flight) requests per client and cell, server in a child process`,
    [
      "path",
      ">in flight",
      "client",
      ">req/s",
      ">vs bare",
      ">95% CI",
      ">p10-p90",
      ">faultline vs it",
      ">95% CI",
      ">p10-p90",
      ">unexpected",
    ],
    rows,
    [
      "ratios are taken per round (same moment, same load), then the median over rounds; 95% CI: of that median; p10-p90: the rounds themselves (the noise)",
      "every client reads the body: bare fetch res.json(); ky/ofetch parse the error body (ky 2 into err.data); @faultline/fetch decodes it into a typed error",
      "success path: @faultline/fetch with its defaults (no timeout, 60 s budget for retrying, retries on); error path with retries off",
      `retries off: ky { retry: 0 }, ofetch { retry: 0 }${faultlineBuilt ? `, @faultline/fetch ${JSON.stringify(FAULTLINE_NO_RETRY)}` : ""}`,
      "rows in parentheses are yardsticks: bare fetch handed a signal (the floor for a timeout that really cancels), bare fetch with a controller and a timer per request, and @faultline/fetch with a 10 s timeout (a timer and a signal per attempt)",
      ...(baselineFetchArg === undefined
        ? []
        : [
            `baseline build: ${baselineFetchArg.slice("--baseline-fetch=".length)} (its defaults), timed in the same rounds`,
          ]),
      extras.length === 0
        ? "server hit counts match requests sent: no client retried"
        : `server saw extra hits (a client retried): ${extras.map((e) => `${e.path} +${e.extraServerHits}`).join(", ")}`,
      `${availableParallelism()} cores shared by client and server; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after; ${seconds.toFixed(0)} s`,
    ],
  );
  return {
    concurrency: concurrencies,
    requestsPerRound: { 1: perRound(1), 16: perRound(16) },
    rounds,
    faultline: faultlineBuilt
      ? { noRetryOptions: FAULTLINE_NO_RETRY, timedOptions: FAULTLINE_TIMED }
      : "not built",
    versions: { ky: versionOf("ky"), ofetch: versionOf("ofetch") },
    extraServerHits: extras,
    results,
  };
};

// ---------------------------------------------------------------------------------------------

const started = performance.now();
const loadAverage = loadavg()[0];
console.log(
  `Faultline bench: node ${process.version}, ${cpus()[0]?.model ?? "unknown cpu"} x${availableParallelism()}, ` +
    `load average ${loadAverage.toFixed(2)}${QUICK ? ", --quick" : ""}`,
);
if (loadAverage > availableParallelism())
  console.log("  the machine is busy: expect noisy timings (sizes and instantiation counts are unaffected)");
if (builtFile("@faultline/core") === undefined) {
  console.error("@faultline/core is not built: run `pnpm turbo run build --filter=@faultline/core` first");
  process.exit(1);
}
// Load our packages once, up front: a build running elsewhere may empty their dist/ while we run.
await import("@faultline/core");
if (builtFile("@faultline/fetch") !== undefined) await import("@faultline/fetch");
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model,
  cores: availableParallelism(),
  loadAverage,
  quick: QUICK,
};
const sections = { decode: benchDecode, bundle: benchBundle, types: benchTypes, fetch: benchFetch };
for (const name of only) {
  try {
    report[name] = await sections[name]();
  } catch (error) {
    const vanished = error?.code === "ERR_MODULE_NOT_FOUND";
    console.log(
      `\n${name}: failed: ${vanished ? `a file went missing (is a build running?): ${error.message}` : (error?.stack ?? error)}`,
    );
    report[name] = { status: "failed", error: String(error?.message ?? error) };
  }
}
report.seconds = (performance.now() - started) / 1000;
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(
  `\nDone in ${report.seconds.toFixed(1)} s; results in ${join("tooling", "bench", "results", "latest.json")}`,
);
