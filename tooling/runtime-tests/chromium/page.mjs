// The browser page's entry module, served by server.mjs at /__rt/ on the API's own origin (so no
// CORS): runs the suite and leaves the results where chromium/entry.mjs reads them.
import { runSuite } from "../suite.mjs";

globalThis.__rtResults = await runSuite({ baseUrl: location.origin });
