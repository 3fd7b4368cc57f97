/**
 * Exhaustive matching without ts-pattern: one handler per kind, or one per code of a catalog. The
 * compiler rejects a handler map that misses a case. These are mapped types over string keys, so
 * they stay cheap to type-check even on large catalogs.
 *
 * @since 0.1.0
 */
import type { ApiError } from "./ApiError";
import type {
  AnyCatalog,
  Catalog,
  CatalogFacts,
  CodedError,
  CodeOf,
  ErrorOfCode,
  UnknownCode,
} from "./Catalog";

/**
 * One handler per kind of the union.
 *
 * @example
 * ```ts
 * import type { ErrorHandlers, ApiError } from "@faultline/core";
 * type H = ErrorHandlers<ApiError, string>;
 * ```
 * @since 0.1.0
 */
export type ErrorHandlers<TError extends { readonly _tag: string }, TResult> = {
  readonly [K in TError["_tag"]]: (error: Extract<TError, { readonly _tag: K }>) => TResult;
};

/**
 * Some kinds handled, and `_` for the rest.
 *
 * @example
 * ```ts
 * import type { PartialErrorHandlers, ApiError } from "@faultline/core";
 * const h: PartialErrorHandlers<ApiError, string> = { NotFound: () => "missing", _: (e) => e.message };
 * ```
 * @since 0.1.0
 */
export type PartialErrorHandlers<TError extends { readonly _tag: string }, TResult> = {
  readonly [K in TError["_tag"]]?: (error: Extract<TError, { readonly _tag: K }>) => TResult;
} & { readonly _: (error: TError) => TResult };

/**
 * What a handler map returns: the union of its handlers' results.
 *
 * @example
 * ```ts
 * import type { HandlersResult } from "@faultline/core";
 * type R = HandlersResult<{ A: () => number; _: () => string }>; // number | string
 * ```
 * @since 0.1.0
 */
export type HandlersResult<THandlers> = {
  [K in keyof THandlers]: THandlers[K] extends (...args: never) => infer R ? R : never;
}[keyof THandlers];

/** Keys that name no case (a misspelled kind or code) must not compile. */
type NoExtraKeys<THandlers, TKeys extends PropertyKey> = {
  readonly [K in Exclude<keyof THandlers, TKeys>]: never;
};

/**
 * Runs the handler for the error's kind; each handler receives the error narrowed to its kind. A map
 * with a handler for every kind is checked for completeness and needs no `_`; a partial map must
 * have `_` for the rest.
 *
 * @example
 * ```ts
 * import { matchError, decode } from "@faultline/core";
 * const text = matchError(decode({ status: 429, headers: { "retry-after": "3" } }), {
 *   NotFound: (e) => `Not found: ${e.message}`,
 *   TooManyRequests: (e) => `Retry in ${e.retryAfterMs ?? 1000} ms`,
 *   _: (e) => e.message,
 * });
 * ```
 * @since 0.1.0
 */
export function matchError<TError extends ApiError, const THandlers extends ErrorHandlers<TError, unknown>>(
  error: TError,
  handlers: THandlers & NoExtraKeys<THandlers, TError["_tag"]>,
): HandlersResult<THandlers>;
export function matchError<
  TError extends ApiError,
  const THandlers extends PartialErrorHandlers<TError, unknown>,
>(
  error: TError,
  handlers: THandlers & NoExtraKeys<THandlers, TError["_tag"] | "_">,
): HandlersResult<THandlers>;
export function matchError(
  error: ApiError,
  handlers: Readonly<Record<string, ((e: ApiError) => unknown) | undefined>>,
): unknown {
  const handler = Object.hasOwn(handlers, error._tag) ? handlers[error._tag] : handlers._;
  if (typeof handler !== "function") throw new TypeError(`matchError: no handler for ${error._tag}`);
  return handler(error);
}

/**
 * One handler per code of a catalog, each receiving the error of that code (its kind and typed
 * `details`), plus `_` for codes the catalog does not know and errors without a code.
 *
 * @example
 * ```ts
 * import type { CodeHandlers, standardCatalog } from "@faultline/core";
 * type H = CodeHandlers<typeof standardCatalog, string>;
 * ```
 * @since 0.1.0
 */
export type CodeHandlers<TCatalog extends AnyCatalog, TResult> = {
  readonly [K in CodeOf<TCatalog>]: (error: CodedError<TCatalog, K>) => TResult;
} & { readonly _: (error: ApiError<UnknownCode | undefined>) => TResult };

/** {@link CodeHandlers} keyed by a catalog's facts, as `matchCode` infers them. */
type FactsHandlers<TFacts extends CatalogFacts> = {
  readonly [K in keyof TFacts & string]: (error: ErrorOfCode<TFacts, K>) => unknown;
} & { readonly _: (error: ApiError<UnknownCode | undefined>) => unknown };

/**
 * Runs the handler for the error's code. The compiler checks that every code of the catalog has a
 * handler; `_` takes unknown codes and errors without one.
 *
 * @example
 * ```ts
 * import { decode, defineCatalog, matchCode } from "@faultline/core";
 * const shop = defineCatalog({
 *   OUT_OF_STOCK: { status: 409, title: "Out of stock" },
 *   CARD_DECLINED: { status: 402, title: "Card declined" },
 * });
 * const err = decode({ status: 409, body: { code: "OUT_OF_STOCK" } }, { catalog: shop });
 * const text = matchCode(err, shop, {
 *   OUT_OF_STOCK: () => "Sold out",
 *   CARD_DECLINED: () => "Try another card",
 *   _: (e) => e.message, // codes the catalog does not know, or no code
 * });
 * ```
 * @since 0.1.0
 */
export function matchCode<TFacts extends CatalogFacts, const THandlers extends FactsHandlers<TFacts>>(
  error: ApiError,
  catalog: Catalog<TFacts>,
  handlers: THandlers & NoExtraKeys<THandlers, keyof TFacts | "_">,
): HandlersResult<THandlers>;
export function matchCode(error: ApiError, catalog: AnyCatalog, handlers: object): unknown {
  const table = handlers as Record<string, (e: ApiError) => unknown>;
  const code = error.code;
  const handler = catalog.has(code) && Object.hasOwn(table, code) ? table[code] : table._;
  if (typeof handler !== "function") throw new TypeError(`matchCode: no handler for ${String(code)}`);
  return handler(error);
}

/**
 * Whether an error carries a given code of a catalog; narrows `details` to that code's type.
 *
 * @example
 * ```ts
 * import { decode, hasCode, standardCatalog } from "@faultline/core";
 * const err = decode({ status: 409, body: { code: "DUPLICATE_CANDIDATE" } }, { catalog: standardCatalog });
 * if (hasCode(err, standardCatalog, "DUPLICATE_CANDIDATE")) err.code; // "DUPLICATE_CANDIDATE"
 * ```
 * @since 0.1.0
 */
export const hasCode = <TCatalog extends AnyCatalog, TCode extends CodeOf<TCatalog>>(
  error: ApiError,
  _catalog: TCatalog,
  code: TCode,
): error is CodedError<TCatalog, TCode> => error.code === code;
