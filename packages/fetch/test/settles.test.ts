/**
 * Regression tests for issue 10: every request settles (hanging hooks, huge timers), credentials
 * stay with their origin, header values never leak, no listener outlives a request, and permanent
 * fetch failures are not retried. All against the loopback server.
 */
import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import { type ApiError, isApiError } from "@faultline/core";
import { delay, echo, type Handler, json, reply, startServer, type TestServer } from "@faultline/test-server";
import * as Effect from "effect/Effect";
import * as Fiber from "effect/Fiber";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEffectClient } from "../src/effect";
import { createClient, createFetch } from "../src/index";

const rejection = async (promise: Promise<unknown>): Promise<ApiError> => {
  try {
    await promise;
  } catch (error) {
    expect(isApiError(error)).toBe(true);
    return error as ApiError;
  }
  throw new Error("expected a rejection");
};

/** Rejection and how long it took to come, in ms. */
const timed = async (promise: Promise<unknown>): Promise<{ error: ApiError; ms: number }> => {
  const t0 = performance.now();
  const error = await rejection(promise);
  return { error, ms: performance.now() - t0 };
};

const never = <T>(): Promise<T> => new Promise<T>(() => {});
const fast = { baseDelayMs: 5, maxDelayMs: 20 };

let server: TestServer;
let other: TestServer;
beforeAll(async () => {
  server = await startServer({
    "/ok": json(200, { ok: true }),
    "/echo": echo,
    "/unauthorized": json(401, { code: "TOKEN_EXPIRED", message: "expired" }),
    "/unavailable": json(503, { code: "SERVICE_UNAVAILABLE" }),
    "/missing": json(404, { code: "NOT_FOUND" }),
    "/slow": delay(300, json(200, { ok: true })),
    "/authed": (req, res, ctx) =>
      ctx.log.headers.authorization === "Bearer fresh"
        ? json(200, { ok: true })(req, res, ctx)
        : json(401, { code: "TOKEN_EXPIRED" })(req, res, ctx),
    "/loop": (_req, res, ctx) =>
      reply({ status: 302, headers: { location: `/loop?n=${ctx.count}` } })(_req, res, ctx),
  });
  other = await startServer({ "/": json(401, { code: "TOKEN_EXPIRED" }) as Handler });
});
afterAll(async () => {
  await server.close();
  await other.close();
});

const hits = (s: TestServer, path: string) => s.requests.filter((r) => r.url.split("?")[0] === path).length;

describe("1. a hanging hook still settles", () => {
  it("auth.refresh that never settles: the caller's abort rejects at once as Aborted", async () => {
    const api = createFetch({ baseUrl: server.url, auth: { refresh: never } });
    const { error, ms } = await timed(api("/unauthorized", { signal: AbortSignal.timeout(300) }));
    expect(error._tag).toBe("Aborted");
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(1_500);
  });

  it("auth.refresh that never settles: the per-attempt timeout and the budget reject as Timeout", async () => {
    const byTimeout = createFetch({ baseUrl: server.url, timeoutMs: 200, auth: { refresh: never } });
    const a = await timed(byTimeout("/unauthorized"));
    expect(a.error._tag).toBe("Timeout");
    expect(a.error.message).toContain("auth refresh");
    expect(a.ms).toBeLessThan(1_500);
    const byBudget = createFetch({ baseUrl: server.url, retry: { budgetMs: 500 }, auth: { refresh: never } });
    const b = await timed(byBudget("/unauthorized"));
    expect(b.error._tag).toBe("Timeout");
    expect(b.ms).toBeGreaterThanOrEqual(400);
    expect(b.ms).toBeLessThan(2_000);
  });

  it("beforeRequest that never settles: abort is Aborted, budget is Timeout, nothing is sent", async () => {
    const before = hits(server, "/ok");
    const api = createFetch({
      baseUrl: server.url,
      timeoutMs: 0,
      retry: { budgetMs: 400 },
      hooks: { beforeRequest: never },
    });
    const aborted = await timed(api("/ok", { signal: AbortSignal.timeout(150) }));
    expect(aborted.error._tag).toBe("Aborted");
    expect(aborted.ms).toBeLessThan(1_000);
    const late = await timed(api("/ok"));
    expect(late.error._tag).toBe("Timeout");
    expect(late.ms).toBeGreaterThanOrEqual(300);
    expect(late.ms).toBeLessThan(2_000);
    expect(hits(server, "/ok")).toBe(before);
  });

  it("beforeRetry that never settles: abort is Aborted, budget is Timeout, no second attempt", async () => {
    const before = hits(server, "/unavailable");
    const api = createFetch({
      baseUrl: server.url,
      retry: { ...fast, budgetMs: 400 },
      hooks: { beforeRetry: never },
    });
    const aborted = await timed(api("/unavailable", { signal: AbortSignal.timeout(150) }));
    expect(aborted.error._tag).toBe("Aborted");
    expect(aborted.error.attempts).toBe(1);
    expect(aborted.ms).toBeLessThan(1_000);
    const late = await timed(api("/unavailable"));
    expect(late.error._tag).toBe("Timeout");
    expect(late.ms).toBeLessThan(2_000);
    expect(hits(server, "/unavailable")).toBe(before + 2);
  });

  it("createClient: the same for a hanging refresh and a hanging beforeRequest", async () => {
    const client = createClient({ baseUrl: server.url, retry: { budgetMs: 400 }, auth: { refresh: never } });
    expect((await rejection(client.get("/unauthorized", { signal: AbortSignal.timeout(150) })))._tag).toBe(
      "Aborted",
    );
    expect((await rejection(client.get("/unauthorized")))._tag).toBe("Timeout");
    const hooked = createClient({
      baseUrl: server.url,
      retry: { budgetMs: 300 },
      hooks: { beforeRequest: never },
    });
    expect((await rejection(hooked.get("/ok")))._tag).toBe("Timeout");
  });

  it("createEffectClient: the budget applies to a hanging refresh, beforeRequest and beforeRetry; interruption settles", async () => {
    const refresh = createEffectClient({
      baseUrl: server.url,
      timeoutMs: 0,
      retry: { budgetMs: 400 },
      auth: { refresh: never },
    });
    const a = await Effect.runPromise(Effect.flip(refresh.get("/unauthorized")));
    expect(a._tag).toBe("Timeout");
    const hooked = createEffectClient({
      baseUrl: server.url,
      timeoutMs: 0,
      retry: { budgetMs: 300 },
      hooks: { beforeRequest: never },
    });
    expect((await Effect.runPromise(Effect.flip(hooked.get("/ok"))))._tag).toBe("Timeout");
    const retrying = createEffectClient({
      baseUrl: server.url,
      retry: { ...fast, budgetMs: 300 },
      hooks: { beforeRetry: never },
    });
    const t0 = performance.now();
    expect((await Effect.runPromise(Effect.flip(retrying.get("/unavailable"))))._tag).toBe("Timeout");
    expect(performance.now() - t0).toBeLessThan(2_000);
    // Interrupting the fiber while the refresh hangs settles at once.
    const slow = createEffectClient({ baseUrl: server.url, auth: { refresh: never } });
    const fiber = Effect.runFork(slow.get("/unauthorized"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const t1 = performance.now();
    await Effect.runPromise(Fiber.interrupt(fiber));
    expect(performance.now() - t1).toBeLessThan(500);
  });
});

describe("2. timers never overflow", () => {
  const thirtyDays = 30 * 24 * 60 * 60 * 1000;

  it("timeoutMs: 0 with a 30-day budget does not fire at once", async () => {
    const api = createFetch({ baseUrl: server.url, timeoutMs: 0, retry: { budgetMs: thirtyDays } });
    expect((await api("/slow")).status).toBe(200);
  });

  it("a 30-day timeout and an infinite budget do not fire at once", async () => {
    const api = createFetch({
      baseUrl: server.url,
      timeoutMs: thirtyDays,
      retry: { budgetMs: Number.POSITIVE_INFINITY },
    });
    expect((await api("/slow")).status).toBe(200);
    const client = createClient({
      baseUrl: server.url,
      timeoutMs: thirtyDays,
      retry: { budgetMs: thirtyDays },
    });
    expect(await client.get("/slow")).toEqual({ ok: true });
    const effect = createEffectClient({ baseUrl: server.url, timeoutMs: 0, retry: { budgetMs: thirtyDays } });
    expect(await Effect.runPromise(effect.get("/slow"))).toEqual({ ok: true });
  });

  it("a hanging hook under a 30-day budget still waits (no early Timeout), and the caller's abort ends it", async () => {
    const api = createFetch({
      baseUrl: server.url,
      timeoutMs: 0,
      retry: { budgetMs: thirtyDays },
      hooks: { beforeRequest: never },
    });
    const { error, ms } = await timed(api("/ok", { signal: AbortSignal.timeout(200) }));
    expect(error._tag).toBe("Aborted");
    expect(ms).toBeGreaterThanOrEqual(150);
  });
});

describe("3. refreshed credentials stay with their origin", () => {
  it("a 401 from another origin triggers no refresh and never receives the refreshed token", async () => {
    let refreshes = 0;
    const api = createFetch({
      baseUrl: server.url,
      auth: {
        refresh: async () => {
          refreshes++;
          return { authorization: "Bearer fresh" };
        },
      },
    });
    const foreign = await rejection(api(`${other.url}/`));
    expect(foreign._tag).toBe("Unauthorized");
    expect(refreshes).toBe(0);
    expect((await api("/authed")).status).toBe(200);
    expect(refreshes).toBe(1);
    await rejection(api(`${other.url}/`));
    expect(refreshes).toBe(1);
    expect(other.requests.map((r) => r.headers.authorization)).not.toContain("Bearer fresh");
    // The auth origin keeps getting the token.
    const seen = (await (await api("/echo")).json()) as { headers: Record<string, string> };
    expect(seen.headers.authorization).toBe("Bearer fresh");
  });

  it("without a baseUrl, auth.origin names the origin; others get no refresh and no token", async () => {
    let refreshes = 0;
    const api = createFetch({
      auth: {
        origin: server.url,
        refresh: async () => {
          refreshes++;
          return { authorization: "Bearer fresh" };
        },
      },
    });
    expect((await rejection(api(`${other.url}/`)))._tag).toBe("Unauthorized");
    expect(refreshes).toBe(0);
    expect((await api(`${server.url}/authed`)).status).toBe(200);
    await rejection(api(`${other.url}/`));
    expect(refreshes).toBe(1);
    expect(other.requests.map((r) => r.headers.authorization)).not.toContain("Bearer fresh");
  });
});

describe("4. a header value the runtime rejects", () => {
  const secret = "sk_live_51HxSECRETvalue";
  const bad = `${secret}\r\nx-injected: 1`;
  const leaks = (error: ApiError): boolean =>
    [error.message, String(error), JSON.stringify(error.toJSON()), inspect(error, { depth: 10 })].some(
      (text) => text.includes(secret) || text.includes("x-injected"),
    );

  it("is a typed Unexpected error that does not quote the value, wherever it comes from", async () => {
    const before = server.requests.length;
    const cases: Array<Promise<unknown>> = [
      createFetch({ baseUrl: server.url, headers: { "x-api-key": bad } })("/ok"),
      createFetch({ baseUrl: server.url })("/ok", { headers: { "x-api-key": bad } }),
      createFetch({ baseUrl: server.url })("/ok", { headers: [["x-api-key", bad]] }),
      createFetch({
        baseUrl: server.url,
        hooks: { beforeRequest: ({ headers }) => headers.set("x-api-key", bad) },
      })("/ok"),
      createClient({ baseUrl: server.url }).get("/ok", { headers: { "x-api-key": bad } }),
      Effect.runPromise(
        Effect.flip(createEffectClient({ baseUrl: server.url, headers: { "x-api-key": bad } }).get("/ok")),
      ).then((e) => Promise.reject(e)),
    ];
    for (const pending of cases) {
      const error = await rejection(pending);
      expect(error._tag).toBe("Unexpected");
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('"x-api-key"');
      expect(leaks(error)).toBe(false);
    }
    expect(server.requests.length).toBe(before);
  });

  it("refreshed headers the runtime rejects fail the 401 with a cause that does not quote them", async () => {
    const api = createFetch({
      baseUrl: server.url,
      auth: { refresh: async () => ({ authorization: `Bearer ${bad}` }) },
    });
    const error = await rejection(api("/unauthorized"));
    expect(error._tag).toBe("Unauthorized");
    expect(isApiError(error.cause) && error.cause._tag).toBe("Unexpected");
    expect(leaks(error)).toBe(false);
  });
});

describe("5. no abort listener outlives a request", () => {
  const withoutAny = async (run: () => Promise<void>): Promise<void> => {
    const descriptor = Object.getOwnPropertyDescriptor(AbortSignal, "any");
    delete (AbortSignal as { any?: unknown }).any;
    try {
      expect((AbortSignal as { any?: unknown }).any).toBeUndefined();
      await run();
    } finally {
      if (descriptor !== undefined) Object.defineProperty(AbortSignal, "any", descriptor);
    }
  };

  const exercise = async (): Promise<void> => {
    const controller = new AbortController();
    const { signal } = controller;
    const api = createFetch({ baseUrl: server.url, retry: fast, hooks: { beforeRequest: async () => {} } });
    const client = createClient({ baseUrl: server.url, retry: fast });
    for (let i = 0; i < 500; i++) {
      const res = await api("/ok", { signal });
      await res.arrayBuffer();
    }
    for (let i = 0; i < 50; i++) await client.get("/ok", { signal });
    for (let i = 0; i < 20; i++) await rejection(api("/missing", { signal }));
    await rejection(api("/unavailable", { signal }));
    // No timeout and no budget: nothing of ours can end the attempt, yet the caller's signal is
    // still linked, never handed to fetch (which would keep its own listener on it).
    const untimed = createFetch({ baseUrl: server.url, timeoutMs: 0, retry: { budgetMs: Infinity } });
    for (let i = 0; i < 50; i++) await (await untimed("/ok", { signal })).arrayBuffer();
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    expect(controller.signal.aborted).toBe(false);
  };

  it("with AbortSignal.any", exercise, 30_000);
  it("without AbortSignal.any (forwarding fallback)", () => withoutAny(exercise), 30_000);

  it("without AbortSignal.any, a caller's abort still reaches a request in flight", () =>
    withoutAny(async () => {
      const api = createFetch({ baseUrl: server.url });
      const { error, ms } = await timed(api("/slow", { signal: AbortSignal.timeout(100) }));
      expect(error._tag).toBe("Aborted");
      expect(ms).toBeLessThan(290);
    }));
});

describe("6. a non-transient failure is not retried", () => {
  it("a redirect loop costs no more requests than bare fetch", async () => {
    const start = hits(server, "/loop");
    await expect(fetch(`${server.url}/loop`)).rejects.toThrow();
    const bare = hits(server, "/loop") - start;
    expect(bare).toBe(21);
    const api = createFetch({ baseUrl: server.url, retry: { ...fast, attempts: 5 } });
    const error = await rejection(api("/loop"));
    expect(error._tag).toBe("Unexpected");
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/redirect/i);
    expect(error.attempts).toBe(1);
    expect(hits(server, "/loop") - start - bare).toBe(bare);
  });

  it("an invalid URL is Unexpected, not retried", async () => {
    const error = await rejection(createFetch({ retry: { ...fast, attempts: 5 } })("http:://not a url"));
    expect(error._tag).toBe("Unexpected");
    expect(error.attempts).toBe(1);
  });

  it("a rejection nothing recognises is Network and retried (a custom fetch's)", async () => {
    let calls = 0;
    const api = createFetch({
      retry: { ...fast, attempts: 3 },
      fetch: async () => {
        calls++;
        throw new Error("the transport gave up");
      },
    });
    const error = await rejection(api("https://api.example.com/x"));
    expect(error._tag).toBe("Network");
    expect(error.attempts).toBe(3);
    expect(calls).toBe(3);
  });

  it("a plain network failure is still Network and retried", async () => {
    const closed = await startServer(json(200, {}));
    const url = closed.url;
    await closed.close();
    const error = await rejection(createFetch({ retry: { ...fast, attempts: 3 } })(url));
    expect(error._tag).toBe("Network");
    expect(error.attempts).toBe(3);
  });
});
