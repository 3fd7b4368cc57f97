/**
 * Catalogs: an API declares its error codes once (status, title, meaning, causes, resolution,
 * retryability, typed details) and every layer of the app shares the declaration.
 *
 * @since 0.1.0
 */
import { type ApiError, type ApiErrorInit, buildError, type ErrorOfTag } from "./ApiError";
import { type TagForStatus, tagForStatus } from "./status";

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
  readonly description?: string | undefined;
  /** Why it happens. */
  readonly causes?: readonly string[] | undefined;
  /** What to do about it. */
  readonly resolution?: readonly string[] | undefined;
  /** Overrides the retry decision for this code (a 429 for an exhausted quota is not retryable). */
  readonly retryable?: boolean | undefined;
  /** Checks and types the `details` the API sends with this code; see {@link details}. */
  readonly details?: DetailsParser<TDetails> | undefined;
  /** Where the code is documented. */
  readonly sources?: readonly string[] | undefined;
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
  /* @__NO_SIDE_EFFECTS__ */
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
 * What the types know about one code: its status and the type of its details. Titles, causes and
 * resolutions stay values, so hovers, type errors and emitted `.d.ts` files do not print them.
 *
 * @example
 * ```ts
 * import type { CodeFacts } from "@faultline/core";
 * type Duplicate = CodeFacts<409, unknown>;
 * ```
 * @since 0.1.0
 */
export interface CodeFacts<TStatus extends number = number, TDetails = unknown> {
  readonly status: TStatus;
  readonly details: TDetails;
}

/** Code to {@link CodeFacts}: the type parameter of a {@link Catalog}. @since 0.1.0 */
export type CatalogFacts = { readonly [code: string]: CodeFacts };

declare const unknownCodeBrand: unique symbol;

/**
 * A code the catalog does not declare, as the API sent it. At run time it is the plain string the
 * API sent; the type is a branded template literal that no code a user writes can be, so that:
 * - `if (err.code === "CARD_DECLINED")` and `switch (err.code)` narrow a {@link CatalogError} to that
 *   code's member, `details` included (TypeScript keeps every member whose `code` a literal is
 *   comparable to, and a literal is comparable to `string` and to `string & brand`, not to this);
 * - exhaustive matching must handle unknown codes on their own (with `catalog.isUnknownCode` in
 *   ts-pattern's `P.when`), and a forgotten known code still fails to compile;
 * - comparing a catalog error's `code` with a literal the catalog does not declare is a compile error
 *   (a typo); to test such a code anyway, compare `String(err.code)`.
 *
 * @example
 * ```ts
 * import { match, P } from "ts-pattern";
 * import { defineCatalog, type UnknownCode } from "@faultline/core";
 * const shop = defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });
 * const text = (code: "OUT_OF_STOCK" | UnknownCode | undefined) =>
 *   match(code)
 *     .with("OUT_OF_STOCK", () => "Sold out")
 *     .with(P.when(shop.isUnknownCode), (c) => `Unknown code ${c.toLowerCase()}`)
 *     .with(undefined, () => "No code")
 *     .exhaustive();
 * ```
 * @since 0.1.0
 */
export type UnknownCode = `(unknown code) ${string}` & { readonly [unknownCodeBrand]: true };

/**
 * What {@link Catalog.make} takes: the fields of the error besides its code and status.
 *
 * @example
 * ```ts
 * import type { MakeInit } from "@faultline/core";
 * const init: MakeInit<{ required: string }> = { message: "Balance too low", details: { required: "42.00" } };
 * ```
 * @since 0.1.0
 */
export type MakeInit<TDetails = unknown> = Omit<ApiErrorInit<string, TDetails>, "code" | "status">;

/**
 * The error of one code of a catalog's facts: the kind its declared status stands for, that code,
 * and that code's details type.
 *
 * @example
 * ```ts
 * import type { ErrorOfCode } from "@faultline/core";
 * type E = ErrorOfCode<{ DUPLICATE: { status: 409; details: unknown } }, "DUPLICATE">; // ConflictError<"DUPLICATE", unknown>
 * ```
 * @since 0.1.0
 */
export type ErrorOfCode<TFacts extends CatalogFacts, TCode extends keyof TFacts & string> = ErrorOfTag<
  TagForStatus<TFacts[TCode]["status"]>,
  TCode,
  TFacts[TCode]["details"]
>;

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
export interface Catalog<TFacts extends CatalogFacts = CatalogFacts> {
  readonly name: string;
  /** The declaration as written. */
  readonly codes: { readonly [K in keyof TFacts]: CodeSpec<TFacts[K]["details"]> };
  /** Every code, in declaration order. */
  readonly list: ReadonlyArray<keyof TFacts & string>;
  /** The spec of a code, or `undefined` (also for `"__proto__"`, `"constructor"` and the like). */
  get(code: unknown): CodeSpec | undefined;
  /** Whether `code` is declared in this catalog. */
  has(code: unknown): code is keyof TFacts & string;
  /**
   * Whether `code` is a string the catalog does not declare: a guard for ts-pattern's `P.when` that
   * makes exhaustive matching handle unknown codes without swallowing forgotten known ones.
   */
  readonly isUnknownCode: (code: unknown) => code is UnknownCode;
  /**
   * Whether an error carries a code of this catalog. Narrows a decoded error to the members of its
   * known codes. Not needed before `if`/`switch` on `code`, which narrow `details` and the kind on
   * their own.
   */
  readonly isKnown: <TError extends { readonly code: string | undefined }>(
    error: TError,
  ) => error is Extract<TError, { readonly code: keyof TFacts & string }>;
  /**
   * Builds the error of one code, as a server does: the kind and status the catalog declares, the
   * code, typed details, and the title as the default (public) message.
   */
  readonly make: <TCode extends keyof TFacts & string>(
    code: TCode,
    init?: MakeInit<TFacts[TCode]["details"]>,
  ) => ErrorOfCode<TFacts, TCode>;
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
  TCatalog extends Catalog<infer F> ? keyof F & string : never;

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
  TCatalog extends Catalog<infer F> ? (TCode extends keyof F ? F[TCode]["details"] : unknown) : unknown;

/**
 * What `decode` returns with a catalog: a union discriminated by `code`. Each code of the catalog is
 * the kind its declared status stands for, with that code's typed `details`; codes the catalog does
 * not know ({@link UnknownCode}) and errors without a code are any kind.
 *
 * @example
 * ```ts
 * import { decode, standardCatalog, type CatalogError } from "@faultline/core";
 * const err: CatalogError<typeof standardCatalog> = decode({ status: 404 }, { catalog: standardCatalog });
 * if (err.code === "INSUFFICIENT_BALANCE") err.details?.required.toUpperCase(); // details: { required: string; available: string } | undefined
 * ```
 * @since 0.1.0
 */
export type CatalogError<TCatalog extends AnyCatalog> =
  TCatalog extends Catalog<infer F>
    ?
        | { readonly [K in keyof F & string]: ErrorOfCode<F, K> }[keyof F & string]
        | ApiError<UnknownCode | undefined>
    : never;

/**
 * One error narrowed to one code of a catalog, with that code's kind and typed `details`.
 *
 * @example
 * ```ts
 * import { standardCatalog, type CodedError } from "@faultline/core";
 * type Balance = CodedError<typeof standardCatalog, "INSUFFICIENT_BALANCE">;
 * ```
 * @since 0.1.0
 */
export type CodedError<TCatalog extends AnyCatalog, TCode extends CodeOf<TCatalog>> =
  TCatalog extends Catalog<infer F> ? ErrorOfCode<F, TCode> : never;

/**
 * What `decode` (and `fromUnknown`, `reviveError`) return: the union, with `code` typed by the
 * catalog when one is given.
 *
 * @example
 * ```ts
 * import type { Decoded, standardCatalog } from "@faultline/core";
 * type E = Decoded<typeof standardCatalog>;
 * ```
 * @since 0.1.0
 */
export type Decoded<TCatalog extends AnyCatalog | undefined> = TCatalog extends AnyCatalog
  ? CatalogError<TCatalog>
  : ApiError;

/** Keys a code's spec does not know (a typo such as `retriable` or `descripton`) must not compile. */
type NoUnknownKeys<TSpec> = {
  readonly [K in keyof TSpec]: { readonly [P in Exclude<keyof TSpec[K], keyof CodeSpec>]: never };
};

/**
 * Declares an API's error codes once. The result types `code` wherever it is used (`decode`,
 * adapters, `matchCode`), builds errors on a server (`catalog.make`), and guards unknown codes
 * (`catalog.isUnknownCode`). A key a code's spec does not know does not compile.
 *
 * The call has no side effects and is marked so, and rollup and rolldown (Vite) drop a catalog
 * nothing reads. esbuild honours that marking only inside the package that declares the function
 * (evanw/esbuild#4369): with esbuild, put a `@__PURE__` comment before a call whose catalog may go
 * unused (in a module shared by server and client, say), as the README shows.
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
 * const err = acme.make("DUPLICATE_CANDIDATE", { field: "email" });
 * err._tag; // "Conflict"
 * ```
 * @since 0.1.0
 */
export const defineCatalog = /* @__NO_SIDE_EFFECTS__ */ <const TSpec extends CatalogSpec>(
  codes: TSpec & NoUnknownKeys<TSpec>,
  options: { readonly name?: string | undefined } = {},
): Catalog<{
  readonly [K in keyof TSpec]: {
    readonly status: TSpec[K]["status"];
    readonly details: TSpec[K] extends { readonly details: DetailsParser<infer D> } ? D : unknown;
  };
}> => {
  const table = new Map<string, CodeSpec>(Object.entries(codes as CatalogSpec));
  const get = (code: unknown): CodeSpec | undefined =>
    typeof code === "string" ? table.get(code) : undefined;
  return {
    name: options.name ?? "catalog",
    codes: codes as never,
    list: [...table.keys()] as never,
    get,
    has: (code: unknown): code is never => typeof code === "string" && table.has(code),
    isUnknownCode: (code: unknown): code is UnknownCode => typeof code === "string" && !table.has(code),
    isKnown: ((error: { readonly code: string | undefined }) =>
      typeof error?.code === "string" && table.has(error.code)) as never,
    make: ((code: string, init: MakeInit = {}) => {
      const spec = get(code);
      if (spec === undefined)
        throw new TypeError(`catalog.make: "${String(code).slice(0, 100)}" is not a code of this catalog`);
      return buildError(
        tagForStatus(spec.status),
        {
          ...init,
          code,
          status: spec.status,
          message: init.message ?? spec.title,
          retryable: init.retryable ?? spec.retryable,
        },
        { asSent: true },
      );
    }) as never,
  };
};
