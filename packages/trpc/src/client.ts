/**
 * `@faultline/trpc/client`: core errors out of a tRPC v11 client. Convert what a call rejects with
 * (`fromTRPCClientError`), retry by core's policy with the server's hint (`faultlineRetryLink`),
 * and drive React Query's retries and boundaries on the core error (`faultlineQueryDefaults`).
 *
 * Deliberately not exported: the tRPC code table and the per-operation retry decision (internal).
 *
 * @since 0.1.0
 */
export { faultlineFetch } from "./faultlineFetch";
export { fromTRPCClientError, type TRPCApiError } from "./fromTRPCClientError";
export type {
  BeforeRetryContext,
  FaultlineRetryLinkOptions,
  FaultlineRetryOptions,
  FromTRPCClientErrorOptions,
} from "./options";
export { type FaultlineQueryOptions, faultlineQueryDefaults } from "./queryDefaults";
export { faultlineRetryLink, idempotencyKeyHeaders } from "./retryLink";
