// @faultline/axios benchmark: a report, not a gate. Each figure is printed next to a peer measured
// in the same run, because absolute numbers depend on the machine and ratios mostly do not.
//
//   pnpm --filter @faultline/axios bench            (builds dist first)
//   node bench/run.mjs --quick                      fewer requests, to check that it runs
//
// 1. Bundle size, min+gzip (esbuild, axios external for both): `withFaultline` next to axios-retry.
// 2. Overhead per request on loopback: an instance with `withFaultline` next to bare axios (and
//    axios-retry), for successes and for 404s (bare axios rejects with an AxiosError, Faultline with
//    a decoded error).

import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import axios from "axios";
import axiosRetry from "axios-retry";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const QUICK = process.argv.includes("--quick");

const kib = (n) => `${(n / 1024).toFixed(2)} KiB`;
const ratio = (x) => `${x.toFixed(2)}x`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const table = (title, head, rows) => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) =>
    r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  console.log(`\n${title}\n${line(head)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const r of rows) console.log(line(r));
};

// ---------------------------------------------------------------------------------------------
// 1. Bundle size

const sizeOf = async (contents, external) => {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    external,
    logLevel: "error",
  });
  const code = result.outputFiles[0].contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
};

const sizes = [
  {
    name: "axios-retry (axios external)",
    ...(await sizeOf(`export { default } from "axios-retry";`, ["axios"])),
  },
  {
    name: "withFaultline (axios external; core, effect bundled)",
    ...(await sizeOf(`export { withFaultline } from "./dist/index.js";`, ["axios"])),
  },
  {
    name: "withFaultline (axios and @faultline/core external)",
    ...(await sizeOf(`export { withFaultline } from "./dist/index.js";`, ["axios", "@faultline/core"])),
  },
];
const peer = sizes[0];
table(
  "Bundle size (esbuild --minify, gzip -9)",
  ["bundle", "min", "min+gzip", "gzip vs axios-retry"],
  sizes.map((s) => [s.name, kib(s.min), kib(s.gzip), ratio(s.gzip / peer.gzip)]),
);

// ---------------------------------------------------------------------------------------------
// 2. Overhead per request

const { withFaultline } = await import(join(root, "dist/index.js"));

const okBody = JSON.stringify({ id: 1, name: "Ada" });
const notFound = JSON.stringify({ code: "NOT_FOUND", message: "No such user", requestId: "req_1" });
const server = createServer((req, res) => {
  if (req.url === "/ok") {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(okBody) });
    res.end(okBody);
  } else {
    res.writeHead(404, { "content-type": "application/json", "content-length": Buffer.byteLength(notFound) });
    res.end(notFound);
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const httpAgent = (await import("node:http")).Agent;
const make = () =>
  axios.create({ baseURL: base, httpAgent: new httpAgent({ keepAlive: true, maxSockets: 1 }) });
const clients = {
  "bare axios": make(),
  "axios + axios-retry": (() => {
    const c = make();
    axiosRetry(c, { retries: 2 });
    return c;
  })(),
  "axios + withFaultline": withFaultline(make()),
};

const N = QUICK ? 200 : 500;
const ROUNDS = QUICK ? 3 : 15;
/** Mean microseconds per request over `N` sequential requests. */
const round = async (client, path) => {
  const start = performance.now();
  for (let i = 0; i < N; i++) {
    try {
      await client.get(path);
    } catch {
      // 404s reject; that is what is measured.
    }
  }
  return ((performance.now() - start) * 1000) / N;
};

const results = [];
for (const path of ["/ok", "/missing"]) {
  // Warm up every client (JIT, sockets); then rounds interleave the clients, so load from other
  // processes hits all of them alike; the median of the rounds is reported.
  for (const client of Object.values(clients)) await round(client, path);
  const samples = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, client] of Object.entries(clients)) samples[name].push(await round(client, path));
  }
  const row = Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, median(xs)]));
  results.push({ path, row });
}
server.close();

for (const { path, row } of results) {
  const bare = row["bare axios"];
  table(
    `Per request on loopback, ${path === "/ok" ? "200 JSON" : "404 JSON (rejects)"} (median of ${ROUNDS} interleaved rounds x ${N} sequential requests)`,
    ["client", "us/request", "overhead", "vs bare axios"],
    Object.entries(row).map(([name, us]) => [
      name,
      us.toFixed(1),
      `${us - bare >= 0 ? "+" : ""}${(us - bare).toFixed(1)} us`,
      ratio(us / bare),
    ]),
  );
}
console.log(`\nNode ${process.version}, axios ${axios.VERSION}`);
