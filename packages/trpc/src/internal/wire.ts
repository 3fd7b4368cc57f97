/**
 * What travels in `error.data.faultline`: the public JSON form of a core error. Shared by the
 * server (which writes it) and the client (which reads it back with core's `reviveError`).
 */
import {
  type AnyCatalog,
  type ApiError,
  type ApiErrorJSON,
  isApiErrorJSON,
  makeError,
  publicMessage,
} from "@faultline/core";
import { wireStatus } from "./codes";

/** The key under `error.data` that carries the core error. */
export const WIRE_KEY = "faultline";

/**
 * The error as the world may see it: always an HTTP kind (a transport kind raised on the server,
 * say an upstream timeout, becomes the status it is answered with); on 5xx the public message
 * (catalog description or status title); never the cause, the upstream response snapshot, or the
 * server's own attempt count (which would stop the client from retrying). A catalog's
 * `retryable` for the code wins over the error's own flag.
 */
export const toPublicError = (error: ApiError, catalog?: AnyCatalog): ApiError => {
  const status = wireStatus(error);
  return makeError({
    status,
    code: error.code,
    message: status >= 500 ? publicMessage(error, catalog) : error.message,
    requestId: error.requestId,
    field: error.field,
    details: error.details,
    retryAfterMs: error.retryAfterMs,
    rateLimit: error.rateLimit,
    // The catalog overrides retryability per code (a 429 for an exhausted quota is not retryable).
    retryable: catalog?.get(error.code)?.retryable ?? error.retryable,
  });
};

/** The JSON of {@link toPublicError}. */
export const toWireJSON = (error: ApiError, catalog?: AnyCatalog): ApiErrorJSON =>
  toPublicError(error, catalog).toJSON();

/** Reads `data.faultline` from an error shape's `data`, if it is an error's JSON. */
export const readWireJSON = (data: unknown): ApiErrorJSON | undefined => {
  if (typeof data !== "object" || data === null || !Object.hasOwn(data, WIRE_KEY)) return undefined;
  const json = (data as Record<string, unknown>)[WIRE_KEY];
  return isApiErrorJSON(json) ? json : undefined;
};
