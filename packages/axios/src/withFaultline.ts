/**
 * `withFaultline`: installs a request and a response interceptor on an axios instance made by the
 * user's own copy of axios. Every rejection through it becomes an error of core's union; retries
 * follow core's `shouldRetry`; a 401 triggers one auth refresh per origin for all concurrent
 * requests.
 *
 * @since 0.1.0
 */
import {
  AbortedError,
  type AnyCatalog,
  type ApiError,
  createIdempotencyKey,
  isApiError,
  type RetryPolicy,
  retryWait,
  shouldRetry,
  TimeoutError,
  withAttempts,
} from "@faultline/core";
import type { AxiosInstance, InternalAxiosRequestConfig } from "axios";
import { decodeAxiosError, fromAxiosError } from "./fromAxiosError";
import { isUnreadBody } from "./internal/body";
import { summarize } from "./internal/summary";
import type { AxiosFaultlineError, FaultlineOptions } from "./options";

/** The config key holding the per-request state (kept by axios's `mergeConfig` on re-requests). */
const STATE = "__faultline";

/** The longest a timer can wait (setTimeout overflows above 2^31 - 1 ms and fires at once). */
const MAX_TIMER = 2_147_483_647;

/** What axios accepts as `signal`: an `AbortSignal` or anything shaped like one. */
interface SignalLike {
  readonly aborted?: boolean;
  readonly reason?: unknown;
  addEventListener?: (type: "abort", listener: () => void, options?: { once?: boolean }) => void;
  removeEventListener?: (type: "abort", listener: () => void) => void;
}

/** What axios accepts as `cancelToken` (only what we use of it). */
interface TokenLike {
  readonly reason?: unknown;
  subscribe?: (listener: (reason: unknown) => void) => void;
  unsubscribe?: (listener: (reason: unknown) => void) => void;
}

/**
 * One attempt's hard wall-clock bound by the budget: a signal handed to axios in place of the
 * caller's, aborted when the budget runs out (`expired`) or when the caller's signal aborts. axios's
 * own `timeout` only bounds idle time in its Node adapter, so a server that drips bytes never trips
 * it; this does. The timer is unref'd, and the timer and the listeners on the caller's signal and
 * `CancelToken` are removed as soon as the attempt settles, the budget fires or the caller cancels
 * (axios's rejection for a cancelled token carries no config, so it may never reach us with one).
 */
class AttemptBudget {
  readonly controller = new AbortController();
  /** True when the budget ran out (not the caller's abort). */
  expired = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #caller: SignalLike | undefined;
  #token: TokenLike | undefined;
  readonly #deadline: number;
  readonly #now: () => number;
  constructor(deadline: number, now: () => number, caller: SignalLike | undefined, token: unknown) {
    this.#deadline = deadline;
    this.#now = now;
    if (caller?.aborted === true) {
      this.controller.abort(caller.reason);
      return;
    }
    const cancelToken = typeof token === "object" && token !== null ? (token as TokenLike) : undefined;
    // A token cancelled already: axios rejects before sending; nothing to arm.
    if (cancelToken?.reason !== undefined && cancelToken.reason !== null) return;
    this.#caller = caller;
    caller?.addEventListener?.("abort", this.#onCaller, { once: true });
    this.#token = cancelToken;
    cancelToken?.subscribe?.(this.#onToken);
    this.#arm();
  }
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  /** Takes the timer and the listeners on the caller's signal and token off; idempotent. */
  release(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#caller?.removeEventListener?.("abort", this.#onCaller);
    this.#caller = undefined;
    this.#token?.unsubscribe?.(this.#onToken);
    this.#token = undefined;
  }
  /** The caller cancelled through the token: axios reports it; only our timer and listeners go. */
  readonly #onToken = (): void => {
    this.release();
  };
  readonly #arm = (): void => {
    this.#timer = undefined;
    if (this.controller.signal.aborted) return;
    const remaining = this.#deadline - this.#now();
    if (!(remaining > 0)) {
      this.expired = true;
      this.release();
      this.controller.abort(budgetReason());
      return;
    }
    const timer = setTimeout(this.#arm, Math.min(Math.ceil(remaining), MAX_TIMER));
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  };
  readonly #onCaller = (): void => {
    const reason = this.#caller?.reason;
    this.release();
    this.controller.abort(reason);
  };
}

/** The abort reason for a spent budget (as `AbortSignal.timeout` uses). */
const budgetReason = (): unknown => {
  const message = "The request's time budget ran out";
  try {
    return new DOMException(message, "TimeoutError");
  } catch {
    return new Error(message);
  }
};

/** Per logical request: attempts, start time, auth retry flag. Serializes to nothing. */
class RequestState {
  attempt = 0;
  /** False for the re-request after an auth refresh, which is not counted as an attempt. */
  countNext = true;
  refreshed = false;
  generation = 0;
  /** The current attempt's budget signal, when `budgetMs` is set. */
  budget: AttemptBudget | undefined;
  readonly start: number;
  readonly userTimeout: number;
  /** The caller's own `signal` (`config.signal` holds the attempt's budget signal when there is one). */
  readonly callerSignal: SignalLike | undefined;
  constructor(start: number, userTimeout: unknown, callerSignal: unknown) {
    this.start = start;
    this.userTimeout = typeof userTimeout === "number" && userTimeout > 0 ? userTimeout : 0;
    this.callerSignal =
      typeof callerSignal === "object" && callerSignal !== null ? (callerSignal as SignalLike) : undefined;
  }
  toJSON(): undefined {
    return undefined;
  }
}

type Config = InternalAxiosRequestConfig & { [STATE]?: RequestState };

/**
 * What {@link withFaultline} adds to the instance's type: a guard that narrows a caught value to
 * the instance's error type, with `code` typed by the catalog.
 *
 * @example
 * ```ts
 * import axios from "axios";
 * import { standardCatalog } from "@faultline/core";
 * import { withFaultline } from "@faultline/axios";
 * const api = withFaultline(axios.create(), { catalog: standardCatalog });
 * try {
 *   await api.get("/users/42");
 * } catch (error) {
 *   if (api.isFaultlineError(error) && error.code === "RATE_LIMITED") console.log(error.retryAfterMs);
 * }
 * ```
 * @since 0.1.0
 */
export interface FaultlineInstance<TCatalog extends AnyCatalog | undefined = undefined> {
  /** Whether `u` is an error of core's union (every rejection of this instance is). */
  readonly isFaultlineError: (u: unknown) => u is AxiosFaultlineError<TCatalog>;
}

const installed = new WeakMap<object, { request: number; response: number }>();

const read = (u: unknown, key: string): unknown => {
  try {
    return typeof u === "object" && u !== null ? (u as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
};

const isStreamBody = (data: unknown): boolean =>
  typeof data === "object" &&
  data !== null &&
  (typeof (data as { pipe?: unknown }).pipe === "function" ||
    typeof (data as { getReader?: unknown }).getReader === "function");

const originOf = (url: string): string => {
  try {
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    return new URL(url, base).origin;
  } catch {
    return "null";
  }
};

const headerRecord = (headers: unknown): Record<string, string> | undefined => {
  const toJSON = read(headers, "toJSON");
  if (typeof toJSON === "function") {
    try {
      return toJSON.call(headers) as Record<string, string>;
    } catch {
      return undefined;
    }
  }
  return typeof headers === "object" && headers !== null ? (headers as Record<string, string>) : undefined;
};

/** The caller's cancellation (an `AbortSignal` and/or a `CancelToken`) as one signal for the waits. */
const cancellationOf = (
  source: SignalLike | undefined,
  cancelToken: unknown,
): { signal: AbortSignal | undefined; release: () => void } => {
  const token = cancelToken as
    | {
        reason?: unknown;
        subscribe?: (listener: (reason: unknown) => void) => void;
        unsubscribe?: (listener: (reason: unknown) => void) => void;
      }
    | undefined;
  if (source === undefined && token === undefined) return { signal: undefined, release: noop };
  const controller = new AbortController();
  // The reason is summarized: a CanceledError carries the request's config and headers.
  const abort = (reason: unknown) => controller.abort(summarize(reason));
  const onSignal = () => abort(source?.reason);
  if (source?.aborted === true) abort(source.reason);
  else source?.addEventListener?.("abort", onSignal, { once: true });
  if (token?.reason !== undefined && token.reason !== null) abort(token.reason);
  else token?.subscribe?.(abort);
  return {
    signal: controller.signal,
    release: () => {
      source?.removeEventListener?.("abort", onSignal);
      token?.unsubscribe?.(abort);
    },
  };
};

const noop = (): void => {};

/**
 * Installs Faultline on an axios instance (one made with the user's own `axios.create()`, or the
 * default `axios` itself) and returns that same instance, typed with
 * {@link FaultlineInstance.isFaultlineError}. From then on every rejection of a request made through
 * it is an error of core's union, with `attempts` and `elapsedMs` set:
 *
 * - HTTP errors are decoded from the response whatever its `responseType` (streams and blobs are
 *   read up to `maxBodyBytes`); transport failures are classified as `Network`, `Timeout`,
 *   `Aborted` or `Unexpected` (see {@link fromAxiosError}).
 * - Failed requests are sent again as core's `shouldRetry` decides (the server's `Retry-After` and
 *   body hints, backoff with jitter, the hint cap, the attempt limit and budget, POST/PATCH only
 *   with an `Idempotency-Key`). The caller's `signal` or `cancelToken` cancels a pending wait at
 *   once. axios's own `timeout` applies to each attempt; with `budgetMs` set, a signal linked to
 *   the caller's ends any attempt still running when the budget runs out (`Timeout`).
 * - With `auth.refresh`, concurrent 401s from one origin share one refresh; each request is sent
 *   again once; the refreshed headers go to that origin only.
 *
 * The instance's interceptors, defaults and adapter stay as they are. Calling it again on the same
 * instance replaces the previous installation.
 *
 * @example
 * ```ts
 * import axios from "axios";
 * import { standardCatalog } from "@faultline/core";
 * import { withFaultline } from "@faultline/axios";
 *
 * const api = withFaultline(axios.create({ baseURL: "https://api.example.com/v1", timeout: 5_000 }), {
 *   catalog: standardCatalog,
 *   retry: { attempts: 4 },
 *   idempotencyKey: true,
 * });
 * try {
 *   const { data } = await api.get("/users/42");
 *   console.log(data);
 * } catch (error) {
 *   if (api.isFaultlineError(error)) console.log(error._tag, error.code, error.requestId, error.attempts);
 * }
 * ```
 * @since 0.1.0
 */
export const withFaultline = <
  TInstance extends AxiosInstance,
  TCatalog extends AnyCatalog | undefined = undefined,
>(
  instance: TInstance,
  options: FaultlineOptions<TCatalog> = {},
): TInstance & FaultlineInstance<TCatalog> => {
  const previous = installed.get(instance);
  if (previous !== undefined) {
    instance.interceptors.request.eject(previous.request);
    instance.interceptors.response.eject(previous.response);
  }
  const policy: RetryPolicy | undefined = options.retry === false ? undefined : (options.retry ?? {});
  const now = policy?.now ?? Date.now;
  // Only a budget the options set bounds each attempt (core's default budget bounds retrying only).
  const budgetMs =
    typeof policy?.budgetMs === "number" && Number.isFinite(policy.budgetMs)
      ? Math.max(0, policy.budgetMs)
      : undefined;
  const hooks = options.hooks;
  const auth = options.auth;
  const keyFactory =
    options.idempotencyKey === true
      ? createIdempotencyKey
      : typeof options.idempotencyKey === "function"
        ? options.idempotencyKey
        : undefined;
  const convertOptions = {
    ...(options.catalog !== undefined ? { catalog: options.catalog } : {}),
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
  };
  /** Headers returned by the last refresh, per origin. */
  const authHeaders = new Map<string, Readonly<Record<string, string>>>();
  /** Successful refreshes per origin. */
  const generations = new Map<string, number>();
  const refreshing = new Map<string, Promise<void>>();
  /** Errors thrown by our own request interceptor, and the config they belong to. */
  const failedIn = new WeakMap<object, Config>();

  const urlOf = (config: Config): string => {
    try {
      return instance.getUri(config);
    } catch {
      return String(config.url ?? "");
    }
  };
  const methodOf = (config: Config): string => (config.method ?? "get").toUpperCase();

  const prepare = (config: Config): RequestState => {
    let state = config[STATE];
    if (!(state instanceof RequestState)) {
      state = new RequestState(now(), config.timeout, config.signal);
      config[STATE] = state;
    }
    if (state.countNext) state.attempt++;
    state.countNext = true;
    const method = methodOf(config);
    if (keyFactory !== undefined && (method === "POST" || method === "PATCH")) {
      const headers = config.headers;
      if (!headers.has("idempotency-key") && !headers.has("x-idempotency-key"))
        headers.set("Idempotency-Key", keyFactory());
    }
    if (auth !== undefined) {
      const origin = originOf(urlOf(config));
      state.generation = generations.get(origin) ?? 0;
      const extra = authHeaders.get(origin);
      if (extra !== undefined) for (const name of Object.keys(extra)) config.headers.set(name, extra[name]);
    }
    if (budgetMs !== undefined) {
      // axios's `timeout` stays the caller's (an idle bound in the Node adapter); the budget is a
      // wall-clock bound on the attempt, through a signal linked to the caller's own.
      state.budget?.release();
      state.budget = new AttemptBudget(state.start + budgetMs, now, state.callerSignal, config.cancelToken);
      config.signal = state.budget.signal;
    }
    return state;
  };

  const beforeRequest = hooks?.beforeRequest;
  const onRequest =
    beforeRequest === undefined
      ? (config: Config): Config => {
          prepare(config);
          return config;
        }
      : async (config: Config): Promise<Config> => {
          const state = prepare(config);
          try {
            await beforeRequest({
              url: urlOf(config),
              method: methodOf(config),
              headers: config.headers,
              attempt: state.attempt,
              config,
            });
          } catch (thrown) {
            state.budget?.release();
            const error = fromAxiosError(thrown, convertOptions);
            failedIn.set(error, config);
            throw error;
          }
          return config;
        };

  /** Single-flight per origin: one refresh for every request that failed since the last one completed. */
  const refresh = (origin: string, generation: number, error: ApiError): Promise<void> => {
    if (generation !== (generations.get(origin) ?? 0)) return Promise.resolve();
    let pending = refreshing.get(origin);
    if (pending === undefined) {
      const run = auth?.refresh;
      pending = Promise.resolve()
        .then(() => run?.({ origin, error }))
        .then((headers) => {
          if (headers !== undefined && headers !== null) authHeaders.set(origin, { ...headers });
          generations.set(origin, (generations.get(origin) ?? 0) + 1);
        })
        .finally(() => {
          refreshing.delete(origin);
        });
      refreshing.set(origin, pending);
    }
    return pending;
  };

  const surface = (
    error: ApiError,
    state: RequestState | undefined,
    config: Config | undefined,
  ): ApiError => {
    // Without our state the request failed before reaching our interceptor: one attempt, not sent.
    const final =
      state === undefined
        ? withAttempts(error, 1, 0)
        : withAttempts(error, state.attempt, now() - state.start);
    if (hooks?.onError !== undefined) {
      try {
        hooks.onError(final as AxiosFaultlineError<TCatalog>, {
          url: config === undefined ? "" : urlOf(config),
          method: config === undefined ? "" : methodOf(config),
        });
      } catch {
        // A failing observer must not replace the request's error.
      }
    }
    return final;
  };

  const onRejected = async (thrown: unknown): Promise<unknown> => {
    const config =
      (typeof thrown === "object" && thrown !== null ? failedIn.get(thrown) : undefined) ??
      (read(thrown, "config") as Config | undefined);
    const state = config?.[STATE] instanceof RequestState ? config[STATE] : undefined;
    if (config === undefined || state === undefined) {
      if (isApiError(thrown) && thrown.attempts !== undefined) throw thrown;
      throw surface(await decodeAxiosError(thrown, convertOptions), undefined, config);
    }
    const attempt = state.budget;
    // The caller's cancellation (for the waits), and, with a budget, the attempt's (for the body).
    const { signal, release } = cancellationOf(state.callerSignal, config.cancelToken);
    const reading = attempt === undefined ? undefined : cancellationOf(attempt.signal, config.cancelToken);
    const readSignal = reading?.signal ?? signal;
    try {
      const data = read(read(thrown, "response"), "data");
      let error: ApiError;
      try {
        error = await decodeAxiosError(thrown, {
          ...convertOptions,
          bodyTimeoutMs: state.userTimeout > 0 ? state.userTimeout : 10_000,
          ...(readSignal !== undefined ? { signal: readSignal } : {}),
        });
      } finally {
        attempt?.release();
        reading?.release();
      }
      if (signal?.aborted) {
        if (error._tag !== "Aborted") error = new AbortedError({ cause: signal.reason });
      } else if (attempt?.expired === true && (error._tag === "Aborted" || isUnreadBody(data))) {
        // The budget ended the attempt (axios reports our signal as a cancellation): no attempt
        // and no wait fits any more.
        const status = read(read(thrown, "response"), "status");
        throw surface(
          new TimeoutError({
            message: `The request's time budget of ${budgetMs} ms ran out ${
              typeof status === "number" && status > 0
                ? `reading the body of HTTP ${status}`
                : `during attempt ${state.attempt}`
            }`,
            cause: summarize(thrown),
          }),
          state,
          config,
        );
      }
      const replayable = !isStreamBody(config.data);
      if (
        auth !== undefined &&
        replayable &&
        !state.refreshed &&
        error._tag !== "Aborted" &&
        (auth.shouldRefresh ?? isUnauthorized)(error)
      ) {
        state.refreshed = true;
        try {
          await refresh(originOf(urlOf(config)), state.generation, error);
        } catch (cause) {
          throw surface(withCause(error, summarize(cause)), state, config);
        }
        state.countNext = false;
        return instance.request(config);
      }
      if (policy !== undefined && replayable) {
        const decision = shouldRetry(
          error,
          {
            attempt: state.attempt,
            elapsedMs: now() - state.start,
            method: methodOf(config),
            headers: headerRecord(config.headers),
          },
          policy,
        );
        if (decision.retry) {
          try {
            await hooks?.beforeRetry?.({
              url: urlOf(config),
              method: methodOf(config),
              error,
              attempt: state.attempt,
              delayMs: decision.delayMs,
            });
            await retryWait(decision.delayMs, signal);
          } catch (waitFailure) {
            throw surface(fromAxiosError(waitFailure, convertOptions), state, config);
          }
          return instance.request(config);
        }
      }
      throw surface(error, state, config);
    } finally {
      release();
    }
  };

  const request = instance.interceptors.request.use(onRequest as never, undefined, {
    synchronous: beforeRequest === undefined,
  });
  // With a budget, a response that arrives ends its attempt's timer (a stream's reading is the
  // caller's, as with a bare axios call).
  const onFulfilled = (response: { config?: Config }): unknown => {
    const config = read(response, "config") as Config | undefined;
    const state = config?.[STATE];
    if (state instanceof RequestState) state.budget?.release();
    return response;
  };
  const response = instance.interceptors.response.use(
    (budgetMs !== undefined ? onFulfilled : undefined) as never,
    onRejected,
  );
  installed.set(instance, { request, response });
  if (!Object.hasOwn(instance, "isFaultlineError")) {
    Object.defineProperty(instance, "isFaultlineError", {
      value: (u: unknown): boolean => isApiError(u),
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  return instance as TInstance & FaultlineInstance<TCatalog>;
};

const isUnauthorized = (error: ApiError): boolean => error.status === 401;

/** The same error with `cause` replaced (a failed refresh explains the 401 that surfaces). */
const withCause = (error: ApiError, cause: unknown): ApiError => {
  try {
    Object.defineProperty(error, "cause", {
      value: cause,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  } catch {
    // A frozen error keeps its cause.
  }
  return error;
};
