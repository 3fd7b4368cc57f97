/**
 * The request engine shared by the Promise and Effect entry points: prepares a request once (URL,
 * method, headers, idempotency key), runs one attempt (timeout, abort, network failures, decoding
 * of error responses), refreshes auth on 401 (single-flight, for one origin), and runs the retry
 * loop of the Promise API on core's decision (`shouldRetry`). Every hook and every wait is raced
 * against the caller's abort and the total budget; with a `timeoutMs` or a `budgetMs` set, every
 * attempt is bounded too, so a request always settles.
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
  type RequestSnapshot,
  type RetryPolicy,
  requestSnapshot,
  shouldRetry,
  TimeoutError,
} from "@faultline/core";
import type { AuthRefresh, FetchInput, FetchOptions } from "../options";
import { AttemptSignal } from "./attempt";
import { type HeadersLike, HookHeaders, setAll, toHeaders } from "./headers";
import { abortedBy, budgetSpent, isRaceLoss, isThenable, wait, within } from "./signals";

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
  /** The caller's init without `headers`, `signal` and `method` (undefined when nothing is left). */
  readonly init: RequestInit | undefined;
  /**
   * Defaults, the request's own headers and the idempotency key; undefined when there are none
   * (fetch then gets no `headers`, as a bare `fetch(url)` call would).
   */
  readonly headers: Headers | undefined;
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
  deadline: number;
  /** Epoch ms from which time counts against the budget (for the retry policy's `elapsedMs`). */
  budgetStart: number;
  /**
   * The budget bounds retrying only, and the first attempt is still running: it ends no fetch, and
   * starts counting when that attempt ends (see `startBudget`). The default budget of the Promise
   * API; a budget set in the options bounds the whole request.
   */
  deferred: boolean;
}

const ABSOLUTE = /^[a-z][a-z\d+\-.]*:/i;

const joinUrl = (base: string, path: string): string => {
  if (path === "") return base;
  const b = base.endsWith("/") ? base.slice(0, -1) : base;
  return path.startsWith("/") || path.startsWith("?") || path.startsWith("#")
    ? `${b}${path}`
    : `${b}/${path}`;
};

/** Whether an object has no enumerable keys (without building the list of them). */
const isEmpty = (o: object): boolean => {
  for (const _ in o) return false;
  return true;
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
  request: { readonly method: string; readonly url: string; readonly headers: Headers | undefined },
): ApiError => {
  const ms = Math.max(0, Math.round(elapsedMs));
  const snapshot = error.request ?? requestSnapshot(request);
  if (!fresh.delete(error)) return copyError(error, { attempts, elapsedMs: ms, request: snapshot });
  const target = error as Stampable;
  target.attempts = attempts;
  target.elapsedMs = ms;
  target.request = snapshot;
  return error;
};

/** The fields `stamp` sets in place (readonly to everyone else). */
interface Stampable {
  attempts: number | undefined;
  elapsedMs: number | undefined;
  request: RequestSnapshot | undefined;
}

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
  /** Whether the options set a budget: only then does it bound a first attempt (see `#send`). */
  readonly budgetSet: boolean;
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
    const timeout = options.timeoutMs;
    this.timeoutMs = typeof timeout === "number" && timeout > 0 ? timeout : 0;
    this.budgetSet = this.policy.budgetMs !== undefined;
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
    const rawMethod = init?.method ?? (isRequest ? input.method : "GET");
    const method = rawMethod === "GET" ? rawMethod : rawMethod.toUpperCase();
    const headers = this.#headersFor(isRequest ? input.headers : undefined, init?.headers, method);
    let rest: RequestInit | undefined;
    let body: unknown = isRequest ? input.body : null;
    if (init !== undefined) {
      const { headers: _h, signal: _s, method: _m, ...others } = init;
      if (!isEmpty(others)) rest = others;
      if (init.body !== undefined && init.body !== null) body = init.body;
    }
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

  /**
   * A request's headers: the defaults, the `Request`'s, the init's and the idempotency key, in that
   * order; undefined when there are none at all.
   */
  #headersFor(
    fromRequest: Headers | undefined,
    fromInit: RequestInit["headers"] | undefined,
    method: string,
  ): Headers | undefined {
    const key =
      this.#keyFactory !== undefined && (method === "POST" || method === "PATCH")
        ? this.#keyFactory
        : undefined;
    if (
      this.#defaults === undefined &&
      fromRequest === undefined &&
      fromInit === undefined &&
      key === undefined
    )
      return undefined;
    const headers = new Headers(this.#defaults);
    if (fromRequest !== undefined) setAll(headers, fromRequest, "The Request's headers");
    if (fromInit !== undefined) setAll(headers, fromInit as HeadersLike, "The request's headers");
    if (key !== undefined && !headers.has("idempotency-key"))
      setAll(headers, { "idempotency-key": key() }, "The idempotency key");
    return headers;
  }

  /** The retry options for a prepared request. */
  retryPolicy(prepared: Prepared): RetryPolicy {
    return prepared.replayable ? this.policy : { ...this.policy, attempts: 1 };
  }

  /**
   * The limits of a request starting now. `bounded`: the budget bounds the first attempt too (a
   * budget set in the options, or a client whose attempts carry a signal anyway).
   */
  flight(signal: AbortSignal | undefined, bounded = this.budgetSet): Flight {
    const now = this.now();
    return { signal, deadline: now + this.budgetMs, budgetStart: now, deferred: !bounded };
  }

  /** A deferred budget starts counting now, when the first attempt has ended. */
  startBudget(flight: Flight): void {
    if (flight.deferred) {
      flight.deferred = false;
      flight.budgetStart = this.now();
      flight.deadline = flight.budgetStart + this.budgetMs;
    }
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
    const flight = this.flight(prepared.signal);
    const start = flight.budgetStart;
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
      this.startBudget(flight);
      const decision = shouldRetry(
        error,
        {
          attempt,
          elapsedMs: this.now() - flight.budgetStart,
          method: prepared.method,
          headers: prepared.headers,
        },
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
      this.startBudget(flight);
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
    let headers = prepared.headers;
    const beforeRequest = this.options.hooks?.beforeRequest;
    if (beforeRequest !== undefined || this.#authHeaders !== undefined) {
      headers = this.#attemptHeaders(prepared, headers, beforeRequest !== undefined);
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
    if (remaining <= 0) throw own(budgetSpent("before this attempt"));
    // The default budget bounds retrying (later attempts, the replay after an auth refresh, waits and
    // hooks) and starts when the first attempt ends; a first attempt is ended only by a timeout, a
    // budget the options set, or the caller's signal. So with the defaults a request that succeeds
    // at once carries no signal and no timer: it costs what a bare fetch costs.
    const bound = flight.deferred ? Number.POSITIVE_INFINITY : remaining;
    const limit = this.timeoutMs > 0 && this.timeoutMs < bound ? this.timeoutMs : bound;
    const input = prepared.input;
    // A Request with a body is sent as a clone so the original stays readable for a retry.
    const sent = typeof input === "string" || input.body === null ? input : input.clone();
    // A string URL sent with GET needs no method, as in a bare `fetch(url)`.
    const init: RequestInit = prepared.init === undefined ? {} : { ...prepared.init };
    if (prepared.method !== "GET" || typeof input !== "string") init.method = prepared.method;
    if (headers !== undefined) init.headers = headers;
    // A signal of our own only when something can end the attempt: a timeout, the budget or the
    // caller's signal (linked, never handed to fetch itself, so nothing stays on it afterwards).
    const signal =
      limit < Number.POSITIVE_INFINITY || caller !== undefined ? new AttemptSignal(limit, caller) : undefined;
    if (signal !== undefined) init.signal = signal.signal;
    let response: Response;
    try {
      response = await (this.options.fetch ?? globalThis.fetch)(sent, init);
    } catch (thrown) {
      signal?.clear();
      throw failure(thrown, signal, caller, "waiting for the response");
    }
    if (response.status < 400) {
      if (read === undefined) {
        signal?.clear();
        return response as A;
      }
      try {
        return await read(response);
      } catch (thrown) {
        throw failure(thrown, signal, caller, "reading the response body");
      } finally {
        signal?.clear();
      }
    }
    const decoded: ApiError = await decodeResponse(response, this.#decodeOptions);
    signal?.clear();
    // Our timeout or the caller's abort while the error body was read wins over the decoded error.
    throw own(failure(decoded, signal, caller, `reading the body of HTTP ${response.status}`));
  }

  /** This attempt's own copy of the headers, with the refreshed auth headers for the auth origin. */
  #attemptHeaders(prepared: Prepared, headers: Headers | undefined, forHook: boolean): Headers {
    const copy = forHook ? new HookHeaders(headers) : new Headers(headers);
    const auth = this.#authHeaders;
    if (auth !== undefined && prepared.origin === this.#authOrigin) {
      auth.forEach((value, name) => {
        copy.set(name, value);
      });
    }
    return copy;
  }
}

/** How `fromUnknown` reads a rejection of fetch: anything it does not recognise is `Network`. */
const TRANSPORT = { transport: true } as const;

/**
 * Why an attempt's fetch (or its body read) failed: our timeout, the caller's abort, our own error
 * (from a reader), else core's classification of what the runtime rejected with (a permanent
 * failure such as a redirect loop or an invalid URL is `Unexpected` and never retried; anything
 * else is `Network`).
 */
const failure = (
  thrown: unknown,
  signal: AttemptSignal | undefined,
  caller: AbortSignal | undefined,
  during: string,
): ApiError => {
  if (signal?.timedOut)
    return own(
      new TimeoutError({
        message: `Request timed out after ${Math.round(signal.ms)} ms ${during}`,
        cause: thrown,
      }),
    );
  if (caller?.aborted) return own(new AbortedError({ cause: caller.reason ?? thrown }));
  if (isApiError(thrown)) return thrown;
  return own(fromUnknown(thrown, TRANSPORT));
};
