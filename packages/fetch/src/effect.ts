/**
 * The Effect API of `@faultline/fetch`: requests as `Effect<A, FetchError>`, retried with core's
 * retry `Schedule`; interrupting the fiber aborts the request in flight.
 *
 * @since 0.1.0
 */
import { type AnyCatalog, type ApiError, fromUnknown } from "@faultline/core";
import { type RetryScheduleOutput, retrySchedule } from "@faultline/core/effect";
import * as Effect from "effect/Effect";
import * as Schedule from "effect/Schedule";
import type { RequestOptions } from "./createClient";
import { Engine, type Prepared, type Reader, stamp } from "./internal/engine";
import { jsonInit, readJson, withQuery } from "./internal/json";
import type { FetchError, FetchInput, FetchOptions } from "./options";

/**
 * The Effect client: every method returns an `Effect` that fails with {@link FetchError} of the
 * catalog. Nothing is sent until the effect runs; each run is a new request.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { createEffectClient, type EffectClient } from "@faultline/fetch/effect";
 * const client: EffectClient = createEffectClient({ baseUrl: "https://api.example.com" });
 * const user = client.get<{ id: number }>("/users/42");
 * ```
 * @since 0.1.0
 */
export interface EffectClient<TCatalog extends AnyCatalog | undefined = undefined> {
  /** Like `fetch`: succeeds with the `Response` (status < 400), fails with the typed error. */
  fetch(input: FetchInput, init?: RequestInit): Effect.Effect<Response, FetchError<TCatalog>>;
  /** Sends `body` as JSON (unless it is a `BodyInit`) and parses the JSON answer. */
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Effect.Effect<T, FetchError<TCatalog>>;
  get<T = unknown>(path: string, options?: RequestOptions): Effect.Effect<T, FetchError<TCatalog>>;
  delete<T = unknown>(path: string, options?: RequestOptions): Effect.Effect<T, FetchError<TCatalog>>;
  post<T = unknown>(
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Effect.Effect<T, FetchError<TCatalog>>;
  put<T = unknown>(
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Effect.Effect<T, FetchError<TCatalog>>;
  patch<T = unknown>(
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Effect.Effect<T, FetchError<TCatalog>>;
}

/**
 * Creates the Effect client with the same options as `createFetch` (base URL, headers, catalog,
 * timeouts, retry policy, idempotency keys, hooks, auth refresh). Retries run on core's
 * `retrySchedule` (Effect's `Clock`, so `TestClock` drives the waits); the error that surfaces
 * carries `attempts` and `elapsedMs`. Interrupting the fiber aborts the request in flight and any wait.
 *
 * Use it in Effect programs; handle failures with `Effect.catchTag` on the error kinds.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { standardCatalog } from "@faultline/core";
 * import { createEffectClient } from "@faultline/fetch/effect";
 *
 * const client = createEffectClient({ baseUrl: "https://api.example.com/v1", catalog: standardCatalog });
 * const program = client.get<{ name: string }>("/users/42").pipe(
 *   Effect.map((user) => user.name),
 *   Effect.catchTag("NotFound", () => Effect.succeed("nobody")),
 * );
 * const name = await Effect.runPromise(program);
 * ```
 * @since 0.1.0
 */
export const createEffectClient = <TCatalog extends AnyCatalog | undefined = undefined>(
  options: FetchOptions<TCatalog> = {},
): EffectClient<TCatalog> => {
  const engine = new Engine(options);
  const hooks = options.hooks;

  const send = <A>(
    prepare: () => Prepared,
    read: Reader<A> | undefined,
  ): Effect.Effect<A, FetchError<TCatalog>> =>
    Effect.suspend(() => {
      let prepared: Prepared;
      try {
        prepared = prepare();
      } catch (thrown) {
        return Effect.fail(fromUnknown(thrown) as FetchError<TCatalog>);
      }
      const policy = engine.retryPolicy(prepared);
      // The fiber's signal goes with every attempt anyway, so the budget bounds the first one too.
      const { deadline, budgetStart } = engine.flight(undefined, true);
      const limits = (signal: AbortSignal) => ({ signal, deadline, budgetStart, deferred: false });
      let attempt = 0;
      const once = Effect.tryPromise({
        try: (signal: AbortSignal) => {
          attempt++;
          return engine.attempt(prepared, attempt, limits(signal), read);
        },
        catch: (thrown) => fromUnknown(thrown) as ApiError,
      });
      let schedule: Schedule.Schedule<RetryScheduleOutput, ApiError, ApiError> = retrySchedule({
        ...policy,
        method: prepared.method,
        headers: prepared.headers,
      });
      const beforeRetry = hooks?.beforeRetry;
      if (beforeRetry !== undefined) {
        schedule = Schedule.tap(schedule, ({ input, output }) =>
          output.reason === undefined
            ? Effect.tryPromise({
                // Raced against interruption and the total budget: a hook that never settles
                // fails the request with `Timeout` when the budget ends.
                try: (signal: AbortSignal) =>
                  engine.within(
                    Promise.resolve()
                      .then(() =>
                        beforeRetry({
                          url: prepared.url,
                          method: prepared.method,
                          error: input,
                          attempt: output.attempt,
                          delayMs: output.delayMs,
                        }),
                      )
                      .catch(() => {
                        // A failing observer does not stop the retry.
                      }),
                    limits(signal),
                    "in the beforeRetry hook",
                  ),
                catch: (thrown) => fromUnknown(thrown) as ApiError,
              })
            : Effect.void,
        );
      }
      const retried = Effect.retryOrElse(once, schedule, (error, out) =>
        Effect.fail(stamp(error, out.attempt, out.elapsedMs, prepared)),
      );
      const onError = hooks?.onError;
      const observed =
        onError === undefined
          ? retried
          : Effect.tapError(retried, (error) =>
              Effect.sync(() => {
                try {
                  onError(error as FetchError<TCatalog>, { url: prepared.url, method: prepared.method });
                } catch {
                  // A failing observer must not replace the request's error.
                }
              }),
            );
      return observed as Effect.Effect<A, FetchError<TCatalog>>;
    });

  const request = <T>(
    method: string,
    path: string,
    body?: unknown,
    requestOptions: RequestOptions = {},
  ): Effect.Effect<T, FetchError<TCatalog>> =>
    send(
      () => {
        const { query, signal: _signal, ...init } = requestOptions;
        return engine.prepare(withQuery(path, query), jsonInit(method, body, init));
      },
      readJson as Reader<T>,
    );

  return {
    fetch: (input, init) => send(() => engine.prepare(input, init), undefined),
    request,
    get: (path, o) => request("GET", path, undefined, o),
    delete: (path, o) => request("DELETE", path, undefined, o),
    post: (path, body, o) => request("POST", path, body, o),
    put: (path, body, o) => request("PUT", path, body, o),
    patch: (path, body, o) => request("PATCH", path, body, o),
  };
};
