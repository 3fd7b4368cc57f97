/**
 * The error formatter: every error a router sends carries the core error in `data.faultline`, the
 * error's own HTTP status in `data.httpStatus`, and only public text.
 *
 * @since 0.1.0
 */
import type { ApiErrorJSON } from "@faultline/core";
import type { TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODE_NUMBER, TRPCError } from "@trpc/server";
import { fromTRPCError } from "./fromTRPCError";
import { trpcCodeForStatus, trpcCodeTable } from "./internal/codes";
import { toPublicError } from "./internal/wire";
import type { FaultlineServerOptions } from "./options";

/**
 * The `data` of an error shape written by {@link faultlineErrorFormatter}.
 *
 * @example
 * ```ts
 * import type { FaultlineErrorData } from "@faultline/trpc/server";
 * const read = (data: FaultlineErrorData) => data.faultline.code;
 * ```
 * @since 0.1.0
 */
export interface FaultlineErrorData {
  /** tRPC's code for the error's status (`BAD_REQUEST` / `INTERNAL_SERVER_ERROR` when tRPC has none). */
  readonly code: TRPC_ERROR_CODE_KEY;
  /** The error's own HTTP status (418 stays 418); tRPC's adapters answer single calls with it. */
  readonly httpStatus: number;
  /** The procedure's path. */
  readonly path?: string;
  /** The core error, public form (`toJSON` of the error as sent): revive it with `reviveError`. */
  readonly faultline: ApiErrorJSON;
}

/**
 * The error shape written by {@link faultlineErrorFormatter}: tRPC's default shape without the
 * stack, with the public message and {@link FaultlineErrorData}.
 *
 * @example
 * ```ts
 * import type { FaultlineErrorShape } from "@faultline/trpc/server";
 * const message = (shape: FaultlineErrorShape) => shape.message;
 * ```
 * @since 0.1.0
 */
export interface FaultlineErrorShape {
  readonly message: string;
  /** JSON-RPC number of `data.code`, for tRPC clients that read it (all 5xx share one). */
  readonly code: TRPC_ERROR_CODE_NUMBER;
  readonly data: FaultlineErrorData;
}

/**
 * What the formatter reads of tRPC's formatter options (`error`, `path`, `ctx`).
 *
 * @example
 * ```ts
 * import { TRPCError } from "@trpc/server";
 * import { faultlineErrorFormatter, type FaultlineFormatterInput } from "@faultline/trpc/server";
 * const input: FaultlineFormatterInput = { error: new TRPCError({ code: "NOT_FOUND" }), path: "post.byId", ctx: undefined };
 * faultlineErrorFormatter(input).data.httpStatus; // 404
 * ```
 * @since 0.1.0
 */
export interface FaultlineFormatterInput<TContext = unknown> {
  readonly error: TRPCError;
  readonly path?: string | undefined;
  readonly ctx?: TContext | undefined;
}

/**
 * Builds an error formatter with options: a catalog whose descriptions become the public
 * messages of 5xx codes, and where to find the request id in your context.
 *
 * @example
 * ```ts
 * import { initTRPC } from "@trpc/server";
 * import { standardCatalog } from "@faultline/core";
 * import { createFaultlineErrorFormatter } from "@faultline/trpc/server";
 * type Context = { requestId: string };
 * const t = initTRPC.context<Context>().create({
 *   errorFormatter: createFaultlineErrorFormatter<Context>({
 *     catalog: standardCatalog,
 *     requestId: (ctx) => ctx?.requestId,
 *   }),
 * });
 * ```
 * @since 0.1.0
 */
export const createFaultlineErrorFormatter =
  <TContext = unknown>(
    options: FaultlineServerOptions<TContext> = {},
  ): ((opts: FaultlineFormatterInput<TContext>) => FaultlineErrorShape) =>
  (opts) => {
    const source = fromTRPCError(opts.error);
    let requestId = source.requestId;
    if (requestId === undefined && options.requestId !== undefined) {
      try {
        requestId = options.requestId(opts.ctx);
      } catch {
        requestId = undefined;
      }
    }
    const sent = toPublicError(source, options.catalog);
    const json = { ...sent.toJSON(), ...(requestId !== undefined ? { requestId } : {}) } as ApiErrorJSON;
    const code = trpcCodeForStatus(sent.status);
    return {
      message: sent.message,
      code: trpcCodeTable[code].rpc,
      data: {
        code,
        httpStatus: sent.status,
        ...(typeof opts.path === "string" ? { path: opts.path } : {}),
        faultline: json,
      },
    };
  };

/**
 * The error formatter for `initTRPC.create({ errorFormatter })`. Whatever a procedure throws, the
 * client gets: the kind, code, message, field, details, request id and retry hint of the core
 * error in `data.faultline` (revive it with `fromTRPCClientError` or core's `reviveError`), and
 * the error's own status in `data.httpStatus`, which tRPC's adapters use as the HTTP status of a
 * single call. It drops tRPC's stack. Anything that is not a core error or a `TRPCError` becomes a
 * 500 "Internal Server Error" with no details; a 5xx core error sends its public message only.
 *
 * @example
 * ```ts
 * import { initTRPC } from "@trpc/server";
 * import { faultlineErrorFormatter } from "@faultline/trpc/server";
 * const t = initTRPC.create({ errorFormatter: faultlineErrorFormatter });
 * ```
 * @since 0.1.0
 */
export const faultlineErrorFormatter: (opts: FaultlineFormatterInput) => FaultlineErrorShape =
  createFaultlineErrorFormatter();
