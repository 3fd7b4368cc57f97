/**
 * The retry loop for Promise code: runs an attempt, converts what it throws with `fromUnknown`, asks
 * the policy, and sleeps (cancellable) before the next attempt.
 *
 * @since 0.1.0
 */
import { AbortedError, type ApiError, isApiError } from "../ApiError";
import { fromUnknown } from "../fromUnknown";
import type { RetryHeaders } from "./idempotency";
import { decideWith, type RetryPolicy, resolve, withAttempts } from "./policy";

const MAX_TIMER = 2_147_483_647;

const abortedBy = (signal: AbortSignal): AbortedError =>
  new AbortedError({ cause: signal.reason, message: "Request was aborted" });

/**
 * Waits `ms` milliseconds before a retry; the signal cancels the wait at once and rejects with an
 * `AbortedError` whose `cause` is `signal.reason`. Delays beyond the timer range are clamped, never
 * fired at once.
 *
 * Use it in an adapter's own retry loop (an axios interceptor, a tRPC link) so a caller's abort
 * cancels a pending wait; {@link retry} already uses it.
 *
 * @example
 * ```ts
 * import { retryWait } from "@faultline/core";
 * const controller = new AbortController();
 * const pending = retryWait(2_000, controller.signal);
 * controller.abort(); // pending rejects at once with an AbortedError
 * await pending.catch((e: { _tag: string }) => e._tag); // "Aborted"
 * ```
 * @since 0.1.0
 */
export function retryWait(ms: number, signal?: AbortSignal): Promise<void> {
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
  readonly onRetry?:
    | ((info: { error: ApiError; attempt: number; delayMs: number }) => void | Promise<void>)
    | undefined;
  /** Converts thrown values that are not our errors (default: `fromUnknown`). */
  readonly toError?: ((thrown: unknown) => ApiError) | undefined;
}

const toApiError = (thrown: unknown, toError: ((u: unknown) => ApiError) | undefined): ApiError => {
  if (isApiError(thrown)) return thrown;
  if (toError !== undefined) {
    try {
      const converted = toError(thrown);
      if (isApiError(converted)) return converted;
    } catch (cause) {
      return fromUnknown(cause);
    }
  }
  return fromUnknown(thrown);
};

/**
 * Runs `run` until it succeeds or the policy says stop, waiting between attempts as
 * {@link shouldRetry} decides. `run` receives the attempt number (from 1) and the caller's signal.
 * On final failure it rejects with the last error, re-created with `attempts` and `elapsedMs` set;
 * a caller's abort (before or during a wait) rejects with an `AbortedError` at once. Thrown values
 * that are not our errors go through `toError`, by default `fromUnknown` (network failures become a
 * retryable `Network`, programming errors an `Unexpected` that is never retried).
 *
 * The budget bounds the waits: no wait ends after `budgetMs`. An attempt in flight is bounded by
 * the adapter's own timeout, not by this loop.
 *
 * @example
 * ```ts
 * import { decodeResponse, retry } from "@faultline/core";
 * const user = await retry(
 *   async (_attempt, signal) => {
 *     const res = await fetch("https://api.example.com/users/42", signal ? { signal } : {});
 *     if (!res.ok) throw await decodeResponse(res);
 *     return res.json();
 *   },
 *   { attempts: 4 },
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
      await retryWait(decision.delayMs, signal);
    } catch (thrown) {
      throw withAttempts(toApiError(thrown, options.toError), attempt, now() - start);
    }
  }
}
