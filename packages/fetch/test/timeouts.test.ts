/**
 * Timeouts under concurrency, against the loopback server: many attempts in flight each end as
 * `Timeout` at their own deadline and are really cancelled (the server sees the connection close),
 * and an attempt that the budget cuts short ends at the budget, not at a later attempt's deadline.
 */
import { type ApiError, isApiError } from "@faultline/core";
import { type Handler, json, startServer, type TestServer } from "@faultline/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetch } from "../src/index";

/** Requests the `/hang` route left open, and how many of them the client has since closed. */
let hanging = 0;
let closedByClient = 0;
const hang: Handler = (_req, res) => {
  hanging++;
  res.on("close", () => closedByClient++);
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ "/ok": json(200, { ok: true }), "/hang": hang });
});
afterAll(() => server.close());

/** The rejection of `promise` and when it came, in ms since `t0`. */
const settle = async (promise: Promise<unknown>, t0: number): Promise<{ error: ApiError; at: number }> => {
  try {
    await promise;
  } catch (error) {
    expect(isApiError(error)).toBe(true);
    return { error: error as ApiError, at: performance.now() - t0 };
  }
  throw new Error("expected a rejection");
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (the server sees a cancelled request a moment after the client). */
const eventually = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await sleep(10);
  expect(check()).toBe(true);
};

describe("timeouts under concurrency", () => {
  it("60 requests in three waves against a hanging server each end as Timeout at their own deadline, really cancelled", async () => {
    const api = createFetch({ baseUrl: server.url, timeoutMs: 300, retry: false });
    const before = { hanging, closedByClient };
    const t0 = performance.now();
    const waves: Array<Promise<{ error: ApiError; at: number; start: number }>> = [];
    for (const start of [0, 100, 200]) {
      if (start > 0) await sleep(start - (performance.now() - t0));
      const begun = performance.now() - t0;
      for (let i = 0; i < 20; i++) waves.push(settle(api("/hang"), t0).then((r) => ({ ...r, start: begun })));
    }
    const results = await Promise.all(waves);
    for (const { error, at, start } of results) {
      expect(error._tag).toBe("Timeout");
      expect(error.message).toContain("300 ms");
      // Never before its own deadline, and not held back until a later wave's.
      expect(at - start).toBeGreaterThanOrEqual(290);
      expect(at - start).toBeLessThan(1_500);
    }
    // The first wave ended before the last began to time out.
    const first = Math.max(...results.slice(0, 20).map((r) => r.at));
    const last = Math.min(...results.slice(40).map((r) => r.at));
    expect(first).toBeLessThan(last);
    // Really cancelled: the server saw all 60 arrive and the client close every one of them.
    await eventually(() => hanging - before.hanging === 60);
    await eventually(() => closedByClient - before.closedByClient === 60);
  });

  it("limits of different lengths on one engine: an attempt the budget cuts short is not held back by a later, longer one", async () => {
    // A's first attempt times out at 1 000 ms; its retry has only the budget's last ~500 ms left, a
    // deadline (~1 500 ms) earlier than that of B's first attempt, started at 900 ms with the full
    // timeout (~1 900 ms).
    const failedAt = new Map<string, number>();
    const t0 = performance.now();
    const api = createFetch({
      baseUrl: server.url,
      timeoutMs: 1_000,
      retry: { attempts: 2, budgetMs: 1_500, retryTimeouts: true, baseDelayMs: 1, maxDelayMs: 1 },
      hooks: {
        beforeRetry: ({ url, attempt }) => {
          failedAt.set(`${url} ${attempt}`, performance.now() - t0);
        },
      },
    });
    const a = settle(api("/hang?a"), t0);
    await sleep(900);
    const b = settle(api("/hang?b"), t0);
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.error._tag).toBe("Timeout");
    expect(ra.error.attempts).toBe(2);
    expect(ra.error.message).toMatch(/after (4|5)\d\d ms/);
    expect(rb.error._tag).toBe("Timeout");
    const aFirst = failedAt.get(`${server.url}/hang?a 1`) ?? Number.NaN;
    const bFirst = failedAt.get(`${server.url}/hang?b 1`) ?? Number.NaN;
    expect(aFirst).toBeGreaterThanOrEqual(990);
    expect(bFirst).toBeGreaterThanOrEqual(1_890);
    // A ended at its own deadline, well before B's first attempt did (not together with it).
    expect(ra.at).toBeGreaterThanOrEqual(1_490);
    expect(bFirst - ra.at).toBeGreaterThan(200);
  }, 10_000);
});
