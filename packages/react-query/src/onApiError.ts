import type { AnyCatalog, ApiError, ApiErrorTag, CatalogError, CodedError, CodeOf } from "@faultline/core";
import { isHandled } from "./handled";
import { toError } from "./internal/toError";
import type { ErrorConverter } from "./options";

/**
 * Where an error reported to {@link onApiError}'s handler came from: the query (from a
 * `QueryCache`) or the mutation and its variables (from a `MutationCache`).
 *
 * @example
 * ```ts
 * import type { ApiErrorSource } from "@faultline/react-query";
 * const describe = (source: ApiErrorSource) => (source.type === "query" ? "loading" : "saving");
 * ```
 * @since 0.1.0
 */
export type ApiErrorSource =
  | { readonly type: "query"; readonly query: unknown }
  | { readonly type: "mutation"; readonly mutation: unknown; readonly variables: unknown };

/**
 * A handler of {@link onApiError}: the error (ours, converted by core's `fromUnknown` when the
 * function threw something else), the value as thrown, and where it came from.
 *
 * @example
 * ```ts
 * import type { ApiError } from "@faultline/core";
 * import type { ApiErrorHandler } from "@faultline/react-query";
 * const log: ApiErrorHandler<ApiError> = (error, { source }) => console.warn(source.type, error.code);
 * ```
 * @since 0.1.0
 */
export type ApiErrorHandler<TError> = (
  error: TError,
  context: { readonly source: ApiErrorSource; readonly thrown: unknown },
) => void;

/**
 * Options of {@link onApiError}: handlers by code (typed by the catalog when you pass one), then by
 * kind, then `fallback`; errors marked with `markHandled` are skipped unless `skipHandled` is false.
 *
 * @example
 * ```ts
 * import type { OnApiErrorOptions } from "@faultline/react-query";
 * const options: OnApiErrorOptions = { kinds: { Network: () => console.warn("offline?") } };
 * ```
 * @since 0.1.0
 */
export interface OnApiErrorOptions<TCatalog extends AnyCatalog | undefined = undefined> {
  /** Converts thrown values that are not our errors and types the codes. */
  readonly catalog?: TCatalog;
  /** Converts thrown values that are not our errors (default: core's `fromUnknown`; tRPC: `fromTRPCClientError`). */
  readonly toError?: ErrorConverter | undefined;
  /** Handlers by code, tried first. */
  readonly codes?:
    | (TCatalog extends AnyCatalog
        ? { readonly [K in CodeOf<TCatalog>]?: ApiErrorHandler<CodedError<TCatalog, K>> }
        : { readonly [code: string]: ApiErrorHandler<ApiError> })
    | undefined;
  /** Handlers by kind, for errors whose code has no handler. */
  readonly kinds?:
    | {
        readonly [K in ApiErrorTag]?: ApiErrorHandler<
          Extract<TCatalog extends AnyCatalog ? CatalogError<TCatalog> : ApiError, { readonly _tag: K }>
        >;
      }
    | undefined;
  /** The handler for every other error. */
  readonly fallback?:
    | ApiErrorHandler<TCatalog extends AnyCatalog ? CatalogError<TCatalog> : ApiError>
    | undefined;
  /**
   * Skip errors marked with `markHandled`, and errors of queries and mutations whose `meta` says
   * `handlesErrors: true` (their component shows errors itself). Default true.
   */
  readonly skipHandled?: boolean | undefined;
  /**
   * Run the handler in a macrotask (default true). TanStack calls the cache's `onError` before the
   * `onError` of `useMutation` and of `mutate(...)`, so without the wait a component's
   * `markHandled(error)` would come too late.
   */
  readonly defer?: boolean | undefined;
}

type AnyHandler = (error: ApiError, context: { source: ApiErrorSource; thrown: unknown }) => void;

/**
 * An `onError` for `new QueryCache({ onError })` and `new MutationCache({ onError })` that picks a
 * handler by the error's code, then its kind, then `fallback` (toasts, logging), and skips errors a
 * component already showed (`markHandled(error)` in its `onError`, or `meta: { handlesErrors: true }`
 * on the query or mutation). The handler runs in a macrotask, after the component's own `onError`
 * (`defer: false` runs it at once). One call serves both caches. A handler that
 * throws does not break TanStack's bookkeeping: the throw is reported with `reportError` when the
 * runtime has it.
 *
 * @example
 * ```ts
 * import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
 * import { faultlineQueryDefaults, onApiError } from "@faultline/react-query";
 *
 * const toast = (text: string) => console.log(text);
 * const onError = onApiError({
 *   codes: { NOT_FOUND: () => toast("It is gone") },
 *   kinds: { TooManyRequests: (e) => toast(`Slow down: try again in ${e.retryAfterMs ?? 1000} ms`) },
 *   fallback: (e) => toast(e.message),
 * });
 * export const queryClient = new QueryClient({
 *   queryCache: new QueryCache({ onError }),
 *   mutationCache: new MutationCache({ onError }),
 *   defaultOptions: faultlineQueryDefaults(),
 * });
 * ```
 * @since 0.1.0
 */
export function onApiError<const TCatalog extends AnyCatalog | undefined = undefined>(
  options: OnApiErrorOptions<TCatalog>,
): (error: unknown, ...rest: readonly unknown[]) => void {
  const codes = (options.codes ?? {}) as Readonly<Record<string, AnyHandler | undefined>>;
  const kinds = (options.kinds ?? {}) as Readonly<Record<string, AnyHandler | undefined>>;
  const fallback = options.fallback as AnyHandler | undefined;
  const skipHandled = options.skipHandled !== false;
  const defer = options.defer !== false;
  const dispatch = (thrown: unknown, source: ApiErrorSource): void => {
    if (skipHandled && (isHandled(thrown) || handlesErrors(source))) return;
    try {
      const error = toError(thrown, options.catalog, options.toError);
      const handler =
        (error.code !== undefined && Object.hasOwn(codes, error.code) ? codes[error.code] : undefined) ??
        (Object.hasOwn(kinds, error._tag) ? kinds[error._tag] : undefined) ??
        fallback;
      handler?.(error, { source, thrown });
    } catch (failure) {
      const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
      if (typeof report === "function") report(failure);
    }
  };
  return (thrown, ...rest) => {
    // QueryCache calls onError(error, query); MutationCache onError(error, variables, onMutateResult, mutation, context).
    const source: ApiErrorSource =
      rest.length >= 3
        ? { type: "mutation", mutation: rest[2], variables: rest[0] }
        : { type: "query", query: rest[0] };
    if (defer) setTimeout(() => dispatch(thrown, source), 0);
    else dispatch(thrown, source);
  };
}

const handlesErrors = (source: ApiErrorSource): boolean => {
  try {
    const owner = source.type === "query" ? source.query : source.mutation;
    const meta = typeof owner === "object" && owner !== null ? (owner as { meta?: unknown }).meta : undefined;
    const options =
      typeof owner === "object" && owner !== null
        ? (owner as { options?: { meta?: unknown } }).options
        : undefined;
    const found = meta ?? options?.meta;
    return (
      typeof found === "object" &&
      found !== null &&
      (found as { handlesErrors?: unknown }).handlesErrors === true
    );
  } catch {
    return false;
  }
};
