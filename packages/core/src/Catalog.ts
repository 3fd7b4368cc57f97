/**
 * Catalogs: an API declares its error codes once (status, title, meaning, causes, resolution,
 * retryability, typed details) and every layer of the app shares the declaration.
 *
 * @since 0.1.0
 */
import type { ApiError, ApiErrorInstance } from "./ApiError";
import type { ApiErrorTag } from "./status";

/**
 * One code of a catalog.
 *
 * @example
 * ```ts
 * import type { CodeSpec } from "@faultline/core";
 * const spec: CodeSpec = { status: 404, title: "Not found", description: "The resource does not exist." };
 * ```
 * @since 0.1.0
 */
export interface CodeSpec<TDetails = unknown> {
  /** The HTTP status the API sends with this code. */
  readonly status: number;
  /** A short title ("Duplicate candidate"). */
  readonly title: string;
  /** What the code means; also the public message `encode` uses on 5xx. */
  readonly description?: string;
  /** Why it happens. */
  readonly causes?: readonly string[];
  /** What to do about it. */
  readonly resolution?: readonly string[];
  /** Overrides the retry decision for this code (a 429 for an exhausted quota is not retryable). */
  readonly retryable?: boolean;
  /** Checks and types the `details` the API sends with this code; see {@link details}. */
  readonly details?: DetailsParser<TDetails>;
  /** Where the code is documented. */
  readonly sources?: readonly string[];
}

/**
 * Turns the raw `details` of a response into typed details, or `undefined` when they do not fit.
 *
 * @example
 * ```ts
 * import type { DetailsParser } from "@faultline/core";
 * const amount: DetailsParser<{ amount: number }> = (raw) =>
 *   typeof raw === "object" && raw !== null && typeof (raw as any).amount === "number" ? (raw as { amount: number }) : undefined;
 * ```
 * @since 0.1.0
 */
export type DetailsParser<TDetails> = (raw: unknown) => TDetails | undefined;

/**
 * A details parser for an object whose listed keys are all present with the given primitive types.
 * Numbers sent as strings (and strings sent as numbers) are kept as the API sent them only when they
 * match; anything else makes the parser return `undefined`.
 *
 * @example
 * ```ts
 * import { defineCatalog, details } from "@faultline/core";
 * const catalog = defineCatalog({
 *   INSUFFICIENT_BALANCE: {
 *     status: 402,
 *     title: "Insufficient balance",
 *     details: details({ required: "string", available: "string" }),
 *   },
 * });
 * ```
 * @since 0.1.0
 */
export const details =
  <const TShape extends Readonly<Record<string, "string" | "number" | "boolean">>>(
    shape: TShape,
  ): DetailsParser<{ readonly [K in keyof TShape]: PrimitiveOf<TShape[K]> }> =>
  (raw) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
    for (const key of Object.keys(shape)) {
      if (!Object.hasOwn(raw, key) || typeof (raw as Record<string, unknown>)[key] !== shape[key])
        return undefined;
    }
    return raw as never;
  };

/** Maps a type name to its type. @since 0.1.0 */
export type PrimitiveOf<T> = T extends "string" ? string : T extends "number" ? number : boolean;

/** What `defineCatalog` takes: code to spec. @since 0.1.0 */
export type CatalogSpec = { readonly [code: string]: CodeSpec<any> };

/**
 * A declared catalog of error codes.
 *
 * @example
 * ```ts
 * import { defineCatalog } from "@faultline/core";
 * const catalog = defineCatalog({ NOT_FOUND: { status: 404, title: "Not found" } }, { name: "acme" });
 * catalog.get("NOT_FOUND")?.status; // 404
 * ```
 * @since 0.1.0
 */
export interface Catalog<TSpec extends CatalogSpec = CatalogSpec> {
  readonly name: string;
  /** The declaration as written. */
  readonly codes: TSpec;
  /** Every code, in declaration order. */
  readonly list: ReadonlyArray<Extract<keyof TSpec, string>>;
  /** The spec of a code, or `undefined` (also for `"__proto__"`, `"constructor"` and the like). */
  get(code: string | undefined): CodeSpec | undefined;
  /** Whether `code` is declared in this catalog. */
  has(code: string | undefined): code is Extract<keyof TSpec, string>;
}

/** Any catalog. @since 0.1.0 */
export type AnyCatalog = Catalog<any>;

/**
 * The literal union of a catalog's codes.
 *
 * @example
 * ```ts
 * import { defineCatalog, type CodeOf } from "@faultline/core";
 * const c = defineCatalog({ A: { status: 400, title: "A" }, B: { status: 409, title: "B" } });
 * type Code = CodeOf<typeof c>; // "A" | "B"
 * ```
 * @since 0.1.0
 */
export type CodeOf<TCatalog extends AnyCatalog> =
  TCatalog extends Catalog<infer S> ? Extract<keyof S, string> : never;

/**
 * The type of `details` for one code of a catalog (`unknown` when the code declares no parser).
 *
 * @example
 * ```ts
 * import { standardCatalog, type DetailsOf } from "@faultline/core";
 * type Balance = DetailsOf<typeof standardCatalog, "INSUFFICIENT_BALANCE">; // { required: string; available: string }
 * ```
 * @since 0.1.0
 */
export type DetailsOf<TCatalog extends AnyCatalog, TCode extends string> =
  TCatalog extends Catalog<infer S>
    ? TCode extends keyof S
      ? S[TCode] extends { readonly details: DetailsParser<infer D> }
        ? D
        : unknown
      : unknown
    : unknown;

declare const unknownCodeBrand: unique symbol;

/**
 * A code the catalog does not declare, as the API sent it. Branded so that exhaustive matching over
 * a catalog's codes must say what to do with codes the catalog does not know.
 *
 * @example
 * ```ts
 * import { match, P } from "ts-pattern";
 * import type { UnknownCode } from "@faultline/core";
 * const f = (code: "A" | UnknownCode | undefined) =>
 *   match(code).with("A", () => 1).with(P.string, () => 2).with(undefined, () => 3).exhaustive();
 * ```
 * @since 0.1.0
 */
export type UnknownCode = string & { readonly [unknownCodeBrand]: true };

/**
 * What `decode` returns with a catalog: the error union whose `code` is the catalog's literal union,
 * an {@link UnknownCode}, or `undefined`.
 *
 * @example
 * ```ts
 * import { decode, standardCatalog, type CatalogError } from "@faultline/core";
 * const err: CatalogError<typeof standardCatalog> = decode({ status: 404 }, { catalog: standardCatalog });
 * ```
 * @since 0.1.0
 */
export type CatalogError<TCatalog extends AnyCatalog> = ApiError<CodeOf<TCatalog> | UnknownCode>;

/**
 * One error narrowed to one code of a catalog, with that code's typed `details`.
 *
 * @example
 * ```ts
 * import { standardCatalog, type CodedError } from "@faultline/core";
 * type Balance = CodedError<typeof standardCatalog, "INSUFFICIENT_BALANCE">;
 * ```
 * @since 0.1.0
 */
export type CodedError<TCatalog extends AnyCatalog, TCode extends CodeOf<TCatalog>> = ApiErrorInstance<
  ApiErrorTag,
  TCode,
  DetailsOf<TCatalog, TCode>
>;

/**
 * Declares an API's error codes once. The result types `code` wherever it is used (`decode`,
 * adapters, `matchCode`).
 *
 * @example
 * ```ts
 * import { defineCatalog, details } from "@faultline/core";
 * export const acme = defineCatalog(
 *   {
 *     DUPLICATE_CANDIDATE: { status: 409, title: "Duplicate candidate", resolution: ["Use another email."] },
 *     QUOTA_EXHAUSTED: { status: 429, title: "Quota exhausted", retryable: false },
 *     INSUFFICIENT_BALANCE: { status: 402, title: "Insufficient balance", details: details({ required: "string", available: "string" }) },
 *   },
 *   { name: "acme" },
 * );
 * ```
 * @since 0.1.0
 */
export const defineCatalog = <const TSpec extends CatalogSpec>(
  codes: TSpec,
  options: { readonly name?: string } = {},
): Catalog<TSpec> => {
  const table = new Map<string, CodeSpec>(Object.entries(codes));
  return {
    name: options.name ?? "catalog",
    codes,
    list: [...table.keys()] as Array<Extract<keyof TSpec, string>>,
    get: (code) => (code === undefined ? undefined : table.get(code)),
    has: (code): code is Extract<keyof TSpec, string> => code !== undefined && table.has(code),
  };
};
