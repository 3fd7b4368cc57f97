/**
 * @faultline/fetch: a drop-in `fetch` for every runtime that rejects with typed Faultline errors
 * (decoded HTTP errors, network failures, timeouts, aborts), retries on core's policy, and
 * refreshes auth once for concurrent 401s. The Effect API lives at `@faultline/fetch/effect`.
 *
 * @since 0.1.0
 */
export { type Client, createClient, type Query, type RequestOptions } from "./createClient";
export { createFetch, type FaultlineFetch } from "./createFetch";
export type {
  AuthRefresh,
  BeforeRequestContext,
  BeforeRetryContext,
  ErrorContext,
  FetchError,
  FetchHeaders,
  FetchInput,
  FetchOptions,
  Hooks,
} from "./options";
