// Runs the suite in workerd through Miniflare 4 (a Node script; run.mjs starts it with
// `node --experimental-vm-modules`, which lib/graph.mjs needs). The Worker and the built packages
// are handed to workerd as an explicit module list (no bundler): see lib/graph.mjs.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { collectGraph } from "../lib/graph.mjs";
import { formatResult, formatVersion } from "../lib/protocol.mjs";

const baseUrl = process.argv[2];
if (!baseUrl) throw new Error("usage: node --experimental-vm-modules workerd/entry.mjs <baseUrl>");

// The workerd that miniflare runs (its own dependency).
const fromMiniflare = createRequire(createRequire(import.meta.url).resolve("miniflare"));
console.log(formatVersion(`workerd ${fromMiniflare("workerd/package.json").version}`));

const graph = collectGraph(fileURLToPath(new URL("./worker.mjs", import.meta.url)));
const mf = new Miniflare({
  modules: graph.modules.map((m) => ({ type: "ESModule", path: m.path, contents: m.code })),
  modulesRoot: graph.root,
  compatibilityDate: "2025-09-01",
  // Outbound fetch goes to the real network, loopback included (workerd blocks "local" by default).
  outboundService: { network: { allow: ["local"] } },
});
try {
  const res = await mf.dispatchFetch("http://worker.invalid/", { method: "POST", body: baseUrl });
  const text = await res.text();
  if (!res.ok) throw new Error(`the Worker answered ${res.status}: ${text.slice(0, 2000)}`);
  for (const result of JSON.parse(text)) console.log(formatResult(result));
} finally {
  await mf.dispose();
}
