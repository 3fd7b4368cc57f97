/**
 * The retry policy: whether a failed request is tried again, after how long, and when to give up.
 * Every adapter (fetch, axios, React Query, tRPC, Effect) asks this module; none carries its own copy.
 *
 * This module holds the decision and the backoff; `idempotency.ts` the method rule and keys;
 * `retry.ts` the loop and its sleep; `schedule.ts` the Effect `Schedule`.
 *
 * Whether: the error's `retryable` flag (set by `decode` from the status, the catalog, known codes
 * and `x-should-retry`), timeouts only when the caller opts in, never a caller's abort, and only for
 * idempotent requests. When: the server's hint (`error.retryAfterMs`) when present and under the cap,
 * else exponential backoff with full jitter. How long: an attempt limit and a total time budget.
 *
 * @since 0.1.0
 */
import { type ApiError, copyError } from "../ApiError";
import { hasIdempotencyKey, isIdempotentIn, methodSet, type RetryHeaders } from "./idempotency";

/**
 * How a client retries: attempt limit, time budget, backoff, the cap on server hints, and which
 * methods may be retried. Every field is optional; the defaults suit an interactive app.
 *
 * Pass it to `retry`, {@link shouldRetry}, the adapters, or `retrySchedule`; one policy
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
  readonly attempts?: number | undefined;
  /** Total time across attempts and waits in milliseconds (default 60 000). No wait ends past it. */
  readonly budgetMs?: number | undefined;
  /** Backoff ceiling of the first retry in milliseconds (default 300). */
  readonly baseDelayMs?: number | undefined;
  /** Growth of the backoff ceiling per retry (default 2). */
  readonly factor?: number | undefined;
  /** Cap of the computed backoff in milliseconds (default 10 000). */
  readonly maxDelayMs?: number | undefined;
  /** Cap of server hints in milliseconds (default 60 000): a longer hint surfaces the error at once. */
  readonly maxRetryAfterMs?: number | undefined;
  /** Whether a `Timeout` is retried (default false). */
  readonly retryTimeouts?: boolean | undefined;
  /** Methods retried without an idempotency key (default GET, HEAD, OPTIONS, PUT, DELETE). */
  readonly methods?: readonly string[] | undefined;
  /** Random source in [0, 1) for the jitter (default `Math.random`); inject one in tests. */
  readonly random?: (() => number) | undefined;
  /** Clock in epoch milliseconds (default `Date.now`); inject one in tests. */
  readonly now?: (() => number) | undefined;
}

/**
 * What {@link shouldRetry} needs to know besides the error: attempts made so far, time spent, and
 * the request's method and headers (for the idempotency rule). Without a method and headers, the
 * error's own `request` snapshot (set by the clients) answers the idempotency rule.
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
  /** The request's method; unknown counts as GET (or the error's `request` when it has one). */
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

/** The longest a timer can wait (setTimeout overflows above 2^31 - 1 ms and fires at once). */
const MAX_TIMER = 2_147_483_647;

export interface Resolved {
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

export const resolve = (policy: RetryPolicy = {}): Resolved => ({
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

/** The idempotency rule: the context's method and headers, else the error's request snapshot. */
const idempotent = (error: ApiError, ctx: RetryContext, p: Resolved): boolean => {
  const request = ctx.method === undefined && ctx.headers === undefined ? snapshotOf(error) : undefined;
  return request !== undefined
    ? isIdempotentIn(p.methods, request.method, () => request.idempotencyKey)
    : isIdempotentIn(p.methods, ctx.method, () => hasIdempotencyKey(ctx.headers));
};

/** The error's request snapshot when it is readable and well-formed (errors may come from anywhere). */
const snapshotOf = (error: ApiError): { method: string; idempotencyKey: boolean } | undefined => {
  try {
    const request: unknown = error.request;
    if (typeof request !== "object" || request === null) return undefined;
    const { method, idempotencyKey } = request as { method?: unknown; idempotencyKey?: unknown };
    return typeof method === "string" ? { method, idempotencyKey: idempotencyKey === true } : undefined;
  } catch {
    return undefined;
  }
};

export const decideWith = (error: ApiError, ctx: RetryContext, p: Resolved): RetryDecision => {
  if (error._tag === "Aborted") return { retry: false, reason: "aborted" };
  const retryable = error._tag === "Timeout" ? p.retryTimeouts : error.retryable;
  if (!retryable) return { retry: false, reason: "not-retryable" };
  if (!idempotent(error, ctx, p)) return { retry: false, reason: "method" };
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
 * Use it to drive any retry loop (an adapter's, a framework's `retry` option); `retry` and
 * `retrySchedule` are built on it.
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
 * A copy of an error (same kind, fields, cause and stack; see `copyError`) that records how many
 * attempts were made and how long they took, in `attempts` and `elapsedMs`.
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
  return copyError(error, { attempts, elapsedMs: Math.max(0, Math.round(elapsedMs)) });
}
