import { type ApiError, isApiError, standardCatalog } from "@faultline/core";
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
  startServer,
  type TestServer,
  truncatedJson,
} from "@faultline/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetch } from "../src/index";

const rejection = async (promise: Promise<unknown>): Promise<ApiError> => {
  try {
    await promise;
  } catch (error) {
    expect(isApiError(error)).toBe(true);
    return error as ApiError;
  }
  throw new Error("expected a rejection");
};

const fast = { baseDelayMs: 5, maxDelayMs: 20 };

let server: TestServer;
let counter = 0;
const routes = new Map<string, Handler>();

beforeAll(async () => {
  server = await startServer((req, res, ctx) => {
    const path = ctx.log.url.split("?")[0] ?? "";
    const handler = routes.get(path);
    if (!handler) return json(404, { code: "NOT_FOUND" })(req, res, ctx);
    return handler(req, res, { ...ctx, count: logOf(path).length });
  });
});
afterAll(() => server.close());

const logOf = (urlOrPath: string) => {
  const path = urlOrPath.startsWith("http") ? new URL(urlOrPath).pathname : urlOrPath;
  return server.requests.filter((r) => r.url.split("?")[0] === path);
};

/** Registers a handler under a fresh path, so request counts stay per test. */
const route = (handler: Handler): { url: string; hits: () => number } => {
  const path = `/t${++counter}`;
  routes.set(path, handler);
  return { url: `${server.url}${path}`, hits: () => logOf(path).length };
};

describe("success path", () => {
  it("resolves with the untouched Response, like fetch", async () => {
    const r = route(json(200, { id: 1 }));
    const api = createFetch();
    const res = await api(r.url);
    expect(res.status).toBe(200);
    expect(res.bodyUsed).toBe(false);
    expect(await res.json()).toEqual({ id: 1 });
  });

  it("applies base URL and default headers; the request's own headers win", async () => {
    const r = route(echo);
    const path = r.url.slice(server.url.length);
    const api = createFetch({ baseUrl: `${server.url}/`, headers: { "x-a": "default", "x-b": "default" } });
    const res = await api(path, { headers: { "x-b": "own" } });
    const body = (await res.json()) as { url: string; headers: Record<string, string> };
    expect(body.url).toBe(path);
    expect(body.headers["x-a"]).toBe("default");
    expect(body.headers["x-b"]).toBe("own");
  });

  it("accepts a Request, its method, headers and body, and replays the body on retry", async () => {
    const r = route(sequence(reply({ status: 503 }), echo));
    const api = createFetch({ retry: fast });
    const request = new Request(r.url, { method: "PUT", headers: { "x-req": "1" }, body: "payload" });
    const res = await api(request);
    const body = (await res.json()) as { method: string; body: string; headers: Record<string, string> };
    expect(body).toMatchObject({ method: "PUT", body: "payload" });
    expect(body.headers["x-req"]).toBe("1");
    expect(r.hits()).toBe(2);
  });

  it("a success body is not under the timeout, but the caller's abort still cancels it", async () => {
    const r = route(neverEnding({ status: 200, chunk: "[1," }));
    const controller = new AbortController();
    const res = await createFetch({ timeoutMs: 100 })(r.url, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reading = res.text();
    controller.abort();
    await expect(reading).rejects.toThrow();
  });

  it("resolves 3xx responses when redirects are not followed", async () => {
    const r = route(reply({ status: 302, headers: { location: "/elsewhere" } }));
    const res = await createFetch()(r.url, { redirect: "manual" });
    expect([0, 302]).toContain(res.status);
  });
});

describe("HTTP errors", () => {
  it("rejects with the decoded error, typed by the catalog", async () => {
    const r = route(
      json(409, { error: { code: "DUPLICATE_CANDIDATE", message: "exists" } }, { "x-request-id": "req_1" }),
    );
    const api = createFetch({ catalog: standardCatalog });
    const error = await rejection(api(r.url));
    expect(error._tag).toBe("Conflict");
    expect(error.code).toBe("DUPLICATE_CANDIDATE");
    expect(error.requestId).toBe("req_1");
    expect(error.attempts).toBe(1);
    expect(typeof error.elapsedMs).toBe("number");
  });

  it("does not retry a non-retryable 4xx", async () => {
    const r = route(json(404, { code: "NOT_FOUND" }));
    const error = await rejection(createFetch({ retry: fast })(r.url));
    expect(error._tag).toBe("NotFound");
    expect(r.hits()).toBe(1);
  });

  it("decodes truncated JSON error bodies (salvaging the code)", async () => {
    const r = route(
      truncatedJson(422, { code: "VALIDATION_ERROR", message: "email is invalid", field: "email" }, 0.6),
    );
    const error = await rejection(createFetch()(r.url));
    expect(error._tag).toBe("UnprocessableEntity");
    expect(error.code).toBe("VALIDATION_ERROR");
  });

  it("caps a 10 MB error body", async () => {
    const r = route(hugeBody(500, 10 * 1024 * 1024, "HUGE_ERROR"));
    const started = performance.now();
    const error = await rejection(createFetch({ retry: false, maxBodyBytes: 64 * 1024 })(r.url));
    expect(error._tag).toBe("InternalServerError");
    expect(error.response?.truncated).toBe(true);
    expect((error.response?.body ?? "").length).toBeLessThanOrEqual(64 * 1024);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("keeps the status when the error body is reset mid-way", async () => {
    const r = route(resetMidBody({ status: 502, body: { code: "BAD_GATEWAY", message: "y".repeat(8000) } }));
    const error = await rejection(createFetch({ retry: false })(r.url));
    expect(error._tag).toBe("BadGateway");
    expect(error.response?.truncated).toBe(true);
  });
});

describe("transport failures", () => {
  it("connection refused is a Network error, retried", async () => {
    const url = await refusedUrl();
    const error = await rejection(createFetch({ retry: { ...fast, attempts: 2 } })(`${url}/x`));
    expect(error._tag).toBe("Network");
    expect(error.cause).toBeDefined();
    expect(error.attempts).toBe(2);
  });

  it("a reset before headers is a Network error", async () => {
    const r = route(resetBeforeHeaders);
    const error = await rejection(createFetch({ retry: false })(r.url));
    expect(error._tag).toBe("Network");
  });

  it("every runtime's network TypeError becomes Network", async () => {
    const messages = [
      "fetch failed", // undici
      "Unable to connect. Is the computer able to access the url?", // Bun
      "error sending request for url (http://127.0.0.1:1/): client error (Connect)", // Deno
      "Network connection lost.", // workerd
      "Failed to fetch", // Chromium
      "NetworkError when attempting to fetch resource.", // Firefox
      "Load failed", // Safari
    ];
    for (const message of messages) {
      const api = createFetch({ retry: false, fetch: () => Promise.reject(new TypeError(message)) });
      const error = await rejection(api("http://127.0.0.1:1/"));
      expect(error._tag, message).toBe("Network");
      expect((error.cause as Error).message).toBe(message);
    }
  });

  it("slow headers time out; timeouts are not retried by default", async () => {
    const r = route(delay(3_000, json(200, {})));
    // 500 ms: long enough for a loaded machine to connect, far shorter than the response.
    const error = await rejection(createFetch({ timeoutMs: 500, retry: fast })(r.url));
    expect(error._tag).toBe("Timeout");
    expect(error.cause).toBeDefined();
    expect(error.attempts).toBe(1);
    expect(r.hits()).toBe(1);
  });

  it("retries timeouts when the policy opts in", async () => {
    const r = route(sequence(delay(2_000, json(200, {})), json(200, { ok: true })));
    const res = await createFetch({ timeoutMs: 100, retry: { ...fast, retryTimeouts: true } })(r.url);
    expect(await res.json()).toEqual({ ok: true });
    expect(r.hits()).toBe(2);
  });

  it("an error body that never ends times out", async () => {
    const r = route(neverEnding({ status: 503, chunk: '{"code":"SERVICE_UNAVAI' }));
    const started = performance.now();
    const error = await rejection(createFetch({ timeoutMs: 150, retry: false })(r.url));
    expect(error._tag).toBe("Timeout");
    expect(error.message).toMatch(/body of HTTP 503/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("a caller's abort is Aborted, distinct from a timeout", async () => {
    const r = route(delay(2_000, json(200, {})));
    const controller = new AbortController();
    const pending = createFetch({ timeoutMs: 1_000 })(r.url, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left")), 50);
    const error = await rejection(pending);
    expect(error._tag).toBe("Aborted");
    expect((error.cause as Error).message).toBe("user left");
  });

  it("an already-aborted signal rejects at once without a request", async () => {
    const r = route(json(200, {}));
    const error = await rejection(createFetch()(r.url, { signal: AbortSignal.abort() }));
    expect(error._tag).toBe("Aborted");
    expect(r.hits()).toBe(0);
  });

  it("a caller's abort cancels a Retry-After wait at once", async () => {
    const r = route(json(429, { code: "RATE_LIMITED" }, { "retry-after": "30" }));
    const controller = new AbortController();
    const started = performance.now();
    const pending = createFetch()(r.url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(pending);
    expect(error._tag).toBe("Aborted");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("the total budget bounds attempts and waits", async () => {
    const r = route(delay(5_000, json(200, {})));
    const started = performance.now();
    const error = await rejection(
      createFetch({ timeoutMs: 10_000, retry: { budgetMs: 300, retryTimeouts: true, ...fast } })(r.url),
    );
    const elapsed = performance.now() - started;
    expect(error._tag).toBe("Timeout");
    expect(elapsed).toBeLessThan(600);
    expect(error.elapsedMs).toBeLessThanOrEqual(350);
  });
});

describe("defaults: a first attempt costs what a bare fetch costs", () => {
  /** The real fetch, recording whether each attempt was handed a signal. */
  const recording = () => {
    const signals: (AbortSignal | undefined)[] = [];
    const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      signals.push(init?.signal ?? undefined);
      return globalThis.fetch(input, init);
    };
    return { signals, fetch };
  };

  it("no timeout by default: the first attempt gets no signal and no timer", async () => {
    const r = route(json(200, { ok: true }));
    const { signals, fetch } = recording();
    const res = await createFetch({ fetch })(r.url);
    expect(await res.json()).toEqual({ ok: true });
    expect(signals).toEqual([undefined]);
  });

  it("a retry is bounded by the default budget, so it gets a signal", async () => {
    const r = route(sequence(json(503, { code: "UNAVAILABLE" }), json(200, { ok: true })));
    const { signals, fetch } = recording();
    const res = await createFetch({ fetch, retry: { ...fast } })(r.url);
    expect(await res.json()).toEqual({ ok: true });
    expect(signals).toHaveLength(2);
    expect(signals[0]).toBeUndefined();
    expect(signals[1]).toBeInstanceOf(AbortSignal);
  });

  it("a timeout, a budget set in the options or the caller's signal each give the first attempt a signal", async () => {
    const r = route(json(200, {}));
    for (const [options, init] of [
      [{ timeoutMs: 5_000 }, undefined],
      [{ retry: { budgetMs: 5_000 } }, undefined],
      [{}, { signal: new AbortController().signal }],
    ] as const) {
      const { signals, fetch } = recording();
      await createFetch({ ...options, fetch })(r.url, init);
      expect(signals).toHaveLength(1);
      expect(signals[0]).toBeInstanceOf(AbortSignal);
      // Never the caller's own signal: ours, linked to it.
      expect(signals[0]).not.toBe(init?.signal);
    }
  });

  it("the default budget starts when the first attempt ends: a first attempt longer than it is still retried", async () => {
    const r = route(sequence(json(503, { code: "UNAVAILABLE" }), json(200, { ok: true })));
    // The clock jumps 61 s while the first attempt runs: past the default 60 s budget.
    let skipped = 0;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await globalThis.fetch(input, init);
      if (skipped === 0) skipped = 61_000;
      return res;
    };
    const res = await createFetch({ fetch, retry: { ...fast, now: () => Date.now() + skipped } })(r.url);
    expect(await res.json()).toEqual({ ok: true });
    expect(r.hits()).toBe(2);
  });

  it("the replay after an auth refresh is bounded by the default budget", async () => {
    const r = route(sequence(json(401, { code: "UNAUTHORIZED" }), delay(5_000, json(200, {}))));
    // The refresh moves the clock to 300 ms before the default budget ends.
    let skipped = 0;
    const api = createFetch({
      retry: { now: () => Date.now() + skipped },
      auth: {
        origin: server.url,
        refresh: async () => {
          skipped = 59_700;
        },
      },
    });
    const started = performance.now();
    const error = await rejection(api(r.url));
    expect(error._tag).toBe("Timeout");
    expect(r.hits()).toBe(2);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("the default budget still ends a hanging retry", async () => {
    const r = route(sequence(json(503, { code: "UNAVAILABLE" }), delay(5_000, json(200, {}))));
    // The clock jumps to 300 ms before the default 60 s budget ends once the first attempt failed.
    let skipped = 0;
    const now = () => Date.now() + skipped;
    const api = createFetch({
      retry: { ...fast, now },
      hooks: {
        beforeRetry: () => {
          skipped = 59_700;
        },
      },
    });
    const started = performance.now();
    const error = await rejection(api(r.url));
    expect(error._tag).toBe("Timeout");
    expect(error.attempts).toBe(2);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("retries follow the server", () => {
  it("429 with Retry-After in seconds", async () => {
    const r = route(
      sequence(json(429, { code: "RATE_LIMITED" }, { "retry-after": "0.3" }), json(200, { ok: 1 })),
    );
    const started = performance.now();
    const res = await createFetch({ retry: fast })(r.url);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    const [first, second] = logOf(r.url);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(295);
  });

  it("429 with Retry-After as an HTTP-date (counted from the response's Date)", async () => {
    const r = route(
      sequence(
        (req, res, ctx) => {
          const now = Math.floor(Date.now() / 1000) * 1000;
          return json(
            429,
            { code: "RATE_LIMITED" },
            { date: new Date(now).toUTCString(), "retry-after": new Date(now + 1_000).toUTCString() },
          )(req, res, ctx);
        },
        json(200, { ok: 1 }),
      ),
    );
    const res = await createFetch({ retry: fast })(r.url);
    expect(res.status).toBe(200);
    const [first, second] = logOf(r.url);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
  });

  it("429 with the hint in the body", async () => {
    const r = route(
      sequence(json(429, { code: "RATE_LIMITED", message: "wait", retryAfter: 0.25 }), json(200, {})),
    );
    await createFetch({ retry: fast })(r.url);
    const [first, second] = logOf(r.url);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(245);
  });

  it("a hint beyond the cap surfaces at once with retryAfterMs", async () => {
    const r = route(json(429, { code: "RATE_LIMITED" }, { "retry-after": "3600" }));
    const error = await rejection(createFetch({ retry: { ...fast, maxRetryAfterMs: 5_000 } })(r.url));
    expect(error._tag).toBe("TooManyRequests");
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(r.hits()).toBe(1);
  });

  it("503 then success", async () => {
    const r = route(sequence(json(503, { code: "SERVICE_UNAVAILABLE" }), json(200, { ok: true })));
    const seen: number[] = [];
    const api = createFetch({
      retry: fast,
      hooks: { beforeRetry: ({ attempt }) => void seen.push(attempt) },
    });
    const res = await api(r.url);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen).toEqual([1]);
  });

  it("gives up after the attempt limit with attempts set", async () => {
    const r = route(json(500, { code: "INTERNAL_ERROR" }));
    const error = await rejection(createFetch({ retry: { ...fast, attempts: 3 } })(r.url));
    expect(error._tag).toBe("InternalServerError");
    expect(error.attempts).toBe(3);
    expect(r.hits()).toBe(3);
  });

  it("POST without an Idempotency-Key is not retried", async () => {
    const r = route(json(503, { code: "SERVICE_UNAVAILABLE" }));
    const error = await rejection(createFetch({ retry: fast })(r.url, { method: "POST", body: "{}" }));
    expect(error._tag).toBe("ServiceUnavailable");
    expect(r.hits()).toBe(1);
  });

  it("POST with the caller's Idempotency-Key is retried with the same key", async () => {
    const r = route(sequence(json(503, {}), json(503, {}), json(201, { id: 1 })));
    const res = await createFetch({ retry: fast })(r.url, {
      method: "POST",
      headers: { "Idempotency-Key": "key-1" },
      body: "{}",
    });
    expect(res.status).toBe(201);
    expect(logOf(r.url).map((l) => l.headers["idempotency-key"])).toEqual(["key-1", "key-1", "key-1"]);
  });

  it("idempotencyKey: true generates one key per request, reused across attempts", async () => {
    const r = route(sequence(json(500, {}), json(200, {})));
    const api = createFetch({ retry: fast, idempotencyKey: true });
    await api(r.url, { method: "POST", body: "{}" });
    const keys = logOf(r.url).map((l) => l.headers["idempotency-key"]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it("idempotencyKey as a function; GET gets no key", async () => {
    const r = route(echo);
    const api = createFetch({ idempotencyKey: () => "custom" });
    const post = (await (await api(r.url, { method: "PATCH", body: "x" })).json()) as {
      headers: Record<string, string>;
    };
    const get = (await (await api(r.url)).json()) as { headers: Record<string, string> };
    expect(post.headers["idempotency-key"]).toBe("custom");
    expect(get.headers["idempotency-key"]).toBeUndefined();
  });
});

describe("hooks", () => {
  it("beforeRequest runs per attempt on its own headers; onError sees the final error", async () => {
    const r = route(sequence(json(500, {}), json(500, {})));
    const attempts: number[] = [];
    const errors: string[] = [];
    const api = createFetch({
      retry: { ...fast, attempts: 2 },
      hooks: {
        beforeRequest: ({ headers, attempt }) => {
          attempts.push(attempt);
          headers.append("x-attempt", String(attempt));
        },
        onError: (error) => void errors.push(error._tag),
      },
    });
    await rejection(api(r.url));
    expect(attempts).toEqual([1, 2]);
    expect(logOf(r.url).map((l) => l.headers["x-attempt"])).toEqual(["1", "2"]);
    expect(errors).toEqual(["InternalServerError"]);
  });

  it("a throwing beforeRequest hook rejects with a typed error", async () => {
    const r = route(json(200, {}));
    const api = createFetch({
      hooks: {
        beforeRequest: () => {
          throw new Error("no token");
        },
      },
    });
    const error = await rejection(api(r.url));
    expect(error._tag).toBe("Unexpected");
    expect(r.hits()).toBe(0);
  });
});

describe("auth refresh", () => {
  const authed =
    (token: () => string): Handler =>
    (req, res, ctx) =>
      ctx.log.headers.authorization === `Bearer ${token()}`
        ? json(200, { ok: true })(req, res, ctx)
        : json(401, { code: "TOKEN_EXPIRED", message: "expired" })(req, res, ctx);

  it("concurrent 401s share one refresh, then each is retried once", async () => {
    const r = route(authed(() => "fresh"));
    let refreshes = 0;
    const api = createFetch({
      headers: { authorization: "Bearer stale" },
      auth: {
        refresh: async () => {
          refreshes++;
          await new Promise((resolve) => setTimeout(resolve, 50));
          return { authorization: "Bearer fresh" };
        },
      },
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => api(r.url)));
    expect(results.map((res) => res.status)).toEqual(Array(10).fill(200));
    expect(refreshes).toBe(1);
    expect(r.hits()).toBe(20);
    // Later requests use the fresh token straight away.
    await api(r.url);
    expect(r.hits()).toBe(21);
  });

  it("a second 401 surfaces", async () => {
    const r = route(authed(() => "never"));
    let refreshes = 0;
    const api = createFetch({
      auth: {
        refresh: async () => {
          refreshes++;
        },
      },
    });
    const errors = await Promise.all(Array.from({ length: 5 }, () => rejection(api(r.url))));
    expect(errors.map((e) => e._tag)).toEqual(Array(5).fill("Unauthorized"));
    expect(refreshes).toBe(1);
    expect(r.hits()).toBe(10);
  });

  it("beforeRequest runs again after the refresh (token store pattern)", async () => {
    const r = route(authed(() => "t2"));
    let token = "t1";
    const api = createFetch({
      hooks: { beforeRequest: ({ headers }) => headers.set("authorization", `Bearer ${token}`) },
      auth: {
        refresh: async () => {
          token = "t2";
        },
      },
    });
    expect((await api(r.url)).status).toBe(200);
  });

  it("a failed refresh rejects with the 401, the refresh failure as cause", async () => {
    const r = route(authed(() => "never"));
    const api = createFetch({
      auth: {
        refresh: () => Promise.reject(new Error("refresh token revoked")),
      },
    });
    const error = await rejection(api(r.url));
    expect(error._tag).toBe("Unauthorized");
    expect((error.cause as Error).message).toBe("refresh token revoked");
  });
});

describe("drop-in fetch", () => {
  it("works where a library expects fetch (input, init) => Promise<Response>", async () => {
    const r = route(json(200, { result: { data: "hi" } }));
    // A stand-in for tRPC's httpLink / openapi-fetch: they only call fetch(input, init).
    const library = async (fetchImpl: typeof fetch) =>
      (await fetchImpl(new URL(r.url), { method: "GET" })).json();
    expect(await library(createFetch())).toEqual({ result: { data: "hi" } });
  });
});
