/**
 * The request snapshot clients attach to errors: method, redacted URL, and whether an
 * `Idempotency-Key` was sent, so a retry decision made far from the request still knows whether
 * repeating it is safe.
 *
 * @since 0.1.0
 */
import type { RequestSnapshot } from "./ApiError";
import { clip } from "./internal/json";
import { redactUrl } from "./redact";
import { hasIdempotencyKey, type RetryHeaders } from "./retry/idempotency";

/**
 * Builds the redacted {@link RequestSnapshot} of a request, for `fromUnknown(thrown, { request })`,
 * `decode(res, { request })` or `copyError(err, { request })`. Never throws.
 *
 * @example
 * ```ts
 * import { requestSnapshot } from "@faultline/core";
 * const request = requestSnapshot({
 *   method: "post",
 *   url: "https://user:pw@api.example.com/pay?api_key=secret",
 *   headers: { "Idempotency-Key": "k1" },
 * });
 * request.method; // "POST"
 * request.idempotencyKey; // true
 * ```
 * @since 0.1.0
 */
export const requestSnapshot = (request: {
  readonly method?: string | undefined;
  readonly url: string | URL;
  readonly headers?: RetryHeaders | undefined;
}): RequestSnapshot => {
  let url = "";
  try {
    url = redactUrl(clip(String(request.url), 2_048));
  } catch {
    url = "[unreadable URL]";
  }
  return {
    method: clip(
      typeof request.method === "string" && request.method !== "" ? request.method : "GET",
      20,
    ).toUpperCase(),
    url,
    idempotencyKey: hasIdempotencyKey(request.headers),
  };
};
