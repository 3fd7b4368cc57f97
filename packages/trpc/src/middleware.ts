/**
 * The middleware: a failed call leaves it as a `TRPCError` whose code matches the core error's
 * status and whose cause is the core error.
 *
 * @since 0.1.0
 */
import { type ApiError, isApiError } from "@faultline/core";
import { TRPCError } from "@trpc/server";
import { fromTRPCError } from "./fromTRPCError";
import { trpcCodeForStatus, wireStatus } from "./internal/codes";

/**
 * A core error as a `TRPCError`: the code for its status (from this package's one table), its
 * message, and the core error as `cause` (the formatter and `responseMeta` read it there).
 *
 * Use it to throw a core error through code that only knows `TRPCError` (a shared helper, a
 * `.errors()` formatter).
 *
 * @example
 * ```ts
 * import { ConflictError } from "@faultline/core";
 * import { toTRPCError } from "@faultline/trpc/server";
 * const err = toTRPCError(new ConflictError({ code: "DUPLICATE_CANDIDATE" }));
 * err.code; // "CONFLICT"
 * ```
 * @since 0.1.0
 */
export const toTRPCError = (error: ApiError): TRPCError =>
  new TRPCError({ code: trpcCodeForStatus(wireStatus(error)), message: error.message, cause: error });

/** The part of a middleware result this middleware touches. */
type ResultLike = { readonly ok: boolean; readonly error?: unknown };

/**
 * A middleware for `t.procedure.use(faultlineMiddleware)`: when the call fails, the `TRPCError`
 * that leaves it carries the code for the core error's HTTP status (a thrown `ConflictError` is a
 * `CONFLICT`, not tRPC's default `INTERNAL_SERVER_ERROR`) and the core error as its cause, so
 * `onError`, loggers and other middlewares see the right code. Input validation failures and
 * native `TRPCError`s are converted the same way (see `fromTRPCError`); anything else thrown stays
 * a 500 whose cause chain keeps the original for your logs.
 *
 * Put it first (`t.procedure.use(faultlineMiddleware).input(...)`) so it also sees the input
 * parser's errors. The formatter does not depend on it: the status and `data.faultline` are right
 * without it; the middleware makes the `TRPCError` itself right.
 *
 * @example
 * ```ts
 * import { initTRPC } from "@trpc/server";
 * import { NotFoundError } from "@faultline/core";
 * import { faultlineErrorFormatter, faultlineMiddleware } from "@faultline/trpc/server";
 * const t = initTRPC.create({ errorFormatter: faultlineErrorFormatter });
 * const procedure = t.procedure.use(faultlineMiddleware);
 * export const router = t.router({
 *   post: procedure.query(() => {
 *     throw new NotFoundError({ code: "NOT_FOUND", message: "No such post" });
 *   }),
 * });
 * ```
 * @since 0.1.0
 */
export const faultlineMiddleware = async <TResult extends ResultLike>(opts: {
  readonly next: () => Promise<TResult>;
}): Promise<TResult> => {
  const result = await opts.next();
  if (result.ok) return result;
  const original = result.error;
  const converted = fromTRPCError(original);
  const code = trpcCodeForStatus(wireStatus(converted));
  if (
    original instanceof TRPCError &&
    original.code === code &&
    isApiError(original.cause) &&
    original.cause === converted
  ) {
    return result;
  }
  return { ...result, error: toTRPCError(converted) };
};
