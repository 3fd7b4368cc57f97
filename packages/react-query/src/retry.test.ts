import {
  type ApiError,
  decodeResponse,
  isApiError,
  NetworkError,
  ServiceUnavailableError,
  withAttempts,
} from "@faultline/core";
import { createClient } from "@faultline/fetch";
import { json, refusedUrl, reply, sequence, startServer, type TestServer } from "@faultline/test-server";
import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { httpError, withRequest } from "../test/helpers";
import { faultlineQueryDefaults, mutationRetry, queryRetry } from "./retry";

const fast = { baseDelayMs: 1, maxDelayMs: 5, random: () => 0.5 } as const;

describe("queryRetry decisions", () => {
  const { retry, retryDelay } = queryRetry({ attempts: 3, maxRetryAfterMs: 5_000 });

  it.each([400, 401, 403, 404, 409, 422])("does not retry %i", (status) => {
    expect(retry(0, httpError(status))).toBe(false);
  });

  it.each([408, 429, 500, 502, 503, 504])("retries %i", (status) => {
    expect(retry(0, httpError(status))).toBe(true);
  });

  it("retries network failures, ours and fetch's own TypeError (through fromUnknown)", () => {
    expect(retry(0, new NetworkError({}))).toBe(true);
    expect(retry(0, new TypeError("fetch failed"))).toBe(true);
    expect(retry(0, new TypeError("Failed to fetch"))).toBe(true);
  });

  it("converts axios-shaped errors and leaves bugs alone", () => {
    expect(retry(0, { response: { status: 503, headers: {}, data: {} } })).toBe(true);
    expect(retry(0, { response: { status: 404, headers: {}, data: {} } })).toBe(false);
    expect(retry(0, new Error("a bug"))).toBe(false);
    expect(retry(0, "a string")).toBe(false);
    expect(retry(0, undefined)).toBe(false);
  });

  it("uses the server's hint as the delay", () => {
    const error = httpError(429, { "Retry-After": "2" });
    expect(retryDelay(0, error)).toBe(2_000);
    expect(retry(0, error)).toBe(true);
    const ms = httpError(503, { "retry-after-ms": "250" });
    expect(retryDelay(1, ms)).toBe(250);
  });

  it("surfaces at once a hint over the cap, with retryAfterMs", () => {
    const error = httpError(429, { "Retry-After": "3600" });
    expect(retry(0, error)).toBe(false);
    expect(error?.retryAfterMs).toBe(3_600_000);
  });

  it("limits attempts (failureCount counts failures before this one)", () => {
    const error = httpError(503);
    expect(retry(0, error)).toBe(true);
    expect(retry(1, error)).toBe(true);
    expect(retry(2, error)).toBe(false);
    expect(queryRetry({ attempts: 1 }).retry(0, httpError(503))).toBe(false);
  });

  it("backs off with jitter when there is no hint, same draw for retry and retryDelay", () => {
    let draws = 0;
    const r = queryRetry({
      baseDelayMs: 100,
      random: () => {
        draws++;
        return 0.5;
      },
    });
    const error = httpError(503);
    expect(r.retryDelay(0, error)).toBe(50);
    expect(r.retry(0, error)).toBe(true);
    expect(draws).toBe(1);
    expect(r.retryDelay(1, error)).toBe(100); // half of 100 * 2
  });

  it("does not stack retries: an error from a retrying client is not retried again", () => {
    expect(retry(0, withAttempts(httpError(503), 3, 40))).toBe(false);
    expect(retry(0, withAttempts(new NetworkError({}), 2, 40))).toBe(false);
    // One attempt means the client did not retry (retries off): React Query may.
    expect(retry(0, withAttempts(httpError(503), 1, 5))).toBe(true);
  });

  it("reads the request snapshot for queries sent as POST", () => {
    expect(retry(0, withRequest(httpError(503), { method: "POST", idempotencyKey: false }))).toBe(false);
    expect(retry(0, withRequest(httpError(503), { method: "POST", idempotencyKey: true }))).toBe(true);
    expect(retry(0, withRequest(httpError(503), { method: "GET", idempotencyKey: false }))).toBe(true);
  });

  it("never throws on odd request snapshots", () => {
    const odd = Object.assign(httpError(503), { request: { method: 42, idempotencyKey: "yes" } });
    expect(retry(0, odd)).toBe(true);
    const trap = httpError(503);
    Object.defineProperty(trap, "request", {
      get() {
        throw new Error("boom");
      },
    });
    expect(retry(0, trap)).toBe(true); // an unreadable snapshot counts as none: a query is a GET
  });
});

describe("mutationRetry decisions", () => {
  const { retry } = mutationRetry({ attempts: 3 });
  it("retries only requests safe to repeat, read from the error's request snapshot", () => {
    expect(retry(0, withRequest(httpError(503), { method: "POST", idempotencyKey: false }))).toBe(false);
    expect(retry(0, withRequest(httpError(503), { method: "PATCH", idempotencyKey: false }))).toBe(false);
    expect(retry(0, withRequest(httpError(503), { method: "POST", idempotencyKey: true }))).toBe(true);
    expect(retry(0, withRequest(httpError(503), { method: "PATCH", idempotencyKey: true }))).toBe(true);
    expect(retry(0, withRequest(httpError(503), { method: "PUT", idempotencyKey: false }))).toBe(true);
    expect(retry(0, withRequest(httpError(503), { method: "DELETE", idempotencyKey: false }))).toBe(true);
  });
  it("does not retry without a snapshot, nor 4xx with one", () => {
    expect(retry(0, httpError(503))).toBe(false);
    expect(retry(0, new TypeError("fetch failed"))).toBe(false);
    expect(retry(0, withRequest(httpError(409), { method: "PUT", idempotencyKey: true }))).toBe(false);
  });
});

describe("a real QueryClient on loopback", () => {
  let server: TestServer | undefined;
  let client: QueryClient | undefined;
  afterEach(async () => {
    client?.clear();
    await server?.close();
    server = undefined;
  });

  const setup = async (routes: Parameters<typeof startServer>[0], policy = {}) => {
    server = await startServer(routes);
    client = new QueryClient({ defaultOptions: faultlineQueryDefaults({ ...fast, ...policy }) });
    // The client's own retries are off: React Query is the one layer that retries.
    const api = createClient({ baseUrl: server.url, retry: false });
    return { server, client, api };
  };

  it("retries a 503 after the server's hint, then succeeds", async () => {
    const { server, client, api } = await setup({
      "/flaky": sequence(
        reply({ status: 503, headers: { "retry-after-ms": "60" }, body: { code: "BUSY", message: "busy" } }),
        reply({ status: 503, headers: { "retry-after-ms": "60" }, body: { code: "BUSY", message: "busy" } }),
        json(200, { ok: true }),
      ),
    });
    const data = await client.fetchQuery({ queryKey: ["flaky"], queryFn: () => api.get("/flaky") });
    expect(data).toEqual({ ok: true });
    const at = server.requests.map((r) => r.at);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(55);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(55);
  });

  it("does not retry a 404 and rejects with the typed error", async () => {
    const { server, client, api } = await setup({
      "/missing": json(404, { code: "NOT_FOUND", message: "nope" }),
    });
    const error: unknown = await client
      .fetchQuery({ queryKey: ["missing"], queryFn: () => api.get("/missing") })
      .catch((e: unknown) => e);
    expect(isApiError(error) && error._tag).toBe("NotFound");
    expect(server.requests).toHaveLength(1);
  });

  it("stops after the attempt limit", async () => {
    const { server, client, api } = await setup(
      { "/down": json(500, { code: "DOWN", message: "down" }) },
      {
        attempts: 4,
      },
    );
    const error = await client.fetchQuery({ queryKey: ["down"], queryFn: () => api.get("/down") }).then(
      () => undefined,
      (e: ApiError) => e,
    );
    expect(error?._tag).toBe("InternalServerError");
    expect(server.requests).toHaveLength(4);
  });

  it("retries 408 and 429", async () => {
    const { server, client, api } = await setup({
      "/a": sequence(json(408, { code: "T", message: "t" }), json(200, 1)),
      "/b": sequence(reply({ status: 429, headers: { "retry-after-ms": "10" } }), json(200, 2)),
    });
    expect(await client.fetchQuery({ queryKey: ["a"], queryFn: () => api.get("/a") })).toBe(1);
    expect(await client.fetchQuery({ queryKey: ["b"], queryFn: () => api.get("/b") })).toBe(2);
    expect(server.requests).toHaveLength(4);
  });

  it("surfaces a 429 whose hint is over the cap at once, with retryAfterMs", async () => {
    const { server, client, api } = await setup(
      { "/limited": reply({ status: 429, headers: { "Retry-After": "120" } }) },
      { maxRetryAfterMs: 1_000 },
    );
    const started = performance.now();
    const error = await client.fetchQuery({ queryKey: ["limited"], queryFn: () => api.get("/limited") }).then(
      () => undefined,
      (e: ApiError) => e,
    );
    expect(error?._tag).toBe("TooManyRequests");
    expect(error?.retryAfterMs).toBe(120_000);
    expect(server.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("retries network failures (connection refused) thrown by plain fetch", async () => {
    const url = await refusedUrl();
    const client = new QueryClient({ defaultOptions: faultlineQueryDefaults({ ...fast, attempts: 3 }) });
    let calls = 0;
    const error = await client
      .fetchQuery({
        queryKey: ["refused"],
        queryFn: () => {
          calls++;
          return fetch(url).then((r) => r.json());
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(calls).toBe(3);
  });

  it("does not stack retries on a client that already retried", async () => {
    server = await startServer({ "/down": json(503, { code: "DOWN", message: "down" }) });
    client = new QueryClient({ defaultOptions: faultlineQueryDefaults({ ...fast, attempts: 3 }) });
    const retrying = createClient({ baseUrl: server.url, retry: { ...fast, attempts: 3 } });
    const error = await client.fetchQuery({ queryKey: ["down"], queryFn: () => retrying.get("/down") }).then(
      () => undefined,
      (e: ApiError) => e,
    );
    expect(error?.attempts).toBe(3);
    expect(server.requests).toHaveLength(3); // not 9
  });

  it("retries a mutation only when its request was safe to repeat", async () => {
    server = await startServer({ "/pay": json(503, { code: "BUSY", message: "busy" }) });
    const url = `${server.url}/pay`;
    client = new QueryClient({ defaultOptions: faultlineQueryDefaults({ ...fast, attempts: 3 }) });
    // Core v2 attaches the request snapshot; this builds the same error by hand.
    const send = async (idempotencyKey: boolean) => {
      const headers: Record<string, string> = idempotencyKey ? { "Idempotency-Key": "k1" } : {};
      const res = await fetch(url, { method: "POST", headers });
      throw withRequest(await decodeResponse(res), { method: "POST", url, idempotencyKey });
    };
    const run = (idempotencyKey: boolean) =>
      client!
        .getMutationCache()
        .build(client!, { mutationFn: () => send(idempotencyKey) })
        .execute(undefined);
    await expect(run(false)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(server.requests).toHaveLength(1);
    await expect(run(true)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(server.requests).toHaveLength(4);
    expect(server.requests.at(-1)?.headers["idempotency-key"]).toBe("k1");
  });
});
