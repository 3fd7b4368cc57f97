/**
 * Effect helpers for Faultline errors. Kept out of the main entry so the Promise API pulls in none
 * of Effect's runtime.
 *
 * Importing this entry also tells every Faultline error how to run as an Effect (`yield* error`)
 * on any runtime; Node, Deno and Bun find out on their own (see `internal/yieldable.ts`), a
 * browser bundle that yields errors without using this entry adds `import "@faultline/core/effect"`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect";
import * as Exit from "effect/Exit";
import { dual } from "effect/Function";
import type { ApiError } from "./ApiError";
import type { AnyCatalog, Decoded, UnknownCode } from "./Catalog";
import { type DecodeOptions, decodeResponse } from "./decode";
import { fromUnknown } from "./fromUnknown";
import { registerEffectFail } from "./internal/yieldable";

registerEffectFail(Exit.fail);

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
  response: globalThis.Response,
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
  Effect.tryPromise({ try: (signal) => run(signal), catch: (thrown) => fromUnknown(thrown) });

/**
 * The codes `catchCode` accepts for an error channel: the literal codes of its errors (a catalog's
 * codes), or any string when the channel's codes are plain strings.
 *
 * @example
 * ```ts
 * import type { CatchableCode } from "@faultline/core/effect";
 * import type { CatalogError, standardCatalog } from "@faultline/core";
 * type C = CatchableCode<CatalogError<typeof standardCatalog>>; // "NOT_FOUND" | "CONFLICT" | ...
 * ```
 * @since 0.1.0
 */
export type CatchableCode<TError> = TError extends { readonly code: infer C }
  ? Extract<Exclude<C, undefined | UnknownCode>, string>
  : never;

/**
 * The errors of a channel that carry a given code.
 *
 * @example
 * ```ts
 * import type { CaughtByCode } from "@faultline/core/effect";
 * import type { CatalogError, standardCatalog } from "@faultline/core";
 * type E = CaughtByCode<CatalogError<typeof standardCatalog>, "INSUFFICIENT_BALANCE">;
 * ```
 * @since 0.1.0
 */
export type CaughtByCode<TError, TCode extends string> = TError extends { readonly code: infer C }
  ? TCode extends C
    ? TError extends { readonly code: TCode }
      ? TError
      : TError & { readonly code: TCode }
    : never
  : never;

/**
 * The errors of a channel left once a code is caught: a catalog's code leaves the channel; errors
 * whose code is a plain string stay.
 *
 * @example
 * ```ts
 * import type { UncaughtByCode } from "@faultline/core/effect";
 * import type { CatalogError, standardCatalog } from "@faultline/core";
 * type Rest = UncaughtByCode<CatalogError<typeof standardCatalog>, "NOT_FOUND">;
 * ```
 * @since 0.1.0
 */
export type UncaughtByCode<TError, TCode extends string> = TError extends { readonly code: TCode }
  ? never
  : TError;

/**
 * Recovers from errors with a given code (any kind), like `Effect.catchTag` does for kinds: only the
 * codes of the error channel compile (a typo does not), the handler gets the error of that code
 * (its kind and typed `details`), and a catalog's code leaves the error channel. In `pipe` the
 * channel is inferred from the effect being piped, as for `catchTag`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { decode, standardCatalog } from "@faultline/core";
 * import { catchCode } from "@faultline/core/effect";
 * const program = Effect.fail(decode({ status: 402, body: { code: "INSUFFICIENT_BALANCE" } }, { catalog: standardCatalog })).pipe(
 *   catchCode("NOT_FOUND", (e) => Effect.succeed(`missing: ${e.message}`)),
 *   catchCode("INSUFFICIENT_BALANCE", (e) => Effect.succeed(`top up ${e.details?.required ?? "first"}`)),
 * );
 * ```
 * @since 0.1.0
 */
export const catchCode: {
  // The channel `TError` is inferred from the contextual return type (the effect `pipe` passes in).
  // `NoInfer` wraps the whole handler parameter, never `TError` inside `CaughtByCode`: `NoInfer` of
  // a union of objects stays wrapped, so a conditional type does not distribute over it and the
  // handler would get every member intersected with `{ code }` (details `unknown`).
  <TError, const TCode extends CatchableCode<TError>, A2, E2, R2>(
    code: TCode,
    f: (error: NoInfer<CaughtByCode<TError, TCode>>) => Effect.Effect<A2, E2, R2>,
  ): <A, R>(
    self: Effect.Effect<A, TError, R>,
  ) => Effect.Effect<A | A2, UncaughtByCode<TError, TCode> | E2, R | R2>;
  <A, TError, R, const TCode extends CatchableCode<TError>, A2, E2, R2>(
    self: Effect.Effect<A, TError, R>,
    code: TCode,
    f: (error: CaughtByCode<TError, TCode>) => Effect.Effect<A2, E2, R2>,
  ): Effect.Effect<A | A2, UncaughtByCode<TError, TCode> | E2, R | R2>;
} = dual(
  3,
  <A, E, R, A2, E2, R2>(
    self: Effect.Effect<A, E, R>,
    code: string,
    f: (error: never) => Effect.Effect<A2, E2, R2>,
  ): Effect.Effect<A | A2, E | E2, R | R2> =>
    Effect.catchIf(
      self,
      (e): e is E => typeof e === "object" && e !== null && (e as { code?: unknown }).code === code,
      (e) => f(e as never),
    ) as Effect.Effect<A | A2, E | E2, R | R2>,
);

export {
  type RetryScheduleOptions,
  type RetryScheduleOutput,
  retryApi,
  retrySchedule,
} from "./retry/schedule";
