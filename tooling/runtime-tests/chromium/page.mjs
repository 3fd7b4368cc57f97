// The browser page's entry module, served by server.mjs at /__rt/ on the API's own origin (so no
// CORS): runs the suite and leaves the results where chromium/entry.mjs reads them.
// A browser or Worker app that yields Faultline errors in Effect code imports this once (Node,
// Deno and Bun need not: see the "effect" case of the suite).
import "@faultline/core/effect";
import { runSuite } from "../suite.mjs";

globalThis.__rtResults = await runSuite({ baseUrl: location.origin });
