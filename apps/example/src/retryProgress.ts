/**
 * A tiny store of the retries in progress, fed by a client's `beforeRetry` hook and read by
 * `<RetryProgress />`: the attempt that failed, its error, and when the next attempt starts.
 */
import type { ApiError } from "@faultline/core";

export interface RetryState {
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  readonly error: ApiError;
  /** The wait the client chose (the server's hint, else backoff); unknown when the client does not say. */
  readonly delayMs: number | undefined;
  /** `Date.now()` when the next attempt starts, when the wait is known. */
  readonly nextAt: number | undefined;
}

let state: RetryState | undefined;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

export const retryProgress = {
  /** Pass as a `beforeRetry` hook: `hooks: { beforeRetry: retryProgress.report }`. */
  report: (context: {
    readonly attempt: number;
    readonly error: ApiError;
    readonly delayMs: number | undefined;
  }): void => {
    state = {
      attempt: context.attempt,
      error: context.error,
      delayMs: context.delayMs,
      nextAt: context.delayMs === undefined ? undefined : Date.now() + context.delayMs,
    };
    emit();
  },
  reset: (): void => {
    state = undefined;
    emit();
  },
  get: (): RetryState | undefined => state,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
