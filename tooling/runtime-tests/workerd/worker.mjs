// The Worker that runs the suite inside workerd: POST / with the server's base URL as the body;
// responds with the suite's results as JSON.
// A browser or Worker app that yields Faultline errors in Effect code imports this once (Node,
// Deno and Bun need not: see the "effect" case of the suite).
import "@faultline/core/effect";
import { runSuite } from "../suite.mjs";

export default {
  async fetch(request) {
    const baseUrl = await request.text();
    const results = await runSuite({ baseUrl });
    return Response.json(results);
  },
};
