import { type ApiError, isApiError, isApiErrorJSON, reviveError } from "@faultline/core";

/**
 * Reads anything thrown as an API error: an error of any copy of core (brand via `Symbol.for`), or a
 * serialized one (`toJSON()` output after JSON, SSR or RPC), revived. Anything else: `undefined`.
 */
export const toApiError = (thrown: unknown): ApiError | undefined =>
  isApiError(thrown) ? thrown : isApiErrorJSON(thrown) ? reviveError(thrown) : undefined;
