/**
 * The request engine shared by the Promise and Effect entry points: prepares a request once (URL,
 * method, headers, idempotency key), runs one attempt (timeout, abort, network failures, decoding
 * of error responses), and refreshes auth on 401 (single-flight). Retrying is core's job.
 */
import {
  AbortedError,
  type AnyCatalog,
  type ApiError,
  copyError,
  createIdempotencyKey,
  decodeResponse,
  fromUnknown,
  isApiError,
  NetworkError,
  type RetryPolicy,
  TimeoutError,
} from "@faultline/core";
import type { FetchOptions } from "../options";

/** Reads a successful response inside the attempt (under its timeout). */
export type Reader<A> = (response: Response) => Promise<A>;

/** A request prepared once and sent on every attempt. */
export interface Prepared {
  readonly url: string;
  readonly method: string;
  /** The input to fetch: the URL string, or the caller's `Request` (cloned per attempt when it has a body). */
  readonly input: string | Request;
  /** The caller's init without `headers` and `signal`. */
  readonly init: RequestInit | undefined;
  /** Defaults, the request's own headers and the idempotency key. */
  readonly headers: Headers;
  readonly signal: AbortSignal | undefined;
  /** False when the body cannot be sent twice (a stream). */
  readonly replayable: boolean;
  /** Set once a 401 led to a refresh for this request. */
  refreshed: boolean;
}

const ABSOLUTE = /^[a-z][a-z\d+\-.]*:/i;

const joinUrl = (base: string, path: string): string => {
  if (path === "") return base;
  const b = base.endsWith("/") ? base.slice(0, -1) : base;
  return path.startsWith("/") || path.startsWith("?") || path.startsWith("#")
    ? `${b}${path}`
    : `${b}/${path}`;
};

const isStream = (body: unknown): boolean =>
  typeof ReadableStream !== "undefined" && body instanceof ReadableStream;

const setAll = (target: Headers, source: HeadersInit | undefined): void => {
  if (source === undefined) return;
  if (source instanceof Headers) {
    source.forEach((value, name) => {
      target.set(name, value);
    });
  } else if (Array.isArray(source)) {
    // Pairs may repeat a name: the last one wins, as with `new Headers(pairs)` then `set`.
    const seen = new Headers(source);
    seen.forEach((value, name) => {
      target.set(name, value);
    });
  } else {
    for (const name in source) {
      const value = (source as Record<string, string>)[name];
      if (value !== undefined) target.set(name, value);
    }
  }
};

const timeoutReason = (ms: number): unknown => {
  const message = `The attempt timed out after ${ms} ms`;
  try {
    return new DOMException(message, "TimeoutError");
  } catch {
    return Object.assign(new Error(message), { name: "TimeoutError" });
  }
};

/** Links the caller's signal and the attempt's own controller into one signal for fetch. */
const linkSignals = (
  caller: AbortSignal | undefined,
  own: AbortSignal,
): { signal: AbortSignal; unlink: () => void } => {
  if (caller === undefined) return { signal: own, unlink: noop };
  const any = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (typeof any === "function") return { signal: any.call(AbortSignal, [caller, own]), unlink: noop };
  const controller = new AbortController();
  const forward = (source: AbortSignal) => () => controller.abort(source.reason);
  const onCaller = forward(caller);
  const onOwn = forward(own);
  caller.addEventListener("abort", onCaller, { once: true });
  own.addEventListener("abort", onOwn, { once: true });
  return {
    signal: controller.signal,
    unlink: () => {
      caller.removeEventListener("abort", onCaller);
      own.removeEventListener("abort", onOwn);
    },
  };
};

const noop = (): void => {};

/** The engine behind `createFetch`, `createClient` and the Effect API. */
export class Engine<TCatalog extends AnyCatalog | undefined> {
  readonly options: FetchOptions<TCatalog>;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly #base: string | undefined;
  readonly #defaults: Headers | undefined;
  readonly #keyFactory: (() => string) | undefined;
  /** Headers returned by the last auth refresh. */
  #authHeaders: Headers | undefined;
  /** Incremented by every successful refresh. */
  #authGeneration = 0;
  #refreshing: Promise<void> | undefined;

  constructor(options: FetchOptions<TCatalog>) {
    this.options = options;
    this.policy = options.retry === false ? { attempts: 1 } : (options.retry ?? {});
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = this.policy.now ?? Date.now;
    this.#base = options.baseUrl === undefined ? undefined : String(options.baseUrl);
    this.#defaults = options.headers === undefined ? undefined : new Headers(options.headers);
    this.#keyFactory =
      options.idempotencyKey === true
        ? createIdempotencyKey
        : typeof options.idempotencyKey === "function"
          ? options.idempotencyKey
          : undefined;
  }

  /** Resolves URL, method and headers once per logical request. */
  prepare(input: RequestInfo | URL, init: RequestInit | undefined): Prepared {
    const isRequest = typeof Request !== "undefined" && input instanceof Request;
    let url: string;
    if (isRequest) url = input.url;
    else {
      const text = typeof input === "string" ? input : String(input);
      url = this.#base !== undefined && !ABSOLUTE.test(text) ? joinUrl(this.#base, text) : text;
    }
    const method = (init?.method ?? (isRequest ? input.method : "GET")).toUpperCase();
    const headers = new Headers(this.#defaults);
    if (isRequest) setAll(headers, input.headers);
    if (init?.headers !== undefined) setAll(headers, init.headers);
    if (
      this.#keyFactory !== undefined &&
      (method === "POST" || method === "PATCH") &&
      !headers.has("idempotency-key")
    ) {
      headers.set("idempotency-key", this.#keyFactory());
    }
    let rest: RequestInit | undefined;
    if (init !== undefined) {
      const { headers: _h, signal: _s, ...others } = init;
      rest = others;
    }
    const body = init?.body ?? (isRequest ? input.body : null);
    return {
      url,
      method,
      input: isRequest ? input : url,
      init: rest,
      headers,
      signal: init?.signal ?? (isRequest ? input.signal : undefined) ?? undefined,
      replayable: !isStream(body) || (isRequest && init?.body === undefined),
      refreshed: false,
    };
  }

  /** The retry options for a prepared request. */
  retryPolicy(prepared: Prepared): RetryPolicy {
    return prepared.replayable ? this.policy : { ...this.policy, attempts: 1 };
  }

  /**
   * One attempt, with one auth refresh and a second try on 401. Rejects with our error only.
   * `deadline` is the epoch ms at which the total budget ends; `signal` is the caller's (the fiber's
   * for the Effect API).
   */
  async attempt<A>(
    prepared: Prepared,
    attempt: number,
    deadline: number,
    read: Reader<A> | undefined,
    signal: AbortSignal | undefined = prepared.signal,
  ): Promise<A> {
    const auth = this.options.auth;
    if (auth === undefined) return this.#send(prepared, attempt, deadline, read, signal);
    const generation = this.#authGeneration;
    try {
      return await this.#send(prepared, attempt, deadline, read, signal);
    } catch (error) {
      const wantsRefresh = auth.shouldRefresh ?? isUnauthorized;
      if (prepared.refreshed || !isApiError(error) || !wantsRefresh(error)) throw error;
      prepared.refreshed = true;
      try {
        await this.#refresh(generation);
      } catch (cause) {
        throw withCause(error, cause);
      }
      return this.#send(prepared, attempt, deadline, read, signal);
    }
  }

  /** Single-flight: one refresh for every request that failed since the last one completed. */
  #refresh(generation: number): Promise<void> {
    if (generation !== this.#authGeneration) return Promise.resolve();
    if (this.#refreshing === undefined) {
      const refresh = this.options.auth?.refresh;
      this.#refreshing = Promise.resolve()
        .then(() => refresh?.())
        .then((headers) => {
          if (headers !== undefined && headers !== null)
            this.#authHeaders = new Headers(headers as HeadersInit);
          this.#authGeneration++;
        })
        .finally(() => {
          this.#refreshing = undefined;
        });
    }
    return this.#refreshing;
  }

  async #send<A>(
    prepared: Prepared,
    attempt: number,
    deadline: number,
    read: Reader<A> | undefined,
    caller: AbortSignal | undefined,
  ): Promise<A> {
    if (caller?.aborted) throw new AbortedError({ cause: caller.reason });
    const hooks = this.options.hooks;
    let headers = prepared.headers;
    if (this.#authHeaders !== undefined || hooks?.beforeRequest !== undefined) {
      headers = new Headers(headers);
      if (this.#authHeaders !== undefined) setAll(headers, this.#authHeaders);
      if (hooks?.beforeRequest !== undefined) {
        try {
          await hooks.beforeRequest({ url: prepared.url, method: prepared.method, headers, attempt });
        } catch (thrown) {
          throw fromUnknown(thrown);
        }
      }
    }
    const remaining = deadline - this.now();
    const limit = this.timeoutMs > 0 ? Math.min(this.timeoutMs, remaining) : remaining;
    if (limit <= 0) {
      throw new TimeoutError({ message: "The request's time budget was spent before this attempt" });
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = Number.isFinite(limit)
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(timeoutReason(Math.round(limit)));
        }, limit)
      : undefined;
    const { signal, unlink } = linkSignals(caller, controller.signal);
    const failure = (thrown: unknown, during: string): ApiError => {
      if (timedOut)
        return new TimeoutError({
          message: `Request timed out after ${Math.round(limit)} ms ${during}`,
          cause: thrown,
        });
      if (caller?.aborted) return new AbortedError({ cause: caller.reason ?? thrown });
      if (isApiError(thrown)) return thrown;
      return new NetworkError({ cause: thrown });
    };
    let response: Response;
    try {
      const impl = this.options.fetch ?? globalThis.fetch;
      // A Request with a body is sent as a clone so the original stays readable for a retry.
      const input = prepared.input;
      const sent = typeof input !== "string" && input.body !== null ? input.clone() : input;
      response = await impl(sent, { ...prepared.init, method: prepared.method, headers, signal });
    } catch (thrown) {
      clearTimeout(timer);
      unlink();
      throw failure(thrown, "waiting for the response");
    }
    if (response.status < 400) {
      if (read === undefined) {
        clearTimeout(timer);
        return response as A;
      }
      try {
        return await read(response);
      } catch (thrown) {
        throw failure(thrown, "reading the response body");
      } finally {
        clearTimeout(timer);
        unlink();
      }
    }
    const decoded = await decodeResponse(response, {
      ...(this.options.catalog !== undefined ? { catalog: this.options.catalog } : {}),
      ...(this.options.maxBodyBytes !== undefined ? { maxBodyBytes: this.options.maxBodyBytes } : {}),
    });
    clearTimeout(timer);
    unlink();
    if (timedOut) {
      throw new TimeoutError({
        message: `Request timed out after ${Math.round(limit)} ms reading the body of HTTP ${response.status}`,
        cause: decoded,
      });
    }
    if (caller?.aborted) throw new AbortedError({ cause: caller.reason });
    throw decoded;
  }
}

const isUnauthorized = (error: ApiError): boolean => error.status === 401;

const withCause = (error: ApiError, cause: unknown): ApiError =>
  error._tag === "Unauthorized" ? copyError(error, { retryable: false, cause }) : error;
