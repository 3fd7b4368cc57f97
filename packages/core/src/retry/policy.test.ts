import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AbortedError,
  type ApiError,
  type ApiErrorJSON,
  copyError,
  InternalServerError,
  isApiError,
  NetworkError,
  ServiceUnavailableError,
  TimeoutError,
  TooManyRequestsError,
  UnexpectedError,
} from "../ApiError";
import { defineCatalog } from "../Catalog";
import { decode } from "../decode";
import { createIdempotencyKey, defaultRetryMethods, isIdempotentRequest } from "./idempotency";
import { backoffDelay, type RetryDecision, type RetryPolicy, shouldRetry, withAttempts } from "./policy";
import { retry, retryWait } from "./retry";

/** A random source that replays values (then repeats the last). */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] ?? 0;
};
const half: RetryPolicy = { random: () => 0.5 };
const first = { attempt: 1, elapsedMs: 0 } as const;

describe("shouldRetry: whether", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries HTTP %i", (status) => {
    expect(shouldRetry(decode({ status }), first, half).retry).toBe(true);
  });

  it.each([400, 401, 403, 404, 405, 409, 410, 422, 501, 505])("never retries HTTP %i", (status) => {
    expect(shouldRetry(decode({ status }), first, half)).toEqual({ retry: false, reason: "not-retryable" });
  });

  it("retries network failures", () => {
    expect(shouldRetry(new NetworkError({ cause: new TypeError("fetch failed") }), first, half)).toEqual({
      retry: true,
      delayMs: 150,
    });
  });

  it("retries timeouts only when the caller opts in", () => {
    const timeout = new TimeoutError({});
    expect(shouldRetry(timeout, first, half)).toEqual({ retry: false, reason: "not-retryable" });
    expect(shouldRetry(timeout, first, { ...half, retryTimeouts: true })).toEqual({
      retry: true,
      delayMs: 150,
    });
  });

  it("never retries a caller's abort, whatever its flags say", () => {
    expect(shouldRetry(new AbortedError({ retryable: true }), first, { retryTimeouts: true })).toEqual({
      retry: false,
      reason: "aborted",
    });
  });

  it("never retries an unexpected response", () => {
    expect(shouldRetry(decode({ status: 200, body: "<html>" }), first, half).retry).toBe(false);
  });

  it("lets a catalog override per code", () => {
    const catalog = defineCatalog({
      QUOTA_EXHAUSTED: { status: 429, title: "Quota exhausted", retryable: false },
      LOCKED_TRY_AGAIN: { status: 409, title: "Locked", retryable: true },
    });
    const quota = decode(
      { status: 429, headers: { "Retry-After": "1" }, body: { code: "QUOTA_EXHAUSTED" } },
      { catalog },
    );
    const locked = decode({ status: 409, body: { code: "LOCKED_TRY_AGAIN" } }, { catalog });
    expect(shouldRetry(quota, first, half)).toEqual({ retry: false, reason: "not-retryable" });
    expect(shouldRetry(locked, first, half)).toEqual({ retry: true, delayMs: 150 });
  });

  it("holds the documented exceptions of real APIs", () => {
    // OpenAI: a 429 for an exhausted quota is not fixed by retrying.
    const quota = decode({
      status: 429,
      body: {
        error: {
          message: "You exceeded your current quota",
          type: "insufficient_quota",
          code: "insufficient_quota",
        },
      },
    });
    expect(shouldRetry(quota, first, half)).toEqual({ retry: false, reason: "not-retryable" });
    // AWS: throttling under HTTP 400.
    const throttled = decode({
      status: 400,
      headers: { "x-amzn-errortype": "ThrottlingException" },
      body: { __type: "ThrottlingException", message: "Rate exceeded" },
    });
    expect(throttled._tag).toBe("TooManyRequests");
    expect(shouldRetry(throttled, first, half).retry).toBe(true);
    // Stripe and OpenAI: the server's own x-should-retry wins over the status.
    expect(
      shouldRetry(decode({ status: 500, headers: { "x-should-retry": "false" } }), first, half).retry,
    ).toBe(false);
    expect(
      shouldRetry(decode({ status: 409, headers: { "stripe-should-retry": "true" } }), first, half).retry,
    ).toBe(true);
  });
});

describe("shouldRetry: which methods", () => {
  const error = new ServiceUnavailableError({});

  it.each(defaultRetryMethods)("retries %s by default", (method) => {
    expect(shouldRetry(error, { ...first, method }, half).retry).toBe(true);
  });

  it("treats a missing method as GET and lower-case methods alike", () => {
    expect(shouldRetry(error, first, half).retry).toBe(true);
    expect(shouldRetry(error, { ...first, method: "put" }, half).retry).toBe(true);
  });

  it.each(["POST", "PATCH", "post"])("does not retry %s without an idempotency key", (method) => {
    expect(shouldRetry(error, { ...first, method }, half)).toEqual({ retry: false, reason: "method" });
  });

  it.each([
    ["a record", { "Idempotency-Key": "k1" }],
    ["a Headers", new Headers({ "idempotency-key": "k1" })],
    ["pairs", [["X-Idempotency-Key", "k1"]] as [string, string][]],
  ])("retries POST and PATCH with an idempotency key in %s", (_, headers) => {
    expect(shouldRetry(error, { ...first, method: "POST", headers }, half).retry).toBe(true);
    expect(shouldRetry(error, { ...first, method: "PATCH", headers }, half).retry).toBe(true);
  });

  it("does not count an empty key, nor a key on other methods", () => {
    expect(
      shouldRetry(error, { ...first, method: "POST", headers: { "Idempotency-Key": " " } }, half).retry,
    ).toBe(false);
    expect(
      shouldRetry(error, { ...first, method: "CONNECT", headers: { "Idempotency-Key": "k" } }, half).retry,
    ).toBe(false);
  });

  it("follows the methods the policy lists", () => {
    expect(
      shouldRetry(error, { ...first, method: "POST" }, { ...half, methods: ["get", "post"] }).retry,
    ).toBe(true);
    expect(shouldRetry(error, { ...first, method: "PUT" }, { ...half, methods: ["GET"] }).retry).toBe(false);
  });
});

describe("shouldRetry: when", () => {
  it("waits the server's hint when there is one", () => {
    const error = decode({ status: 429, headers: { "Retry-After": "2" } });
    expect(shouldRetry(error, first, half)).toEqual({ retry: true, delayMs: 2_000 });
    expect(shouldRetry(error, { attempt: 2, elapsedMs: 2_000 }, half)).toEqual({
      retry: true,
      delayMs: 2_000,
    });
  });

  it("waits a zero hint as zero", () => {
    expect(shouldRetry(decode({ status: 503, headers: { "Retry-After": "0" } }), first, half)).toEqual({
      retry: true,
      delayMs: 0,
    });
  });

  it("surfaces a hint beyond the cap at once, keeping retryAfterMs on the error", () => {
    const error = decode({ status: 429, headers: { "Retry-After": "120" } });
    expect(shouldRetry(error, first, half)).toEqual({ retry: false, reason: "hint-too-long" });
    expect(error.retryAfterMs).toBe(120_000);
    expect(shouldRetry(error, first, { ...half, maxRetryAfterMs: 300_000, budgetMs: 600_000 })).toEqual({
      retry: true,
      delayMs: 120_000,
    });
  });

  it("backs off with full jitter when there is no hint", () => {
    const error = new InternalServerError({});
    expect(shouldRetry(error, { attempt: 1, elapsedMs: 0 }, half)).toEqual({ retry: true, delayMs: 150 });
    expect(shouldRetry(error, { attempt: 2, elapsedMs: 0 }, { ...half, attempts: 5 })).toEqual({
      retry: true,
      delayMs: 300,
    });
    expect(shouldRetry(error, { attempt: 4, elapsedMs: 0 }, { ...half, attempts: 5 })).toEqual({
      retry: true,
      delayMs: 1_200,
    });
  });
});

describe("shouldRetry: how long", () => {
  const error = new ServiceUnavailableError({});

  it("stops at the attempt limit (the first attempt included)", () => {
    expect(shouldRetry(error, { attempt: 2, elapsedMs: 0 }, half).retry).toBe(true);
    expect(shouldRetry(error, { attempt: 3, elapsedMs: 0 }, half)).toEqual({
      retry: false,
      reason: "attempts",
    });
    expect(shouldRetry(error, first, { ...half, attempts: 1 })).toEqual({ retry: false, reason: "attempts" });
  });

  it("stops when the wait would end past the budget", () => {
    const hinted = decode({ status: 503, headers: { "Retry-After": "5" } });
    expect(shouldRetry(hinted, { attempt: 1, elapsedMs: 55_000 }, half)).toEqual({
      retry: true,
      delayMs: 5_000,
    });
    expect(shouldRetry(hinted, { attempt: 1, elapsedMs: 55_001 }, half)).toEqual({
      retry: false,
      reason: "budget",
    });
    expect(shouldRetry(error, { attempt: 1, elapsedMs: 100 }, { ...half, budgetMs: 200 })).toEqual({
      retry: false,
      reason: "budget",
    });
  });

  it("treats nonsense context as exhausted", () => {
    expect(shouldRetry(error, { attempt: Number.NaN, elapsedMs: 0 }, half).retry).toBe(false);
    expect(shouldRetry(error, { attempt: 1, elapsedMs: Number.NaN }, half)).toEqual({
      retry: false,
      reason: "budget",
    });
  });
});

describe("backoffDelay", () => {
  it("grows by the factor from the base", () => {
    const policy = { ...half, baseDelayMs: 100, factor: 3 };
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy))).toEqual([50, 150, 450, 1_350]);
  });

  it("is capped by maxDelayMs", () => {
    expect(backoffDelay(50, { random: () => 0.999_999 })).toBe(9_999);
    expect(backoffDelay(10_000, { random: () => 0.5, maxDelayMs: 1_000 })).toBe(500);
  });

  it("spans 0 to the ceiling (full jitter)", () => {
    expect(backoffDelay(1, { random: () => 0 })).toBe(0);
    expect(backoffDelay(1, { random: sequence(0.1) })).toBe(30);
  });

  it("survives a broken random source or policy", () => {
    expect(backoffDelay(1, { random: () => Number.NaN })).toBe(0);
    expect(backoffDelay(1, { random: () => 7 })).toBe(300);
    expect(backoffDelay(1, { random: () => -1 })).toBe(0);
    expect(backoffDelay(3, { random: () => 0.5, baseDelayMs: -5 })).toBe(0);
    expect(backoffDelay(3, { random: () => 0.5, factor: Number.NaN })).toBe(600);
  });
});

describe("isIdempotentRequest and createIdempotencyKey", () => {
  it("answers per method and key", () => {
    expect(isIdempotentRequest("GET")).toBe(true);
    expect(isIdempotentRequest(undefined)).toBe(true);
    expect(isIdempotentRequest("DELETE")).toBe(true);
    expect(isIdempotentRequest("POST")).toBe(false);
    expect(isIdempotentRequest("POST", { "Idempotency-Key": createIdempotencyKey() })).toBe(true);
    expect(isIdempotentRequest("PATCH", new Headers({ "Idempotency-Key": "x" }))).toBe(true);
    expect(isIdempotentRequest("POST", {}, ["POST"])).toBe(true);
  });

  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it("creates distinct UUID v4 keys", () => {
    const keys = new Set(Array.from({ length: 100 }, createIdempotencyKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(uuid);
  });

  it("falls back to getRandomValues when randomUUID is missing", () => {
    const real = globalThis.crypto;
    vi.stubGlobal("crypto", {
      getRandomValues: (bytes: Uint8Array<ArrayBuffer>) => real.getRandomValues(bytes),
    });
    try {
      expect(createIdempotencyKey()).toMatch(uuid);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("still makes a key without Web Crypto", () => {
    vi.stubGlobal("crypto", undefined);
    try {
      expect(createIdempotencyKey()).toMatch(uuid);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("withAttempts", () => {
  it("re-creates the error with the same kind, fields, cause and stack", () => {
    const cause = new Error("upstream");
    const error = decode(
      {
        status: 429,
        headers: { "Retry-After": "3", "x-request-id": "req_1", "x-ratelimit-remaining": "0" },
        body: { code: "RATE_LIMITED", message: "Slow down", retryAfter: 3 },
      },
      { cause },
    );
    const copy = withAttempts(error, 3, 1_234.4);
    expect(copy).not.toBe(error);
    expect(copy).toBeInstanceOf(TooManyRequestsError);
    expect(isApiError(copy)).toBe(true);
    expect(copy.attempts).toBe(3);
    expect(copy.elapsedMs).toBe(1_234);
    expect(copy.cause).toBe(cause);
    expect(copy.stack).toBe(error.stack);
    const { attempts: _a, elapsedMs: _e, ...rest } = copy.toJSON() as ApiErrorJSON;
    expect(rest).toEqual(error.toJSON());
  });
});

describe("retryWait", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves after the delay", async () => {
    let done = false;
    const wait = retryWait(1_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await wait;
    expect(done).toBe(true);
  });

  it("rejects at once with an AbortedError whose cause is the signal's reason", async () => {
    const controller = new AbortController();
    const wait = retryWait(60_000, controller.signal);
    const reason = new Error("user left");
    controller.abort(reason);
    const error = await wait.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).cause).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects when the signal is already aborted", async () => {
    const error = await retryWait(10, AbortSignal.abort("gone")).catch((e: unknown) => e);
    expect((error as ApiError)._tag).toBe("Aborted");
    expect((error as AbortedError).cause).toBe("gone");
  });

  it("removes its abort listener when it resolves", async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    const wait = retryWait(5, controller.signal);
    await vi.advanceTimersByTimeAsync(5);
    await wait;
    expect(remove).toHaveBeenCalledWith("abort", expect.any(Function));
  });
});

describe("retry", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Runs a retry loop to completion under fake timers. */
  const settle = async <A>(promise: Promise<A>): Promise<{ value?: A; error?: ApiError }> => {
    const outcome = promise.then(
      (value) => ({ value }),
      (error: ApiError) => ({ error }),
    );
    await vi.runAllTimersAsync();
    return outcome;
  };

  /** A call that fails with each error in turn (the last one forever); `undefined` succeeds. */
  const failing = (...errors: (ApiError | undefined)[]) => {
    const calls: number[] = [];
    const run = async (attempt: number) => {
      calls.push(attempt);
      const error = errors[Math.min(attempt - 1, errors.length - 1)];
      if (error === undefined) return "ok";
      throw error;
    };
    return { run, calls };
  };

  it("returns the first success without waiting", async () => {
    const run = vi.fn(async () => 42);
    expect(await retry(run)).toBe(42);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith(1, undefined);
  });

  it("retries until success, waiting the backoff", async () => {
    const { run, calls } = failing(new ServiceUnavailableError({}), new NetworkError({}), undefined);
    const waits: number[] = [];
    const result = await settle(
      retry(run, { ...half, now: Date.now, onRetry: ({ delayMs }) => void waits.push(delayMs) }),
    );
    expect(result.value).toBe("ok");
    expect(calls).toEqual([1, 2, 3]);
    expect(waits).toEqual([150, 300]);
  });

  it("waits the server's hint and reports attempts and elapsed time on the final error", async () => {
    const error = decode({ status: 429, headers: { "Retry-After": "2" }, body: { code: "RATE_LIMITED" } });
    const { run, calls } = failing(error);
    const result = await settle(retry(run, { ...half, now: Date.now }));
    expect(calls).toEqual([1, 2, 3]);
    expect(result.error).toBeInstanceOf(TooManyRequestsError);
    expect(result.error?.code).toBe("RATE_LIMITED");
    expect(result.error?.attempts).toBe(3);
    expect(result.error?.elapsedMs).toBe(4_000);
    expect(result.error?.retryAfterMs).toBe(2_000);
  });

  it("surfaces a hint beyond the cap at once", async () => {
    const error = decode({ status: 503, headers: { "Retry-After": "3600" } });
    const { run, calls } = failing(error);
    const result = await settle(retry(run, half));
    expect(calls).toEqual([1]);
    expect(result.error?.retryAfterMs).toBe(3_600_000);
    expect(result.error?.attempts).toBe(1);
    expect(result.error?.elapsedMs).toBe(0);
  });

  it("stops at the budget: no wait ends past it", async () => {
    const error = decode({ status: 503, headers: { "Retry-After": "0.8" } });
    const { run, calls } = failing(error);
    const result = await settle(retry(run, { ...half, attempts: 10, budgetMs: 2_000, now: Date.now }));
    expect(calls).toEqual([1, 2, 3]);
    expect(result.error?.elapsedMs).toBe(1_600);
  });

  it("does not retry POST without an idempotency key, and does with one", async () => {
    const error = new ServiceUnavailableError({});
    const post = failing(error);
    await settle(retry(post.run, { ...half, method: "POST" }));
    expect(post.calls).toEqual([1]);
    const keyed = failing(error);
    await settle(
      retry(keyed.run, { ...half, method: "POST", headers: { "Idempotency-Key": createIdempotencyKey() } }),
    );
    expect(keyed.calls).toEqual([1, 2, 3]);
  });

  it("wraps thrown values that are not ours as UnexpectedError and does not retry them", async () => {
    const thrown = new RangeError("bug");
    const run = vi.fn(async () => {
      throw thrown;
    });
    const result = await settle(retry(run, half));
    expect(run).toHaveBeenCalledTimes(1);
    expect(result.error).toBeInstanceOf(UnexpectedError);
    expect(result.error?.cause).toBe(thrown);
    expect(result.error?.message).toBe("bug");
    expect(result.error?.attempts).toBe(1);
  });

  it("converts thrown values with toError", async () => {
    let n = 0;
    const run = async () => {
      n++;
      if (n < 2) throw new TypeError("fetch failed");
      return "ok";
    };
    const result = await settle(retry(run, { ...half, toError: (u) => new NetworkError({ cause: u }) }));
    expect(result.value).toBe("ok");
    expect(n).toBe(2);
  });

  it("falls back to UnexpectedError when toError throws or returns something else", async () => {
    const throwing = await settle(
      retry(
        async () => {
          throw "x";
        },
        {
          toError: () => {
            throw new Error("converter broke");
          },
        },
      ),
    );
    expect(throwing.error?._tag).toBe("Unexpected");
    const bogus = await settle(
      retry(
        async () => {
          throw "x";
        },
        { toError: () => ({ _tag: "Network" }) as unknown as ApiError },
      ),
    );
    expect(bogus.error?._tag).toBe("Unexpected");
  });

  it("cancels a pending wait at once on abort and rejects with the aborted kind", async () => {
    const controller = new AbortController();
    const error = decode({ status: 503, headers: { "Retry-After": "30" } });
    const { run, calls } = failing(error);
    const outcome = retry(run, { signal: controller.signal, now: Date.now }).then(
      () => expect.unreachable(),
      (e: ApiError) => e,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort(new Error("navigated away"));
    const aborted = await outcome;
    expect(calls).toEqual([1]);
    expect(aborted._tag).toBe("Aborted");
    expect((aborted.cause as Error).message).toBe("navigated away");
    expect(aborted.attempts).toBe(1);
    expect(aborted.elapsedMs).toBe(1_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not start when the signal is already aborted", async () => {
    const run = vi.fn(async () => 1);
    const result = await settle(retry(run, { signal: AbortSignal.abort() }));
    expect(run).not.toHaveBeenCalled();
    expect(result.error?._tag).toBe("Aborted");
    expect(result.error?.attempts).toBe(0);
  });

  it("yields the aborted kind when the caller aborts during an attempt", async () => {
    const controller = new AbortController();
    const run = vi.fn(async (_attempt: number, signal: AbortSignal | undefined) => {
      controller.abort("stop");
      expect(signal?.aborted).toBe(true);
      throw new NetworkError({});
    });
    const result = await settle(retry(run, { signal: controller.signal }));
    expect(run).toHaveBeenCalledTimes(1);
    expect(result.error?._tag).toBe("Aborted");
  });

  it("awaits onRetry before waiting", async () => {
    const order: string[] = [];
    const { run } = failing(new ServiceUnavailableError({}), new ServiceUnavailableError({}));
    await settle(
      retry(
        async (attempt) => {
          order.push(`run ${attempt}`);
          return run(attempt);
        },
        {
          ...half,
          attempts: 2,
          onRetry: async ({ attempt, delayMs, error }) => {
            order.push(`retry ${attempt} ${delayMs} ${error._tag}`);
          },
        },
      ),
    );
    expect(order).toEqual(["run 1", "retry 1 150 ServiceUnavailable", "run 2"]);
  });
});

describe("properties", () => {
  const policyArb = fc.record(
    {
      attempts: fc.integer({ min: -2, max: 12 }),
      budgetMs: fc.integer({ min: 0, max: 120_000 }),
      baseDelayMs: fc.integer({ min: 0, max: 5_000 }),
      factor: fc.double({ min: 1, max: 10, noNaN: true }),
      maxDelayMs: fc.integer({ min: 0, max: 60_000 }),
      maxRetryAfterMs: fc.integer({ min: 0, max: 120_000 }),
      retryTimeouts: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const randomArb = fc.oneof(
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    fc.constantFrom(Number.NaN, -1, 1, 2, Number.POSITIVE_INFINITY),
  );
  const hintArb = fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: 0, max: 200_000 }).map(String),
    fc.double({ min: 0, max: 200, noNaN: true }).map((n) => n.toFixed(3)),
    fc.string({ maxLength: 12 }),
  );
  const errorArb = fc.oneof(
    fc
      .record({ status: fc.integer({ min: 400, max: 599 }), hint: hintArb })
      .map(({ status, hint }) =>
        decode({ status, headers: hint === undefined ? {} : { "Retry-After": hint } }),
      ),
    fc.constantFrom<ApiError>(new NetworkError({}), new TimeoutError({}), new AbortedError({})),
  );

  it("a delay is never negative and never above its cap", () => {
    fc.assert(
      fc.property(
        errorArb,
        policyArb,
        randomArb,
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 100_000 }),
        (error, policy, r, attempt, elapsedMs) => {
          const decision = shouldRetry(error, { attempt, elapsedMs }, { ...policy, random: () => r });
          if (!decision.retry) return;
          expect(decision.delayMs).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(decision.delayMs)).toBe(true);
          const cap =
            error.retryAfterMs !== undefined
              ? (policy.maxRetryAfterMs ?? 60_000)
              : (policy.maxDelayMs ?? 10_000);
          expect(decision.delayMs).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });

  it("backoffDelay stays within [0, maxDelayMs] for any attempt and random source", () => {
    fc.assert(
      fc.property(policyArb, randomArb, fc.integer({ min: -5, max: 10_000 }), (policy, r, attempt) => {
        const delay = backoffDelay(attempt, { ...policy, random: () => r });
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(policy.maxDelayMs ?? 10_000);
      }),
    );
  });

  it("a retry loop never exceeds the attempt limit nor the budget", () => {
    fc.assert(
      fc.property(
        fc.array(errorArb, { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 20 }),
        policyArb,
        randomArb,
        (errors, durations, policy, r) => {
          const limit = Math.max(1, Math.floor(policy.attempts ?? 3));
          const budget = policy.budgetMs ?? 60_000;
          let clock = 0;
          let attempt = 0;
          let decision: RetryDecision;
          do {
            const duration = durations[attempt % durations.length] ?? 0;
            const error = errors[attempt % errors.length]!;
            attempt++;
            clock += duration;
            decision = shouldRetry(error, { attempt, elapsedMs: clock }, { ...policy, random: () => r });
            if (decision.retry) {
              clock += decision.delayMs;
              // Every wait ends within the budget: the next attempt starts in time.
              expect(clock).toBeLessThanOrEqual(budget);
            }
          } while (decision.retry);
          expect(attempt).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });

  it("retry() never exceeds the attempt limit, and with instant attempts never the budget", async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(errorArb, { minLength: 1, maxLength: 10 }),
          policyArb,
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          async (errors, policy, r) => {
            let calls = 0;
            const run = async (attempt: number) => {
              calls = attempt;
              throw errors[(attempt - 1) % errors.length]!;
            };
            const outcome = retry(run, { ...policy, random: () => r, now: Date.now }).catch(
              (e: ApiError) => e,
            );
            await vi.runAllTimersAsync();
            const error = await outcome;
            const limit = Math.max(1, Math.floor(policy.attempts ?? 3));
            expect(calls).toBeLessThanOrEqual(limit);
            expect(error.attempts).toBe(calls);
            expect(error.elapsedMs).toBeLessThanOrEqual(policy.budgetMs ?? 60_000);
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the error's request snapshot answers the idempotency rule", () => {
  const failed = (request: { method: string; idempotencyKey: boolean }) =>
    copyError(new ServiceUnavailableError({}), {
      request: { ...request, url: "https://api.example.com/pay" },
    });
  it("a keyless POST is not retried when the context names no method", () => {
    expect(shouldRetry(failed({ method: "POST", idempotencyKey: false }), first, half)).toEqual({
      retry: false,
      reason: "method",
    });
    expect(shouldRetry(failed({ method: "POST", idempotencyKey: true }), first, half).retry).toBe(true);
    expect(shouldRetry(failed({ method: "GET", idempotencyKey: false }), first, half).retry).toBe(true);
  });
  it("a snapshot that is malformed or throws on read counts as none (a GET), never a throw", () => {
    const odd = Object.assign(new ServiceUnavailableError({}), {
      request: { method: 42, idempotencyKey: "yes" },
    });
    expect(shouldRetry(odd, first, half).retry).toBe(true);
    const trap = new ServiceUnavailableError({});
    Object.defineProperty(trap, "request", {
      get() {
        throw new Error("boom");
      },
    });
    expect(shouldRetry(trap, first, half).retry).toBe(true);
  });
  it("the context's method and headers win over the snapshot", () => {
    expect(
      shouldRetry(failed({ method: "POST", idempotencyKey: false }), { ...first, method: "GET" }, half).retry,
    ).toBe(true);
  });
});
