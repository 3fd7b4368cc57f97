import * as Effect from "effect/Effect";
import type * as Schedule from "effect/Schedule";
import { describe, expectTypeOf, it } from "vitest";
import type { ApiError, NotFoundError, TooManyRequestsError } from "../ApiError";
import { type RetryStopReason, shouldRetry, withAttempts } from "./policy";
import { retry } from "./retry";
import { type RetryScheduleOutput, retryApi, retrySchedule } from "./schedule";

declare const error: ApiError;
declare const narrow: Effect.Effect<number, NotFoundError | TooManyRequestsError>;

describe("retry policy types", () => {
  it("narrows a decision on retry", () => {
    const decision = shouldRetry(error, { attempt: 1, elapsedMs: 0 });
    if (decision.retry) expectTypeOf(decision.delayMs).toEqualTypeOf<number>();
    else expectTypeOf(decision.reason).toEqualTypeOf<RetryStopReason>();
    // @ts-expect-error: reason exists only on a stop
    decision.reason;
  });

  it("keeps the value type through retry and the error type through withAttempts", () => {
    expectTypeOf(retry(async () => 42)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(withAttempts({} as TooManyRequestsError<"RATE_LIMITED">, 3, 10)).toEqualTypeOf<
      TooManyRequestsError<"RATE_LIMITED">
    >();
  });

  it("takes the error as the schedule's input and keeps the effect's error type", () => {
    expectTypeOf(retrySchedule()).toEqualTypeOf<Schedule.Schedule<RetryScheduleOutput, ApiError>>();
    expectTypeOf(Effect.retry(narrow, retrySchedule())).toEqualTypeOf<
      Effect.Effect<number, NotFoundError | TooManyRequestsError>
    >();
    expectTypeOf(retryApi(narrow)).toEqualTypeOf<
      Effect.Effect<number, NotFoundError | TooManyRequestsError>
    >();
    expectTypeOf(narrow.pipe(retryApi({ attempts: 2 }))).toEqualTypeOf<
      Effect.Effect<number, NotFoundError | TooManyRequestsError>
    >();
  });

  it("rejects effects that do not fail with our errors", () => {
    const other = Effect.fail(new Error("x"));
    // @ts-expect-error: the schedule's input is ApiError
    Effect.retry(other, retrySchedule());
    // @ts-expect-error: retryApi needs our errors
    retryApi(other);
  });
});
