/**
 * Options of `createFetch` and `createClient`: base URL, default headers, catalog, timeouts, retry
 * policy, hooks, idempotency keys, auth refresh.
 *
 * @since 0.1.0
 */
import type { AnyCatalog, ApiError, Decoded, RetryPolicy } from "@faultline/core";

/**
 * The error a client built with catalog `TCatalog` rejects with: the union, with `code` typed by the
 * catalog (transport kinds included: `Network`, `Timeout`, `Aborted`, `Unexpected`).
 *
 * Use it to annotate `catch` blocks and handlers.
 *
 * @example
 * ```ts
 * import type { standardCatalog } from "@faultline/core";
 * import type { FetchError } from "@faultline/fetch";
 * const describe = (e: FetchError<typeof standardCatalog>) => (e.code === "RATE_LIMITED" ? "slow down" : e.message);
 * ```
 * @since 0.1.0
 */
export type FetchError<TCatalog extends AnyCatalog | undefined = undefined> = Decoded<TCatalog>;

/**
 * What a request may be sent to: a URL string, a `URL` or a `Request` (the DOM's `RequestInfo | URL`).
 * Declared from what the DOM lib and Node's globals share, so it resolves in a Node-only project too.
 *
 * @example
 * ```ts
 * import type { FetchInput } from "@faultline/fetch";
 * const inputs: FetchInput[] = ["/users/42", new URL("https://api.example.com/users/42")];
 * ```
 * @since 0.1.0
 */
export type FetchInput = string | URL | Request;

/**
 * Headers in every shape `new Headers(...)` takes: a `Headers`, a record, or name/value pairs (the
 * DOM's `HeadersInit`). Declared from the `Headers` constructor, so it resolves on the DOM lib and on
 * Node's globals alike.
 *
 * @example
 * ```ts
 * import type { FetchHeaders } from "@faultline/fetch";
 * const headers: FetchHeaders = { accept: "application/json", "x-trace-id": "t1" };
 * ```
 * @since 0.1.0
 */
export type FetchHeaders = NonNullable<ConstructorParameters<typeof Headers>[0]>;

/**
 * What the `beforeRequest` hook sees. `headers` is this attempt's own copy: set or delete headers
 * on it (an access token, a trace id). The hook runs before every attempt, including the one after
 * an auth refresh.
 *
 * @example
 * ```ts
 * import type { BeforeRequestContext } from "@faultline/fetch";
 * const addTrace = (ctx: BeforeRequestContext) => ctx.headers.set("x-trace-id", crypto.randomUUID());
 * ```
 * @since 0.1.0
 */
export interface BeforeRequestContext {
  /** The absolute URL (the base URL applied). */
  readonly url: string;
  /** Upper-case method. */
  readonly method: string;
  /** This attempt's headers; mutate them. */
  readonly headers: Headers;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/**
 * What the `beforeRetry` hook sees: the error that failed the previous attempt and the wait chosen
 * by core's retry policy (the server's hint, else backoff with jitter).
 *
 * @example
 * ```ts
 * import type { BeforeRetryContext } from "@faultline/fetch";
 * const log = (ctx: BeforeRetryContext) => console.warn(`retry #${ctx.attempt} in ${ctx.delayMs} ms`, ctx.error._tag);
 * ```
 * @since 0.1.0
 */
export interface BeforeRetryContext {
  readonly url: string;
  readonly method: string;
  /** The error of the attempt that just failed. */
  readonly error: ApiError;
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  /** Milliseconds the client waits before the next attempt. */
  readonly delayMs: number;
}

/**
 * What the `onError` hook sees: the final error (after retries) and the request.
 *
 * @example
 * ```ts
 * import type { ErrorContext } from "@faultline/fetch";
 * const report = (error: unknown, ctx: ErrorContext) => console.error(ctx.method, ctx.url, error);
 * ```
 * @since 0.1.0
 */
export interface ErrorContext {
  readonly url: string;
  readonly method: string;
}

/**
 * Lifecycle hooks. Hooks may be async; a hook that throws fails the request with `fromUnknown` of
 * what it threw. An async hook is raced against the caller's abort (the request rejects at once
 * with `Aborted`) and the total budget (`Timeout`), so a hook that never settles cannot hold a
 * request. A header value the runtime rejects, set in `beforeRequest`, fails the request with
 * `Unexpected` (the value is not quoted).
 *
 * @example
 * ```ts
 * import { createFetch } from "@faultline/fetch";
 * const api = createFetch({
 *   hooks: {
 *     beforeRequest: ({ headers }) => headers.set("authorization", `Bearer ${localStorage.token}`),
 *     beforeRetry: ({ error, delayMs }) => console.warn(error._tag, delayMs),
 *     onError: (error) => console.error(error),
 *   },
 * });
 * ```
 * @since 0.1.0
 */
export interface Hooks<TCatalog extends AnyCatalog | undefined = undefined> {
  /** Before every attempt (after the auth refresh too). */
  readonly beforeRequest?: (context: BeforeRequestContext) => void | Promise<void>;
  /** Before each retry, after the policy chose the wait. */
  readonly beforeRetry?: (context: BeforeRetryContext) => void | Promise<void>;
  /** Once per failed request, with the error it rejects with. */
  readonly onError?: (error: FetchError<TCatalog>, context: ErrorContext) => void;
}

/**
 * Auth refresh: on a 401 the client calls `refresh` once for all requests that failed at the same
 * time (single-flight), then retries each of them once. A second 401 surfaces. The headers `refresh`
 * returns (if any) are set on every later request to the auth origin; or update your token store and
 * read it in `beforeRequest`.
 *
 * Auth serves one origin: `origin`, else the `baseUrl`'s, else the page's (`location`), else the
 * origin of the first request that asks for a refresh. A 401 from any other origin surfaces without
 * a refresh, and refreshed headers are never sent to another origin. The refresh is raced against
 * the caller's abort and the total budget.
 *
 * @example
 * ```ts
 * import type { AuthRefresh } from "@faultline/fetch";
 * const auth: AuthRefresh = {
 *   refresh: async () => {
 *     const { token } = await fetch("/auth/refresh", { method: "POST" }).then((r) => r.json());
 *     return { authorization: `Bearer ${token}` };
 *   },
 * };
 * ```
 * @since 0.1.0
 */
export interface AuthRefresh {
  /** Gets fresh credentials. Its rejection fails every waiting request with their 401 (cause: the rejection). */
  readonly refresh: () => Promise<void | FetchHeaders>;
  /** Which errors call for a refresh (default: status 401). */
  readonly shouldRefresh?: (error: ApiError) => boolean;
  /** The origin whose credentials `refresh` renews (default: the `baseUrl`'s origin). */
  readonly origin?: string | URL;
}

/**
 * Options of {@link createFetch}.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@faultline/core";
 * import { createFetch, type FetchOptions } from "@faultline/fetch";
 * const options: FetchOptions<typeof standardCatalog> = {
 *   baseUrl: "https://api.example.com/v1",
 *   headers: { accept: "application/json" },
 *   catalog: standardCatalog,
 *   timeoutMs: 5_000,
 *   retry: { attempts: 4, budgetMs: 20_000 },
 *   idempotencyKey: true,
 * };
 * const api = createFetch(options);
 * ```
 * @since 0.1.0
 */
export interface FetchOptions<TCatalog extends AnyCatalog | undefined = undefined> {
  /** Prefix for relative string URLs: `"https://api.example.com/v1"` + `"/users"`. Absolute URLs and `Request`s are left alone. */
  readonly baseUrl?: string | URL;
  /** Headers on every request; the request's own headers win. */
  readonly headers?: FetchHeaders;
  /** Types `code` by the API's catalog and applies its per-code retry overrides. */
  readonly catalog?: TCatalog;
  /**
   * Per-attempt timeout in ms, until the response headers (and the whole error body). Unset or `0`:
   * none, as with fetch itself (so a request costs no signal and no timer); set one in production.
   * Any length works: timers above 2^31 - 1 ms are chunked, never fired early.
   */
  readonly timeoutMs?: number;
  /** Error body bytes read at most (default 1 MiB); the rest is cancelled. */
  readonly maxBodyBytes?: number;
  /**
   * Core's retry policy (attempts, total `budgetMs`, backoff, caps, `retryTimeouts`, methods), or
   * `false` for a single attempt. No retry starts, waits or runs past the total budget; a first
   * attempt is bounded by it only when `budgetMs` is set here.
   */
  readonly retry?: RetryPolicy | false;
  /**
   * Adds an `Idempotency-Key` header to POST and PATCH requests that lack one (the same key on every
   * attempt), which makes them retryable. `true` uses core's `createIdempotencyKey`.
   */
  readonly idempotencyKey?: boolean | (() => string);
  readonly hooks?: Hooks<TCatalog>;
  readonly auth?: AuthRefresh;
  /** The fetch to wrap (default: `globalThis.fetch`, looked up at call time). */
  readonly fetch?: (input: FetchInput, init?: RequestInit) => Promise<Response>;
}
