/**
 * The error model: one union of Effect tagged errors, one class per kind.
 *
 * @since 0.1.0
 */
import type * as Cause from "effect/Cause";
import type { AnyCatalog, Decoded } from "./Catalog";
import { boundedInt, clip, nonNegative, toJsonSafe } from "./internal/json";
import { YieldableError } from "./internal/yieldable";
import { redactHeaders, redactText, redactUrl, redactValue } from "./redact";
import {
  type ApiErrorTag,
  type HttpTag,
  isRetryableStatus,
  type NamedStatus,
  type NamedStatusTag,
  type namedStatusTags,
  statusForTag,
  statusTitle,
  tagForStatus,
} from "./status";

/**
 * Rate-limit state reported by the server (`RateLimit-*`, `X-RateLimit-*` and similar headers), so a
 * UI can say "try again in 42 s".
 *
 * @example
 * ```ts
 * import type { RateLimit } from "@faultline/core";
 * const state: RateLimit = { limit: 100, remaining: 0, resetMs: 42_000 };
 * ```
 * @since 0.1.0
 */
export interface RateLimit {
  /** Requests allowed in the window. */
  readonly limit?: number;
  /** Requests left in the window. */
  readonly remaining?: number;
  /** Milliseconds until the window resets, counted from the response. */
  readonly resetMs?: number;
}

/**
 * A redacted copy of the response an error was decoded from.
 *
 * @example
 * ```ts
 * import type { ResponseSnapshot } from "@faultline/core";
 * const snap: ResponseSnapshot = { status: 404, headers: { "content-type": "application/json" }, body: "{}" };
 * ```
 * @since 0.1.0
 */
export interface ResponseSnapshot {
  readonly status: number;
  readonly statusText?: string;
  readonly url?: string;
  /** Lower-case header names; credentials replaced by `[REDACTED]`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (capped), secrets redacted. */
  readonly body?: string;
  /** True when the body was longer than the read cap or ended early. */
  readonly truncated?: boolean;
}

/**
 * A redacted snapshot of the request an error came from, set by the clients (`@faultline/fetch` and
 * the adapters): the method, the URL with credentials and secret query parameters redacted, and
 * whether an `Idempotency-Key` was sent. Retry decisions made far from the request read it.
 *
 * @example
 * ```ts
 * import type { RequestSnapshot } from "@faultline/core";
 * const req: RequestSnapshot = { method: "POST", url: "https://api.example.com/payments", idempotencyKey: true };
 * ```
 * @since 0.1.0
 */
export interface RequestSnapshot {
  readonly method: string;
  /** The URL, redacted. */
  readonly url: string;
  /** Whether the request carried an `Idempotency-Key` (or `X-Idempotency-Key`) header. */
  readonly idempotencyKey: boolean;
}

/**
 * The fields every error carries. `TCode` is the type of `code` (one code of a catalog, or
 * `string | undefined` when nothing is known); `TDetails` the type of `details`.
 *
 * @example
 * ```ts
 * import type { ApiErrorFields } from "@faultline/core";
 * type Fields = ApiErrorFields<"NOT_FOUND">;
 * ```
 * @since 0.1.0
 */
export interface ApiErrorFields<TCode extends string | undefined = string | undefined, TDetails = unknown> {
  /** The HTTP status as received; 0 when no response was received. */
  readonly status: number;
  /** The machine-readable code exactly as the API sent it (numbers become strings), if any. */
  readonly code: TCode;
  /** The human message as sent (secrets redacted), else the status title. */
  readonly message: string;
  /** The request id from the body or the usual request-id headers. */
  readonly requestId: string | undefined;
  /** The offending field, parameter or JSON pointer (the first, if several). */
  readonly field: string | undefined;
  /** Structured details the API sent (redacted). */
  readonly details: TDetails | undefined;
  /** The server's retry hint in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** Rate-limit state from the response headers. */
  readonly rateLimit: RateLimit | undefined;
  /** Whether another attempt may succeed. */
  readonly retryable: boolean;
  /** A redacted snapshot of the response. */
  readonly response: ResponseSnapshot | undefined;
  /** A redacted snapshot of the request (set by clients). */
  readonly request: RequestSnapshot | undefined;
  /** Attempts made before this error surfaced (set by retrying clients). */
  readonly attempts: number | undefined;
  /** Milliseconds spent on all attempts (set by retrying clients). */
  readonly elapsedMs: number | undefined;
}

/**
 * What you pass to build an error: every field optional (`undefined` accepted); `status`, `message`
 * and `retryable` get defaults from the kind.
 *
 * @example
 * ```ts
 * import { NotFoundError } from "@faultline/core";
 * const err = new NotFoundError({ code: "NOT_FOUND", message: "No such user" });
 * err.status; // 404
 * ```
 * @since 0.1.0
 */
export type ApiErrorInit<TCode extends string | undefined = string | undefined, TDetails = unknown> = {
  readonly [K in keyof ApiErrorFields<TCode, TDetails>]?: ApiErrorFields<TCode, TDetails>[K] | undefined;
} & { readonly cause?: unknown };

/**
 * The JSON form of an error (`toJSON`), which {@link reviveError} turns back into an error.
 *
 * @example
 * ```ts
 * import { NotFoundError, type ApiErrorJSON } from "@faultline/core";
 * const json: ApiErrorJSON = new NotFoundError({}).toJSON();
 * ```
 * @since 0.1.0
 */
export interface ApiErrorJSON {
  readonly _tag: ApiErrorTag;
  readonly name: string;
  readonly status: number;
  readonly code?: string;
  readonly message: string;
  readonly requestId?: string;
  readonly field?: string;
  readonly details?: unknown;
  readonly retryAfterMs?: number;
  readonly rateLimit?: RateLimit;
  readonly retryable: boolean;
  readonly response?: ResponseSnapshot;
  readonly request?: RequestSnapshot;
  readonly attempts?: number;
  readonly elapsedMs?: number;
  readonly cause?: { readonly name: string; readonly message: string };
}

/**
 * The brand every error carries. A global symbol, so guards work across duplicated copies of this
 * package and across realms.
 *
 * @example
 * ```ts
 * import { ApiErrorTypeId, NotFoundError } from "@faultline/core";
 * ApiErrorTypeId in new NotFoundError({}); // true
 * ```
 * @since 0.1.0
 */
export const ApiErrorTypeId: unique symbol = Symbol.for("@faultline/core/ApiError") as never;

/** The brand's type. @since 0.1.0 */
export type ApiErrorTypeId = typeof ApiErrorTypeId;

const MAX_MESSAGE = 2_000;
const MAX_CODE = 200;
const MAX_FIELD = 500;
const MAX_BODY = 16 * 1024;
const MAX_TIMER = 2_147_483_647;

/**
 * The field list: the one place that names every field (copy, toJSON and revive use it; the
 * constructor sets them in this order, one by one, so that every error of a kind has one shape).
 */
const fieldKeys = [
  "status",
  "code",
  "message",
  "requestId",
  "field",
  "details",
  "retryAfterMs",
  "rateLimit",
  "retryable",
  "response",
  "request",
  "attempts",
  "elapsedMs",
] as const satisfies ReadonlyArray<keyof ApiErrorFields>;

type FieldKey = (typeof fieldKeys)[number];

const text = (u: unknown, max: number): string | undefined =>
  typeof u === "string"
    ? redactText(clip(u, max))
    : typeof u === "number" && Number.isFinite(u)
      ? String(u)
      : undefined;

const rateLimitOf = (u: unknown): RateLimit | undefined => {
  if (typeof u !== "object" || u === null) return undefined;
  const o = u as Record<string, unknown>;
  const out: { limit?: number; remaining?: number; resetMs?: number } = {};
  const limit = nonNegative(o.limit);
  const remaining = nonNegative(o.remaining);
  const resetMs = nonNegative(o.resetMs);
  if (limit !== undefined) out.limit = limit;
  if (remaining !== undefined) out.remaining = remaining;
  if (resetMs !== undefined) out.resetMs = resetMs;
  return (limit ?? remaining ?? resetMs) === undefined ? undefined : out;
};

/** Headers from untrusted input: the first 200 string values, clipped, names lower-cased, redacted. */
const headerRecord = (u: unknown): Record<string, string> => {
  const entries: [string, string][] = [];
  if (typeof u === "object" && u !== null)
    for (const key of Object.keys(u).slice(0, 200)) {
      const value = (u as Record<string, unknown>)[key];
      if (typeof value === "string") entries.push([clip(key, 200), clip(value, 4_096)]);
    }
  return redactHeaders(entries);
};

/** A response snapshot from untrusted input (a revived JSON), redacted and clipped. */
const responseOf = (u: unknown): ResponseSnapshot | undefined => {
  if (typeof u !== "object" || u === null) return undefined;
  const o = u as Record<string, unknown>;
  const status = boundedInt(o.status, 0, 599);
  if (status === undefined) return undefined;
  // The fields in the order of `ResponseSnapshot`, each only when present.
  const out: Record<string, unknown> = { status };
  const statusText = text(o.statusText, 200);
  if (statusText !== undefined) out.statusText = statusText;
  if (typeof o.url === "string") out.url = redactUrl(clip(o.url, 2_048));
  out.headers = headerRecord(o.headers);
  if (typeof o.body === "string") out.body = clip(redactText(clip(o.body, MAX_BODY)), MAX_BODY);
  if (o.truncated === true) out.truncated = true;
  return out as unknown as ResponseSnapshot;
};

/** A request snapshot from untrusted input, redacted and clipped. */
const requestOf = (u: unknown): RequestSnapshot | undefined => {
  if (typeof u !== "object" || u === null) return undefined;
  const o = u as Record<string, unknown>;
  if (typeof o.method !== "string" || typeof o.url !== "string") return undefined;
  return {
    method: clip(o.method, 20).toUpperCase(),
    url: redactUrl(clip(o.url, 2_048)),
    idempotencyKey: o.idempotencyKey === true,
  };
};

/** A snapshot built by our own code (decode, `responseOf`, `requestSnapshot`), kept as it is. */
const trusted = (u: unknown): unknown => u ?? undefined;

/**
 * Each field's check, applied to what a caller passes (`undefined` gives `undefined`). Trusted
 * values (built by decode, or already normalized) pass as they are; others are checked.
 */
const normalizers: {
  readonly [K in Exclude<FieldKey, "status" | "message" | "retryable">]: (u: unknown) => unknown;
} = {
  code: (u) => text(u, MAX_CODE),
  requestId: (u) => text(u, MAX_FIELD),
  field: (u) => text(u, MAX_FIELD),
  details: redactValue,
  retryAfterMs: (u) => nonNegative(u),
  rateLimit: rateLimitOf,
  response: trusted,
  request: trusted,
  attempts: (u) => boundedInt(u, 0, 1_000_000),
  elapsedMs: (u) => (nonNegative(u) === undefined ? undefined : Math.round(u as number)),
};

// How the internal builders ask the constructor to behave, as bits (set just before `new`, read
// once): keep a status that differs from the kind's own; `message`, `code`, `requestId`, `field`
// and `details` are already clipped and redacted.
const AS_SENT = 1;
const REDACTED_FIELDS = 2;

let pending = 0;

/**
 * The status a kind may carry: named kinds their own (unless decoded as sent, like a GitHub 403 rate
 * limit), `ClientError` a non-5xx status without a named kind, `ServerError` an unnamed 5xx,
 * `Unexpected` any status, the other transport kinds 0.
 */
const statusOf = (tag: ApiErrorTag, u: unknown, asSent: boolean): number => {
  const given = boundedInt(u, 0, 599);
  if (given === undefined) return tag === "Unexpected" ? 0 : statusForTag(tag);
  return asSent ||
    tag === "Unexpected" ||
    ((tag === "ServerError" || (tag === "ClientError" && given >= 400 && given <= 499)) &&
      tagForStatus(given) === tag)
    ? given
    : statusForTag(tag);
};

/** The status and message a new error gets, worked out before `Error` is constructed with them. */
const headOf = (
  tag: ApiErrorTag,
  init: ApiErrorInit,
  options: number,
): { readonly status: number; readonly message: string } => {
  const status = statusOf(tag, init.status, (options & AS_SENT) !== 0);
  const raw = typeof init.message === "string" && init.message.trim() !== "" ? init.message : undefined;
  return {
    status,
    message:
      raw === undefined
        ? defaultMessage(tag, status)
        : options & REDACTED_FIELDS
          ? raw
          : redactText(clipMessage(raw)),
  };
};

/**
 * Sets every field of a new error, always in the same order, so all errors of a kind share one
 * hidden class: `message` and a truthy `cause` are own and non-enumerable as `Error` made them (see
 * `Base`), then come the fields and `_tag`. The layout is the one Effect's `Data.Error` constructor
 * gave (which copied a field record onto the error and kept it for a `toJSON` that ours replaces).
 */
const setFields = (
  self: object,
  tag: ApiErrorTag,
  init: ApiErrorInit,
  options: number,
  status: number,
): void => {
  const redacted = options & REDACTED_FIELDS;
  const cause = init.cause;
  const o = self as Record<string, unknown>;
  const n = normalizers;
  const { code, requestId, field, details } = init;
  o.status = status;
  o.retryable = typeof init.retryable === "boolean" ? init.retryable : defaultRetryable(tag, status);
  o.code = redacted ? code : n.code(code);
  o.requestId = redacted ? requestId : n.requestId(requestId);
  o.field = redacted ? field : n.field(field);
  o.details = redacted ? details : n.details(details);
  o.retryAfterMs = n.retryAfterMs(init.retryAfterMs);
  o.rateLimit = n.rateLimit(init.rateLimit);
  o.response = n.response(init.response);
  o.request = n.request(init.request);
  o.attempts = n.attempts(init.attempts);
  o.elapsedMs = n.elapsedMs(init.elapsedMs);
  // A falsy cause other than `undefined` (`0`, `""`, `null`) stays an enumerable field, as before.
  if (cause !== undefined && !cause) o.cause = cause;
  o._tag = tag;
};

const clipMessage = (raw: string): string =>
  raw.length > MAX_MESSAGE ? `${raw.slice(0, MAX_MESSAGE)}…` : raw;

/** The message of the kinds that have no status of their own to name. */
const transportMessages: Readonly<Partial<Record<ApiErrorTag, string>>> = {
  Network: "Network request failed",
  Timeout: "Request timed out",
  Aborted: "Request was aborted",
};

const defaultMessage = (tag: ApiErrorTag, status: number): string =>
  transportMessages[tag] ??
  (tag !== "Unexpected"
    ? statusTitle(status)
    : status > 0
      ? `Unexpected response (HTTP ${status})`
      : "Unexpected error");

const defaultRetryable = (tag: ApiErrorTag, status: number): boolean =>
  tag === "Network" ||
  (tag !== "Timeout" && tag !== "Aborted" && tag !== "Unexpected" && isRetryableStatus(status));

const causeJSON = (cause: unknown): { name: string; message: string } | undefined => {
  if (cause === undefined) return undefined;
  try {
    if (cause instanceof Error)
      return {
        name: clip(String(cause.name), 100),
        message: redactText(clip(String(cause.message), MAX_MESSAGE)),
      };
    return { name: typeof cause, message: redactText(clip(String(cause), MAX_MESSAGE)) };
  } catch {
    return { name: typeof cause, message: "[unreadable]" };
  }
};

/**
 * The instance type of every error class: Effect's yieldable error with `_tag` and the
 * {@link ApiErrorFields}.
 *
 * @example
 * ```ts
 * import type { ApiErrorInstance } from "@faultline/core";
 * type NotFound = ApiErrorInstance<"NotFound", "NOT_FOUND", unknown>;
 * ```
 * @since 0.1.0
 */
export interface ApiErrorInstance<TTag extends ApiErrorTag, TCode extends string | undefined, TDetails>
  extends Cause.YieldableError,
    ApiErrorFields<TCode, TDetails> {
  readonly _tag: TTag;
  readonly [ApiErrorTypeId]: ApiErrorTypeId;
  readonly message: string;
  toJSON(): ApiErrorJSON;
}

/**
 * The status a kind's constructor accepts: its own for named kinds, any number for the generic and
 * `Unexpected` kinds, 0 for the transport kinds.
 *
 * @example
 * ```ts
 * import type { StatusOfTag } from "@faultline/core";
 * type S = StatusOfTag<"Conflict">; // 409
 * ```
 * @since 0.1.0
 */
export type StatusOfTag<TTag extends ApiErrorTag> = TTag extends NamedStatusTag
  ? { readonly [S in NamedStatus]: (typeof namedStatusTags)[S] extends TTag ? S : never }[NamedStatus]
  : TTag extends "Network" | "Timeout" | "Aborted"
    ? 0
    : number;

type ApiErrorConstructor<TTag extends ApiErrorTag> = new <
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
>(
  init?: ApiErrorInit<TCode, TDetails> & { readonly status?: StatusOfTag<TTag> | undefined },
) => ApiErrorInstance<TTag, TCode, TDetails>;

const ApiErrorClass = <TTag extends ApiErrorTag>(tag: TTag): ApiErrorConstructor<TTag> => {
  // What Effect's `Data.TaggedError(tag)` is (an Effect-yieldable `Error` with `_tag` and the
  // prototype's `name`), without importing Effect's runtime: see `internal/yieldable.ts`. The fields
  // (and `_tag`) are set by `setFields`, in one order, so every error of a kind has one shape.
  class Base extends YieldableError {
    constructor(init: ApiErrorInit = {}) {
      const options = pending;
      pending = 0;
      const fields = init ?? {};
      const { status, message } = headOf(tag, fields, options);
      // `Error` itself makes `message` and `cause` own non-enumerable properties, as it does for
      // any error (cheaper than defining them afterwards).
      super(message, fields.cause ? { cause: fields.cause } : undefined);
      setFields(this, tag, fields, options, status);
    }
    override toString(): string {
      return `${this.name}: ${this.message}`;
    }
    toJSON(): ApiErrorJSON {
      const self = this as unknown as Record<string, unknown>;
      const json: Record<string, unknown> = { _tag: tag, name: tag };
      for (const key of fieldKeys) {
        const value = self[key];
        if (value !== undefined) json[key] = key === "details" ? toJsonSafe(value) : value;
      }
      const cause = causeJSON(self.cause);
      if (cause) json.cause = cause;
      return json as unknown as ApiErrorJSON;
    }
  }
  (Base.prototype as { name: string }).name = tag;
  // The brand lives on the prototype: one definition per kind instead of one per error.
  Object.defineProperty(Base.prototype, ApiErrorTypeId, { value: ApiErrorTypeId });
  return Base as unknown as ApiErrorConstructor<TTag>;
};

/**
 * HTTP 400. The request is malformed or has invalid parameters.
 *
 * @example
 * ```ts
 * import { BadRequestError } from "@faultline/core";
 * new BadRequestError({ code: "VALIDATION_ERROR", field: "email" })._tag; // "BadRequest"
 * ```
 * @since 0.1.0
 */
export class BadRequestError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("BadRequest")<TCode, TDetails> {}

/**
 * HTTP 401. Credentials are missing, invalid or expired.
 *
 * @example
 * ```ts
 * import { UnauthorizedError } from "@faultline/core";
 * new UnauthorizedError({}).status; // 401
 * ```
 * @since 0.1.0
 */
export class UnauthorizedError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("Unauthorized")<TCode, TDetails> {}

/**
 * HTTP 403. The caller is known but not allowed to do this.
 *
 * @example
 * ```ts
 * import { ForbiddenError } from "@faultline/core";
 * new ForbiddenError({ code: "SCOPE_INSUFFICIENT" }).code; // "SCOPE_INSUFFICIENT"
 * ```
 * @since 0.1.0
 */
export class ForbiddenError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("Forbidden")<TCode, TDetails> {}

/**
 * HTTP 404. The resource does not exist.
 *
 * @example
 * ```ts
 * import { NotFoundError } from "@faultline/core";
 * new NotFoundError({}).message; // "Not Found"
 * ```
 * @since 0.1.0
 */
export class NotFoundError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("NotFound")<TCode, TDetails> {}

/**
 * HTTP 409. The request conflicts with the resource's current state.
 *
 * @example
 * ```ts
 * import { ConflictError } from "@faultline/core";
 * new ConflictError({ code: "DUPLICATE_CANDIDATE" })._tag; // "Conflict"
 * ```
 * @since 0.1.0
 */
export class ConflictError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("Conflict")<TCode, TDetails> {}

/**
 * HTTP 422. The request is well-formed but its values fail validation.
 *
 * @example
 * ```ts
 * import { UnprocessableEntityError } from "@faultline/core";
 * new UnprocessableEntityError({}).status; // 422
 * ```
 * @since 0.1.0
 */
export class UnprocessableEntityError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("UnprocessableEntity")<TCode, TDetails> {}

/**
 * HTTP 429. Rate limited; `retryAfterMs` and `rateLimit` say when to come back.
 *
 * @example
 * ```ts
 * import { TooManyRequestsError } from "@faultline/core";
 * new TooManyRequestsError({ retryAfterMs: 42_000 }).retryable; // true
 * ```
 * @since 0.1.0
 */
export class TooManyRequestsError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("TooManyRequests")<TCode, TDetails> {}

/**
 * HTTP 500. The server failed unexpectedly.
 *
 * @example
 * ```ts
 * import { InternalServerError } from "@faultline/core";
 * new InternalServerError({}).retryable; // true
 * ```
 * @since 0.1.0
 */
export class InternalServerError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("InternalServerError")<TCode, TDetails> {}

/**
 * HTTP 502. A gateway or proxy got a bad answer upstream.
 *
 * @example
 * ```ts
 * import { BadGatewayError } from "@faultline/core";
 * new BadGatewayError({}).status; // 502
 * ```
 * @since 0.1.0
 */
export class BadGatewayError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("BadGateway")<TCode, TDetails> {}

/**
 * HTTP 503. The service is temporarily unavailable (maintenance, overload).
 *
 * @example
 * ```ts
 * import { ServiceUnavailableError } from "@faultline/core";
 * new ServiceUnavailableError({}).retryable; // true
 * ```
 * @since 0.1.0
 */
export class ServiceUnavailableError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("ServiceUnavailable")<TCode, TDetails> {}

/**
 * HTTP 504. A gateway timed out waiting upstream.
 *
 * @example
 * ```ts
 * import { GatewayTimeoutError } from "@faultline/core";
 * new GatewayTimeoutError({}).status; // 504
 * ```
 * @since 0.1.0
 */
export class GatewayTimeoutError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("GatewayTimeout")<TCode, TDetails> {}

/**
 * Any other 4xx (and errors signalled with a 2xx status); `status` says which.
 *
 * @example
 * ```ts
 * import { ClientError } from "@faultline/core";
 * new ClientError({ status: 410 }).message; // "Gone"
 * ```
 * @since 0.1.0
 */
export class ClientError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("ClientError")<TCode, TDetails> {}

/**
 * Any other 5xx; `status` says which.
 *
 * @example
 * ```ts
 * import { ServerError } from "@faultline/core";
 * new ServerError({ status: 507 }).retryable; // false
 * ```
 * @since 0.1.0
 */
export class ServerError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("ServerError")<TCode, TDetails> {}

/**
 * No response: DNS, connection refused or reset, TLS, CORS. Retryable.
 *
 * @example
 * ```ts
 * import { NetworkError } from "@faultline/core";
 * new NetworkError({ cause: new TypeError("fetch failed") }).status; // 0
 * ```
 * @since 0.1.0
 */
export class NetworkError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("Network")<TCode, TDetails> {}

/**
 * The request took longer than its timeout. Retried only when the caller opts in.
 *
 * @example
 * ```ts
 * import { TimeoutError } from "@faultline/core";
 * new TimeoutError({}).message; // "Request timed out"
 * ```
 * @since 0.1.0
 */
export class TimeoutError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("Timeout")<TCode, TDetails> {}

/**
 * The caller aborted the request. Never retried.
 *
 * @example
 * ```ts
 * import { AbortedError } from "@faultline/core";
 * new AbortedError({}).retryable; // false
 * ```
 * @since 0.1.0
 */
export class AbortedError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("Aborted")<TCode, TDetails> {}

/**
 * A response that could not be read or was not what an error should be (a 2xx treated as a failure,
 * an unreadable body), or anything thrown that is not an HTTP failure.
 *
 * @example
 * ```ts
 * import { UnexpectedError } from "@faultline/core";
 * new UnexpectedError({ message: "Body could not be read" })._tag; // "Unexpected"
 * ```
 * @since 0.1.0
 */
export class UnexpectedError<
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> extends ApiErrorClass("Unexpected")<TCode, TDetails> {}

/**
 * The union of every error kind. Narrow it with `_tag` (a `switch`, ts-pattern, Effect's
 * `catchTag`) or with {@link matchError}.
 *
 * @example
 * ```ts
 * import { match } from "ts-pattern";
 * import type { ApiError } from "@faultline/core";
 * const describe = (e: ApiError) =>
 *   match(e._tag)
 *     .with("NotFound", () => "missing")
 *     .with("TooManyRequests", () => "slow down")
 *     .otherwise(() => "failed");
 * ```
 * @since 0.1.0
 */
export type ApiError<TCode extends string | undefined = string | undefined, TDetails = unknown> =
  | BadRequestError<TCode, TDetails>
  | UnauthorizedError<TCode, TDetails>
  | ForbiddenError<TCode, TDetails>
  | NotFoundError<TCode, TDetails>
  | ConflictError<TCode, TDetails>
  | UnprocessableEntityError<TCode, TDetails>
  | TooManyRequestsError<TCode, TDetails>
  | InternalServerError<TCode, TDetails>
  | BadGatewayError<TCode, TDetails>
  | ServiceUnavailableError<TCode, TDetails>
  | GatewayTimeoutError<TCode, TDetails>
  | ClientError<TCode, TDetails>
  | ServerError<TCode, TDetails>
  | NetworkError<TCode, TDetails>
  | TimeoutError<TCode, TDetails>
  | AbortedError<TCode, TDetails>
  | UnexpectedError<TCode, TDetails>;

/**
 * The error class instance for a tag, with a given code and details type.
 *
 * @example
 * ```ts
 * import type { ErrorOfTag } from "@faultline/core";
 * type E = ErrorOfTag<"Conflict", "DUPLICATE_CANDIDATE", unknown>; // ConflictError<"DUPLICATE_CANDIDATE", unknown>
 * ```
 * @since 0.1.0
 */
export type ErrorOfTag<
  TTag extends ApiErrorTag,
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
> = {
  BadRequest: BadRequestError<TCode, TDetails>;
  Unauthorized: UnauthorizedError<TCode, TDetails>;
  Forbidden: ForbiddenError<TCode, TDetails>;
  NotFound: NotFoundError<TCode, TDetails>;
  Conflict: ConflictError<TCode, TDetails>;
  UnprocessableEntity: UnprocessableEntityError<TCode, TDetails>;
  TooManyRequests: TooManyRequestsError<TCode, TDetails>;
  InternalServerError: InternalServerError<TCode, TDetails>;
  BadGateway: BadGatewayError<TCode, TDetails>;
  ServiceUnavailable: ServiceUnavailableError<TCode, TDetails>;
  GatewayTimeout: GatewayTimeoutError<TCode, TDetails>;
  ClientError: ClientError<TCode, TDetails>;
  ServerError: ServerError<TCode, TDetails>;
  Network: NetworkError<TCode, TDetails>;
  Timeout: TimeoutError<TCode, TDetails>;
  Aborted: AbortedError<TCode, TDetails>;
  Unexpected: UnexpectedError<TCode, TDetails>;
}[TTag];

/**
 * The error class for each tag.
 *
 * @example
 * ```ts
 * import { errorClasses } from "@faultline/core";
 * new errorClasses.NotFound({}).status; // 404
 * ```
 * @since 0.1.0
 */
export const errorClasses = {
  BadRequest: BadRequestError,
  Unauthorized: UnauthorizedError,
  Forbidden: ForbiddenError,
  NotFound: NotFoundError,
  Conflict: ConflictError,
  UnprocessableEntity: UnprocessableEntityError,
  TooManyRequests: TooManyRequestsError,
  InternalServerError: InternalServerError,
  BadGateway: BadGatewayError,
  ServiceUnavailable: ServiceUnavailableError,
  GatewayTimeout: GatewayTimeoutError,
  ClientError: ClientError,
  ServerError: ServerError,
  Network: NetworkError,
  Timeout: TimeoutError,
  Aborted: AbortedError,
  Unexpected: UnexpectedError,
} as const satisfies { readonly [K in ApiErrorTag]: ApiErrorConstructor<K> };

/**
 * Builds an error for our own modules. `asSent` keeps a status that differs from the kind's own (a
 * rate limit sent as 403, an error signalled with HTTP 200); `stack: false` skips capturing a stack,
 * which for an error built from a response would only point into our internals and costs more than
 * the rest of decoding; `redacted` says that `message`, `code`, `requestId`, `field` and `details`
 * are already clipped and redacted (decode does it once, with one scan of the body).
 *
 * @internal
 */
export const buildError = (
  tag: ApiErrorTag,
  init: ApiErrorInit,
  options: { readonly asSent?: boolean; readonly stack?: boolean; readonly redacted?: boolean } = {},
): ApiError => {
  const Kind = classOf(tag);
  pending = (options.asSent === true ? AS_SENT : 0) | (options.redacted === true ? REDACTED_FIELDS : 0);
  if (options.stack !== false) return new Kind(init);
  const error = withoutTrace(() => new Kind(init));
  // The stack is the header a trace without frames would have had.
  try {
    (error as { stack?: string }).stack = error.message === "" ? tag : `${tag}: ${error.message}`;
  } catch {
    // A runtime whose stack cannot be set keeps what it captured.
  }
  return error;
};

/**
 * What `make` returns, built while `Error` captures no stack trace at all: a limit that is not a
 * number captures nothing (a limit of 0 still captures and formats an empty trace, which costs more
 * than the rest of building an error). The app's limit is restored whatever happens.
 */
const withoutTrace = <T>(make: () => T): T => {
  const limit = (Error as { stackTraceLimit?: number | undefined }).stackTraceLimit;
  setStackTraceLimit(undefined);
  try {
    return make();
  } finally {
    setStackTraceLimit(limit);
  }
};

/** Sets `Error.stackTraceLimit` as far as the runtime allows (a frozen `Error` keeps its own). */
const setStackTraceLimit = (limit: number | undefined): void => {
  try {
    (Error as { stackTraceLimit?: number | undefined }).stackTraceLimit = limit;
  } catch {
    // A runtime without a writable limit: capture as usual.
  }
};

/**
 * An empty native error (what `Error.isError`, `util.types.isNativeError` and `structuredClone` see
 * as an error) with the given prototype, built without running a constructor or capturing a stack.
 */
const nativeErrorOf = (proto: object | null): Error =>
  withoutTrace(() => {
    const ctor: unknown =
      proto === null ? undefined : Object.getOwnPropertyDescriptor(proto, "constructor")?.value;
    return typeof ctor === "function" && ctor.prototype === proto
      ? Reflect.construct(Error, [], ctor)
      : Object.setPrototypeOf(new Error(), proto);
  });

/**
 * Builds an error of the given kind (by tag), or of the kind for `init.status` when no tag is given.
 *
 * @example
 * ```ts
 * import { makeError } from "@faultline/core";
 * makeError({ status: 404, code: "NOT_FOUND" })._tag; // "NotFound"
 * makeError("Timeout", { message: "took 5 s" })._tag; // "Timeout"
 * ```
 * @since 0.1.0
 */
export function makeError<TCode extends string | undefined = string | undefined, TDetails = unknown>(
  init: ApiErrorInit<TCode, TDetails> & { readonly status: number },
): ApiError<TCode, TDetails>;
export function makeError<
  TTag extends ApiErrorTag,
  TCode extends string | undefined = string | undefined,
  TDetails = unknown,
>(tag: TTag, init?: ApiErrorInit<TCode, TDetails>): ErrorOfTag<TTag, TCode, TDetails>;
export function makeError(
  tagOrInit: ApiErrorTag | (ApiErrorInit & { status: number }),
  init?: ApiErrorInit,
): ApiError {
  if (typeof tagOrInit === "string") return new (classOf(tagOrInit))(init ?? {});
  const tag: HttpTag = tagForStatus(tagOrInit.status);
  return new (classOf(tag))(tagOrInit);
}

type AnyErrorConstructor = new (init?: ApiErrorInit) => ApiError;
const classOf = (tag: ApiErrorTag): AnyErrorConstructor =>
  errorClasses[tag] as unknown as AnyErrorConstructor;

/**
 * Whether a value is one of our errors. Checks the global brand, so it works across duplicated
 * copies of the package and across realms, where `instanceof` does not.
 *
 * @example
 * ```ts
 * import { isApiError, NotFoundError } from "@faultline/core";
 * isApiError(new NotFoundError({})); // true
 * isApiError(new Error("x")); // false
 * ```
 * @since 0.1.0
 */
export const isApiError = (u: unknown): u is ApiError =>
  typeof u === "object" && u !== null && (u as Record<symbol, unknown>)[ApiErrorTypeId] === ApiErrorTypeId;

/**
 * Whether a value is one of our errors of the given kind.
 *
 * @example
 * ```ts
 * import { isApiErrorTag, NotFoundError } from "@faultline/core";
 * isApiErrorTag(new NotFoundError({}), "NotFound"); // true
 * ```
 * @since 0.1.0
 */
export const isApiErrorTag = <TTag extends ApiErrorTag>(u: unknown, tag: TTag): u is ErrorOfTag<TTag> =>
  isApiError(u) && u._tag === tag;

/**
 * Whether a value has the shape of {@link ApiErrorJSON} (what `toJSON` produces).
 *
 * @example
 * ```ts
 * import { isApiErrorJSON, NotFoundError } from "@faultline/core";
 * isApiErrorJSON(JSON.parse(JSON.stringify(new NotFoundError({})))); // true
 * ```
 * @since 0.1.0
 */
export const isApiErrorJSON = (u: unknown): u is ApiErrorJSON => {
  if (typeof u !== "object" || u === null) return false;
  try {
    const o = u as Record<string, unknown>;
    return (
      typeof o._tag === "string" &&
      Object.hasOwn(errorClasses, o._tag) &&
      typeof o.status === "number" &&
      typeof o.message === "string" &&
      typeof o.retryable === "boolean"
    );
  } catch {
    return false;
  }
};

/**
 * The fields {@link copyError} may change: any field but the kind.
 *
 * @example
 * ```ts
 * import type { ApiErrorPatch } from "@faultline/core";
 * const patch: ApiErrorPatch = { attempts: 3, elapsedMs: 1_250 };
 * ```
 * @since 0.1.0
 */
export type ApiErrorPatch = ApiErrorInit<string | undefined, unknown>;

/**
 * A copy of an error (same kind, fields, cause and stack) with some fields changed. The copy is not
 * built again: fields already on the error are neither redacted nor validated a second time; the
 * patched ones are, as the constructor would.
 *
 * Use it wherever an error gains facts after it was built (attempts made, the request it came from,
 * the cause of a failed refresh).
 *
 * @example
 * ```ts
 * import { copyError, NotFoundError } from "@faultline/core";
 * const err = copyError(new NotFoundError({ code: "NOT_FOUND" }), { attempts: 2 });
 * err.attempts; // 2
 * err.code; // "NOT_FOUND"
 * ```
 * @since 0.1.0
 */
export const copyError = <TError extends ApiError>(error: TError, patch: ApiErrorPatch): TError => {
  const copy = nativeErrorOf(Object.getPrototypeOf(error)) as unknown as Record<PropertyKey, unknown>;
  for (const key of Reflect.ownKeys(error)) {
    if (key === "stack") continue;
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    // Configurable even when the original is frozen: the copy is patched next.
    if (descriptor !== undefined) Object.defineProperty(copy, key, { ...descriptor, configurable: true });
  }
  let stack: unknown;
  try {
    stack = error.stack;
  } catch {
    // An exotic stack: the copy has none.
  }
  if (typeof stack === "string")
    Object.defineProperty(copy, "stack", { value: stack, writable: true, configurable: true });
  else Reflect.deleteProperty(copy, "stack");
  const set = (key: string, value: unknown) => {
    const own = Object.getOwnPropertyDescriptor(copy, key);
    Object.defineProperty(copy, key, {
      value,
      writable: true,
      configurable: true,
      enumerable: own?.enumerable ?? true,
    });
  };
  const p = patch as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    const value = p[key];
    if (key === "status") set(key, statusOf(error._tag, value, true));
    else if (key === "message")
      set(
        key,
        typeof value === "string" && value.trim() !== "" ? redactText(clipMessage(value)) : error.message,
      );
    else if (key === "retryable") {
      if (typeof value === "boolean") set(key, value);
    } else if (key === "cause") set(key, value);
    else if (Object.hasOwn(normalizers, key)) set(key, normalizers[key as keyof typeof normalizers](value));
  }
  return copy as TError;
};

/**
 * Options of {@link reviveError}.
 *
 * @example
 * ```ts
 * import { reviveError, standardCatalog, type ReviveOptions } from "@faultline/core";
 * const options: ReviveOptions<typeof standardCatalog> = { catalog: standardCatalog };
 * reviveError({}, options);
 * ```
 * @since 0.1.0
 */
export interface ReviveOptions<TCatalog extends AnyCatalog | undefined = undefined> {
  /** Types `code` as the catalog's codes; a code of the catalog gets the kind its status stands for. */
  readonly catalog?: TCatalog;
}

/**
 * Turns the JSON form of an error back into an error of the same kind with the same fields
 * (logging, SSR hydration, RPC). Treats its input as hostile: strings are clipped and redacted, the
 * response and request snapshots redacted, numbers kept only when sane, and it never throws: input
 * that is not an error's JSON becomes an `Unexpected` error that says so. With a catalog, `code` is
 * typed by it.
 *
 * @example
 * ```ts
 * import { reviveError, NotFoundError, standardCatalog } from "@faultline/core";
 * const json = JSON.parse(JSON.stringify(new NotFoundError({ code: "NOT_FOUND" })));
 * const err = reviveError(json, { catalog: standardCatalog });
 * err._tag; // "NotFound"
 * ```
 * @since 0.1.0
 */
export const reviveError = <TCatalog extends AnyCatalog | undefined = undefined>(
  json: unknown,
  options: ReviveOptions<TCatalog> = {},
): Decoded<TCatalog> => {
  try {
    if (!isApiErrorJSON(json)) {
      return buildError("Unexpected", {
        message: "Value is not a serialized Faultline error",
      }) as Decoded<TCatalog>;
    }
    const o = json as unknown as Record<string, unknown>;
    const cause = o.cause as { name?: unknown; message?: unknown } | undefined;
    const revivedCause =
      cause && typeof cause === "object" && typeof cause.message === "string"
        ? Object.assign(new Error(redactText(clip(cause.message, MAX_MESSAGE))), {
            name: typeof cause.name === "string" ? clip(cause.name, 100) : "Error",
          })
        : undefined;
    const code = normalizers.code(o.code) as string | undefined;
    const spec = options.catalog?.get(code);
    const tag: ApiErrorTag = spec !== undefined ? tagForStatus(spec.status) : json._tag;
    const details = o.details;
    const small = details === undefined || JSON.stringify(toJsonSafe(details)).length <= MAX_BODY;
    return buildError(
      tag,
      {
        status: boundedInt(json.status, 0, 599),
        code,
        message: json.message,
        requestId: o.requestId as string | undefined,
        field: o.field as string | undefined,
        details: small ? details : undefined,
        retryAfterMs: nonNegative(o.retryAfterMs, MAX_TIMER * 1000),
        rateLimit: o.rateLimit as RateLimit | undefined,
        retryable: json.retryable,
        response: responseOf(o.response),
        request: requestOf(o.request),
        attempts: o.attempts as number | undefined,
        elapsedMs: o.elapsedMs as number | undefined,
        cause: revivedCause,
      },
      { asSent: true, stack: false },
    ) as Decoded<TCatalog>;
  } catch (cause) {
    return buildError(
      "Unexpected",
      { message: "The serialized error could not be revived", cause },
      {
        stack: false,
      },
    ) as Decoded<TCatalog>;
  }
};
