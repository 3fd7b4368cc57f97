import { type ApiError, type RetryDecision, shouldRetry } from "@faultline/core";
import { requestOf, toError } from "./internal/toError";
import type { FaultlineQueryOptions } from "./options";

/**
 * The `retry` and `retryDelay` pair TanStack Query v5 takes on a query, a mutation or the
 * `QueryClient`'s `defaultOptions`. Both answer from one decision per failure.
 *
 * @example
 * ```ts
 * import type { RetryOptions } from "@faultline/react-query";
 * const never: RetryOptions = { retry: () => false, retryDelay: () => 0 };
 * ```
 * @since 0.1.0
 */
export interface RetryOptions {
  /** TanStack's `retry`: `failureCount` is the number of failures before this one (0 on the first). */
  readonly retry: (failureCount: number, error: unknown) => boolean;
  /** TanStack's `retryDelay`, in milliseconds: the server's hint when it sent one, else backoff. */
  readonly retryDelay: (failureCount: number, error: unknown) => number;
}

const IDEMPOTENT = { "Idempotency-Key": "present" } as const;

/** Attempts above this mean the error already went through a retrying client. */
const alreadyRetried = (error: ApiError): boolean => typeof error.attempts === "number" && error.attempts > 1;

/**
 * The error as core's policy may read it: an error whose `request` getter throws is seen through an
 * object that shadows it with `undefined` (core reads `error.request` unguarded).
 */
const readableForPolicy = (error: ApiError): ApiError => {
  try {
    void (error as { readonly request?: unknown }).request;
    return error;
  } catch {
    return Object.create(error, { request: { value: undefined } }) as ApiError;
  }
};

const decide = (
  error: ApiError,
  failureCount: number,
  target: "query" | "mutation",
  options: FaultlineQueryOptions | undefined,
): RetryDecision => {
  if (alreadyRetried(error)) return { retry: false, reason: "attempts" };
  const request = requestOf(error);
  if (target === "mutation" && request === undefined) return { retry: false, reason: "method" };
  const attempt = Number.isFinite(failureCount) ? Math.max(0, Math.floor(failureCount)) + 1 : Number.NaN;
  return shouldRetry(
    readableForPolicy(error),
    {
      attempt,
      elapsedMs: error.elapsedMs ?? 0,
      method: request?.method ?? (target === "mutation" ? undefined : "GET"),
      headers: request?.idempotencyKey ? IDEMPOTENT : undefined,
    },
    options,
  );
};

const build = (target: "query" | "mutation", options: FaultlineQueryOptions | undefined): RetryOptions => {
  // TanStack calls retryDelay then retry with the same (failureCount, error): decide once for both,
  // so the backoff's jitter is drawn once and both answers agree.
  const cache = new WeakMap<object, { failureCount: number; decision: RetryDecision }>();
  const decision = (failureCount: number, thrown: unknown): RetryDecision => {
    const key = typeof thrown === "object" && thrown !== null ? thrown : undefined;
    const cached = key === undefined ? undefined : cache.get(key);
    if (cached !== undefined && cached.failureCount === failureCount) return cached.decision;
    let made: RetryDecision;
    try {
      made = decide(toError(thrown, options?.catalog, options?.toError), failureCount, target, options);
    } catch {
      made = { retry: false, reason: "not-retryable" };
    }
    if (key !== undefined) cache.set(key, { failureCount, decision: made });
    return made;
  };
  return {
    retry: (failureCount, error) => decision(failureCount, error).retry,
    retryDelay: (failureCount, error) => {
      const d = decision(failureCount, error);
      return d.retry ? d.delayMs : 0;
    },
  };
};

/**
 * `retry` and `retryDelay` for queries, decided by core's `shouldRetry`: network failures, 408,
 * 429 and 5xx are retried (per the error's `retryable`, which the catalog may override), other
 * 4xx never; the delay is the server's hint (Retry-After, body hints...) when there is one, else
 * backoff with full jitter; a hint over `maxRetryAfterMs` surfaces the error at once (read its
 * `retryAfterMs`); `attempts` bounds the tries. Thrown values that are not our errors go through
 * core's `fromUnknown` first. An error that already went through a retrying client (`attempts`
 * above 1, set by `@faultline/fetch` or `@faultline/axios`) is not retried again. A query counts
 * as a GET unless the error's request snapshot says otherwise.
 *
 * @example
 * ```ts
 * import { useQuery } from "@tanstack/react-query";
 * import { queryRetry } from "@faultline/react-query";
 * const retry = queryRetry({ attempts: 4 });
 * export const useUser = (id: string) =>
 *   useQuery({ queryKey: ["user", id], queryFn: () => fetch(`/users/${id}`).then((r) => r.json()), ...retry });
 * ```
 * @since 0.1.0
 */
export function queryRetry(options?: FaultlineQueryOptions): RetryOptions {
  return build("query", options);
}

/**
 * `retry` and `retryDelay` for mutations: the same rules as {@link queryRetry}, and a mutation is
 * retried only if its request was safe to repeat, read from the error's request snapshot
 * (`error.request`): PUT, DELETE and the other idempotent methods, POST and PATCH only when they
 * carried an `Idempotency-Key`. An error without a snapshot is not retried.
 *
 * @example
 * ```ts
 * import { useMutation } from "@tanstack/react-query";
 * import { mutationRetry } from "@faultline/react-query";
 * const retry = mutationRetry({ attempts: 3 });
 * export const useSave = () =>
 *   useMutation({ mutationFn: (body: string) => fetch("/save", { method: "PUT", body }), ...retry });
 * ```
 * @since 0.1.0
 */
export function mutationRetry(options?: FaultlineQueryOptions): RetryOptions {
  return build("mutation", options);
}

/**
 * `defaultOptions` for `new QueryClient({ defaultOptions })`: queries get {@link queryRetry} and
 * mutations {@link mutationRetry}, both on core's retry policy and the server's hints, instead of
 * TanStack's default (three retries for every error, 4xx included). Per-query options still win.
 *
 * @example
 * ```ts
 * import { QueryClient } from "@tanstack/react-query";
 * import { faultlineQueryDefaults } from "@faultline/react-query";
 * export const queryClient = new QueryClient({
 *   defaultOptions: faultlineQueryDefaults({ attempts: 4, maxRetryAfterMs: 30_000 }),
 * });
 * ```
 * @since 0.1.0
 */
export function faultlineQueryDefaults(options?: FaultlineQueryOptions): {
  queries: RetryOptions;
  mutations: RetryOptions;
} {
  return { queries: queryRetry(options), mutations: mutationRetry(options) };
}
