/**
 * Abort and budget plumbing around an attempt (the attempt's own signal is in `attempt.ts`): a race
 * that settles any promise (a hook, an auth refresh) at the caller's abort or the end of the total
 * budget, and an abortable wait. Every listener put on the caller's signal is taken off when the
 * work settles.
 */
import { AbortedError, TimeoutError } from "@faultline/core";
import { schedule } from "./timer";

/** The error for a caller's abort. */
export const abortedBy = (signal: AbortSignal): AbortedError =>
  new AbortedError({ message: "Request was aborted", cause: signal.reason });

/** The error for a spent total budget. */
export const budgetSpent = (during: string): TimeoutError =>
  new TimeoutError({ message: `The request's time budget ran out ${during}` });

/** Whether a value is a promise-like (hooks may return `void` or a promise). */
export const isThenable = (u: unknown): u is PromiseLike<unknown> =>
  typeof u === "object" && u !== null && typeof (u as { then?: unknown }).then === "function";

/** Errors made by {@link within}: the caller's abort or the budget, not the work's own failure. */
const racedErrors = new WeakSet<object>();

/** Whether `within` rejected because of the caller's abort or the budget (not the work's own failure). */
export const isRaceLoss = (u: unknown): boolean => typeof u === "object" && u !== null && racedErrors.has(u);

/**
 * Settles with `work`, unless the caller aborts first (rejects with `Aborted` at once) or `deadline`
 * comes first (rejects with `late()`, a `Timeout`). `work` itself is left to settle on its own.
 */
export const within = <T>(
  work: PromiseLike<T>,
  signal: AbortSignal | undefined,
  deadline: number,
  now: () => number,
  late: () => TimeoutError,
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const lose = (error: AbortedError | TimeoutError): void => {
      racedErrors.add(error);
      reject(error);
    };
    if (signal?.aborted) return lose(abortedBy(signal));
    const remaining = deadline - now();
    if (remaining <= 0) return lose(late());
    const onAbort = (): void => {
      cancel();
      lose(abortedBy(signal as AbortSignal));
    };
    const cancel = schedule(remaining, () => {
      signal?.removeEventListener("abort", onAbort);
      lose(late());
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = (): void => {
      cancel();
      signal?.removeEventListener("abort", onAbort);
    };
    work.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });

/** Waits `ms` (chunked past 2^31 - 1); the caller's abort rejects at once with `Aborted` (a race loss). */
export const wait = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const lose = (error: AbortedError): void => {
      racedErrors.add(error);
      reject(error);
    };
    if (signal?.aborted) return lose(abortedBy(signal));
    const onAbort = (): void => {
      cancel();
      lose(abortedBy(signal as AbortSignal));
    };
    const cancel = schedule(ms, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
