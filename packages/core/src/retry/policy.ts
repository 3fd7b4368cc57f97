/**
 * The retry policy: whether a failed request is tried again, after how long, and when to give up.
 * Every adapter (fetch, axios, React Query, tRPC, Effect) asks this module; none carries its own copy.
 *
 * Whether: the error's `retryable` flag (set by `decode` from the status, the catalog, known codes
 * and `x-should-retry`), timeouts only when the caller opts in, never a caller's abort, and only for
 * idempotent requests. When: the server's hint (`error.retryAfterMs`) when present and under the cap,
 * else exponential backoff with full jitter. How long: an attempt limit and a total time budget.
 *
 * @since 0.1.0
 */
import {
  AbortedError,
  type ApiError,
  type ApiErrorInit,
  errorClasses,
  isApiError,
  UnexpectedError,
} from "../ApiError";
import { type HeadersInit, toHeaderMap } from "../internal/headers";

/**
 * How a client retries: attempt limit, time budget, backoff, the cap on server hints, and which
 * methods may be retried. Every field is optional; the defaults suit an interactive app.
 *
 * Pass it to {@link retry}, {@link shouldRetry}, the adapter helpers, or `retrySchedule`; one policy
 * object gives the same behaviour in every layer.
 *
 * @example
 * ```ts
 * import type { RetryPolicy } from "@faultline/core";
 * const policy: RetryPolicy = { attempts: 5, budgetMs: 30_000, retryTimeouts: true };
 * ```
 * @since 0.1.0
 */
export interface RetryPolicy {
  /** Attempts at most, the first included (default 3; 1 disables retries). */
  readonly attempts?: number;
  /** Total time across attempts and waits in milliseconds (default 60 000). No wait ends past it. */
  readonly budgetMs?: number;
  /** Backoff ceiling of the first retry in milliseconds (default 300). */
  readonly baseDelayMs?: number;
  /** Growth of the backoff ceiling per retry (default 2). */
  readonly factor?: number;
  /** Cap of the computed backoff in milliseconds (default 10 000). */
  readonly maxDelayMs?: number;
  /** Cap of server hints in milliseconds (default 60 000): a longer hint surfaces the error at once. */
  readonly maxRetryAfterMs?: number;
  /** Whether a `Timeout` is retried (default false). */
  readonly retryTimeouts?: boolean;
  /** Methods retried without an idempotency key (default GET, HEAD, OPTIONS, PUT, DELETE). */
  readonly methods?: readonly string[];
  /** Random source in [0, 1) for the jitter (default `Math.random`); inject one in tests. */
  readonly random?: () => number;
  /** Clock in epoch milliseconds (default `Date.now`); inject one in tests. */
  readonly now?: () => number;
}

/**
 * Request headers in any common shape: a `Headers`, a plain record, or name/value pairs.
 *
 * Use it to hand the request's headers to the policy, which reads them for `Idempotency-Key`.
 *
 * @example
 * ```ts
 * import type { RetryHeaders } from "@faultline/core";
 * const headers: RetryHeaders = { "Idempotency-Key": "5f0c…" };
 * ```
 * @since 0.1.0
 */
export type RetryHeaders = HeadersInit;

/**
 * What {@link shouldRetry} needs to know besides the error: attempts made so far, time spent, and
 * the request's method and headers (for the idempotency rule).
 *
 * Build one per failure when you drive {@link shouldRetry} from a loop of your own.
 *
 * @example
 * ```ts
 * import type { RetryContext } from "@faultline/core";
 * const ctx: RetryContext = { attempt: 1, elapsedMs: 120, method: "GET" };
 * ```
 * @since 0.1.0
 */
export interface RetryContext {
  /** Attempts made so far, the one that just failed included (>= 1). */
  readonly attempt: number;
  /** Milliseconds since the first attempt started. */
  readonly elapsedMs: number;
  /** The request's method; unknown counts as GET. */
  readonly method?: string | undefined;
  /** The request's headers, read for `Idempotency-Key`. */
  readonly headers?: RetryHeaders | undefined;
}

/**
 * Why a failed request is not tried again.
 *
 * Use it to log or show why an error surfaced (`"hint-too-long"`: tell the user when to come back).
 *
 * @example
 * ```ts
 * import type { RetryStopReason } from "@faultline/core";
 * const reason: RetryStopReason = "hint-too-long";
 * ```
 * @since 0.1.0
 */
export type RetryStopReason =
  | "not-retryable"
  | "method"
  | "attempts"
  | "budget"
  | "hint-too-long"
  | "aborted";

/**
 * The answer of {@link shouldRetry}: wait `delayMs` and try again, or stop and say why.
 *
 * Narrow it on `retry` before reading `delayMs` or `reason`.
 *
 * @example
 * ```ts
 * import type { RetryDecision } from "@faultline/core";
 * const describe = (d: RetryDecision) => (d.retry ? `again in ${d.delayMs} ms` : `gave up: ${d.reason}`);
 * ```
 * @since 0.1.0
 */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: RetryStopReason };

/**
 * Methods retried by default: the ones HTTP defines as idempotent (RFC 9110 §9.2.2), less TRACE.
 *
 * Use it to extend the default list (`methods: [...defaultRetryMethods, "QUERY"]`) rather than
 * restating it.
 *
 * @example
 * ```ts
 * import { defaultRetryMethods } from "@faultline/core";
 * defaultRetryMethods.includes("PUT"); // true
 * ```
 * @since 0.1.0
 */
export const defaultRetryMethods: readonly string[] = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"];

/** The longest a timer can wait (setTimeout overflows above 2^31 - 1 ms and fires at once). */
const MAX_TIMER = 2_147_483_647;

interface Resolved {
  readonly attempts: number;
  readonly budgetMs: number;
  readonly baseDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly retryTimeouts: boolean;
  readonly methods: ReadonlySet<string>;
  readonly random: () => number;
}

const num = (value: number | undefined, fallback: number, min = 0): number =>
  typeof value === "number" && !Number.isNaN(value) ? Math.max(min, value) : fallback;

const resolvedMethods = new WeakMap<readonly string[], ReadonlySet<string>>();
const defaultMethodSet: ReadonlySet<string> = new Set(defaultRetryMethods);

const methodSet = (methods: readonly string[] | undefined): ReadonlySet<string> => {
  if (methods === undefined) return defaultMethodSet;
  let set = resolvedMethods.get(methods);
  if (set === undefined) {
    set = new Set(methods.map((m) => m.toUpperCase()));
    resolvedMethods.set(methods, set);
  }
  return set;
};

const resolve = (policy: RetryPolicy = {}): Resolved => ({
  attempts: Math.floor(num(policy.attempts, 3, 1)),
  budgetMs: num(policy.budgetMs, 60_000),
  baseDelayMs: num(policy.baseDelayMs, 300),
  factor: num(policy.factor, 2, 1),
  maxDelayMs: Math.min(num(policy.maxDelayMs, 10_000), MAX_TIMER),
  maxRetryAfterMs: Math.min(num(policy.maxRetryAfterMs, 60_000), MAX_TIMER),
  retryTimeouts: policy.retryTimeouts === true,
  methods: methodSet(policy.methods),
  random: policy.random ?? Math.random,
});

/** A random draw clamped to [0, 1]; NaN counts as 0. */
const unit = (r: number): number => (r > 0 ? Math.min(r, 1) : 0);

const jittered = (attempt: number, p: Resolved): number => {
  if (p.baseDelayMs <= 0 || p.maxDelayMs <= 0) return 0;
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const raw = p.baseDelayMs * p.factor ** exponent;
  const ceiling = Math.min(raw, p.maxDelayMs);
  return Math.floor(unit(p.random()) * ceiling);
};

/**
 * The backoff before the next attempt: full jitter, a random delay between 0 and
 * `min(maxDelayMs, baseDelayMs * factor ** (attempt - 1))`, in whole milliseconds. `attempt` is the
 * number of attempts made so far (1 before the first retry).
 *
 * Use it when there is no server hint; {@link shouldRetry} already does, so call it directly only
 * to build your own loop.
 *
 * @example
 * ```ts
 * import { backoffDelay } from "@faultline/core";
 * backoffDelay(1, { random: () => 0.5 }); // 150 (half of 300)
 * backoffDelay(3, { random: () => 0.5 }); // 600 (half of 1200)
 * ```
 * @since 0.1.0
 */
export function backoffDelay(attempt: number, policy?: RetryPolicy): number {
  return jittered(attempt, resolve(policy));
}

const hasIdempotencyKey = (headers: RetryHeaders | undefined): boolean => {
  if (headers === undefined) return false;
  const map = toHeaderMap(headers);
  const key = map.get("idempotency-key") ?? map.get("x-idempotency-key");
  return key !== undefined && key.trim() !== "";
};

const isIdempotentIn = (
  methods: ReadonlySet<string>,
  method: string | undefined,
  headers?: RetryHeaders,
): boolean => {
  const m = (method ?? "GET").toUpperCase();
  if (methods.has(m)) return true;
  return (m === "POST" || m === "PATCH") && hasIdempotencyKey(headers);
};

/**
 * Whether a request may be sent again: GET, HEAD, OPTIONS, PUT and DELETE (or the methods you
 * list), and POST or PATCH when they carry an `Idempotency-Key` (or `X-Idempotency-Key`) header.
 * An unknown method counts as GET, as `fetch` does.
 *
 * Use it in an adapter that decides before sending whether a failure could be retried.
 *
 * @example
 * ```ts
 * import { isIdempotentRequest } from "@faultline/core";
 * isIdempotentRequest("GET"); // true
 * isIdempotentRequest("POST"); // false
 * isIdempotentRequest("POST", { "Idempotency-Key": "5f0c…" }); // true
 * ```
 * @since 0.1.0
 */
export function isIdempotentRequest(
  method: string | undefined,
  headers?: RetryHeaders,
  methods?: readonly string[],
): boolean {
  return isIdempotentIn(methodSet(methods), method, headers);
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * A fresh idempotency key (a random UUID v4), for a POST or PATCH the client wants retried safely:
 * send it as `Idempotency-Key` and the same request may be repeated without being applied twice.
 * Uses Web Crypto (`crypto.randomUUID`, else `crypto.getRandomValues`) on every runtime.
 *
 * @example
 * ```ts
 * import { createIdempotencyKey } from "@faultline/core";
 * await fetch("https://api.example.com/payments", {
 *   method: "POST",
 *   headers: { "Idempotency-Key": createIdempotencyKey() },
 *   body: JSON.stringify({ amount: 42 }),
 * });
 * ```
 * @since 0.1.0
 */
export function createIdempotencyKey(): string {
  const webCrypto = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof webCrypto?.randomUUID === "function") return webCrypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof webCrypto?.getRandomValues === "function") webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const decideWith = (error: ApiError, ctx: RetryContext, p: Resolved): RetryDecision => {
  if (error._tag === "Aborted") return { retry: false, reason: "aborted" };
  const retryable = error._tag === "Timeout" ? p.retryTimeouts : error.retryable;
  if (!retryable) return { retry: false, reason: "not-retryable" };
  if (!isIdempotentIn(p.methods, ctx.method, ctx.headers)) return { retry: false, reason: "method" };
  const attempt = Number.isFinite(ctx.attempt) ? Math.max(1, Math.floor(ctx.attempt)) : p.attempts;
  if (attempt >= p.attempts) return { retry: false, reason: "attempts" };
  const hint = error.retryAfterMs;
  let delayMs: number;
  if (typeof hint === "number" && Number.isFinite(hint) && hint >= 0) {
    if (hint > p.maxRetryAfterMs) return { retry: false, reason: "hint-too-long" };
    delayMs = Math.ceil(hint);
  } else {
    delayMs = jittered(attempt, p);
  }
  const elapsed = Number.isFinite(ctx.elapsedMs) ? Math.max(0, ctx.elapsedMs) : Number.POSITIVE_INFINITY;
  if (elapsed + delayMs > p.budgetMs) return { retry: false, reason: "budget" };
  return { retry: true, delayMs };
};

/**
 * Decides whether a failed request is tried again and after how long. In order: a caller's abort
 * never retries (`"aborted"`); the error must be retryable (`error.retryable`, which `decode` sets
 * from the status, the catalog, documented codes and `x-should-retry`; a `Timeout` only with
 * `retryTimeouts`); the request must be idempotent (`"method"`); attempts left (`"attempts"`); the
 * server's hint (`error.retryAfterMs`) is the delay unless it exceeds `maxRetryAfterMs`
 * (`"hint-too-long"`: surface the error with its `retryAfterMs` instead of sleeping), else backoff
 * with full jitter; and the wait must end within the budget (`"budget"`).
 *
 * Use it to drive any retry loop; {@link retry} and the adapter helpers below are built on it.
 *
 * @example
 * ```ts
 * import { decode, shouldRetry } from "@faultline/core";
 * const err = decode({ status: 429, headers: { "Retry-After": "2" } });
 * shouldRetry(err, { attempt: 1, elapsedMs: 50, method: "GET" }); // { retry: true, delayMs: 2000 }
 * shouldRetry(err, { attempt: 3, elapsedMs: 50, method: "GET" }); // { retry: false, reason: "attempts" }
 * ```
 * @since 0.1.0
 */
export function shouldRetry(error: ApiError, ctx: RetryContext, policy?: RetryPolicy): RetryDecision {
  return decideWith(error, ctx, resolve(policy));
}

/**
 * A copy of an error (same kind, fields, cause and stack) that records how many attempts were made
 * and how long they took, in `attempts` and `elapsedMs`.
 *
 * Use it in a retry loop of your own (an axios interceptor, say) before surfacing the last error;
 * {@link retry} already does.
 *
 * @example
 * ```ts
 * import { ServiceUnavailableError, withAttempts } from "@faultline/core";
 * const err = withAttempts(new ServiceUnavailableError({}), 3, 1_250);
 * err.attempts; // 3
 * err.elapsedMs; // 1250
 * ```
 * @since 0.1.0
 */
export function withAttempts<TError extends ApiError>(
  error: TError,
  attempts: number,
  elapsedMs: number,
): TError {
  const source = error as ApiError & { readonly cause?: unknown };
  const init: ApiErrorInit = {
    status: source.status,
    code: source.code,
    message: source.message,
    requestId: source.requestId,
    field: source.field,
    details: source.details,
    retryAfterMs: source.retryAfterMs,
    rateLimit: source.rateLimit,
    retryable: source.retryable,
    response: source.response,
    attempts,
    elapsedMs: Math.max(0, Math.round(elapsedMs)),
    ...(source.cause !== undefined ? { cause: source.cause } : {}),
  };
  const Class = errorClasses[source._tag] ?? UnexpectedError;
  const copy = new Class(init);
  try {
    if (typeof source.stack === "string")
      Object.defineProperty(copy, "stack", { value: source.stack, writable: true, configurable: true });
  } catch {
    // A frozen or exotic stack: keep the copy's own.
  }
  return copy as unknown as TError;
}

const abortedBy = (signal: AbortSignal): AbortedError =>
  new AbortedError({ cause: signal.reason, message: "Request was aborted" });

/**
 * Waits `ms` milliseconds; an `AbortSignal` cancels the wait at once and rejects with an
 * `AbortedError` whose `cause` is `signal.reason` (also when the signal is already aborted).
 *
 * Use it for the pause between attempts in a loop of your own, so a caller's abort is never stuck
 * behind a long `Retry-After`.
 *
 * @example
 * ```ts
 * import { sleep } from "@faultline/core";
 * const controller = new AbortController();
 * const wait = sleep(30_000, controller.signal);
 * controller.abort(); // `wait` rejects now with an AbortedError
 * await wait.catch((e) => e._tag); // "Aborted"
 * ```
 * @since 0.1.0
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolvePromise, reject) => {
    if (signal?.aborted) {
      reject(abortedBy(signal));
      return;
    }
    const delay = Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_TIMER) : ms > 0 ? MAX_TIMER : 0;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedBy(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolvePromise();
    }, delay);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Options of {@link retry}: the policy, the caller's signal, the request's method and headers, a
 * hook called before each wait, and the conversion of thrown values that are not our errors.
 *
 * Pass it to {@link retry}; adapters forward their own options into it.
 *
 * @example
 * ```ts
 * import type { RetryOptions } from "@faultline/core";
 * const options: RetryOptions = { attempts: 4, method: "POST", headers: { "Idempotency-Key": "k1" } };
 * ```
 * @since 0.1.0
 */
export interface RetryOptions extends RetryPolicy {
  /** Cancels the current wait at once; the loop then rejects with an `AbortedError`. */
  readonly signal?: AbortSignal | undefined;
  /** The request's method (default GET). */
  readonly method?: string | undefined;
  /** The request's headers, read for `Idempotency-Key`. */
  readonly headers?: RetryHeaders | undefined;
  /** Called before each wait (log, metrics); awaited. */
  readonly onRetry?: (info: { error: ApiError; attempt: number; delayMs: number }) => void | Promise<void>;
  /** Converts thrown values that are not our errors (default: an `UnexpectedError` with the value as cause). */
  readonly toError?: (thrown: unknown) => ApiError;
}

const unexpected = (thrown: unknown): ApiError =>
  new UnexpectedError({
    message: thrown instanceof Error ? thrown.message : typeof thrown === "string" ? thrown : undefined,
    cause: thrown,
  });

const toApiError = (thrown: unknown, toError: ((u: unknown) => ApiError) | undefined): ApiError => {
  if (isApiError(thrown)) return thrown;
  if (toError !== undefined) {
    try {
      const converted = toError(thrown);
      if (isApiError(converted)) return converted;
    } catch (cause) {
      return unexpected(cause);
    }
  }
  return unexpected(thrown);
};

/**
 * Runs `run` until it succeeds or the policy says stop, waiting between attempts as
 * {@link shouldRetry} decides. `run` receives the attempt number (from 1) and the caller's signal.
 * On final failure it rejects with the last error, re-created with `attempts` and `elapsedMs` set;
 * a caller's abort (before or during a wait) rejects with an `AbortedError` at once. Thrown values
 * that are not our errors go through `toError` (pass `fromUnknown` to classify network failures
 * and timeouts), else become `UnexpectedError`, which is not retried.
 *
 * The budget bounds the waits: no wait ends after `budgetMs`. An attempt in flight is bounded by
 * the adapter's own timeout, not by this loop.
 *
 * @example
 * ```ts
 * import { decodeResponse, fromUnknown, retry } from "@faultline/core";
 * const user = await retry(
 *   async (_attempt, signal) => {
 *     const res = await fetch("https://api.example.com/users/42", signal ? { signal } : {});
 *     if (!res.ok) throw await decodeResponse(res);
 *     return res.json();
 *   },
 *   { attempts: 4, toError: fromUnknown },
 * );
 * ```
 * @since 0.1.0
 */
export async function retry<TValue>(
  run: (attempt: number, signal: AbortSignal | undefined) => Promise<TValue>,
  options: RetryOptions = {},
): Promise<TValue> {
  const p = resolve(options);
  const now = options.now ?? Date.now;
  const { signal } = options;
  const start = now();
  let attempt = 0;
  for (;;) {
    if (signal?.aborted) throw withAttempts(abortedBy(signal), attempt, now() - start);
    attempt++;
    let error: ApiError;
    try {
      return await run(attempt, signal);
    } catch (thrown) {
      error = toApiError(thrown, options.toError);
    }
    if (signal?.aborted && error._tag !== "Aborted") error = abortedBy(signal);
    const elapsedMs = now() - start;
    const decision = decideWith(
      error,
      { attempt, elapsedMs, method: options.method, headers: options.headers },
      p,
    );
    if (!decision.retry) throw withAttempts(error, attempt, elapsedMs);
    try {
      await options.onRetry?.({ error, attempt, delayMs: decision.delayMs });
      await sleep(decision.delayMs, signal);
    } catch (thrown) {
      throw withAttempts(toApiError(thrown, options.toError), attempt, now() - start);
    }
  }
}

/**
 * Options of the adapter helpers: the policy, the request's method and headers when the framework
 * does not pass them, and how to find our error inside the framework's own error.
 *
 * Pass it to {@link reactQueryRetry}, {@link trpcRetry} or {@link axiosRetry}.
 *
 * @example
 * ```ts
 * import type { RetryHelperOptions } from "@faultline/core";
 * const options: RetryHelperOptions = { attempts: 4, method: "POST", headers: { "Idempotency-Key": "k1" } };
 * ```
 * @since 0.1.0
 */
export interface RetryHelperOptions extends RetryPolicy {
  /** The request's method when the framework does not say (default GET). */
  readonly method?: string | undefined;
  /** The request's headers, read for `Idempotency-Key`. */
  readonly headers?: RetryHeaders | undefined;
  /**
   * Finds our error in what the framework reports. Default: the value itself, else its `cause`
   * (tRPC's `TRPCClientError` and most wrappers keep the original there). Values that give no
   * error are not retried.
   */
  readonly toError?: (u: unknown) => ApiError | undefined;
}

const findError = (
  u: unknown,
  toError: ((u: unknown) => ApiError | undefined) | undefined,
): ApiError | undefined => {
  if (isApiError(u)) return u;
  if (toError !== undefined) {
    try {
      const converted = toError(u);
      return isApiError(converted) ? converted : undefined;
    } catch {
      return undefined;
    }
  }
  const cause = typeof u === "object" && u !== null ? (u as { cause?: unknown }).cause : undefined;
  return isApiError(cause) ? cause : undefined;
};

/**
 * `retry` and `retryDelay` options for TanStack Query v5 (`useQuery`, `useMutation`, or the
 * `QueryClient` defaults), driven by the policy. TanStack passes `failureCount` = failures before
 * this one (0 on the first failure), so attempts made = `failureCount + 1`; it calls `retryDelay`
 * then `retry` with the same error, and both answer from one decision. Errors that are not ours are
 * not retried. TanStack reports no elapsed time, so the budget counts the error's own `elapsedMs`
 * (set when the query function retried itself) plus the wait.
 *
 * Use it instead of TanStack's default retry (3 retries for every error, 4xx included).
 *
 * @example
 * ```ts
 * import { QueryClient } from "@tanstack/react-query";
 * import { reactQueryRetry } from "@faultline/core";
 * const queryClient = new QueryClient({ defaultOptions: { queries: { ...reactQueryRetry({ attempts: 4 }) } } });
 * ```
 * @since 0.1.0
 */
export function reactQueryRetry(policy?: RetryHelperOptions): {
  retry: (failureCount: number, error: unknown) => boolean;
  retryDelay: (failureCount: number, error: unknown) => number;
} {
  const p = resolve(policy);
  const decided = new WeakMap<object, { failureCount: number; decision: RetryDecision }>();
  const decide = (failureCount: number, error: unknown): RetryDecision => {
    const key = typeof error === "object" && error !== null ? error : undefined;
    const cached = key === undefined ? undefined : decided.get(key);
    if (cached !== undefined && cached.failureCount === failureCount) return cached.decision;
    const found = findError(error, policy?.toError);
    const decision: RetryDecision =
      found === undefined
        ? { retry: false, reason: "not-retryable" }
        : decideWith(
            found,
            {
              attempt: failureCount + 1,
              elapsedMs: found.elapsedMs ?? 0,
              method: policy?.method,
              headers: policy?.headers,
            },
            p,
          );
    if (key !== undefined) decided.set(key, { failureCount, decision });
    return decision;
  };
  return {
    retry: (failureCount, error) => decide(failureCount, error).retry,
    retryDelay: (failureCount, error) => {
      const decision = decide(failureCount, error);
      return decision.retry ? decision.delayMs : 0;
    },
  };
}

/**
 * `retry` and `retryDelayMs` options for tRPC v11's `retryLink`, driven by the policy. tRPC passes
 * `attempts` = attempts made so far (the first included) to `retry`, then the same number to
 * `retryDelayMs`, which gets no error: the delay chosen by `retry` (the server's hint or backoff) is
 * handed over, since tRPC calls the two back to back. Mutations count as POST (retried only when
 * `methods` includes POST); queries and subscriptions as GET. The error is found in
 * `TRPCClientError.cause` unless `toError` says otherwise.
 *
 * Use it when the client talks to tRPC without TanStack Query (with it, use {@link reactQueryRetry}).
 *
 * @example
 * ```ts
 * import { createTRPCClient, httpBatchLink, retryLink } from "@trpc/client";
 * import { trpcRetry } from "@faultline/core";
 * import type { AppRouter } from "./server";
 * const client = createTRPCClient<AppRouter>({
 *   links: [retryLink(trpcRetry({ attempts: 4 })), httpBatchLink({ url: "/trpc" })],
 * });
 * ```
 * @since 0.1.0
 */
export function trpcRetry(policy?: RetryHelperOptions): {
  retry: (opts: { error: unknown; attempts: number; op?: { type?: string } }) => boolean;
  retryDelayMs: (attemptIndex: number) => number;
} {
  const p = resolve(policy);
  let last: { attempts: number; delayMs: number } | undefined;
  return {
    retry: (opts) => {
      last = undefined;
      const found = findError(opts.error, policy?.toError);
      if (found === undefined) return false;
      const type = opts.op?.type;
      const method = type === "mutation" ? "POST" : type === undefined ? policy?.method : "GET";
      const decision = decideWith(
        found,
        { attempt: opts.attempts, elapsedMs: found.elapsedMs ?? 0, method, headers: policy?.headers },
        p,
      );
      if (decision.retry) last = { attempts: opts.attempts, delayMs: decision.delayMs };
      return decision.retry;
    },
    retryDelayMs: (attemptIndex) => {
      const handed = last;
      last = undefined;
      return handed !== undefined && handed.attempts === attemptIndex
        ? handed.delayMs
        : jittered(attemptIndex, p);
    },
  };
}

/**
 * A decision function for an axios response interceptor: given the error (already converted to
 * ours) and the attempts made so far (1 after the first failure), it answers whether and when to
 * send the request again. Pass the request's method and headers (from `error.config`) as the third
 * argument so POST and PATCH are retried only with an `Idempotency-Key`; pass `elapsedMs` so the
 * budget counts the attempts too.
 *
 * Use it in the axios adapter's interceptor: on `retry: true`, `await sleep(delayMs, signal)` and
 * re-issue the request; else reject with `withAttempts(error, attempt, elapsedMs)`.
 *
 * @example
 * ```ts
 * import axios from "axios";
 * import { axiosRetry, fromUnknown, sleep, withAttempts } from "@faultline/core";
 * const decide = axiosRetry({ attempts: 4 });
 * axios.interceptors.response.use(undefined, async (thrown) => {
 *   const config = thrown.config as typeof thrown.config & { faultlineAttempt?: number };
 *   const attempt = (config.faultlineAttempt ?? 0) + 1;
 *   const error = fromUnknown(thrown);
 *   const decision = decide(error, attempt, { method: config.method, headers: config.headers });
 *   if (!decision.retry) throw withAttempts(error, attempt, 0);
 *   await sleep(decision.delayMs, config.signal);
 *   config.faultlineAttempt = attempt;
 *   return axios.request(config);
 * });
 * ```
 * @since 0.1.0
 */
export function axiosRetry(policy?: RetryHelperOptions): (
  error: unknown,
  attempt: number,
  request?: {
    readonly method?: string | undefined;
    readonly headers?: RetryHeaders | undefined;
    readonly elapsedMs?: number;
  },
) => RetryDecision {
  const p = resolve(policy);
  return (error, attempt, request) => {
    const found = findError(error, policy?.toError);
    if (found === undefined) return { retry: false, reason: "not-retryable" };
    return decideWith(
      found,
      {
        attempt,
        elapsedMs: request?.elapsedMs ?? found.elapsedMs ?? 0,
        method: request?.method ?? policy?.method,
        headers: request?.headers ?? policy?.headers,
      },
      p,
    );
  };
}
