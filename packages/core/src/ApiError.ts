/**
 * The error model: one union of Effect tagged errors, one class per kind.
 *
 * @since 0.1.0
 */
import type * as Cause from "effect/Cause";
import { TaggedError } from "effect/Data";
import { redactText, redactValue } from "./redact";
import {
  type ApiErrorTag,
  apiErrorTags,
  type HttpTag,
  isRetryableStatus,
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
 * The fields every error carries. `TCode` is the type of `code` (a catalog's literal union when the
 * error was decoded with a catalog); `TDetails` the type of `details`.
 *
 * @example
 * ```ts
 * import type { ApiErrorFields } from "@faultline/core";
 * type Fields = ApiErrorFields<"NOT_FOUND">;
 * ```
 * @since 0.1.0
 */
export interface ApiErrorFields<TCode extends string = string, TDetails = unknown> {
  /** The HTTP status; 0 when no response was received. */
  readonly status: number;
  /** The machine-readable code exactly as the API sent it (numbers become strings), if any. */
  readonly code: TCode | undefined;
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
  /** Attempts made before this error surfaced (set by retrying clients). */
  readonly attempts: number | undefined;
  /** Milliseconds spent on all attempts (set by retrying clients). */
  readonly elapsedMs: number | undefined;
}

/**
 * What you pass to build an error: every field optional; `status`, `message` and `retryable` get
 * defaults from the kind.
 *
 * @example
 * ```ts
 * import { NotFoundError } from "@faultline/core";
 * const err = new NotFoundError({ code: "NOT_FOUND", message: "No such user" });
 * err.status; // 404
 * ```
 * @since 0.1.0
 */
export type ApiErrorInit<TCode extends string = string, TDetails = unknown> = {
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

const fill = (tag: ApiErrorTag, init: ApiErrorInit): Record<string, unknown> => {
  const status =
    typeof init.status === "number" && Number.isFinite(init.status)
      ? Math.trunc(init.status)
      : statusForTag(tag);
  const raw =
    typeof init.message === "string" && init.message.trim() !== ""
      ? init.message
      : defaultMessage(tag, status);
  const message = redactText(raw.length > MAX_MESSAGE ? `${raw.slice(0, MAX_MESSAGE)}…` : raw);
  const fields: Record<string, unknown> = {
    status,
    code: init.code === undefined || init.code === null ? undefined : String(init.code),
    message,
    requestId: init.requestId ?? undefined,
    field: init.field ?? undefined,
    details: init.details === undefined ? undefined : redactValue(init.details),
    retryAfterMs:
      typeof init.retryAfterMs === "number" && Number.isFinite(init.retryAfterMs) && init.retryAfterMs >= 0
        ? init.retryAfterMs
        : undefined,
    rateLimit: init.rateLimit ?? undefined,
    retryable: init.retryable ?? defaultRetryable(tag, status),
    response: init.response ?? undefined,
    attempts: init.attempts ?? undefined,
    elapsedMs: init.elapsedMs ?? undefined,
  };
  if (init.cause !== undefined) fields.cause = init.cause;
  return fields;
};

const defaultMessage = (tag: ApiErrorTag, status: number): string => {
  switch (tag) {
    case "Network":
      return "Network request failed";
    case "Timeout":
      return "Request timed out";
    case "Aborted":
      return "Request was aborted";
    case "Unexpected":
      return status > 0 ? `Unexpected response (HTTP ${status})` : "Unexpected error";
    default:
      return statusTitle(status);
  }
};

const defaultRetryable = (tag: ApiErrorTag, status: number): boolean =>
  tag === "Network"
    ? true
    : tag === "Timeout" || tag === "Aborted" || tag === "Unexpected"
      ? false
      : isRetryableStatus(status);

const causeJSON = (cause: unknown): { name: string; message: string } | undefined => {
  if (cause === undefined) return undefined;
  if (cause instanceof Error) return { name: cause.name, message: redactText(cause.message) };
  return { name: typeof cause, message: redactText(String(cause)).slice(0, MAX_MESSAGE) };
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
export type ApiErrorInstance<TTag extends ApiErrorTag, TCode extends string, TDetails> = {
  toJSON(): ApiErrorJSON;
} & Cause.YieldableError & {
    readonly _tag: TTag;
    readonly [ApiErrorTypeId]: ApiErrorTypeId;
    toJSON(): ApiErrorJSON;
  } & Readonly<ApiErrorFields<TCode, TDetails>>;

/**
 * The shape of the constructor each error class extends: generic over the code and details types.
 *
 * @example
 * ```ts
 * import { ApiErrorClass } from "@faultline/core";
 * class Teapot<TCode extends string = string> extends ApiErrorClass("ClientError")<TCode, unknown> {}
 * ```
 * @since 0.1.0
 */
export type ApiErrorConstructor<TTag extends ApiErrorTag> = new <
  TCode extends string = string,
  TDetails = unknown,
>(
  init?: ApiErrorInit<TCode, TDetails>,
) => ApiErrorInstance<TTag, TCode, TDetails>;

/**
 * Builds the base class for one kind: an Effect `Data.TaggedError` whose constructor fills defaults,
 * redacts, and brands the instance, and whose `toJSON` never leaks the raw cause.
 *
 * @example
 * ```ts
 * import { ApiErrorClass } from "@faultline/core";
 * class Teapot<TCode extends string = string> extends ApiErrorClass("ClientError")<TCode, unknown> {}
 * new Teapot({ status: 418 }).message; // "I'm a teapot"
 * ```
 * @since 0.1.0
 */
export const ApiErrorClass = <TTag extends ApiErrorTag>(tag: TTag): ApiErrorConstructor<TTag> => {
  class Base extends TaggedError(tag)<Record<string, unknown>> {
    constructor(init: ApiErrorInit = {}) {
      super(fill(tag, init));
      Object.defineProperty(this, ApiErrorTypeId, { value: ApiErrorTypeId });
    }
    override toString(): string {
      return `${this.name}: ${this.message}`;
    }
    override toJSON(): ApiErrorJSON {
      const self = this as unknown as ApiErrorFields & { cause?: unknown };
      const json: Record<string, unknown> = { _tag: tag, name: tag };
      for (const key of jsonKeys) {
        const value = self[key];
        if (value !== undefined) json[key] = value;
      }
      const cause = causeJSON(self.cause);
      if (cause) json.cause = cause;
      return json as unknown as ApiErrorJSON;
    }
  }
  return Base as unknown as ApiErrorConstructor<TTag>;
};

const jsonKeys = [
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
  "attempts",
  "elapsedMs",
] as const satisfies ReadonlyArray<keyof ApiErrorFields>;

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
export class BadRequestError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "BadRequest",
)<TCode, TDetails> {}

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
export class UnauthorizedError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "Unauthorized",
)<TCode, TDetails> {}

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
export class ForbiddenError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "Forbidden",
)<TCode, TDetails> {}

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
export class NotFoundError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "NotFound",
)<TCode, TDetails> {}

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
export class ConflictError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "Conflict",
)<TCode, TDetails> {}

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
  TCode extends string = string,
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
export class TooManyRequestsError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "TooManyRequests",
)<TCode, TDetails> {}

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
export class InternalServerError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "InternalServerError",
)<TCode, TDetails> {}

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
export class BadGatewayError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "BadGateway",
)<TCode, TDetails> {}

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
export class ServiceUnavailableError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "ServiceUnavailable",
)<TCode, TDetails> {}

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
export class GatewayTimeoutError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "GatewayTimeout",
)<TCode, TDetails> {}

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
export class ClientError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "ClientError",
)<TCode, TDetails> {}

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
export class ServerError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "ServerError",
)<TCode, TDetails> {}

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
export class NetworkError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass("Network")<
  TCode,
  TDetails
> {}

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
export class TimeoutError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass("Timeout")<
  TCode,
  TDetails
> {}

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
export class AbortedError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass("Aborted")<
  TCode,
  TDetails
> {}

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
export class UnexpectedError<TCode extends string = string, TDetails = unknown> extends ApiErrorClass(
  "Unexpected",
)<TCode, TDetails> {}

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
export type ApiError<TCode extends string = string, TDetails = unknown> =
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
export function makeError<TCode extends string = string, TDetails = unknown>(
  init: ApiErrorInit<TCode, TDetails> & { readonly status: number },
): ApiError<TCode, TDetails>;
export function makeError<TTag extends ApiErrorTag, TCode extends string = string, TDetails = unknown>(
  tag: TTag,
  init?: ApiErrorInit<TCode, TDetails>,
): ApiErrorInstance<TTag, TCode, TDetails>;
export function makeError(
  tagOrInit: ApiErrorTag | (ApiErrorInit & { status: number }),
  init?: ApiErrorInit,
): ApiError {
  if (typeof tagOrInit === "string") return new errorClasses[tagOrInit](init ?? {}) as ApiError;
  const tag: HttpTag = tagForStatus(tagOrInit.status);
  return new errorClasses[tag](tagOrInit) as ApiError;
}

const tagSet: ReadonlySet<string> = new Set(apiErrorTags);

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
export const isApiErrorTag = <TTag extends ApiErrorTag>(
  u: unknown,
  tag: TTag,
): u is Extract<ApiError, { _tag: TTag }> => isApiError(u) && u._tag === tag;

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
  const o = u as Record<string, unknown>;
  return (
    typeof o._tag === "string" &&
    tagSet.has(o._tag) &&
    typeof o.status === "number" &&
    typeof o.message === "string" &&
    typeof o.retryable === "boolean"
  );
};

const optionalString = (u: unknown): string | undefined =>
  typeof u === "string" ? u : typeof u === "number" ? String(u) : undefined;
const optionalNumber = (u: unknown): number | undefined =>
  typeof u === "number" && Number.isFinite(u) ? u : undefined;

/**
 * Turns the JSON form of an error back into an error of the same kind with the same fields
 * (logging, SSR hydration, RPC). Never throws: input that is not an error's JSON becomes an
 * `Unexpected` error that says so.
 *
 * @example
 * ```ts
 * import { reviveError, NotFoundError } from "@faultline/core";
 * const json = JSON.parse(JSON.stringify(new NotFoundError({ code: "NOT_FOUND" })));
 * reviveError(json)._tag; // "NotFound"
 * ```
 * @since 0.1.0
 */
export const reviveError = (json: unknown): ApiError => {
  if (!isApiErrorJSON(json)) {
    return new UnexpectedError({
      message: "Value is not a serialized Faultline error",
      details: redactValue(json),
    });
  }
  const o = json as unknown as Record<string, unknown>;
  const cause = o.cause as { name?: unknown; message?: unknown } | undefined;
  const revivedCause =
    cause && typeof cause === "object" && typeof cause.message === "string"
      ? Object.assign(new Error(cause.message), {
          name: typeof cause.name === "string" ? cause.name : "Error",
        })
      : undefined;
  const response = o.response as ResponseSnapshot | undefined;
  return new errorClasses[json._tag]({
    status: json.status,
    code: optionalString(o.code),
    message: json.message,
    requestId: optionalString(o.requestId),
    field: optionalString(o.field),
    details: o.details,
    retryAfterMs: optionalNumber(o.retryAfterMs),
    rateLimit:
      typeof o.rateLimit === "object" && o.rateLimit !== null ? (o.rateLimit as RateLimit) : undefined,
    retryable: json.retryable,
    response:
      response && typeof response === "object" && typeof response.status === "number"
        ? { ...response, headers: { ...(response.headers ?? {}) } }
        : undefined,
    attempts: optionalNumber(o.attempts),
    elapsedMs: optionalNumber(o.elapsedMs),
    cause: revivedCause,
  }) as ApiError;
};
