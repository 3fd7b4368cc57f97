/**
 * `createFetch`: a drop-in `fetch` that resolves for successful responses and rejects with a typed
 * Faultline error for every failure.
 *
 * @since 0.1.0
 */
import { type AnyCatalog, fromUnknown } from "@faultline/core";
import { Engine, type Prepared } from "./internal/engine";
import type { FetchInput, FetchOptions } from "./options";

/**
 * A function with `fetch`'s own signature. It resolves with the `Response` when the status is below
 * 400, and rejects with a {@link FetchError} otherwise (HTTP errors decoded, network failures,
 * timeouts, a caller's abort), with `attempts` and `elapsedMs` set.
 *
 * Use it wherever a library accepts a `fetch` (tRPC's `httpLink`, openapi-fetch, graphql clients).
 *
 * @example
 * ```ts
 * import { createFetch, type FaultlineFetch } from "@faultline/fetch";
 * const api: FaultlineFetch = createFetch({ baseUrl: "https://api.example.com" });
 * const res = await api("/users/42");
 * ```
 * @since 0.1.0
 */
export type FaultlineFetch = (input: FetchInput, init?: RequestInit) => Promise<Response>;

/**
 * Creates a drop-in `fetch` with base URL, default headers, a catalog for typed codes, per-attempt
 * timeout and total budget, core's retry policy (server hints, backoff, caps, idempotency rules),
 * generated idempotency keys, hooks and single-flight auth refresh.
 *
 * Use it as your app's `fetch`, or hand it to any library that takes one. Successful responses are
 * returned untouched (no clone, no body read); a response with status >= 400 rejects with the error
 * decoded from it (its body read up to `maxBodyBytes`, under the attempt's timeout if one is set).
 *
 * @example
 * ```ts
 * import { standardCatalog, isApiError } from "@faultline/core";
 * import { createFetch } from "@faultline/fetch";
 *
 * const api = createFetch({ baseUrl: "https://api.example.com/v1", catalog: standardCatalog, timeoutMs: 5_000 });
 * try {
 *   const res = await api("/users/42");
 *   console.log(await res.json());
 * } catch (error) {
 *   if (isApiError(error) && error._tag === "NotFound") console.log("no such user", error.code);
 * }
 * ```
 * @since 0.1.0
 */
export const createFetch = <TCatalog extends AnyCatalog | undefined = undefined>(
  options: FetchOptions<TCatalog> = {},
): FaultlineFetch => {
  return fetchWith(new Engine(options));
};

/** The drop-in fetch over an existing engine (so a client and its `fetch` share auth state). */
export const fetchWith =
  <TCatalog extends AnyCatalog | undefined>(engine: Engine<TCatalog>): FaultlineFetch =>
  (input, init) => {
    let prepared: Prepared;
    try {
      prepared = engine.prepare(input, init);
    } catch (thrown) {
      return Promise.reject(fromUnknown(thrown));
    }
    return engine.execute<Response>(prepared, undefined);
  };
