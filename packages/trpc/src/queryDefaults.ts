/**
 * React Query (`@trpc/tanstack-react-query`): retries and error boundaries decided on the core error.
 *
 * @since 0.1.0
 */
import type { AnyCatalog, RetryDecision } from "@faultline/core";
import { fromTRPCClientError, type TRPCApiError } from "./fromTRPCClientError";
import type { FaultlineRetryOptions } from "./options";
import { decideForOperation } from "./retryLink";

/**
 * Options of {@link faultlineQueryDefaults}: core's retry policy, the catalog, and which errors
 * the nearest error boundary should get.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@faultline/core";
 * import type { FaultlineQueryOptions } from "@faultline/trpc/client";
 * const options: FaultlineQueryOptions<typeof standardCatalog> = {
 *   catalog: standardCatalog,
 *   throwOnError: (error) => error.code === "FORBIDDEN",
 * };
 * ```
 * @since 0.1.0
 */
export interface FaultlineQueryOptions<TCatalog extends AnyCatalog | undefined = undefined>
  extends FaultlineRetryOptions {
  readonly catalog?: TCatalog;
  /** Whether the error goes to the nearest error boundary (default: none does). */
  readonly throwOnError?: ((error: TRPCApiError<TCatalog>) => boolean) | undefined;
}

/**
 * `retry`, `retryDelay` and `throwOnError` for TanStack Query v5 queries made through
 * `@trpc/tanstack-react-query` (spread them into `new QueryClient({ defaultOptions: { queries } })`
 * or into one `queryOptions`). Each converts the `TRPCClientError` with `fromTRPCClientError` and
 * decides on the core error: core's `shouldRetry` (never a 4xx; the server's hint as the delay)
 * and never an error that already carries `attempts` (a `faultlineRetryLink` in the client
 * already retried it). TanStack's `failureCount` is the failures before this one, so attempts made
 * = `failureCount + 1`. Convert the error you render with `fromTRPCClientError` too.
 *
 * @example
 * ```ts
 * import { QueryClient } from "@tanstack/react-query";
 * import { standardCatalog } from "@faultline/core";
 * import { faultlineQueryDefaults } from "@faultline/trpc/client";
 * export const queryClient = new QueryClient({
 *   defaultOptions: {
 *     queries: faultlineQueryDefaults({
 *       attempts: 4,
 *       catalog: standardCatalog,
 *       throwOnError: (error) => error._tag === "Unauthorized" || error.code === "FORBIDDEN",
 *     }),
 *   },
 * });
 * ```
 * @since 0.1.0
 */
export function faultlineQueryDefaults<TCatalog extends AnyCatalog | undefined = undefined>(
  options: FaultlineQueryOptions<TCatalog> = {},
): {
  retry: (failureCount: number, error: unknown) => boolean;
  retryDelay: (failureCount: number, error: unknown) => number;
  throwOnError: (error: unknown) => boolean;
} {
  const decided = new WeakMap<object, { failureCount: number; decision: RetryDecision }>();
  const convert = (error: unknown) => fromTRPCClientError(error, { catalog: options.catalog as TCatalog });
  const decide = (failureCount: number, error: unknown): RetryDecision => {
    const key = typeof error === "object" && error !== null ? error : undefined;
    const cached = key === undefined ? undefined : decided.get(key);
    if (cached !== undefined && cached.failureCount === failureCount) return cached.decision;
    const core = convert(error);
    const decision = decideForOperation(
      core,
      { type: "query", context: {} },
      failureCount + 1,
      core.elapsedMs ?? 0,
      options,
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
    throwOnError: (error) => {
      if (options.throwOnError === undefined) return false;
      try {
        return options.throwOnError(convert(error)) === true;
      } catch {
        return false;
      }
    },
  };
}
