import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import { isApiError, standardCatalog } from "@faultline/core";
import {
  delay,
  echo,
  type Handler,
  hugeBody,
  json,
  neverEnding,
  refusedUrl,
  reply,
  resetBeforeHeaders,
  resetMidBody,
  sequence,
  truncatedJson,
} from "@faultline/test-server";
import axios from "axios";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withFaultline } from "../src/index";
import { fast, type Routed, rejection, routedServer } from "./helpers";

let api: Routed;
beforeAll(async () => {
  api = await routedServer();
});
afterAll(() => api.close());

const route = (handler: Handler) => api.route(handler);

/**
 * Headers at once, then one byte every `everyMs` until `totalMs` have passed: a body that keeps
 * arriving, so axios's timeout (an idle bound in its Node adapter) never fires.
 */
const drip =
  (status: number, everyMs: number, totalMs: number): Handler =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.write("[");
    const started = Date.now();
    const timer = setInterval(() => {
      if (res.destroyed || Date.now() - started >= totalMs) {
        clearInterval(timer);
        if (!res.destroyed) res.end("]");
        return;
      }
      res.write(" ");
    }, everyMs);
    res.on("close", () => clearInterval(timer));
  };

/** The listeners a `CancelToken` still holds (axios keeps them in `_listeners`). */
const tokenListeners = (token: unknown): number =>
  ((token as { _listeners?: unknown[] | null })._listeners ?? []).length;

describe("success path", () => {
  it("returns the same instance and leaves successful responses untouched", async () => {
    const r = route(json(200, { id: 1 }));
    const instance = axios.create();
    const wired = withFaultline(instance, { retry: false });
    expect(wired).toBe(instance);
    const res = await wired.get(r.url);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ id: 1 });
  });

  it("keeps the instance's own interceptors, defaults and base URL", async () => {
    const r = route(echo);
    const instance = axios.create({ baseURL: api.server.url, headers: { "x-default": "d" } });
    instance.interceptors.request.use((config) => {
      config.headers.set("x-before", "1");
      return config;
    });
    withFaultline(instance);
    instance.interceptors.request.use((config) => {
      config.headers.set("x-after", "1");
      return config;
    });
    const res = await instance.get<{ url: string; headers: Record<string, string> }>(r.path);
    expect(res.data.url).toBe(r.path);
    expect(res.data.headers["x-default"]).toBe("d");
    expect(res.data.headers["x-before"]).toBe("1");
    expect(res.data.headers["x-after"]).toBe("1");
  });

  it("installing twice replaces the first installation (one retry loop, not two)", async () => {
    const r = route(reply({ status: 503 }));
    const instance = axios.create();
    withFaultline(instance, { retry: { ...fast, attempts: 3 } });
    withFaultline(instance, { retry: { ...fast, attempts: 2 } });
    const error = await rejection(instance.get(r.url));
    expect(error.attempts).toBe(2);
    expect(r.hits()).toBe(2);
  });
});

describe("HTTP errors", () => {
  it("decodes status, code, message, request id from AxiosHeaders, field and details", async () => {
    const r = route(
      json(
        422,
        {
          error: {
            code: "VALIDATION_ERROR",
            message: "email is invalid",
            field: "email",
            details: { min: 3 },
          },
        },
        { "x-request-id": "req_42" },
      ),
    );
    const client = withFaultline(axios.create(), { catalog: standardCatalog });
    const error = await rejection(client.get(r.url));
    expect(error._tag).toBe("BadRequest"); // the kind the catalog declares for VALIDATION_ERROR (400)
    expect(error.status).toBe(422); // the status as sent
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.message).toBe("email is invalid");
    expect(error.requestId).toBe("req_42");
    expect(error.field).toBe("email");
    expect(error.response?.headers["x-request-id"]).toBe("req_42");
    expect(error.response?.url).toBe(r.url);
    expect(error.attempts).toBe(1);
    expect(typeof error.elapsedMs).toBe("number");
  });

  it("decodes problem+json", async () => {
    const r = route(
      reply({
        status: 403,
        headers: { "content-type": "application/problem+json" },
        body: JSON.stringify({
          type: "https://example.com/probs/scope",
          title: "Insufficient scope",
          status: 403,
          detail: "Token lacks the orders:write scope",
          code: "SCOPE_INSUFFICIENT",
        }),
      }),
    );
    const error = await rejection(withFaultline(axios.create()).get(r.url));
    expect(error._tag).toBe("Forbidden");
    expect(error.code).toBe("SCOPE_INSUFFICIENT");
    expect(error.message).toContain("orders:write");
  });

  it("decodes an HTML gateway page into its status kind", async () => {
    const r = route(
      reply({
        status: 502,
        headers: { "content-type": "text/html" },
        body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
      }),
    );
    const error = await rejection(withFaultline(axios.create(), { retry: false }).get(r.url));
    expect(error._tag).toBe("BadGateway");
    expect(error.status).toBe(502);
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain("<html>");
  });

  it("salvages the code of a truncated JSON body", async () => {
    const r = route(
      truncatedJson(422, { code: "VALIDATION_ERROR", message: "email is invalid", field: "email" }, 0.6),
    );
    const error = await rejection(withFaultline(axios.create()).get(r.url, { responseType: "text" }));
    expect(error._tag).toBe("UnprocessableEntity");
    expect(error.code).toBe("VALIDATION_ERROR");
  });

  it("caps a 10 MB error body read as a stream, and destroys the rest", async () => {
    const r = route(hugeBody(500, 10 * 1024 * 1024, "HUGE_ERROR"));
    const started = performance.now();
    const client = withFaultline(axios.create(), { retry: false, maxBodyBytes: 64 * 1024 });
    const error = await rejection(client.get(r.url, { responseType: "stream" }));
    expect(error._tag).toBe("InternalServerError");
    expect(error.response?.truncated).toBe(true);
    expect((error.response?.body ?? "").length).toBeLessThanOrEqual(64 * 1024);
    expect(error.code).toBe("HUGE_ERROR");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("an error body streamed forever is bounded by the body deadline", async () => {
    const r = route(neverEnding({ status: 500, chunk: '{"code":"STALLED","message":"part' }));
    const started = performance.now();
    const client = withFaultline(axios.create({ timeout: 1_000 }), { retry: false });
    const error = await rejection(client.get(r.url, { responseType: "stream" }));
    expect(error._tag).toBe("InternalServerError");
    expect(error.code).toBe("STALLED");
    expect(performance.now() - started).toBeLessThan(6_000);
  });

  it("a 3xx rejected by validateStatus is Unexpected, not an HTTP error kind", async () => {
    const r = route(reply({ status: 302, headers: { location: "/elsewhere" } }));
    const client = withFaultline(axios.create({ maxRedirects: 0 }), { retry: fast });
    const error = await rejection(client.get(r.url));
    expect(error._tag).toBe("Unexpected");
    expect(error.status).toBe(302);
    expect(r.hits()).toBe(1);
  });
});

describe("transport failures", () => {
  it("ECONNREFUSED is Network, retried", async () => {
    const url = await refusedUrl();
    const client = withFaultline(axios.create(), { retry: { ...fast, attempts: 2 } });
    const error = await rejection(client.get(`${url}/x`));
    expect(error._tag).toBe("Network");
    expect((error.cause as { code?: string }).code).toBe("ECONNREFUSED");
    expect(error.attempts).toBe(2);
  });

  it("ERR_NETWORK (fetch adapter) is Network", async () => {
    const url = await refusedUrl();
    const client = withFaultline(axios.create({ adapter: "fetch" }), { retry: false });
    const error = await rejection(client.get(`${url}/x`));
    expect(error._tag).toBe("Network");
    expect((error.cause as { code?: string }).code).toBe("ERR_NETWORK");
  });

  it("ECONNRESET before headers is Network", async () => {
    const r = route(resetBeforeHeaders);
    const error = await rejection(withFaultline(axios.create(), { retry: false }).get(r.url));
    expect(error._tag).toBe("Network");
    expect((error.cause as { code?: string }).code).toBe("ECONNRESET");
  });

  it("a reset mid-body of a 200 is Network and retried for GET", async () => {
    const r = route(sequence(resetMidBody({ status: 200 }), json(200, { ok: true })));
    const res = await withFaultline(axios.create(), { retry: fast }).get(r.url);
    expect(res.data).toEqual({ ok: true });
    expect(r.hits()).toBe(2);
  });

  it("ENOTFOUND is Network", async () => {
    const client = withFaultline(axios.create(), { retry: false });
    const error = await rejection(
      client.get("http://no-such-host.invalid/x", {
        lookup: (hostname: string, _options: unknown, callback: (error: Error) => void) => {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }));
        },
      } as never),
    );
    expect(error._tag).toBe("Network");
    expect((error.cause as { code?: string }).code).toBe("ENOTFOUND");
  });

  it.each(["http", "fetch"] as const)(
    "axios's timeout (%s adapter) is Timeout, not retried by default",
    async (adapter) => {
      const r = route(delay(2_000, json(200, {})));
      // 500 ms: long enough for a loaded machine to deliver the request (the hit count proves there
      // was exactly one attempt), far shorter than the response.
      const client = withFaultline(axios.create({ timeout: 500, adapter }), { retry: fast });
      const error = await rejection(client.get(r.url));
      expect(error._tag).toBe("Timeout");
      expect(["ECONNABORTED", "ETIMEDOUT"]).toContain((error.cause as { code?: string }).code);
      expect(r.hits()).toBe(1);
    },
  );

  it.each([
    [200, "http", {}],
    [500, "http", {}],
    [200, "http without redirects", { maxRedirects: 0 }],
    [500, "http without redirects", { maxRedirects: 0 }],
    [200, "fetch", { adapter: "fetch" }],
    [500, "fetch", { adapter: "fetch" }],
  ] as const)(
    "a %i whose body stalls past axios's timeout (%s adapter) is Timeout, not retried by default",
    async (status, adapter, config) => {
      const r = route(neverEnding({ status, chunk: '{"code":"STALL' }));
      const client = withFaultline(axios.create({ timeout: 500, ...config }), { retry: fast });
      const error = await rejection(client.get(r.url));
      expect(error._tag).toBe("Timeout");
      expect(error.retryable).toBe(false);
      expect(error.attempts).toBe(1);
      expect(r.hits()).toBe(1);
      if (adapter === "http")
        expect(error.message).toBe(`Request timed out after 500 ms reading the body of HTTP ${status}`);
    },
  );

  it("a body stalled past axios's timeout is retried as a timeout with retryTimeouts", async () => {
    const r = route(sequence(neverEnding({ status: 500 }), json(200, { ok: true })));
    const client = withFaultline(axios.create({ timeout: 500 }), {
      retry: { ...fast, retryTimeouts: true },
    });
    const res = await client.get(r.url);
    expect(res.data).toEqual({ ok: true });
    expect(r.hits()).toBe(2);
  });

  it("ETIMEDOUT (clarifyTimeoutError) is Timeout too", async () => {
    const r = route(delay(2_000, json(200, {})));
    const client = withFaultline(
      axios.create({ timeout: 100, transitional: { clarifyTimeoutError: true } }),
      { retry: false },
    );
    const error = await rejection(client.get(r.url));
    expect(error._tag).toBe("Timeout");
    expect((error.cause as { code?: string }).code).toBe("ETIMEDOUT");
  });

  it("axios's timeout applies per attempt when timeouts are retried", async () => {
    const r = route(sequence(delay(5_000, json(200, {})), delay(5_000, json(200, {})), json(200, { ok: 3 })));
    const started = performance.now();
    // 500 ms leaves room for a loaded machine to answer the third attempt; without a per-attempt
    // timeout the first attempt alone would take 5 s.
    const client = withFaultline(axios.create({ timeout: 500 }), {
      retry: { ...fast, retryTimeouts: true, attempts: 3 },
    });
    const res = await client.get(r.url);
    expect(res.data).toEqual({ ok: 3 });
    expect(r.hits()).toBe(3);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it.each(["http", "fetch"] as const)(
    "an AbortSignal (%s adapter) is Aborted, never retried",
    async (adapter) => {
      const r = route(delay(2_000, json(200, {})));
      const controller = new AbortController();
      const client = withFaultline(axios.create({ adapter }), { retry: fast });
      const pending = client.get(r.url, { signal: controller.signal });
      // Abort once the server holds the request (a fixed delay raced a loaded machine's connect).
      await vi.waitFor(() => expect(r.hits()).toBe(1), { timeout: 1_900, interval: 5 });
      controller.abort();
      const error = await rejection(pending);
      expect(error._tag).toBe("Aborted");
      expect(error.attempts).toBe(1);
      expect(r.hits()).toBe(1);
    },
  );

  it("a CancelToken is Aborted", async () => {
    const r = route(delay(2_000, json(200, {})));
    const source = axios.CancelToken.source();
    const client = withFaultline(axios.create(), { retry: fast });
    const pending = client.get(r.url, { cancelToken: source.token });
    setTimeout(() => source.cancel("user left"), 50);
    const error = await rejection(pending);
    expect(error._tag).toBe("Aborted");
    expect((error.cause as { code?: string }).code).toBe("ERR_CANCELED");
  });

  it("a signal aborted before the request is Aborted without a request", async () => {
    const r = route(json(200, {}));
    const client = withFaultline(axios.create(), { retry: fast });
    const error = await rejection(client.get(r.url, { signal: AbortSignal.abort() }));
    expect(error._tag).toBe("Aborted");
    expect(r.hits()).toBe(0);
  });

  it.each([
    ["ERR_NOT_SUPPORT", { adapter: "xhr" }],
    ["ERR_BAD_OPTION_VALUE", { httpVersion: 3 }],
    ["ERR_BAD_REQUEST", { url: "ftp://127.0.0.1/file" }],
    ["ERR_INVALID_URL", { url: "http://[::1" }],
  ] as const)("configuration error %s is Unexpected and never retried", async (code, config) => {
    const r = route(json(200, {}));
    const client = withFaultline(axios.create(), { retry: { ...fast, attempts: 5 } });
    const error = await rejection(client.request({ url: r.url, ...(config as object) }));
    expect(error._tag).toBe("Unexpected");
    expect(error.retryable).toBe(false);
    expect(error.attempts).toBe(1);
    expect(error.message.length).toBeGreaterThan(0);
    if (code !== "ERR_INVALID_URL") expect((error.cause as { code?: string }).code).toBe(code);
    expect(r.hits()).toBe(0);
  });
});

describe("retries by core's policy", () => {
  it("retries a 503 then resolves", async () => {
    const r = route(sequence(reply({ status: 503 }), json(200, { ok: true })));
    const res = await withFaultline(axios.create(), { retry: fast }).get(r.url);
    expect(res.data).toEqual({ ok: true });
    expect(r.hits()).toBe(2);
  });

  it("waits the Retry-After in seconds", async () => {
    const r = route(sequence(json(429, { code: "RATE_LIMITED" }, { "retry-after": "0.3" }), json(200, {})));
    await withFaultline(axios.create(), { retry: fast }).get(r.url);
    const [first, second] = r.log();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(280);
  });

  it("waits a Retry-After given as an HTTP date", async () => {
    const r = route(
      sequence(
        (req, res, ctx) => {
          const now = Math.floor(Date.now() / 1000) * 1000;
          return reply({
            status: 503,
            headers: {
              date: new Date(now).toUTCString(),
              "retry-after": new Date(now + 1_000).toUTCString(),
            },
            body: { code: "SERVICE_UNAVAILABLE" },
          })(req, res, ctx);
        },
        json(200, { ok: true }),
      ),
    );
    const res = await withFaultline(axios.create(), { retry: fast }).get(r.url);
    expect(res.data).toEqual({ ok: true });
    const [first, second] = r.log();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it("waits a hint given in the body", async () => {
    const r = route(sequence(json(429, { code: "RATE_LIMITED", retryAfter: 0.25 }), json(200, {})));
    await withFaultline(axios.create(), { retry: fast }).get(r.url);
    const [first, second] = r.log();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(230);
  });

  it("a hint over the cap surfaces at once with retryAfterMs", async () => {
    const r = route(json(429, { code: "RATE_LIMITED" }, { "retry-after": "120" }));
    const started = performance.now();
    const error = await rejection(withFaultline(axios.create(), { retry: fast }).get(r.url));
    expect(error._tag).toBe("TooManyRequests");
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.attempts).toBe(1);
    expect(r.hits()).toBe(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("stops at the attempt limit with attempts and elapsedMs on the error", async () => {
    const r = route(reply({ status: 503 }));
    const error = await rejection(
      withFaultline(axios.create(), { retry: { ...fast, attempts: 3 } }).get(r.url),
    );
    expect(error._tag).toBe("ServiceUnavailable");
    expect(error.attempts).toBe(3);
    expect(error.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(r.hits()).toBe(3);
  });

  it("stops when the next wait would end past the budget", async () => {
    const r = route(json(503, { code: "SERVICE_UNAVAILABLE" }, { "retry-after": "1" }));
    const error = await rejection(
      withFaultline(axios.create(), { retry: { attempts: 5, budgetMs: 500 } }).get(r.url),
    );
    expect(error.attempts).toBe(1);
    expect(r.hits()).toBe(1);
  });

  it("the budget bounds each attempt too when set", async () => {
    const r = route(delay(3_000, json(200, {})));
    const started = performance.now();
    const error = await rejection(
      withFaultline(axios.create({ timeout: 10_000 }), { retry: { budgetMs: 300 } }).get(r.url),
    );
    expect(error._tag).toBe("Timeout");
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it.each([
    ["http", undefined],
    ["http", "stream"],
    ["fetch", undefined],
  ] as const)(
    "the budget bounds an attempt by the wall clock: a body dripped past it (%s adapter, responseType %s) is Timeout",
    async (adapter, responseType) => {
      // One byte every 50 ms for 10 s: axios's 2 s timeout (idle) never fires; the budget must.
      const r = route(drip(500, 50, 10_000));
      const started = performance.now();
      const client = withFaultline(axios.create({ adapter, timeout: 2_000 }), {
        retry: { ...fast, attempts: 3, budgetMs: 600 },
      });
      const error = await rejection(client.get(r.url, responseType === undefined ? {} : { responseType }));
      const wall = performance.now() - started;
      expect(error._tag).toBe("Timeout");
      expect(error.message).toContain("time budget of 600 ms ran out");
      expect(error.attempts).toBe(1);
      expect(error.elapsedMs).toBeGreaterThanOrEqual(600);
      expect(r.hits()).toBe(1);
      // Far below the 10 s the body takes: the budget's slack on a loaded machine, not a tight bound.
      expect(error.elapsedMs).toBeLessThan(5_000);
      expect(wall).toBeLessThan(5_000);
    },
  );

  it("the budget leaves axios's own timeout as the caller set it", async () => {
    const r = route(json(200, {}));
    const seen: unknown[] = [];
    const client = withFaultline(axios.create({ timeout: 2_000 }), {
      retry: { budgetMs: 300 },
      hooks: {
        beforeRequest: ({ config }) => {
          seen.push(config.timeout);
        },
      },
    });
    await client.get(r.url);
    expect(seen).toEqual([2_000]);
  });

  it("a budget spent by a slow beforeRetry hook surfaces Timeout without sending again", async () => {
    const r = route(reply({ status: 503 }));
    const client = withFaultline(axios.create(), {
      retry: { ...fast, attempts: 3, budgetMs: 300 },
      hooks: { beforeRetry: () => new Promise((resolve) => setTimeout(resolve, 400)) },
    });
    const error = await rejection(client.get(r.url));
    expect(error._tag).toBe("Timeout");
    expect(error.elapsedMs).toBeGreaterThanOrEqual(300);
    expect(r.hits()).toBe(1);
  });

  it("a caller's abort during a dripped body under a budget is Aborted, and leaves no listener", async () => {
    const r = route(drip(500, 50, 10_000));
    const controller = new AbortController();
    const client = withFaultline(axios.create(), { retry: { ...fast, budgetMs: 8_000 } });
    const started = performance.now();
    const pending = client.get(r.url, { signal: controller.signal });
    await vi.waitFor(() => expect(r.hits()).toBe(1), { timeout: 4_000, interval: 5 });
    setTimeout(() => controller.abort(), 150);
    const error = await rejection(pending);
    expect(error._tag).toBe("Aborted");
    expect(error.attempts).toBe(1);
    expect(error.elapsedMs).toBeLessThan(8_000);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("a CancelToken during a dripped body under a budget is Aborted, and leaves no listener", async () => {
    const r = route(drip(500, 50, 10_000));
    const source = axios.CancelToken.source();
    const client = withFaultline(axios.create(), { retry: { ...fast, budgetMs: 8_000 } });
    const started = performance.now();
    const pending = client.get(r.url, { cancelToken: source.token });
    await vi.waitFor(() => expect(r.hits()).toBe(1), { timeout: 4_000, interval: 5 });
    setTimeout(() => source.cancel("gone"), 150);
    const error = await rejection(pending);
    expect(error._tag).toBe("Aborted");
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(tokenListeners(source.token)).toBe(0);
  });

  it("a budget leaves no timer or listener behind: success, streamed success, retried error, abort", async () => {
    const setSpy = vi.spyOn(globalThis, "setTimeout");
    const clearSpy = vi.spyOn(globalThis, "clearTimeout");
    try {
      const ok = route(json(200, { ok: true }));
      const busy = route(reply({ status: 503 }));
      const slow = route(drip(500, 50, 10_000));
      const controller = new AbortController();
      const source = axios.CancelToken.source();
      const client = withFaultline(axios.create(), { retry: { ...fast, attempts: 2, budgetMs: 50_000 } });
      const options = { signal: controller.signal, cancelToken: source.token };
      await client.get(ok.url, options);
      const streamed = await client.get(ok.url, { ...options, responseType: "stream" });
      for await (const _chunk of streamed.data as AsyncIterable<unknown>) {
        // drain
      }
      await rejection(client.get(busy.url, options));
      const aborting = new AbortController();
      const pending = client.get(slow.url, { signal: aborting.signal });
      await vi.waitFor(() => expect(slow.hits()).toBe(1), { timeout: 4_000, interval: 5 });
      aborting.abort();
      expect((await rejection(pending))._tag).toBe("Aborted");
      // The budget's timers: one per attempt (1 + 1 + 2 + 1), each cleared.
      const budgetTimers = setSpy.mock.calls.flatMap((call, i) =>
        typeof call[1] === "number" && call[1] > 30_000 && call[1] <= 50_000
          ? [setSpy.mock.results[i]?.value]
          : [],
      );
      expect(budgetTimers).toHaveLength(5);
      const cleared = new Set(clearSpy.mock.calls.map((call) => call[0]));
      for (const timer of budgetTimers) expect(cleared.has(timer)).toBe(true);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      expect(getEventListeners(aborting.signal, "abort")).toHaveLength(0);
      expect(tokenListeners(source.token)).toBe(0);
    } finally {
      setSpy.mockRestore();
      clearSpy.mockRestore();
    }
  });

  it("does not retry a POST without an Idempotency-Key", async () => {
    const r = route(reply({ status: 503 }));
    const error = await rejection(withFaultline(axios.create(), { retry: fast }).post(r.url, { a: 1 }));
    expect(error._tag).toBe("ServiceUnavailable");
    expect(r.hits()).toBe(1);
  });

  it.each(["post", "patch"] as const)(
    "idempotencyKey: true makes %s retryable, with one key on every attempt and the body replayed",
    async (method) => {
      const r = route(sequence(reply({ status: 503 }), reply({ status: 503 }), echo));
      const client = withFaultline(axios.create(), { retry: fast, idempotencyKey: true });
      const res = await client[method]<{ body: string }>(r.url, { amount: 42 });
      expect(JSON.parse(res.data.body)).toEqual({ amount: 42 });
      const keys = r.log().map((l) => l.headers["idempotency-key"]);
      expect(keys).toHaveLength(3);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(keys).size).toBe(1);
      expect(r.log().map((l) => l.body)).toEqual(Array(3).fill(JSON.stringify({ amount: 42 })));
    },
  );

  it("a caller's own Idempotency-Key is kept; a key factory is used otherwise", async () => {
    const r = route(echo);
    const client = withFaultline(axios.create(), { idempotencyKey: () => "from-factory" });
    const own = await client.post<{ headers: Record<string, string> }>(
      r.url,
      {},
      {
        headers: { "Idempotency-Key": "mine" },
      },
    );
    expect(own.data.headers["idempotency-key"]).toBe("mine");
    const made = await client.post<{ headers: Record<string, string> }>(r.url, {});
    expect(made.data.headers["idempotency-key"]).toBe("from-factory");
    const get = await client.get<{ headers: Record<string, string> }>(r.url);
    expect(get.data.headers["idempotency-key"]).toBeUndefined();
  });

  it("retry: false makes one attempt", async () => {
    const r = route(reply({ status: 503 }));
    const error = await rejection(withFaultline(axios.create(), { retry: false }).get(r.url));
    expect(error.attempts).toBe(1);
    expect(r.hits()).toBe(1);
  });

  it("a catalog's retry override applies", async () => {
    const r = route(json(409, { code: "DUPLICATE_CANDIDATE" }, { "x-should-retry": "true" }));
    const error = await rejection(
      withFaultline(axios.create(), { retry: { ...fast, attempts: 2 }, catalog: standardCatalog }).get(r.url),
    );
    expect(error.code).toBe("DUPLICATE_CANDIDATE");
    expect(error.attempts).toBe(2);
  });

  it("the caller's abort cancels a pending wait at once", async () => {
    const r = route(json(429, { code: "RATE_LIMITED" }, { "retry-after": "30" }));
    const controller = new AbortController();
    const client = withFaultline(axios.create(), { retry: { attempts: 3 } });
    const started = performance.now();
    const pending = client.get(r.url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    const error = await rejection(pending);
    expect(error._tag).toBe("Aborted");
    expect(error.attempts).toBe(1);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.hits()).toBe(1);
  });

  it("a CancelToken cancels a pending wait at once", async () => {
    const r = route(json(503, { code: "SERVICE_UNAVAILABLE" }, { "retry-after": "30" }));
    const source = axios.CancelToken.source();
    const client = withFaultline(axios.create(), { retry: { attempts: 3 } });
    const started = performance.now();
    const pending = client.get(r.url, { cancelToken: source.token });
    setTimeout(() => source.cancel("gone"), 150);
    const error = await rejection(pending);
    expect(error._tag).toBe("Aborted");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("a streamed request body is not replayed", async () => {
    const { Readable } = await import("node:stream");
    const r = route(reply({ status: 503 }));
    const client = withFaultline(axios.create(), { retry: fast });
    const error = await rejection(client.put(r.url, Readable.from(["a", "b"])));
    expect(error._tag).toBe("ServiceUnavailable");
    expect(r.hits()).toBe(1);
  });
});

describe("hooks", () => {
  it("beforeRequest runs per attempt, beforeRetry sees the wait, onError once with the final error", async () => {
    const r = route(sequence(reply({ status: 503 }), reply({ status: 503 }), reply({ status: 503 })));
    const seen: string[] = [];
    const finals: unknown[] = [];
    const client = withFaultline(axios.create(), {
      retry: { ...fast, attempts: 3 },
      hooks: {
        beforeRequest: async ({ headers, attempt, method, url }) => {
          seen.push(`request ${attempt} ${method} ${url === r.url}`);
          headers.set("x-attempt", String(attempt));
        },
        beforeRetry: ({ attempt, delayMs, error }) => {
          seen.push(`retry ${attempt} ${error._tag} ${delayMs <= 20}`);
        },
        onError: (error, ctx) => {
          finals.push(error);
          seen.push(`error ${error.attempts} ${ctx.method}`);
        },
      },
    });
    const error = await rejection(client.get(r.url));
    expect(seen).toEqual([
      "request 1 GET true",
      "retry 1 ServiceUnavailable true",
      "request 2 GET true",
      "retry 2 ServiceUnavailable true",
      "request 3 GET true",
      "error 3 GET",
    ]);
    expect(finals).toEqual([error]);
    expect(r.log().map((l) => l.headers["x-attempt"])).toEqual(["1", "2", "3"]);
  });

  it("a throwing beforeRequest fails the request with a typed error and sends nothing", async () => {
    const r = route(json(200, {}));
    const client = withFaultline(axios.create(), {
      hooks: {
        beforeRequest: () => {
          throw new Error("no token");
        },
      },
    });
    const error = await rejection(client.get(r.url));
    expect(error._tag).toBe("Unexpected");
    expect(error.message).toContain("no token");
    expect(error.attempts).toBe(1);
    expect(r.hits()).toBe(0);
  });

  it("a throwing user interceptor still rejects with a typed error", async () => {
    const r = route(json(200, {}));
    const instance = withFaultline(axios.create());
    instance.interceptors.request.use(() => {
      throw new TypeError("interceptor broke");
    });
    const error = await rejection(instance.get(r.url));
    expect(error._tag).toBe("Unexpected");
    expect(error.message).toContain("interceptor broke");
  });
});

describe("auth refresh", () => {
  const guarded =
    (token: string): Handler =>
    (req, res, ctx) =>
      req.headers.authorization === `Bearer ${token}`
        ? json(200, { ok: true, n: ctx.count })(req, res, ctx)
        : json(401, { code: "TOKEN_EXPIRED", message: "expired" })(req, res, ctx);

  it("one refresh for concurrent 401s; each request is sent again once with the new headers", async () => {
    const r = route(delay(30, guarded("fresh")));
    let refreshes = 0;
    const client = withFaultline(axios.create({ headers: { authorization: "Bearer stale" } }), {
      auth: {
        refresh: async () => {
          refreshes++;
          await new Promise((resolve) => setTimeout(resolve, 50));
          return { authorization: "Bearer fresh" };
        },
      },
    });
    const results = await Promise.all([client.get(r.url), client.get(r.url), client.get(r.url)]);
    expect(results.map((x) => x.data.ok)).toEqual([true, true, true]);
    expect(refreshes).toBe(1);
    expect(r.hits()).toBe(6);
    // Later requests carry the refreshed headers from the start.
    await client.get(r.url);
    expect(r.hits()).toBe(7);
    expect(refreshes).toBe(1);
  });

  it("a second 401 surfaces (no refresh loop)", async () => {
    const r = route(guarded("never"));
    let refreshes = 0;
    const client = withFaultline(axios.create(), {
      auth: {
        refresh: async () => {
          refreshes++;
          return { authorization: "Bearer still-wrong" };
        },
      },
    });
    const error = await rejection(client.get(r.url));
    expect(error._tag).toBe("Unauthorized");
    expect(error.code).toBe("TOKEN_EXPIRED");
    expect(refreshes).toBe(1);
    expect(r.hits()).toBe(2);
    expect(error.attempts).toBe(1);
  });

  it("a failed refresh fails the waiting requests with their 401, the failure as a redacted cause", async () => {
    const r = route(guarded("x"));
    const client = withFaultline(axios.create(), {
      auth: {
        refresh: async () => {
          throw new Error("refresh endpoint down; token=sk_live_abcdefghijklmnop1234");
        },
      },
    });
    const error = await rejection(client.get(r.url));
    expect(error._tag).toBe("Unauthorized");
    expect((error.cause as Error).message).toContain("refresh endpoint down");
    expect(inspect(error, { depth: 10 })).not.toContain("sk_live_abcdefghijklmnop1234");
  });

  it("refreshed headers go only to the origin that asked", async () => {
    const other = await routedServer();
    try {
      const a = route(guarded("fresh"));
      const b = other.route(echo);
      const client = withFaultline(axios.create(), {
        auth: { refresh: async () => ({ authorization: "Bearer fresh" }) },
      });
      await client.get(a.url);
      expect(a.hits()).toBe(2);
      const res = await client.get<{ headers: Record<string, string> }>(b.url);
      expect(res.data.headers.authorization).toBeUndefined();
      const again = await client.get(a.url);
      expect(again.data.ok).toBe(true);
      expect(a.hits()).toBe(3);
    } finally {
      await other.close();
    }
  });
});

describe("secrets never leak", () => {
  const secret = "sk_live_0123456789abcdefSECRET";
  const apiKey = "key_9876543210zyxwvuSECRET";
  const surfaces = (error: unknown): string[] => [
    (error as Error).message,
    String(error),
    JSON.stringify(error),
    JSON.stringify((error as { toJSON(): unknown }).toJSON()),
    inspect(error, { depth: 20, showHidden: true }),
    inspect((error as { cause?: unknown }).cause, { depth: 20, showHidden: true }),
    JSON.stringify((error as { cause?: unknown }).cause ?? null),
  ];

  it.each([
    ["an HTTP error echoing the credentials", "http"],
    ["a network failure", "refused"],
    ["a timeout", "timeout"],
    ["a cancellation", "cancel"],
  ] as const)("%s", async (_label, kind) => {
    const r = route(
      kind === "timeout"
        ? delay(2_000, json(200, {}))
        : (req, res, ctx) =>
            json(500, {
              code: "INTERNAL_ERROR",
              message: `failed for ${req.headers.authorization}`,
            })(req, res, ctx),
    );
    const url = kind === "refused" ? `${await refusedUrl()}/x` : `${r.url}?api_key=${apiKey}`;
    const controller = new AbortController();
    const client = withFaultline(
      axios.create({
        headers: { Authorization: `Bearer ${secret}`, "x-api-key": apiKey },
        timeout: kind === "timeout" ? 100 : 0,
      }),
      { retry: false },
    );
    const pending = client.get(url, { signal: controller.signal, auth: { username: "u", password: secret } });
    if (kind === "cancel") setTimeout(() => controller.abort(), 0);
    const error = await rejection(pending);
    for (const text of surfaces(error)) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(apiKey);
    }
    expect((error as { config?: unknown }).config).toBeUndefined();
    expect(JSON.stringify(error.toJSON().cause)).toBeDefined();
  });
});

describe("the instance's guard", () => {
  it("isFaultlineError narrows what the instance rejects with", async () => {
    const r = route(json(404, { code: "NOT_FOUND" }));
    const client = withFaultline(axios.create(), { catalog: standardCatalog });
    const caught = await client.get(r.url).catch((e: unknown) => e);
    expect(client.isFaultlineError(caught)).toBe(true);
    expect(client.isFaultlineError(new Error("x"))).toBe(false);
    expect(isApiError(caught)).toBe(true);
    expect(Object.keys(client)).not.toContain("isFaultlineError");
  });
});
