// A user of @faultline/react-query: a real QueryClient with Faultline's defaults fetching from a
// real HTTP server on loopback through @faultline/fetch. A 404 is not retried, a 503 is retried on
// its Retry-After, `error` is typed as the Faultline union through `Register`, and `onApiError`
// routes by code. Type-checked under nodenext and bundler, then run.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiError, standardCatalog } from "@faultline/core";
import { createClient } from "@faultline/fetch";
import { faultlineQueryDefaults, onApiError } from "@faultline/react-query";
import { QueryCache, QueryClient } from "@tanstack/react-query";

declare module "@tanstack/react-query" {
  interface Register {
    defaultError: ApiError;
  }
}

const hits = new Map<string, number>();
const server = createServer((req, res) => {
  const n = (hits.get(req.url ?? "") ?? 0) + 1;
  hits.set(req.url ?? "", n);
  if (req.url === "/flaky" && n === 1) {
    res.writeHead(503, { "content-type": "application/json", "retry-after": "0" });
    res.end(JSON.stringify({ code: "SERVICE_UNAVAILABLE", message: "Back soon" }));
  } else if (req.url === "/flaky") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true }));
  } else {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: "NOT_FOUND", message: "No such user" }));
  }
});
await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
const { port } = server.address() as AddressInfo;

try {
  const api = createClient({ baseUrl: `http://127.0.0.1:${port}`, catalog: standardCatalog, retry: false });
  const routed: string[] = [];
  const queryClient = new QueryClient({
    defaultOptions: faultlineQueryDefaults({ attempts: 3, maxRetryAfterMs: 5_000 }),
    queryCache: new QueryCache({
      onError: onApiError({ codes: { NOT_FOUND: (error) => routed.push(`code ${error.code}`) } }),
    }),
  });

  const flaky = await queryClient.fetchQuery({
    queryKey: ["flaky"],
    queryFn: () => api.get<{ ok: boolean }>("/flaky"),
  });
  assert.equal(flaky.ok, true);
  assert.equal(hits.get("/flaky"), 2, "the 503 was retried once");

  await assert.rejects(queryClient.fetchQuery({ queryKey: ["user"], queryFn: () => api.get("/users/2") }));
  const state = queryClient.getQueryState(["user"]);
  const error: ApiError | null | undefined = state?.error;
  assert.equal(error?._tag, "NotFound");
  assert.equal(hits.get("/users/2"), 1, "a 404 is not retried");
  // onApiError runs its handler in a macrotask, after components had their chance to markHandled.
  await new Promise((tick) => setTimeout(tick, 0));
  assert.deepEqual(routed, ["code NOT_FOUND"]);
  queryClient.clear();
  console.log(`react-query ok: 503 retried, ${error?._tag} not retried, routed by code`);
} finally {
  server.close();
}

export const typeOnly = (): void => {
  // @ts-expect-error attempts is a number
  faultlineQueryDefaults({ attempts: "3" });
};
