/**
 * `createClient`: a small JSON client on top of the engine. Each helper returns the parsed body and
 * rejects with the typed error; the body is read inside the attempt, so a reset body is a network
 * failure and a stalled one (with a `timeoutMs` set) a timeout, which the retry policy sees.
 *
 * @since 0.1.0
 */
import { type AnyCatalog, fromUnknown, isApiError } from "@faultline/core";
import { type FaultlineFetch, fetchWith } from "./createFetch";
import { Engine } from "./internal/engine";
import { jsonInit, type QueryInit, readJson, withQuery } from "./internal/json";
import type { FetchError, FetchOptions } from "./options";

/**
 * Query parameters: `undefined` values are skipped, arrays repeat the key.
 *
 * @example
 * ```ts
 * import type { Query } from "@faultline/fetch";
 * const query: Query = { page: 2, tag: ["a", "b"], draft: undefined };
 * ```
 * @since 0.1.0
 */
export type Query = QueryInit;

/**
 * Per-request options of the JSON helpers: any `RequestInit` field, plus `query`.
 *
 * @example
 * ```ts
 * import type { RequestOptions } from "@faultline/fetch";
 * const options: RequestOptions = { query: { page: 2 }, headers: { "x-trace-id": "t1" }, signal: AbortSignal.timeout(2_000) };
 * ```
 * @since 0.1.0
 */
export interface RequestOptions extends Omit<RequestInit, "body" | "method"> {
  readonly query?: Query;
}

/**
 * The JSON client: `get`, `post`, `put`, `patch`, `delete` and `request` return parsed bodies
 * (`undefined` for an empty body or 204), and reject with {@link FetchError} of the catalog.
 *
 * @example
 * ```ts
 * import { createClient, type Client } from "@faultline/fetch";
 * const client: Client = createClient({ baseUrl: "https://api.example.com" });
 * const user = await client.get<{ id: number }>("/users/42");
 * ```
 * @since 0.1.0
 */
export interface Client<TCatalog extends AnyCatalog | undefined = undefined> {
  /** The drop-in `fetch` with the same options (for libraries that take one). */
  readonly fetch: FaultlineFetch;
  /** Sends `body` as JSON (unless it is a `BodyInit` such as `FormData` or a string) and parses the JSON answer. */
  request<T = unknown>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  /** Whether a caught value is this client's error (a brand check that works across realms). */
  isError(u: unknown): u is FetchError<TCatalog>;
}

/**
 * Creates the JSON client: the helpers build the URL (base URL and `query`), send JSON bodies with
 * `content-type: application/json`, ask for JSON, and parse the answer inside the attempt.
 *
 * Use it for your own app's calls; use `createFetch` (also at `client.fetch`) where a library
 * wants a `fetch`. The catalog types `code` on the errors, narrowed with `client.isError`.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@faultline/core";
 * import { createClient } from "@faultline/fetch";
 *
 * const client = createClient({ baseUrl: "https://api.example.com/v1", catalog: standardCatalog, idempotencyKey: true });
 * try {
 *   const order = await client.post<{ id: string }>("/orders", { sku: "A-1", qty: 2 });
 *   console.log(order.id);
 * } catch (error) {
 *   if (client.isError(error) && error.code === "INSUFFICIENT_BALANCE") console.log(error.details);
 * }
 * ```
 * @since 0.1.0
 */
export const createClient = <TCatalog extends AnyCatalog | undefined = undefined>(
  options: FetchOptions<TCatalog> = {},
): Client<TCatalog> => {
  const engine = new Engine(options);
  const request = <T>(
    method: string,
    path: string,
    body?: unknown,
    requestOptions: RequestOptions = {},
  ): Promise<T> => {
    const { query, ...init } = requestOptions;
    try {
      const prepared = engine.prepare(withQuery(path, query), jsonInit(method, body, init));
      return engine.execute(prepared, readJson as (response: Response) => Promise<T>);
    } catch (thrown) {
      return Promise.reject(fromUnknown(thrown));
    }
  };
  return {
    fetch: fetchWith(engine),
    request,
    get: (path, requestOptions) => request("GET", path, undefined, requestOptions),
    delete: (path, requestOptions) => request("DELETE", path, undefined, requestOptions),
    post: (path, body, requestOptions) => request("POST", path, body, requestOptions),
    put: (path, body, requestOptions) => request("PUT", path, body, requestOptions),
    patch: (path, body, requestOptions) => request("PATCH", path, body, requestOptions),
    isError: (u): u is FetchError<TCatalog> => isApiError(u),
  };
};
