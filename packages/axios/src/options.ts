/**
 * Options of `withFaultline` and `fromAxiosError`: catalog, retry policy, idempotency keys, hooks,
 * auth refresh, body cap.
 *
 * @since 0.1.0
 */
import type { AnyCatalog, ApiError, Decoded, RetryPolicy } from "@faultline/core";
import type { AxiosHeaders, InternalAxiosRequestConfig } from "axios";

/**
 * The error an axios instance wired with catalog `TCatalog` rejects with: the union, with `code`
 * typed by the catalog (transport kinds included: `Network`, `Timeout`, `Aborted`, `Unexpected`).
 *
 * Use it to annotate `catch` blocks and handlers.
 *
 * @example
 * ```ts
 * import type { standardCatalog } from "@faultline/core";
 * import type { AxiosFaultlineError } from "@faultline/axios";
 * const describe = (e: AxiosFaultlineError<typeof standardCatalog>) =>
 *   e.code === "RATE_LIMITED" ? "slow down" : e.message;
 * ```
 * @since 0.1.0
 */
export type AxiosFaultlineError<TCatalog extends AnyCatalog | undefined = undefined> = Decoded<TCatalog>;

/**
 * Options of {@link fromAxiosError} and {@link decodeAxiosError}.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@faultline/core";
 * import type { ConvertOptions } from "@faultline/axios";
 * const options: ConvertOptions<typeof standardCatalog> = { catalog: standardCatalog, maxBodyBytes: 64 * 1024 };
 * ```
 * @since 0.1.0
 */
export interface ConvertOptions<TCatalog extends AnyCatalog | undefined = undefined> {
  /** Types `code` by the API's catalog and applies its per-code retry overrides and details parsers. */
  readonly catalog?: TCatalog;
  /** Error body bytes read at most (default 1 MiB, as core's `decode`); a longer stream is destroyed. */
  readonly maxBodyBytes?: number;
}

/**
 * What the `beforeRequest` hook sees. `headers` is this attempt's `AxiosHeaders`: set or delete
 * headers on it (an access token, a trace id). The hook runs before every attempt, including the
 * one after an auth refresh.
 *
 * @example
 * ```ts
 * import type { BeforeRequestContext } from "@faultline/axios";
 * const addTrace = (ctx: BeforeRequestContext) => ctx.headers.set("x-trace-id", crypto.randomUUID());
 * ```
 * @since 0.1.0
 */
export interface BeforeRequestContext {
  /** The absolute URL (base URL and params applied), as `instance.getUri` builds it. */
  readonly url: string;
  /** Upper-case method. */
  readonly method: string;
  /** This attempt's headers; mutate them. */
  readonly headers: AxiosHeaders;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The request's config as axios hands it to interceptors. */
  readonly config: InternalAxiosRequestConfig;
}

/**
 * What the `beforeRetry` hook sees: the error that failed the previous attempt and the wait chosen
 * by core's retry policy (the server's hint, else backoff with jitter).
 *
 * @example
 * ```ts
 * import type { BeforeRetryContext } from "@faultline/axios";
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
  /** Milliseconds before the next attempt. */
  readonly delayMs: number;
}

/**
 * What the `onError` hook sees besides the error: the request.
 *
 * @example
 * ```ts
 * import type { ErrorContext } from "@faultline/axios";
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
 * what it threw (`onError` excepted: its failures are ignored).
 *
 * @example
 * ```ts
 * import axios from "axios";
 * import { withFaultline } from "@faultline/axios";
 * const api = withFaultline(axios.create(), {
 *   hooks: {
 *     beforeRequest: ({ headers }) => {
 *       headers.set("x-trace-id", crypto.randomUUID());
 *     },
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
  readonly onError?: (error: AxiosFaultlineError<TCatalog>, context: ErrorContext) => void;
}

/**
 * What `auth.refresh` receives: the origin whose request failed and its error.
 *
 * @example
 * ```ts
 * import type { RefreshContext } from "@faultline/axios";
 * const log = (ctx: RefreshContext) => console.info("refreshing credentials for", ctx.origin);
 * ```
 * @since 0.1.0
 */
export interface RefreshContext {
  /** `scheme://host[:port]` of the request that got the 401. */
  readonly origin: string;
  /** The 401 (or whatever `shouldRefresh` accepted). */
  readonly error: ApiError;
}

/**
 * Auth refresh: on a 401 the instance calls `refresh` once for all requests to the same origin that
 * failed at the same time (single-flight), then sends each of them again, once. A second 401
 * surfaces. The headers `refresh` returns (if any) are set on every later request **to that origin
 * only**; or update your token store and read it in a request interceptor or `beforeRequest`.
 *
 * @example
 * ```ts
 * import axios from "axios";
 * import type { AuthRefresh } from "@faultline/axios";
 * const auth: AuthRefresh = {
 *   refresh: async () => {
 *     const { data } = await axios.post<{ token: string }>("/auth/refresh");
 *     return { authorization: `Bearer ${data.token}` };
 *   },
 * };
 * ```
 * @since 0.1.0
 */
export interface AuthRefresh {
  /**
   * Gets fresh credentials. Its rejection fails every waiting request with their 401 (its `cause`: a
   * redacted summary of the rejection).
   */
  readonly refresh: (context: RefreshContext) => Promise<void | Readonly<Record<string, string>>>;
  /** Which errors call for a refresh (default: status 401). */
  readonly shouldRefresh?: (error: ApiError) => boolean;
}

/**
 * Options of {@link withFaultline}.
 *
 * @example
 * ```ts
 * import axios from "axios";
 * import { standardCatalog } from "@faultline/core";
 * import { withFaultline, type FaultlineOptions } from "@faultline/axios";
 * const options: FaultlineOptions<typeof standardCatalog> = {
 *   catalog: standardCatalog,
 *   retry: { attempts: 4, budgetMs: 20_000 },
 *   idempotencyKey: true,
 * };
 * const api = withFaultline(axios.create({ baseURL: "https://api.example.com/v1", timeout: 5_000 }), options);
 * ```
 * @since 0.1.0
 */
export interface FaultlineOptions<TCatalog extends AnyCatalog | undefined = undefined>
  extends ConvertOptions<TCatalog> {
  /**
   * Core's retry policy (attempts, total `budgetMs`, backoff, caps, `retryTimeouts`, methods), or
   * `false` for a single attempt. axios's own `timeout` bounds each attempt (in Node, idle time);
   * when `budgetMs` is set, no attempt runs past the budget either (a wall-clock bound, through an
   * `AbortSignal` linked to the caller's: a `Timeout` when it fires).
   */
  readonly retry?: RetryPolicy | false;
  /**
   * Adds an `Idempotency-Key` header to POST and PATCH requests that lack one (the same key on every
   * attempt), which makes them retryable. `true` uses core's `createIdempotencyKey`.
   */
  readonly idempotencyKey?: boolean | (() => string);
  readonly hooks?: Hooks<TCatalog>;
  readonly auth?: AuthRefresh;
}
