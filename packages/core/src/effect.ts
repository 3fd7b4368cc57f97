/**
 * Effect helpers for Faultline errors. Kept out of the main entry so the Promise API pulls in none
 * of Effect's runtime.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect";
import type { ApiError } from "./ApiError";
import type { AnyCatalog } from "./Catalog";
import { type Decoded, type DecodeOptions, decodeResponse } from "./decode";
import { fromUnknown } from "./fromUnknown";

/**
 * Fails with the decoded error of a `Response` that is not ok; succeeds with the response otherwise.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { ensureOk } from "@faultline/core/effect";
 * const program = Effect.promise(() => fetch("https://api.example.com/me")).pipe(Effect.flatMap((res) => ensureOk(res)));
 * ```
 * @since 0.1.0
 */
export const ensureOk = <TCatalog extends AnyCatalog | undefined = undefined>(
  response: Response,
  options?: DecodeOptions<TCatalog>,
): Effect.Effect<Response, Decoded<TCatalog>> =>
  response.ok
    ? Effect.succeed(response)
    : Effect.flatMap(
        Effect.promise(() => decodeResponse(response, options)),
        (error) => Effect.fail(error),
      );

/**
 * Runs a Promise-returning call and fails with a Faultline error (via `fromUnknown`) when it rejects.
 * The `AbortSignal` passed in is aborted when the fiber is interrupted.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { tryApi } from "@faultline/core/effect";
 * const me = tryApi((signal) => fetch("https://api.example.com/me", { signal }));
 * ```
 * @since 0.1.0
 */
export const tryApi = <A>(run: (signal: AbortSignal) => PromiseLike<A>): Effect.Effect<A, ApiError> =>
  Effect.tryPromise({ try: (signal) => run(signal), catch: (thrown) => fromUnknown(thrown) as ApiError });

/**
 * Recovers from errors with a given code (any kind), like `Effect.catchTag` does for kinds.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { NotFoundError } from "@faultline/core";
 * import { catchCode } from "@faultline/core/effect";
 * const program = Effect.fail(new NotFoundError({ code: "NOT_FOUND" })).pipe(
 *   catchCode("NOT_FOUND", () => Effect.succeed(null)),
 * );
 * ```
 * @since 0.1.0
 */
export const catchCode =
  <TCode extends string, A2, E2, R2>(code: TCode, f: (error: ApiError<TCode>) => Effect.Effect<A2, E2, R2>) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A | A2, E | E2, R | R2> =>
    Effect.catchIf(
      self,
      (e): e is E & ApiError<TCode> =>
        typeof e === "object" && e !== null && (e as { code?: unknown }).code === code,
      (e) => f(e as ApiError<TCode>),
    ) as Effect.Effect<A | A2, E | E2, R | R2>;

export * from "./retry/schedule";
