/**
 * Option types of `@faultline/trpc` (types only).
 *
 * @since 0.1.0
 */
import type { AnyCatalog, ApiError, RetryPolicy } from "@faultline/core";

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

/**
 * What `faultlineRetryLink`'s `beforeRetry` hook sees: the attempt that just failed (1-based), its
 * error as the core error, the wait the policy chose (the server's hint, else backoff), and the
 * operation (`path` such as `"post.byId"`, `type` `"query"` or `"mutation"`).
 *
 * @example
 * ```ts
 * import type { BeforeRetryContext } from "@faultline/trpc/client";
 * const log = (ctx: BeforeRetryContext) =>
 *   console.warn(`${ctx.op.path}: retry #${ctx.attempt} in ${ctx.delayMs} ms`, ctx.error._tag);
 * ```
 * @since 0.1.0
 */
export interface BeforeRetryContext {
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  /** Its error, as the core error. */
  readonly error: ApiError;
  /** Milliseconds the link waits before the next attempt. */
  readonly delayMs: number;
  /** The operation being retried. */
  readonly op: { readonly path: string; readonly type: string };
}

/**
 * Options of `faultlineRetryLink`: {@link FaultlineRetryOptions} plus a `beforeRetry` hook (logging,
 * metrics, a "retrying in 2 s" notice), called before each wait. A hook that throws (or rejects)
 * does not stop the retry.
 *
 * @example
 * ```ts
 * import type { FaultlineRetryLinkOptions } from "@faultline/trpc/client";
 * const options: FaultlineRetryLinkOptions = {
 *   attempts: 4,
 *   beforeRetry: ({ op, attempt, delayMs }) => console.warn(op.path, attempt, delayMs),
 * };
 * ```
 * @since 0.1.0
 */
export interface FaultlineRetryLinkOptions extends FaultlineRetryOptions {
  /** Called before each wait, after the policy chose it; its failures are ignored. */
  readonly beforeRetry?: ((context: BeforeRetryContext) => void | Promise<void>) | undefined;
}
