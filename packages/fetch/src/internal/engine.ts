/**
 * The request engine shared by the Promise and Effect entry points: prepares a request once (URL,
 * method, headers, idempotency key), runs one attempt (timeout, abort, network failures, decoding
 * of error responses), refreshes auth on 401 (single-flight, for one origin), and runs the retry
 * loop of the Promise API on core's decision (`shouldRetry`). Every hook and every wait is raced
 * against the caller's abort and the total budget, so a request always settles.
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
  requestSnapshot,
  shouldRetry,
  TimeoutError,
} from "@faultline/core";
import type { AuthRefresh, FetchInput, FetchOptions } from "../options";
import { permanentFailure } from "./failure";
import { HookHeaders, setAll, toHeaders } from "./headers";
import { abortedBy, budgetSpent, isRaceLoss, isThenable, linkSignals, wait, within } from "./signals";
import { MAX_TIMER, schedule } from "./timer";

/** Reads a successful response inside the attempt (under its timeout). */
export type Reader<A> = (response: Response) => Promise<A>;

/** A request prepared once and sent on every attempt. */
export interface Prepared {
  readonly url: string;
  readonly method: string;
  /** The URL's origin, computed only when auth refresh is configured. */
  readonly origin: string | undefined;
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

/** One logical request's limits, shared by its attempts: the caller's signal and the budget's end. */
export interface Flight {
  /** The caller's signal (the fiber's for the Effect API). */
  readonly signal: AbortSignal | undefined;
  /** Epoch ms at which the total budget ends (`Infinity`: no budget). */
  readonly deadline: number;
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

/** The origin of a URL (relative ones against the page's location, where there is one). */
const originOf = (url: string | URL): string | undefined => {
  try {
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    return new URL(url, base).origin;
  } catch {
    return undefined;
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

/**
 * Errors this engine built during a request, which nobody else has seen yet: `attempts` and
 * `elapsedMs` are set on them in place instead of building the error a second time (and reading its
 * `stack`, which makes V8 format it). Errors from elsewhere (thrown by a hook) are copied.
 */
const fresh = new WeakSet<object>();

const own = <E extends ApiError>(error: E): E => {
  fresh.add(error);
  return error;
};

/**
 * `error` with `attempts`, `elapsedMs` and the redacted request snapshot set: in place when this
 * engine built it, else a copy by core's `copyError`.
 */
export const stamp = (
  error: ApiError,
  attempts: number,
  elapsedMs: number,
  request: { readonly method: string; readonly url: string; readonly headers: Headers },
): ApiError => {
  const patch = {
    attempts,
    elapsedMs: Math.max(0, Math.round(elapsedMs)),
    request: error.request ?? requestSnapshot(request),
  };
  if (!fresh.has(error)) return copyError(error, patch);
  fresh.delete(error);
  Object.assign(error as object, patch);
  return error;
};

/** Anything thrown as our error, marked fresh when it was converted here. */
const convert = (thrown: unknown): ApiError => (isApiError(thrown) ? thrown : own(fromUnknown(thrown)));

const isUnauthorized = (error: ApiError): boolean => error.status === 401;

const withCause = (error: ApiError, cause: unknown): ApiError =>
  error._tag === "Unauthorized" ? copyError(error, { retryable: false, cause }) : error;

/** The engine behind `createFetch`, `createClient` and the Effect API. */
export class Engine<TCatalog extends AnyCatalog | undefined> {
  readonly options: FetchOptions<TCatalog>;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly budgetMs: number;
  readonly now: () => number;
  readonly #base: string | undefined;
  readonly #defaults: Headers | undefined;
  readonly #defaultsError: ApiError | undefined;
  readonly #keyFactory: (() => string) | undefined;
  readonly #decodeOptions: { catalog?: TCatalog; maxBodyBytes?: number };
  /** The one origin auth refresh serves (`auth.origin`, else the base URL's, else the page's, else the first that refreshes). */
  #authOrigin: string | undefined;
  /** Headers returned by the last auth refresh; sent to `#authOrigin` only. */
  #authHeaders: Headers | undefined;
  /** Incremented by every successful refresh. */
  #authGeneration = 0;
  #refreshing: Promise<void> | undefined;

  constructor(options: FetchOptions<TCatalog>) {
    this.options = options;
    this.policy = options.retry === false ? { attempts: 1 } : (options.retry ?? {});
    const timeout = options.timeoutMs ?? 10_000;
    this.timeoutMs = typeof timeout === "number" && timeout > 0 ? timeout : 0;
    const budget = this.policy.budgetMs ?? 60_000;
    this.budgetMs = typeof budget === "number" && !Number.isNaN(budget) ? Math.max(0, budget) : 60_000;
    this.now = this.policy.now ?? Date.now;
    this.#base = options.baseUrl === undefined ? undefined : String(options.baseUrl);
    let defaults: Headers | undefined;
    let defaultsError: ApiError | undefined;
    if (options.headers !== undefined) {
      try {
        defaults = toHeaders(options.headers, "The client's default headers");
      } catch (error) {
        defaultsError = convert(error);
      }
    }
    this.#defaults = defaults;
    this.#defaultsError = defaultsError;
    this.#keyFactory =
      options.idempotencyKey === true
        ? createIdempotencyKey
        : typeof options.idempotencyKey === "function"
          ? options.idempotencyKey
          : undefined;
    this.#decodeOptions = {
      ...(options.catalog !== undefined ? { catalog: options.catalog } : {}),
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    };
    const auth = options.auth;
    if (auth !== undefined) {
      const scope =
        auth.origin ?? this.#base ?? (globalThis as { location?: { href?: string } }).location?.href;
      this.#authOrigin = scope === undefined ? undefined : originOf(scope);
    }
  }

  /** Resolves URL, method and headers once per logical request. Throws our error for bad input. */
  prepare(input: FetchInput, init: RequestInit | undefined): Prepared {
    if (this.#defaultsError !== undefined) throw this.#defaultsError;
    const isRequest = typeof Request !== "undefined" && input instanceof Request;
    let url: string;
    if (isRequest) url = input.url;
    else {
      const text = typeof input === "string" ? input : String(input);
      url = this.#base !== undefined && !ABSOLUTE.test(text) ? joinUrl(this.#base, text) : text;
    }
    const method = (init?.method ?? (isRequest ? input.method : "GET")).toUpperCase();
    const headers = new Headers(this.#defaults);
    if (isRequest) setAll(headers, input.headers, "The Request's headers");
    if (init?.headers !== undefined) setAll(headers, init.headers, "The request's headers");
    if (
      this.#keyFactory !== undefined &&
      (method === "POST" || method === "PATCH") &&
      !headers.has("idempotency-key")
    ) {
      setAll(headers, { "idempotency-key": this.#keyFactory() }, "The idempotency key");
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
      origin: this.options.auth === undefined ? undefined : originOf(url),
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

  /** The limits of a request starting now. */
  flight(signal: AbortSignal | undefined): Flight {
    return {
      signal,
      deadline: this.budgetMs === Number.POSITIVE_INFINITY ? this.budgetMs : this.now() + this.budgetMs,
    };
  }

  /**
   * Settles with `work`, or rejects at the caller's abort (`Aborted`) or the budget's end (`Timeout`);
   * with `timed`, also when the per-attempt timeout runs out first (a hook inside an attempt).
   */
  within<T>(work: PromiseLike<T>, flight: Flight, during: string, timed = false): Promise<T> {
    const budgetEnd = flight.deadline;
    if (!timed || this.timeoutMs === 0) {
      return within(work, flight.signal, budgetEnd, this.now, () => budgetSpent(during));
    }
    const timeoutEnd = this.now() + this.timeoutMs;
    if (budgetEnd <= timeoutEnd)
      return within(work, flight.signal, budgetEnd, this.now, () => budgetSpent(during));
    const ms = this.timeoutMs;
    return within(
      work,
      flight.signal,
      timeoutEnd,
      this.now,
      () => new TimeoutError({ message: `Request timed out after ${ms} ms ${during}` }),
    );
  }

  /**
   * Runs a request under the retry policy (the Promise API): attempts, core's `shouldRetry`
   * decision, the `beforeRetry` hook and the waits, all bounded by the caller's abort and the
   * budget. Rejects with our error only, `attempts` and `elapsedMs` set; calls `onError` once.
   */
  async execute<A>(prepared: Prepared, read: Reader<A> | undefined): Promise<A> {
    const start = this.now();
    const flight = this.flight(prepared.signal);
    const policy = this.retryPolicy(prepared);
    const limit = policy.attempts;
    const retries = limit === undefined || Number.isNaN(limit) || Math.floor(limit) > 1;
    const beforeRetry = this.options.hooks?.beforeRetry;
    let attempt = 0;
    let error: ApiError;
    for (;;) {
      attempt++;
      try {
        return await this.attempt(prepared, attempt, flight, read);
      } catch (thrown) {
        error = convert(thrown);
      }
      if (flight.signal?.aborted && error._tag !== "Aborted") error = own(abortedBy(flight.signal));
      if (!retries) break;
      const decision = shouldRetry(
        error,
        { attempt, elapsedMs: this.now() - start, method: prepared.method, headers: prepared.headers },
        policy,
      );
      if (!decision.retry) break;
      try {
        if (beforeRetry !== undefined) {
          const pending = beforeRetry({
            url: prepared.url,
            method: prepared.method,
            error,
            attempt,
            delayMs: decision.delayMs,
          });
          if (isThenable(pending)) await this.within(pending, flight, "in the beforeRetry hook");
        }
        await wait(decision.delayMs, flight.signal);
      } catch (thrown) {
        error = isRaceLoss(thrown) ? own(thrown as ApiError) : convert(thrown);
        break;
      }
    }
    const final = stamp(error, attempt, this.now() - start, prepared);
    const onError = this.options.hooks?.onError;
    if (onError !== undefined) {
      try {
        onError(final as never, { url: prepared.url, method: prepared.method });
      } catch {
        // A failing observer must not replace the request's error.
      }
    }
    throw final;
  }

  /**
   * One attempt, with one auth refresh and a second try on 401 (for the auth origin only). Rejects
   * with our error only.
   */
  attempt<A>(prepared: Prepared, attempt: number, flight: Flight, read: Reader<A> | undefined): Promise<A> {
    const auth = this.options.auth;
    return auth === undefined
      ? this.#send(prepared, attempt, flight, read)
      : this.#withAuth(auth, prepared, attempt, flight, read);
  }

  async #withAuth<A>(
    auth: AuthRefresh,
    prepared: Prepared,
    attempt: number,
    flight: Flight,
    read: Reader<A> | undefined,
  ): Promise<A> {
    const generation = this.#authGeneration;
    try {
      return await this.#send(prepared, attempt, flight, read);
    } catch (error) {
      const wantsRefresh = auth.shouldRefresh ?? isUnauthorized;
      if (prepared.refreshed || !isApiError(error) || !wantsRefresh(error)) throw error;
      // The first origin to ask binds auth when nothing else (auth.origin, baseUrl, location) did.
      if (this.#authOrigin === undefined) this.#authOrigin = prepared.origin;
      if (prepared.origin === undefined || prepared.origin !== this.#authOrigin) throw error;
      prepared.refreshed = true;
      try {
        await this.within(this.#refresh(generation), flight, "waiting for the auth refresh", true);
      } catch (cause) {
        if (isRaceLoss(cause)) throw own(cause as ApiError);
        throw own(withCause(error, cause));
      }
      return this.#send(prepared, attempt, flight, read);
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
            this.#authHeaders = toHeaders(headers, "The headers returned by auth.refresh");
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
    flight: Flight,
    read: Reader<A> | undefined,
  ): Promise<A> {
    const caller = flight.signal;
    if (caller?.aborted) throw own(abortedBy(caller));
    const beforeRequest = this.options.hooks?.beforeRequest;
    const authHeaders =
      this.#authHeaders !== undefined && prepared.origin === this.#authOrigin ? this.#authHeaders : undefined;
    let headers = prepared.headers;
    if (authHeaders !== undefined || beforeRequest !== undefined) {
      headers = beforeRequest !== undefined ? new HookHeaders(headers) : new Headers(headers);
      if (authHeaders !== undefined) {
        const target = headers;
        authHeaders.forEach((value, name) => {
          target.set(name, value);
        });
      }
      if (beforeRequest !== undefined) {
        let pending: void | Promise<void>;
        try {
          pending = beforeRequest({ url: prepared.url, method: prepared.method, headers, attempt });
        } catch (thrown) {
          throw convert(thrown);
        }
        if (isThenable(pending)) {
          try {
            await this.within(pending, flight, "in the beforeRequest hook", true);
          } catch (thrown) {
            throw isRaceLoss(thrown) ? own(thrown as ApiError) : convert(thrown);
          }
        }
      }
    }
    const remaining = flight.deadline - this.now();
    const limit = this.timeoutMs > 0 ? Math.min(this.timeoutMs, remaining) : remaining;
    if (limit <= 0) throw own(budgetSpent("before this attempt"));
    // No timer and no signal of our own when nothing can time out (timeoutMs: 0 and no budget).
    const timer = limit < Number.POSITIVE_INFINITY ? new AttemptTimer(limit, caller) : undefined;
    const signal = timer === undefined ? caller : timer.signal;
    const settle = (): void => timer?.clear();
    const failure = (thrown: unknown, during: string): ApiError => {
      if (timer?.timedOut)
        return own(
          new TimeoutError({
            message: `Request timed out after ${Math.round(limit)} ms ${during}`,
            cause: thrown,
          }),
        );
      if (caller?.aborted) return own(new AbortedError({ cause: caller.reason ?? thrown }));
      if (isApiError(thrown)) return thrown;
      return own(permanentFailure(thrown) ?? new NetworkError({ cause: thrown }));
    };
    let response: Response;
    try {
      const impl = this.options.fetch ?? globalThis.fetch;
      // A Request with a body is sent as a clone so the original stays readable for a retry.
      const input = prepared.input;
      const sent = typeof input !== "string" && input.body !== null ? input.clone() : input;
      const init: RequestInit = { ...prepared.init, method: prepared.method, headers };
      if (signal !== undefined) init.signal = signal;
      response = await impl(sent, init);
    } catch (thrown) {
      settle();
      throw failure(thrown, "waiting for the response");
    }
    if (response.status < 400) {
      if (read === undefined) {
        settle();
        return response as A;
      }
      try {
        return await read(response);
      } catch (thrown) {
        throw failure(thrown, "reading the response body");
      } finally {
        settle();
      }
    }
    const decoded = await decodeResponse(response, this.#decodeOptions);
    settle();
    if (timer?.timedOut) {
      throw own(
        new TimeoutError({
          message: `Request timed out after ${Math.round(limit)} ms reading the body of HTTP ${response.status}`,
          cause: decoded,
        }),
      );
    }
    if (caller?.aborted) throw own(new AbortedError({ cause: caller.reason }));
    throw own(decoded as ApiError);
  }
}

/**
 * An attempt's own abort: a controller that a timer aborts after `ms` (chunked past 2^31 - 1 ms),
 * linked with the caller's signal. One object, no closures on the hot path.
 */
class AttemptTimer {
  readonly ms: number;
  readonly controller = new AbortController();
  readonly signal: AbortSignal;
  timedOut = false;
  readonly #handle: ReturnType<typeof setTimeout> | undefined;
  readonly #cancel: (() => void) | undefined;
  readonly #unlink: () => void;

  constructor(ms: number, caller: AbortSignal | undefined) {
    this.ms = ms;
    if (ms <= MAX_TIMER) this.#handle = setTimeout(fire, ms, this);
    else this.#cancel = schedule(ms, () => fire(this));
    if (caller === undefined) {
      this.signal = this.controller.signal;
      this.#unlink = noop;
    } else {
      const linked = linkSignals(caller, this.controller.signal);
      this.signal = linked.signal;
      this.#unlink = linked.unlink;
    }
  }

  clear(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#cancel?.();
    this.#unlink();
  }
}

const fire = (timer: AttemptTimer): void => {
  timer.timedOut = true;
  timer.controller.abort(timeoutReason(Math.round(timer.ms)));
};

const noop = (): void => {};
