import * as Effect from "effect/Effect";
import * as Exit from "effect/Exit";
import * as Fiber from "effect/Fiber";
import * as Random from "effect/Random";
import { TestClock } from "effect/testing";
import { describe, expect, it } from "vitest";
import {
  type ApiError,
  copyError,
  NetworkError,
  NotFoundError,
  ServiceUnavailableError,
  TimeoutError,
  type TooManyRequestsError,
} from "../ApiError";
import { decode } from "../decode";
import { retryApi, retrySchedule } from "./schedule";

const half = { random: () => 0.5 } as const;

/** An effect that fails with each error in turn (the last one forever); `undefined` succeeds. Logs attempt times. */
const attemptsOf = (...outcomes: (ApiError | undefined)[]) => {
  const times: number[] = [];
  const effect = Effect.gen(function* () {
    const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis);
    times.push(now);
    const outcome = outcomes[Math.min(times.length - 1, outcomes.length - 1)];
    if (outcome !== undefined) return yield* Effect.fail(outcome);
    return "ok" as const;
  });
  return { effect, times };
};

const run = <A, E>(program: Effect.Effect<A, E>) =>
  Effect.runPromise(Effect.provide(program, TestClock.layer()));

describe("retrySchedule", () => {
  it("backs off with full jitter, timed by the TestClock", async () => {
    const { effect, times } = attemptsOf(new ServiceUnavailableError({}), new NetworkError({}), undefined);
    const result = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(Effect.retry(effect, retrySchedule(half)));
        yield* TestClock.adjust(149);
        const early = times.length;
        yield* TestClock.adjust(1);
        const afterFirstWait = times.length;
        yield* TestClock.adjust(300);
        const value = yield* Fiber.join(fiber);
        return { early, afterFirstWait, value };
      }),
    );
    expect(result).toEqual({ early: 1, afterFirstWait: 2, value: "ok" });
    expect(times).toEqual([0, 150, 450]);
  });

  it("waits the server's hint when there is one", async () => {
    const hinted = decode({ status: 429, headers: { "Retry-After": "2" }, body: { code: "RATE_LIMITED" } });
    const { effect, times } = attemptsOf(hinted, hinted, undefined);
    const value = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(Effect.retry(effect, retrySchedule(half)));
        yield* TestClock.adjust(1_999);
        expect(times).toEqual([0]);
        yield* TestClock.adjust(2_001);
        return yield* Fiber.join(fiber);
      }),
    );
    expect(value).toBe("ok");
    expect(times).toEqual([0, 2_000, 4_000]);
  });

  it("stops at the attempt limit and surfaces the last error", async () => {
    const last = new ServiceUnavailableError({ code: "LAST" });
    const { effect, times } = attemptsOf(
      new ServiceUnavailableError({}),
      new ServiceUnavailableError({}),
      last,
    );
    const exit = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(Effect.retry(effect, retrySchedule({ ...half, attempts: 3 })));
        yield* TestClock.adjust(10_000);
        return yield* Fiber.await(fiber);
      }),
    );
    expect(times).toEqual([0, 150, 450]);
    expect(exit).toEqual(Exit.fail(last));
  });

  it("does not retry non-retryable errors, aborts, or timeouts unless opted in", async () => {
    for (const error of [
      new NotFoundError({}),
      decode({ status: 200, body: "<html>" }),
      new TimeoutError({}),
    ]) {
      const { effect, times } = attemptsOf(error);
      const exit = await run(Effect.exit(Effect.retry(effect, retrySchedule(half))));
      expect(times).toEqual([0]);
      expect(exit).toEqual(Exit.fail(error));
    }
    const { effect, times } = attemptsOf(new TimeoutError({}), undefined);
    const value = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Effect.retry(effect, retrySchedule({ ...half, retryTimeouts: true })),
        );
        yield* TestClock.adjust(150);
        return yield* Fiber.join(fiber);
      }),
    );
    expect(value).toBe("ok");
    expect(times).toEqual([0, 150]);
  });

  it("surfaces a hint beyond the cap at once", async () => {
    const error = decode({ status: 503, headers: { "Retry-After": "600" } });
    const { effect, times } = attemptsOf(error);
    const exit = await run(Effect.exit(Effect.retry(effect, retrySchedule(half))));
    expect(times).toEqual([0]);
    expect(Exit.isFailure(exit)).toBe(true);
    expect(error.retryAfterMs).toBe(600_000);
  });

  it("stops at the budget, counted from the first attempt", async () => {
    const error = decode({ status: 503, headers: { "Retry-After": "0.6" } });
    const slow = Effect.andThen(Effect.sleep(100), Effect.fail(error));
    const times: number[] = [];
    const effect = Effect.andThen(
      Effect.clockWith((clock) => Effect.sync(() => times.push(clock.currentTimeMillisUnsafe()))),
      slow,
    );
    const exit = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Effect.retry(effect, retrySchedule({ ...half, attempts: 10, budgetMs: 1_500 })),
        );
        yield* TestClock.adjust(10_000);
        return yield* Fiber.await(fiber);
      }),
    );
    // 0: attempt (100 ms) + 600 wait; 700: attempt + wait ends at 1400; 1400: attempt ends at 1500 + 600 > budget.
    expect(times).toEqual([0, 700, 1_400]);
    expect(Exit.isFailure(exit)).toBe(true);
  });

  it("does not retry POST without an idempotency key", async () => {
    const { effect, times } = attemptsOf(new NetworkError({}), undefined);
    await run(Effect.exit(Effect.retry(effect, retrySchedule({ ...half, method: "POST" }))));
    expect(times).toEqual([0]);
    const keyed = attemptsOf(new NetworkError({}), undefined);
    const value = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Effect.retry(
            keyed.effect,
            retrySchedule({ ...half, method: "POST", headers: { "Idempotency-Key": "k" } }),
          ),
        );
        yield* TestClock.adjust(150);
        return yield* Fiber.join(fiber);
      }),
    );
    expect(value).toBe("ok");
  });

  it("draws its jitter from Effect's Random when no random source is given", async () => {
    const delays = async (seed: number) => {
      const { effect, times } = attemptsOf(new ServiceUnavailableError({}));
      await run(
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(Effect.retry(effect, retrySchedule({ attempts: 5 })));
          yield* TestClock.adjust(60_000);
          yield* Fiber.await(fiber);
        }).pipe(Random.withSeed(seed)),
      );
      return times.slice(1).map((t, i) => t - (times[i] ?? 0));
    };
    const a = await delays(42);
    expect(a).toHaveLength(4);
    a.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(300 * 2 ** i);
    });
    expect(await delays(42)).toEqual(a);
  });

  it("restarts its count for every run of the retried effect", async () => {
    const schedule = retrySchedule({ ...half, attempts: 2 });
    for (let i = 0; i < 2; i++) {
      const { effect, times } = attemptsOf(new NetworkError({}), undefined);
      const value = await run(
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(Effect.retry(effect, schedule));
          yield* TestClock.adjust(150);
          return yield* Fiber.join(fiber);
        }),
      );
      expect(value).toBe("ok");
      expect(times).toEqual([0, 150]);
    }
  });

  it("accepts effects failing with a narrower union", () => {
    const narrow: Effect.Effect<string, NotFoundError | TooManyRequestsError> = Effect.fail(
      new NotFoundError({}),
    );
    const retried: Effect.Effect<string, NotFoundError | TooManyRequestsError> = Effect.retry(
      narrow,
      retrySchedule(),
    );
    expect(Effect.isEffect(retried)).toBe(true);
  });
});

describe("retryApi", () => {
  it("records attempts and elapsed time on the error that surfaces", async () => {
    const hinted = decode({ status: 503, headers: { "Retry-After": "1" }, body: { code: "DOWN" } });
    const { effect } = attemptsOf(hinted);
    const error = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(Effect.flip(retryApi(effect, half)));
        yield* TestClock.adjust(5_000);
        return yield* Fiber.join(fiber);
      }),
    );
    expect(error._tag).toBe("ServiceUnavailable");
    expect(error.code).toBe("DOWN");
    expect(error.attempts).toBe(3);
    expect(error.elapsedMs).toBe(2_000);
  });

  it("works data-last in a pipe and passes successes through", async () => {
    const { effect } = attemptsOf(new NetworkError({}), undefined);
    const value = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(effect.pipe(retryApi(half)));
        yield* TestClock.adjust(150);
        return yield* Fiber.join(fiber);
      }),
    );
    expect(value).toBe("ok");
  });

  it("records a single attempt for a non-retryable error", async () => {
    const { effect } = attemptsOf(new NotFoundError({ code: "NOPE" }));
    const error = await run(Effect.flip(retryApi(effect)));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.attempts).toBe(1);
    expect(error.elapsedMs).toBe(0);
  });
});

describe("retrySchedule reads the error's request snapshot", () => {
  it("does not retry a POST sent without an idempotency key, and does with one", async () => {
    const post = (idempotencyKey: boolean) =>
      copyError(new ServiceUnavailableError({}), {
        request: { method: "POST", url: "https://api.example.com/pay", idempotencyKey },
      });
    const keyless = attemptsOf(post(false), undefined);
    const exit = await run(Effect.exit(Effect.retry(keyless.effect, retrySchedule(half))));
    expect(keyless.times).toEqual([0]);
    expect(Exit.isFailure(exit)).toBe(true);
    const keyed = attemptsOf(post(true), undefined);
    const fiberExit = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(Effect.retry(keyed.effect, retrySchedule(half)));
        yield* TestClock.adjust(10_000);
        return yield* Fiber.await(fiber);
      }),
    );
    expect(keyed.times.length).toBe(2);
    expect(fiberExit).toEqual(Exit.succeed("ok"));
  });
});
