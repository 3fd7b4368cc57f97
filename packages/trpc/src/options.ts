/**
 * Option types of `@faultline/trpc` (types only).
 *
 * @since 0.1.0
 */
import type { AnyCatalog, RetryPolicy } from "@faultline/core";

/**
 * Options of the server helpers (`createFaultlineErrorFormatter`, `fromTRPCError`,
 * `createFaultlineResponseMeta`).
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@faultline/core";
 * import type { FaultlineServerOptions } from "@faultline/trpc/server";
 * const options: FaultlineServerOptions<{ requestId: string }> = {
 *   catalog: standardCatalog,
 *   requestId: (ctx) => ctx?.requestId,
 * };
 * ```
 * @since 0.1.0
 */
export interface FaultlineServerOptions<TContext = unknown> {
  /** Gives 5xx errors the catalog's description of their code as public message. */
  readonly catalog?: AnyCatalog | undefined;
  /** The request id to attach when the error has none (from your context). */
  readonly requestId?: ((ctx: TContext | undefined) => string | undefined) | undefined;
}

/**
 * Options of `fromTRPCClientError`: a catalog types the converted error's `code`.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@faultline/core";
 * import type { FromTRPCClientErrorOptions } from "@faultline/trpc/client";
 * const options: FromTRPCClientErrorOptions<typeof standardCatalog> = { catalog: standardCatalog };
 * ```
 * @since 0.1.0
 */
export interface FromTRPCClientErrorOptions<TCatalog extends AnyCatalog | undefined = undefined> {
  /** The API's catalog: types `code` as its literal union (unknown codes stay visible). */
  readonly catalog?: TCatalog;
}

/**
 * Options of `faultlineRetryLink` and `faultlineQueryDefaults`: core's retry policy plus how to
 * find an operation's idempotency key.
 *
 * @example
 * ```ts
 * import type { FaultlineRetryOptions } from "@faultline/trpc/client";
 * const options: FaultlineRetryOptions = { attempts: 4, maxRetryAfterMs: 30_000 };
 * ```
 * @since 0.1.0
 */
export interface FaultlineRetryOptions extends RetryPolicy {
  /**
   * The idempotency key of an operation, if any: a mutation is retried only when it has one.
   * Default: `op.context.idempotencyKey` when it is a non-empty string.
   */
  readonly idempotencyKey?:
    | ((op: {
        readonly type: string;
        readonly context: Readonly<Record<string, unknown>>;
      }) => string | undefined)
    | undefined;
}
