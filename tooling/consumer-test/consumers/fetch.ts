// A user of @faultline/fetch: call a real HTTP server on loopback and handle the typed rejection.
// Type-checked under nodenext and bundler, then run.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { isApiError, standardCatalog } from "@faultline/core";
import { createFetch, type FaultlineFetch } from "@faultline/fetch";

const server = createServer((req, res) => {
  if (req.url === "/users/1") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: 1, name: "Ada" }));
    return;
  }
  res.writeHead(404, { "content-type": "application/json", "x-request-id": "req-42" });
  res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "No such user" } }));
});
await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
const { port } = server.address() as AddressInfo;

try {
  const api: FaultlineFetch = createFetch({
    baseUrl: `http://127.0.0.1:${port}`,
    catalog: standardCatalog,
    timeoutMs: 5_000,
  });
  const ok = await api("/users/1");
  const user: unknown = await ok.json();
  assert.deepEqual(user, { id: 1, name: "Ada" });

  const failure = await api("/users/2").then(
    () => assert.fail("a 404 must reject"),
    (error: unknown) => error,
  );
  assert.ok(isApiError(failure), "the rejection is a Faultline error");
  if (failure._tag !== "NotFound") assert.fail(`expected NotFound, got ${failure._tag}`);
  const status: number = failure.status;
  assert.equal(status, 404);
  assert.equal(failure.code, "NOT_FOUND");
  assert.equal(failure.message, "No such user");
  assert.equal(failure.requestId, "req-42");
  console.log(`fetch ok: ${failure._tag} ${failure.code} ${failure.requestId}`);
} finally {
  server.close();
}

export const typeOnly = (): void => {
  // @ts-expect-error the input is a URL, a string or a Request: its type is not any
  void createFetch()(12345);
  // @ts-expect-error options are typed
  createFetch({ timeoutMs: "5s" });
};
