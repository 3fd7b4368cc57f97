import { type ApiError, decode } from "@faultline/core";

/** An error as core v2 builds it: with the redacted request snapshot (`error.request`). */
export const withRequest = <T extends ApiError>(
  error: T,
  request: { method: string; url?: string; idempotencyKey: boolean },
): T => Object.assign(error, { request: { url: "http://127.0.0.1/x", ...request } });

/** A decoded error for `status` with optional headers. */
export const httpError = (status: number, headers: Record<string, string> = {}): ApiError =>
  decode({ status, headers, body: { code: `E_${status}`, message: `status ${status}` } }) as ApiError;
