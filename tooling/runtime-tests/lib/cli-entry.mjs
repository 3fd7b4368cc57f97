// Shared entry for runtimes that run a script directly (Node, Bun, Deno): takes the server's base
// URL as the first argument, runs the suite and prints one `RT_RESULT <json>` line per test, which
// run.mjs parses. Web APIs only, plus reading argv.
import { runSuite } from "../suite.mjs";
import { formatResult, formatVersion } from "./protocol.mjs";

const args = globalThis.Deno?.args ?? globalThis.process?.argv.slice(2) ?? [];
const baseUrl = args[0];
if (!baseUrl) throw new Error("usage: <runtime> entry.mjs <baseUrl>");
const version = globalThis.Deno
  ? `Deno ${globalThis.Deno.version.deno}`
  : globalThis.Bun
    ? `Bun ${globalThis.Bun.version}`
    : `Node ${globalThis.process?.version}`;
console.log(formatVersion(version));
await runSuite({ baseUrl, report: (result) => console.log(formatResult(result)) });
