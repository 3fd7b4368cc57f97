/**
 * Client side: what a tRPC call rejects with, as a core error.
 *
 * @since 0.1.0
 */
import {
  type AnyCatalog,
  type ApiError,
  type CatalogError,
  fromUnknown,
  isApiError,
  makeError,
  retryAfterFromHeaders,
  reviveError,
} from "@faultline/core";
import { isTRPCCode, trpcCodeTable } from "./internal/codes";
import { readWireJSON } from "./internal/wire";
import type { FromTRPCClientErrorOptions } from "./options";

/**
 * The error type {@link fromTRPCClientError} returns: the catalog's typed union with a catalog,
 * else the plain union.
 *
 * @example
 * ```ts
 * import type { standardCatalog } from "@faultline/core";
 * import type { TRPCApiError } from "@faultline/trpc/client";
 * type Err = TRPCApiError<typeof standardCatalog>; // code: StandardCode | UnknownCode | undefined
 * ```
 * @since 0.1.0
 */
export type TRPCApiError<TCatalog extends AnyCatalog | undefined = undefined> = TCatalog extends AnyCatalog
  ? CatalogError<TCatalog>
  : ApiError;

const own = (u: unknown, key: string): unknown => {
  try {
    return typeof u === "object" && u !== null && key in u ? (u as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
};

const isTRPCClientErrorLike = (u: unknown): boolean =>
  typeof u === "object" && u !== null && (u as { name?: unknown }).name === "TRPCClientError";

/** The `Response` tRPC's HTTP links keep in `meta.response`, if any. */
const responseOf = (error: unknown): { status: number; headers: Headers | undefined } | undefined => {
  const response = own(own(error, "meta"), "response");
  const status = own(response, "status");
  if (typeof status !== "number") return undefined;
  const headers = own(response, "headers");
  return { status, headers: headers instanceof Headers ? headers : undefined };
};

const convert = (error: unknown, catalog: AnyCatalog | undefined): ApiError => {
  if (isApiError(error)) return error;
  if (!isTRPCClientErrorLike(error)) return fromUnknown(error, { catalog }) as ApiError;
  const cause = own(error, "cause");
  // Our retry link (or a retrying fetch such as @faultline/fetch) already produced the core error.
  if (isApiError(cause)) return cause;
  const data = own(error, "data");
  const json = readWireJSON(data);
  if (json !== undefined) {
    const retryable = catalog?.get(json.code)?.retryable;
    return reviveError(retryable === undefined ? json : { ...json, retryable });
  }
  const response = responseOf(error);
  const code = own(data, "code");
  const httpStatus = own(data, "httpStatus");
  const shape = own(error, "shape");
  if (shape !== undefined || typeof httpStatus === "number") {
    // A tRPC server without our formatter: its code and status, through the one table.
    const status =
      typeof httpStatus === "number"
        ? httpStatus
        : isTRPCCode(code)
          ? trpcCodeTable[code].status
          : (response?.status ?? 500);
    const message = own(error, "message");
    const retryable = typeof code === "string" ? catalog?.get(code)?.retryable : undefined;
    return makeError({
      status,
      code: typeof code === "string" ? code : undefined,
      message: typeof message === "string" ? message : undefined,
      retryAfterMs: response?.headers === undefined ? undefined : retryAfterFromHeaders(response.headers),
      ...(retryable !== undefined ? { retryable } : {}),
      cause: error,
    });
  }
  // No error shape: the call never got an answer tRPC could read.
  const converted = fromUnknown(cause ?? error, { catalog }) as ApiError;
  if (converted._tag === "Unexpected" && response !== undefined && response.status >= 400) {
    return makeError({
      status: response.status,
      retryAfterMs: response.headers === undefined ? undefined : retryAfterFromHeaders(response.headers),
      cause: error,
    });
  }
  return converted;
};

/**
 * Converts what a tRPC client call rejects with (a `TRPCClientError`, or anything else) into the
 * core error: kind, code, status, message, field, details, request id and `retryAfterMs` as the
 * server sent them (from `data.faultline`, written by `faultlineErrorFormatter`). Without our
 * formatter on the server, tRPC's code and `httpStatus` give the kind. A call that never reached
 * the server (connection refused, DNS, CORS) becomes `Network`; a caller's abort `Aborted`. Never
 * throws. With `options.catalog`, `code` is typed as the catalog's union and the catalog's
 * `retryable` for the code wins (so retries follow the client's catalog).
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@faultline/core";
 * import { fromTRPCClientError } from "@faultline/trpc/client";
 * // your tRPC client, `createTRPCClient<AppRouter>(...)`; declared so the example compiles alone
 * declare const client: { post: { byId: { query(input: { id: string }): Promise<unknown> } } };
 * try {
 *   await client.post.byId.query({ id: "42" });
 * } catch (thrown) {
 *   const err = fromTRPCClientError(thrown, { catalog: standardCatalog });
 *   if (err._tag === "NotFound") console.log(err.code, err.requestId);
 * }
 * ```
 * @since 0.1.0
 */
export function fromTRPCClientError<TCatalog extends AnyCatalog | undefined = undefined>(
  error: unknown,
  options: FromTRPCClientErrorOptions<TCatalog> = {},
): TRPCApiError<TCatalog> {
  try {
    return convert(error, options.catalog) as TRPCApiError<TCatalog>;
  } catch (cause) {
    return makeError("Unexpected", { message: "Could not convert a tRPC client error", cause }) as never;
  }
}
