import type { AnyCatalog, RetryPolicy } from "@faultline/core";

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
}
