/**
 * The retry policy as an Effect `Schedule` whose input is the error: the same decisions as
 * `shouldRetry` (hint, else backoff with full jitter; attempt limit; budget), timed by Effect's
 * `Clock` and jittered by Effect's `Random`, so `TestClock` and `Random.withSeed` drive it in tests.
 * Imported only by the Effect entry point.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause";
import * as Clock from "effect/Clock";
import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import { dual } from "effect/Function";
import type * as Pull from "effect/Pull";
import * as Random from "effect/Random";
import * as Schedule from "effect/Schedule";
import type { ApiError } from "../ApiError";
import type { RetryHeaders } from "./idempotency";
import { type RetryPolicy, type RetryStopReason, shouldRetry, withAttempts } from "./policy";

/**
 * Options of {@link retrySchedule}: the policy (its `now` is ignored: the schedule reads Effect's
 * `Clock`; its `random` replaces Effect's `Random` when given) and the request's method and headers
 * for the idempotency rule.
 *
 * Pass it to {@link retrySchedule} or {@link retryApi}.
 *
 * @example
 * ```ts
 * import type { RetryScheduleOptions } from "@faultline/core/effect";
 * const options: RetryScheduleOptions = { attempts: 5, method: "PUT" };
 * ```
 * @since 0.1.0
 */
export interface RetryScheduleOptions extends RetryPolicy {
  /** The request's method (default: the error's `request` snapshot, else GET). */
  readonly method?: string | undefined;
  /** The request's headers, read for `Idempotency-Key`. */
  readonly headers?: RetryHeaders | undefined;
}

/**
 * What the schedule outputs at each step: attempts made so far, time since the first attempt
 * started, and the wait before the next one. When it stops (its final output), `reason` says why
 * and `delayMs` is 0.
 *
 * Read it in `Schedule.tap` (logging each retry) or in `Effect.retryOrElse`'s fallback.
 *
 * @example
 * ```ts
 * import type { RetryScheduleOutput } from "@faultline/core/effect";
 * const out: RetryScheduleOutput = { attempt: 1, elapsedMs: 120, delayMs: 300 };
 * ```
 * @since 0.1.0
 */
export interface RetryScheduleOutput {
  readonly attempt: number;
  readonly elapsedMs: number;
  readonly delayMs: number;
  readonly reason?: RetryStopReason;
}

/**
 * A `Schedule` for `Effect.retry` whose input is the failure: it waits the server's hint
 * (`error.retryAfterMs`) when there is one under `maxRetryAfterMs`, else backoff with full jitter,
 * and stops on a non-retryable error, an abort, a non-idempotent method, a hint beyond the cap, the
 * attempt limit or the budget. Time is Effect's `Clock`, counted from when `Effect.retry` starts.
 *
 * Use it to retry any Effect that fails with our errors. `Effect.retry` surfaces the last error as
 * is; use {@link retryApi} to have `attempts` and `elapsedMs` recorded on it.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { retrySchedule, tryApi } from "@faultline/core/effect";
 * const me = tryApi((signal) => fetch("https://api.example.com/me", { signal }));
 * const program = Effect.retry(me, retrySchedule({ attempts: 4 }));
 * ```
 * @since 0.1.0
 */
export const retrySchedule = (
  options: RetryScheduleOptions = {},
): Schedule.Schedule<RetryScheduleOutput, ApiError> =>
  Schedule.fromStep(
    Effect.map(Clock.currentTimeMillis, (start) => {
      let attempt = 0;
      return (
        now: number,
        error: ApiError,
      ): Pull.Pull<[RetryScheduleOutput, Duration.Duration], never, RetryScheduleOutput> => {
        attempt++;
        const made = attempt;
        const elapsedMs = Math.max(0, now - start);
        const draw = options.random === undefined ? Random.next : Effect.sync(options.random);
        return Effect.flatMap(draw, (r) => {
          const decision = shouldRetry(
            error,
            { attempt: made, elapsedMs, method: options.method, headers: options.headers },
            { ...options, random: () => r },
          );
          if (!decision.retry)
            return Cause.done({ attempt: made, elapsedMs, delayMs: 0, reason: decision.reason });
          const out: RetryScheduleOutput = { attempt: made, elapsedMs, delayMs: decision.delayMs };
          return Effect.succeed<[RetryScheduleOutput, Duration.Duration]>([
            out,
            Duration.millis(decision.delayMs),
          ]);
        });
      };
    }),
  );

/**
 * Retries an Effect that fails with our errors under the policy, like
 * `Effect.retry(self, retrySchedule(options))`, and records on the error that finally surfaces how
 * many attempts were made and how long they took (`attempts`, `elapsedMs`). Data-first or
 * data-last (`pipe`).
 *
 * Use it instead of `Effect.retry` when the error is shown or logged and the attempts matter.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { retryApi, tryApi } from "@faultline/core/effect";
 * const me = tryApi((signal) => fetch("https://api.example.com/me", { signal })).pipe(retryApi({ attempts: 4 }));
 * ```
 * @since 0.1.0
 */
export const retryApi: {
  (
    options?: RetryScheduleOptions,
  ): <TValue, TError extends ApiError, TEnv>(
    self: Effect.Effect<TValue, TError, TEnv>,
  ) => Effect.Effect<TValue, TError, TEnv>;
  <TValue, TError extends ApiError, TEnv>(
    self: Effect.Effect<TValue, TError, TEnv>,
    options?: RetryScheduleOptions,
  ): Effect.Effect<TValue, TError, TEnv>;
} = dual(
  (args) => Effect.isEffect(args[0]),
  <TValue, TError extends ApiError, TEnv>(
    self: Effect.Effect<TValue, TError, TEnv>,
    options?: RetryScheduleOptions,
  ): Effect.Effect<TValue, TError, TEnv> =>
    Effect.retryOrElse(self, retrySchedule(options), (error, out) =>
      Effect.fail(withAttempts(error, out.attempt, out.elapsedMs)),
    ),
);
