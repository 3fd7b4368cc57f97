// A user of @faultline/axios: install it on their own axios instance, call a real HTTP server on
// loopback, and handle typed rejections (a decoded 404, a 503 retried on its Retry-After, a refused
// connection). Type-checked under nodenext and bundler, then run.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fromAxiosError, withFaultline } from "@faultline/axios";
import { standardCatalog } from "@faultline/core";
import axios from "axios";

let busy = 0;
const server = createServer((req, res) => {
  if (req.url === "/users/1") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: 1, name: "Ada" }));
  } else if (req.url === "/busy" && busy++ === 0) {
    res.writeHead(503, { "content-type": "application/json", "retry-after": "0" });
    res.end(JSON.stringify({ code: "MAINTENANCE", message: "Back soon" }));
  } else if (req.url === "/busy") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true }));
  } else {
    res.writeHead(404, { "content-type": "application/json", "x-request-id": "req-7" });
    res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "No such user" } }));
  }
});
await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
const { port } = server.address() as AddressInfo;

try {
  const api = withFaultline(axios.create({ baseURL: `http://127.0.0.1:${port}`, timeout: 5_000 }), {
    catalog: standardCatalog,
    retry: { attempts: 3 },
  });
  const ok = await api.get<{ id: number; name: string }>("/users/1");
  const name: string = ok.data.name;
  assert.equal(name, "Ada");

  const failure = await api.get("/users/2").then(
    () => assert.fail("a 404 must reject"),
    (error: unknown) => error,
  );
  assert.ok(api.isFaultlineError(failure), "the rejection is a Faultline error");
  if (failure._tag !== "NotFound") assert.fail(`expected NotFound, got ${failure._tag}`);
  const status: number = failure.status;
  assert.equal(status, 404);
  assert.equal(failure.code, "NOT_FOUND");
  assert.equal(failure.requestId, "req-7");
  // The cause is a redacted summary of the AxiosError: no config, no request headers.
  assert.doesNotMatch(JSON.stringify(failure), /"config"|"headers":\{"Accept"/);

  const retried = await api.get<{ ok: boolean }>("/busy");
  assert.equal(retried.data.ok, true);
  assert.equal(busy, 2, "the 503 was retried once, on its Retry-After");

  const refused = await axios.get("http://127.0.0.1:1/").then(
    () => assert.fail("port 1 must refuse"),
    (thrown: unknown) => fromAxiosError(thrown),
  );
  assert.equal(refused._tag, "Network");
  console.log(`axios ok: ${failure._tag} ${failure.code}, 503 retried, refused -> ${refused._tag}`);
} finally {
  server.close();
}

export const typeOnly = (): void => {
  // @ts-expect-error the retry options are typed
  withFaultline(axios.create(), { retry: { attempts: "3" } });
};
