import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createIdempotencyKey, isApiError, ServiceUnavailableError, withAttempts } from "@faultline/core";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultlineRetryLink, fromTRPCClientError, idempotencyKeyHeaders } from "../src/client";
import { type AppRouter, calls, makeClient, type Running, type Seen, startStandalone } from "./fixture";

const caught = async (call: Promise<unknown>): Promise<unknown> => {
  try {
    await call;
  } catch (thrown) {
    return thrown;
  }
  throw new Error("the call did not fail");
};

let server: Running;
beforeAll(async () => {
  server = await startStandalone();
});
afterAll(() => server.close());

let keyCount = 0;
const key = () => `k${++keyCount}-${Date.now()}`;

describe.each(["httpLink", "httpBatchLink"] as const)("faultlineRetryLink over %s", (kind) => {
  const client = (seen: Seen[] = [], options: Parameters<typeof faultlineRetryLink>[0] = {}) =>
    makeClient(server.url, kind, seen, [faultlineRetryLink<AppRouter>(options)], idempotencyKeyHeaders);

  it("retries a 503 after the server's hint and succeeds", async () => {
    const k = key();
    const result = await client([], { attempts: 4 }).flaky.query({ key: k, failures: 2, retryAfterMs: 80 });
    expect(result).toBe("ok after 3");
    const seen = calls.get(k) ?? [];
    expect(seen).toHaveLength(3);
    const gaps = seen.slice(1).map((c, i) => c.at - (seen[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(75);
  });

  it("never retries a 4xx", async () => {
    const k = key();
    const thrown = await caught(
      client([], { attempts: 4 }).flaky.query({ key: k, failures: 5, status: 409 }),
    );
    expect(calls.get(k)).toHaveLength(1);
    const err = fromTRPCClientError(thrown);
    expect(err._tag).toBe("Conflict");
    expect(err.attempts).toBe(1);
  });

  it("stops at the attempt limit and surfaces the error with attempts set", async () => {
    const k = key();
    const thrown = await caught(
      client([], { attempts: 3, baseDelayMs: 5 }).flaky.query({ key: k, failures: 10, status: 502 }),
    );
    expect(calls.get(k)).toHaveLength(3);
    expect(thrown).toBeInstanceOf(TRPCClientError);
    const err = fromTRPCClientError(thrown);
    expect(err._tag).toBe("BadGateway");
    expect(err.code).toBe("FLAKY");
    expect(err.attempts).toBe(3);
    expect(err.elapsedMs).toBeGreaterThanOrEqual(0);
    expect((thrown as TRPCClientError<AppRouter>).data?.faultline.code).toBe("FLAKY");
  });

  it("surfaces a hint longer than the cap at once", async () => {
    const k = key();
    const started = performance.now();
    const thrown = await caught(
      client([], { maxRetryAfterMs: 1_000 }).flaky.query({
        key: k,
        failures: 3,
        status: 429,
        retryAfterMs: 30_000,
      }),
    );
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(calls.get(k)).toHaveLength(1);
    expect(fromTRPCClientError(thrown).retryAfterMs).toBe(30_000);
  });

  it("never retries a mutation without an idempotency key", async () => {
    const k = key();
    await caught(client([], { baseDelayMs: 5 }).flakyMutation.mutate({ key: k, failures: 1 }));
    expect(calls.get(k)).toHaveLength(1);
    expect(calls.get(k)?.[0]?.idempotencyKey).toBeUndefined();
  });

  it("retries a mutation that carries an idempotency key, sending it each time", async () => {
    const k = key();
    const idempotencyKey = createIdempotencyKey();
    const result = await client([], { baseDelayMs: 5 }).flakyMutation.mutate(
      { key: k, failures: 1 },
      { context: { idempotencyKey } },
    );
    expect(result).toBe("ok after 2");
    expect(calls.get(k)?.map((c) => c.idempotencyKey)).toEqual([idempotencyKey, idempotencyKey]);
  });

  it("cancels the wait when the caller aborts", async () => {
    const k = key();
    const controller = new AbortController();
    const started = performance.now();
    const call = caught(
      client().flaky.query({ key: k, failures: 3, retryAfterMs: 20_000 }, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 100);
    const thrown = await call;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(calls.get(k)).toHaveLength(1);
    expect(fromTRPCClientError(thrown)._tag).toBe("Aborted");
  });
});

describe("faultlineRetryLink and other layers", () => {
  it("never retries an error that already carries attempts from a retrying fetch", async () => {
    let fetches = 0;
    const client = createTRPCClient<AppRouter>({
      links: [
        faultlineRetryLink({ attempts: 5, baseDelayMs: 1 }),
        httpLink({
          url: server.url,
          fetch: async () => {
            fetches++;
            throw withAttempts(new ServiceUnavailableError({ code: "UPSTREAM_DOWN" }), 3, 120);
          },
        }),
      ],
    });
    const err = fromTRPCClientError(await caught(client.ok.query()));
    expect(fetches).toBe(1);
    expect(err._tag).toBe("ServiceUnavailable");
    expect(err.attempts).toBe(3);
  });

  it("retries a call that never reached the server and reports it as Network", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    let fetches = 0;
    const client = createTRPCClient<AppRouter>({
      links: [
        faultlineRetryLink({ attempts: 3, baseDelayMs: 1 }),
        httpLink({
          url: `http://127.0.0.1:${port}`,
          fetch: (url, init) => {
            fetches++;
            return fetch(url, init as RequestInit | undefined);
          },
        }),
      ],
    });
    const thrown = await caught(client.ok.query());
    const err = fromTRPCClientError(thrown);
    expect(fetches).toBe(3);
    expect(err._tag).toBe("Network");
    expect(err.status).toBe(0);
    expect(err.attempts).toBe(3);
    expect(isApiError((thrown as Error).cause)).toBe(true);
  });

  it("converts a network failure without the link too", async () => {
    // A port nobody listens on (port 1 would be a blocked port: a programming error, Unexpected).
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `http://127.0.0.1:${port}` })] });
    const err = fromTRPCClientError(await caught(client.ok.query()));
    expect(err._tag).toBe("Network");
    expect(err.attempts).toBeUndefined();
  });
});

describe("faultlineRetryLink's beforeRetry hook", () => {
  const withHook = (beforeRetry: NonNullable<Parameters<typeof faultlineRetryLink>[0]>["beforeRetry"]) =>
    makeClient(
      server.url,
      "httpBatchLink",
      [],
      [faultlineRetryLink<AppRouter>({ attempts: 4, baseDelayMs: 5, beforeRetry })],
      idempotencyKeyHeaders,
    );

  it("is called before each wait with the attempt, the core error, the delay and the operation", async () => {
    const k = key();
    const seen: Array<{
      attempt: number;
      tag: string;
      code: unknown;
      delayMs: number;
      path: string;
      type: string;
      callsSoFar: number;
    }> = [];
    const result = await withHook(({ attempt, error, delayMs, op }) => {
      seen.push({
        attempt,
        tag: error._tag,
        code: error.code,
        delayMs,
        path: op.path,
        type: op.type,
        callsSoFar: calls.get(k)?.length ?? 0,
      });
    }).flaky.query({ key: k, failures: 2, retryAfterMs: 60 });
    expect(result).toBe("ok after 3");
    expect(seen).toEqual([
      {
        attempt: 1,
        tag: "ServiceUnavailable",
        code: "FLAKY",
        delayMs: 60,
        path: "flaky",
        type: "query",
        callsSoFar: 1,
      },
      {
        attempt: 2,
        tag: "ServiceUnavailable",
        code: "FLAKY",
        delayMs: 60,
        path: "flaky",
        type: "query",
        callsSoFar: 2,
      },
    ]);
  });

  it("is called for a keyed mutation, and never when the error is not retried", async () => {
    const k = key();
    const attempts: string[] = [];
    const hook = ({ attempt, op }: { attempt: number; op: { type: string } }) => {
      attempts.push(`${op.type} ${attempt}`);
    };
    const ok = await withHook(hook).flakyMutation.mutate(
      { key: k, failures: 1, retryAfterMs: 10 },
      { context: { idempotencyKey: createIdempotencyKey() } },
    );
    expect(ok).toBe("ok after 2");
    expect(attempts).toEqual(["mutation 1"]);

    const k2 = key();
    const none: number[] = [];
    await caught(
      withHook(({ attempt }) => {
        none.push(attempt);
      }).flakyMutation.mutate({ key: k2, failures: 3 }),
    );
    await caught(
      withHook(({ attempt }) => {
        none.push(attempt);
      }).flaky.query({ key: key(), failures: 3, status: 404 }),
    );
    expect(none).toEqual([]);
    expect(calls.get(k2)).toHaveLength(1);
  });

  it("a hook that throws or rejects does not break the retry", async () => {
    const k = key();
    let called = 0;
    const result = await withHook(() => {
      called++;
      if (called === 1) throw new Error("hook bug");
      return Promise.reject(new Error("async hook bug"));
    }).flaky.query({ key: k, failures: 2, retryAfterMs: 10 });
    expect(result).toBe("ok after 3");
    expect(called).toBe(2);
    expect(calls.get(k)).toHaveLength(3);
  });

  it("a hook that aborts the call ends the retry with Aborted and no further request", async () => {
    const k = key();
    const controller = new AbortController();
    const thrown = await caught(
      withHook(() => controller.abort()).flaky.query(
        { key: k, failures: 3, retryAfterMs: 10 },
        { signal: controller.signal },
      ),
    );
    expect(fromTRPCClientError(thrown)._tag).toBe("Aborted");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.get(k)).toHaveLength(1);
  });
});
