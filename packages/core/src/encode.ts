/**
 * Encoding: render any error as an HTTP response in one of the documented wire formats, with the
 * right status and headers, and without leaking internals on 5xx.
 *
 * @since 0.1.0
 */
import type { ApiError } from "./ApiError";
import type { AnyCatalog } from "./Catalog";
import { toJsonSafe } from "./internal/json";
import { defaultCodeForStatus, errorTypeForStatus, renderStatus, statusTitle } from "./status";

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
  /** The wire format (default `F1`); anything else throws a `TypeError` naming the formats. */
  readonly format?: WireFormat | undefined;
  /** Used for the public message of 5xx errors (the code's `description`). */
  readonly catalog?: AnyCatalog | undefined;
  /** problem+json: `type` is this base URL plus the code; else `about:blank`. */
  readonly typeBaseUrl?: string | undefined;
  /** problem+json `instance`. */
  readonly instance?: string | undefined;
  /** Timestamp for F4's `meta.timestamp` (default: now). */
  readonly now?: (() => number) | undefined;
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

/**
 * The message an error may show the world: its own when it renders below 500; for a server-side
 * kind (whatever status it was decoded with) the catalog's description of its code, else the status
 * title. Internal messages and stacks never leave a server.
 *
 * @example
 * ```ts
 * import { publicMessage, InternalServerError } from "@faultline/core";
 * publicMessage(new InternalServerError({ message: "db password rejected at 10.0.0.3" })); // "Internal Server Error"
 * ```
 * @since 0.1.0
 */
export const publicMessage = (error: ApiError, catalog?: AnyCatalog): string => {
  const status = renderStatus(error);
  if (status < 500) return error.message;
  return catalog?.get(error.code)?.description ?? statusTitle(status);
};

const compact = (o: Record<string, unknown>): Record<string, unknown> => {
  for (const key of Object.keys(o)) if (o[key] === undefined) delete o[key];
  return o;
};

/** A header value a runtime accepts: Latin-1 without CR, LF or NUL, trimmed and bounded. */
const headerValue = (value: string): string =>
  value
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, "")
    .trim()
    .slice(0, 1_024);

/** The largest delay written as `Retry-After` seconds: what decode reads back as a finite hint. */
const MAX_RETRY_AFTER_S = 2_147_483;

/** A non-negative whole number a header can carry, or undefined. */
const headerInt = (n: number | undefined, divisor = 1): string | undefined =>
  n === undefined || !Number.isFinite(n) || n < 0
    ? undefined
    : String(Math.min(Math.ceil(n / divisor), 2 ** 31 - 1));

const formats: ReadonlySet<string> = /* @__PURE__ */ new Set(wireFormats);

/**
 * Renders an error as a response in one of the {@link WireFormat}s: status, `content-type`,
 * `Retry-After` (and exact `retry-after-ms`), `x-request-id`, and a body. The status is the one the
 * kind renders as (`renderStatus`); for a server-side kind the message is replaced by
 * {@link publicMessage} and field and details are dropped. Header values are sanitized and details
 * made JSON-safe, so it never throws for any error; an unknown `format` throws a `TypeError`.
 * `decode(encode(e))` gives `e` back.
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
export const encode = (input: ApiError, options: EncodeOptions = {}): EncodedResponse => {
  const format = options.format ?? "F1";
  if (!formats.has(format))
    throw new TypeError(
      `encode: unknown format ${JSON.stringify(String(format)).slice(0, 40)}; expected one of ${wireFormats.join(", ")}`,
    );
  const error = readable(input);
  const status = renderStatus(error);
  const server = status >= 500;
  const code = error.code ?? defaultCodeForStatus(status);
  const message = publicMessage(error, options.catalog);
  const details = server || error.details === undefined ? undefined : toJsonSafe(error.details);
  const field = server ? undefined : error.field;
  const requestId = error.requestId;
  const hint = error.retryAfterMs;
  const retryAfterText =
    hint === undefined ? undefined : headerInt(Math.min(hint, MAX_RETRY_AFTER_S * 1000), 1000);
  const retryAfter = retryAfterText === undefined ? undefined : Number(retryAfterText);
  const headers: Record<string, string> = {
    "content-type": format === "problem" ? "application/problem+json" : "application/json; charset=utf-8",
  };
  if (retryAfterText !== undefined && hint !== undefined) {
    headers["retry-after"] = retryAfterText;
    const ms = headerInt(hint);
    if (ms !== undefined && hint <= MAX_RETRY_AFTER_S * 1000) headers["retry-after-ms"] = ms;
  }
  const id = error.requestId === undefined ? "" : headerValue(error.requestId);
  if (id !== "") headers["x-request-id"] = id;
  const limit = error.rateLimit;
  const limitText = headerInt(limit?.limit);
  const remainingText = headerInt(limit?.remaining);
  const resetText = headerInt(limit?.resetMs, 1000);
  if (limitText !== undefined) headers["ratelimit-limit"] = limitText;
  if (remainingText !== undefined) headers["ratelimit-remaining"] = remainingText;
  if (resetText !== undefined) headers["ratelimit-reset"] = resetText;
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
          type: errorTypeForStatus(status),
          param: field,
          request_id: requestId,
          details,
        }),
      };
      break;
    case "F4":
      body = {
        success: false,
        error: compact({ code, message, field, details }),
        meta: compact({
          requestId,
          timestamp: timestamp(options.now),
        }),
      };
      break;
    case "F5":
      body = compact({ code, message, retryAfter, field, details });
      break;
    default:
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
        requestId,
        errors: field === undefined ? undefined : [{ pointer: field, detail: message }],
        details,
      });
      break;
  }
  return { status, headers, body: JSON.stringify(body) };
};

/** The fields `encode` reads, each `undefined` where reading it throws (a hostile getter or proxy). */
const readable = (error: ApiError): ApiError => {
  const view: Record<string, unknown> = {};
  for (const key of [
    "_tag",
    "status",
    "code",
    "message",
    "field",
    "details",
    "requestId",
    "retryAfterMs",
    "rateLimit",
    "response",
  ]) {
    try {
      view[key] = (error as unknown as Record<string, unknown>)[key];
    } catch {
      view[key] = undefined;
    }
  }
  if (typeof view.message !== "string") view.message = "";
  return view as unknown as ApiError;
};

const timestamp = (now: (() => number) | undefined): string => {
  const at = new Date((now ?? Date.now)());
  return Number.isFinite(at.getTime()) ? at.toISOString() : new Date().toISOString();
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
export const toResponse = (error: ApiError, options: EncodeOptions = {}): globalThis.Response => {
  const encoded = encode(error, options);
  return new Response(encoded.body, { status: encoded.status, headers: encoded.headers });
};
