// The Worker that runs the suite inside workerd: POST / with the server's base URL as the body;
// responds with the suite's results as JSON.
import { runSuite } from "../suite.mjs";

export default {
  async fetch(request) {
    const baseUrl = await request.text();
    const results = await runSuite({ baseUrl });
    return Response.json(results);
  },
};
