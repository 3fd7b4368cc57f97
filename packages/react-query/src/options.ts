import type { AnyCatalog, ApiError, RetryPolicy } from "@faultline/core";

/**
 * Turns a thrown value that is not a Faultline error into one, for the retry decision, the
 * boundaries, `throwOnErrorFor` and `onApiError`. The default is core's `fromUnknown`; pass
 * `fromTRPCClientError` from `@faultline/trpc/client` when your queries go through
 * `@trpc/tanstack-react-query` (its errors carry the core error in `data.faultline`). It gets the
 * `catalog` you passed next to it. A converter that throws, or returns something else than a
 * Faultline error, falls back to `fromUnknown`.
 *
 * @example
 * ```ts
 * import { fromUnknown } from "@faultline/core";
 * import type { ErrorConverter } from "@faultline/react-query";
 * const unwrapCause: ErrorConverter = (thrown, { catalog }) =>
 *   fromUnknown(thrown instanceof Error && thrown.cause !== undefined ? thrown.cause : thrown, { catalog });
 * ```
 * @since 0.1.0
 */
export type ErrorConverter = (
  thrown: unknown,
  options: { readonly catalog?: AnyCatalog | undefined },
) => ApiError;

/**
 * Options of {@link faultlineQueryDefaults}, {@link queryRetry} and {@link mutationRetry}: core's
 * retry policy (attempts, budget, backoff, the cap on server hints, methods) plus the catalog used
 * to convert errors that are not ours yet (its per-code retry overrides then apply).
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@faultline/core";
 * import type { FaultlineQueryOptions } from "@faultline/react-query";
 * const options: FaultlineQueryOptions = { attempts: 4, maxRetryAfterMs: 10_000, catalog: standardCatalog };
 * ```
 * @since 0.1.0
 */
export interface FaultlineQueryOptions extends RetryPolicy {
  /** Converts thrown values that are not our errors with this catalog (through core's `fromUnknown`). */
  readonly catalog?: AnyCatalog | undefined;
  /**
   * Converts thrown values that are not our errors (default: core's `fromUnknown`); with tRPC,
   * `fromTRPCClientError` from `@faultline/trpc/client`.
   */
  readonly toError?: ErrorConverter | undefined;
}
