/**
 * Encoding: render any error as an HTTP response in one of the documented wire formats, with the
 * right status and headers, and without leaking internals on 5xx.
 *
 * @since 0.1.0
 */
import type { ApiError } from "./ApiError";
import type { AnyCatalog } from "./Catalog";
import { defaultCodeForStatus, statusTitle } from "./status";

/**
 * The wire formats `encode` writes (and `decode` reads):
 * - `F1` flat `{ code, message, status }`
 * - `F2` nested `{ error: { code, message, details? } }`
 * - `F3` typed `{ error: { code, message, type, param, request_id } }`
 * - `F4` envelope `{ success: false, error: { code, message, field }, meta: { requestId, timestamp } }`
 * - `F5` `{ code, message, retryAfter }`
 * - `problem` RFC 9457 `application/problem+json`
 *
 * @example
 * ```ts
 * import type { WireFormat } from "@faultline/core";
 * const format: WireFormat = "problem";
 * ```
 * @since 0.1.0
 */
export type WireFormat = "F1" | "F2" | "F3" | "F4" | "F5" | "problem";

/**
 * Every wire format, for iterating (docs, tests, demos).
 *
 * @example
 * ```ts
 * import { wireFormats } from "@faultline/core";
 * wireFormats.length; // 6
 * ```
 * @since 0.1.0
 */
export const wireFormats: readonly WireFormat[] = ["F1", "F2", "F3", "F4", "F5", "problem"];

/**
 * Options of {@link encode}.
 *
 * @example
 * ```ts
 * import { encode, NotFoundError } from "@faultline/core";
 * encode(new NotFoundError({}), { format: "problem", typeBaseUrl: "https://docs.example.com/errors/" });
 * ```
 * @since 0.1.0
 */
export interface EncodeOptions {
  readonly format?: WireFormat;
  /** Used for the public message of 5xx errors (the code's `description`). */
  readonly catalog?: AnyCatalog;
  /** problem+json: `type` is this base URL plus the code; else `about:blank`. */
  readonly typeBaseUrl?: string;
  /** problem+json `instance`. */
  readonly instance?: string;
  /** Timestamp for F4's `meta.timestamp` (default: now). */
  readonly now?: () => number;
}

/**
 * An encoded response: what a server sends.
 *
 * @example
 * ```ts
 * import type { EncodedResponse } from "@faultline/core";
 * const r: EncodedResponse = { status: 404, headers: { "content-type": "application/json" }, body: "{}" };
 * ```
 * @since 0.1.0
 */
export interface EncodedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const transportStatus: Readonly<Record<string, number>> = {
  Network: 502,
  Timeout: 504,
  Aborted: 499,
  Unexpected: 502,
};

const responseStatus = (error: ApiError): number =>
  error.status >= 400 && error.status <= 599 ? error.status : (transportStatus[error._tag] ?? 400);

const typeOfStatus = (status: number): string =>
  status === 401
    ? "authentication_error"
    : status === 403
      ? "permission_error"
      : status === 404
        ? "not_found_error"
        : status === 409
          ? "conflict_error"
          : status === 429
            ? "rate_limit_error"
            : status >= 500
              ? "api_error"
              : "invalid_request_error";

/**
 * The message an error may show the world: its own below 500; on 5xx the catalog's description of
 * its code, else the status title. Internal messages and stacks never leave a server.
 *
 * @example
 * ```ts
 * import { publicMessage, InternalServerError } from "@faultline/core";
 * publicMessage(new InternalServerError({ message: "db password rejected at 10.0.0.3" })); // "Internal Server Error"
 * ```
 * @since 0.1.0
 */
export const publicMessage = (error: ApiError, catalog?: AnyCatalog): string => {
  const status = responseStatus(error);
  if (status < 500) return error.message;
  return catalog?.get(error.code)?.description ?? statusTitle(status);
};

const compact = (o: Record<string, unknown>): Record<string, unknown> => {
  for (const key of Object.keys(o)) if (o[key] === undefined) delete o[key];
  return o;
};

/**
 * Renders an error as a response in one of the {@link WireFormat}s: status, `content-type`,
 * `Retry-After` (and exact `retry-after-ms`), `x-request-id`, and a body. On 5xx the message is
 * replaced by {@link publicMessage} and details are dropped. `decode(encode(e))` gives `e` back.
 *
 * @example
 * ```ts
 * import { encode, TooManyRequestsError } from "@faultline/core";
 * const res = encode(new TooManyRequestsError({ code: "RATE_LIMITED", retryAfterMs: 42_000 }), { format: "F5" });
 * res.status; // 429
 * res.headers["retry-after"]; // "42"
 * res.body; // '{"code":"RATE_LIMITED","message":"Too Many Requests","retryAfter":42}'
 * ```
 * @since 0.1.0
 */
export const encode = (error: ApiError, options: EncodeOptions = {}): EncodedResponse => {
  const format = options.format ?? "F1";
  const status = responseStatus(error);
  const server = status >= 500;
  const code = error.code ?? defaultCodeForStatus(status);
  const message = publicMessage(error, options.catalog);
  const details = server ? undefined : error.details;
  const field = server ? undefined : error.field;
  const retryAfter = error.retryAfterMs === undefined ? undefined : Math.ceil(error.retryAfterMs / 1000);
  const headers: Record<string, string> = {
    "content-type": format === "problem" ? "application/problem+json" : "application/json; charset=utf-8",
  };
  if (error.retryAfterMs !== undefined) {
    headers["retry-after"] = String(retryAfter);
    headers["retry-after-ms"] = String(Math.round(error.retryAfterMs));
  }
  if (error.requestId !== undefined) headers["x-request-id"] = error.requestId;
  const limit = error.rateLimit;
  if (limit?.limit !== undefined) headers["ratelimit-limit"] = String(limit.limit);
  if (limit?.remaining !== undefined) headers["ratelimit-remaining"] = String(limit.remaining);
  if (limit?.resetMs !== undefined) headers["ratelimit-reset"] = String(Math.ceil(limit.resetMs / 1000));
  let body: Record<string, unknown>;
  switch (format) {
    case "F1":
      body = compact({ code, message, status, field, details });
      break;
    case "F2":
      body = { error: compact({ code, message, details, field }) };
      break;
    case "F3":
      body = {
        error: compact({
          code,
          message,
          type: typeOfStatus(status),
          param: field,
          request_id: error.requestId,
          details,
        }),
      };
      break;
    case "F4":
      body = {
        success: false,
        error: compact({ code, message, field, details }),
        meta: compact({
          requestId: error.requestId,
          timestamp: new Date((options.now ?? Date.now)()).toISOString(),
        }),
      };
      break;
    case "F5":
      body = compact({ code, message, retryAfter, field, details });
      break;
    case "problem":
      body = compact({
        type:
          options.typeBaseUrl === undefined
            ? "about:blank"
            : `${options.typeBaseUrl}${encodeURIComponent(code)}`,
        title: statusTitle(status),
        status,
        detail: message,
        instance: options.instance,
        code,
        requestId: error.requestId,
        errors: field === undefined ? undefined : [{ pointer: field, detail: message }],
        details,
      });
      break;
  }
  return { status, headers, body: JSON.stringify(body) };
};

/**
 * Renders an error as a standard `Response` (any runtime with the Fetch API: Node, Bun, Deno,
 * workers, service workers).
 *
 * @example
 * ```ts
 * import { toResponse, NotFoundError } from "@faultline/core";
 * export default { fetch: () => toResponse(new NotFoundError({ code: "NOT_FOUND" }), { format: "F2" }) };
 * ```
 * @since 0.1.0
 */
export const toResponse = (error: ApiError, options: EncodeOptions = {}): Response => {
  const encoded = encode(error, options);
  return new Response(encoded.body, { status: encoded.status, headers: encoded.headers });
};
