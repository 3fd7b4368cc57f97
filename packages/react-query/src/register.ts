import type { ApiError } from "@faultline/core";

/**
 * What to put in TanStack Query's `Register` so that `error` (and `failureReason`) of every
 * `useQuery`, `useSuspenseQuery`, `useMutation` and the cache callbacks is the Faultline union
 * instead of `Error`. Pass a narrower type (`CatalogError<typeof catalog>`) to type codes too.
 * It is a promise you keep: let every query function throw our errors (`@faultline/fetch`, or
 * `toApiErrors`).
 *
 * @example
 * ```ts
 * import type { FaultlineRegister } from "@faultline/react-query";
 * declare module "@tanstack/react-query" {
 *   interface Register extends FaultlineRegister {}
 * }
 * ```
 * @since 0.1.0
 */
export interface FaultlineRegister<TError = ApiError> {
  /** The error type TanStack Query uses wherever none is given. */
  defaultError: TError;
}
