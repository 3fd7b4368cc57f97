"use client";
/**
 * @faultline/react-query: TanStack Query v5 with Faultline errors. Retries by core's policy and the
 * server's hints (no 4xx, no stacked retries, mutations only when safe to repeat), typed errors
 * through `Register`, `throwOnError` by code and kind, reset boundaries chosen by code, global
 * `onError` by code, and revival of errors in dehydrated state.
 *
 * @since 0.1.0
 */
export { isHandled, markHandled } from "./handled";
export {
  type ApiErrorHandler,
  type ApiErrorSource,
  type OnApiErrorOptions,
  onApiError,
} from "./onApiError";
export type { ErrorConverter, FaultlineQueryOptions } from "./options";
export { createQueryApiErrorBoundary, QueryApiErrorBoundary } from "./QueryApiErrorBoundary";
export type { FaultlineRegister } from "./register";
export { faultlineQueryDefaults, mutationRetry, queryRetry, type RetryOptions } from "./retry";
export { reviveDehydratedState } from "./reviveDehydratedState";
export { type ThrowOnErrorSelection, throwOnErrorFor } from "./throwOnError";
export { toApiErrors } from "./toApiErrors";
