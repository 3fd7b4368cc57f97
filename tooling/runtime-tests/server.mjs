// The loopback API server the cross-runtime suite talks to. Plain node:http, no dependencies.
// Routes (all under one origin, so a browser page served from here needs no CORS):
//   GET /config                  -> { deadBaseUrl }: a loopback URL whose port was bound then closed
//   GET /json                    -> 200 JSON
//   GET /error/rate-limited      -> 429 with Retry-After, x-request-id and a JSON error body
//   GET /error/problem           -> 404 application/problem+json with a request id in the body
//   GET /retry-once/:key         -> 429 `Retry-After: 1` on the first call per key, then 200 JSON
//                                   (the 200 body says how many calls the key saw and the gap)
//   GET /slow-headers?ms=N       -> sends headers only after N ms (default 10 s)
//   GET /__rt/index.html         -> the browser runtime's page: loads chromium/page.mjs as a module
//   GET /__rt/m/<path>           -> that page's module graph (lib/graph.mjs), built dist files
//                                   included, bare specifiers rewritten; nothing else is served
// Anything else is 404 text.
//
// `node --experimental-vm-modules server.mjs` prints the base URL on its first line and serves
// until stdin closes or it gets SIGTERM (this is how run.mjs runs it: a process of its own, so the
// runner's work never delays a response). The flag is needed only for /__rt/ (lib/graph.mjs).
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { collectGraph } from "./lib/graph.mjs";

const pageEntry = fileURLToPath(new URL("./chromium/page.mjs", import.meta.url));

const json = (res, status, body, headers = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
};

/** Binds a server on 127.0.0.1:0 and closes it: its port now refuses connections. */
const closedPort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/**
 * Starts the server on 127.0.0.1 with an OS-chosen port.
 * @returns {Promise<{ baseUrl: string, deadBaseUrl: string, close: () => Promise<void> }>}
 */
export const startServer = async () => {
  const deadBaseUrl = `http://127.0.0.1:${await closedPort()}`;
  /** @type {Map<string, { calls: number, firstAt: number }>} */
  const retryKeys = new Map();
  const pending = new Set();
  /** @type {Map<string, string> | undefined} module name -> code, built on the first page request */
  let pageModules;
  let pageEntryName;
  const servePage = (res, path) => {
    if (pageModules === undefined) {
      const graph = collectGraph(pageEntry);
      pageModules = new Map(graph.modules.map((m) => [m.name, m.code]));
      pageEntryName = graph.entry;
    }
    if (path === "/__rt/index.html") {
      const html = `<!doctype html><meta charset="utf-8"><title>runtime-tests</title>
<script type="module" src="/__rt/m/${pageEntryName}"></script>`;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(html);
    }
    const code = pageModules.get(decodeURIComponent(path.slice("/__rt/m/".length)));
    if (code === undefined) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not in the page's module graph");
    }
    res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
    res.end(code);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;

    if (path.startsWith("/__rt/")) {
      try {
        return servePage(res, path);
      } catch (error) {
        res.writeHead(500, { "content-type": "text/plain" });
        return res.end(String(error?.stack ?? error));
      }
    }
    if (path === "/config") return json(res, 200, { deadBaseUrl });
    if (path === "/json") return json(res, 200, { ok: true, items: [1, 2, 3], text: "héllo ✓" });
    if (path === "/error/rate-limited") {
      return json(
        res,
        429,
        { code: "RATE_LIMITED", message: "Slow down" },
        { "retry-after": "7", "x-request-id": "req_rt_429" },
      );
    }
    if (path === "/error/problem") {
      return json(
        res,
        404,
        {
          type: "https://example.com/probs/not-found",
          title: "Not Found",
          status: 404,
          detail: "No user 42",
          code: "USER_NOT_FOUND",
          requestId: "req_rt_404",
        },
        { "content-type": "application/problem+json" },
      );
    }
    if (path.startsWith("/retry-once/")) {
      const key = path.slice("/retry-once/".length);
      const seen = retryKeys.get(key);
      if (seen === undefined) {
        retryKeys.set(key, { calls: 1, firstAt: Date.now() });
        return json(
          res,
          429,
          { code: "RATE_LIMITED", message: "Try again in 1 second" },
          { "retry-after": "1" },
        );
      }
      seen.calls += 1;
      return json(res, 200, { ok: true, calls: seen.calls, gapMs: Date.now() - seen.firstAt });
    }
    if (path === "/slow-headers") {
      const ms = Number(url.searchParams.get("ms") ?? 10_000);
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!res.destroyed) json(res, 200, { ok: true, late: true });
      }, ms);
      pending.add(timer);
      // The client gives up (timeout/abort): stop waiting.
      res.on("close", () => {
        clearTimeout(timer);
        pending.delete(timer);
      });
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("no such route");
  });
  // Keep-alive sockets must not hold `close()` open.
  server.keepAliveTimeout = 1_000;

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    deadBaseUrl,
    close: () =>
      new Promise((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startServer();
  console.log(server.baseUrl);
  const stop = () => server.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  // run.mjs holds our stdin open; when it goes away, so do we. (Started from a terminal by hand,
  // stop it with Ctrl-C.)
  if (!process.stdin.isTTY) {
    process.stdin.resume();
    process.stdin.once("end", stop);
  }
}
