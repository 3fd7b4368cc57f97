/**
 * The one table that relates HTTP statuses to error kinds, titles and default retryability.
 * Every other module (decode, encode, retry, adapters) asks this module; none compares statuses itself.
 *
 * @since 0.1.0
 */

/**
 * Error kinds that correspond to one HTTP status each.
 *
 * @example
 * ```ts
 * import { namedStatusTags } from "./status"; // internal
 * namedStatusTags[404]; // "NotFound"
 * ```
 * @since 0.1.0
 */
export const namedStatusTags = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  422: "UnprocessableEntity",
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
} as const;

/** A status that has its own named kind. @since 0.1.0 */
export type NamedStatus = keyof typeof namedStatusTags;

/** The `_tag` of a kind that stands for one HTTP status. @since 0.1.0 */
export type NamedStatusTag = (typeof namedStatusTags)[NamedStatus];

/** The `_tag` of every HTTP kind: the named ones plus the generic client (4xx) and server (5xx) kinds. @since 0.1.0 */
export type HttpTag = NamedStatusTag | "ClientError" | "ServerError";

/** Failures where no HTTP response was received, or where the response could not be used. @since 0.1.0 */
export type TransportTag = "Network" | "Timeout" | "Aborted" | "Unexpected";

/**
 * The `_tag` of every kind of error in the union.
 *
 * @example
 * ```ts
 * import type { ApiErrorTag } from "@faultline/core";
 * const tag: ApiErrorTag = "TooManyRequests";
 * ```
 * @since 0.1.0
 */
export type ApiErrorTag = HttpTag | TransportTag;

/**
 * Every tag, in a stable order (HTTP kinds by status, then transport kinds).
 *
 * @example
 * ```ts
 * import { apiErrorTags } from "@faultline/core";
 * apiErrorTags.includes("NotFound"); // true
 * ```
 * @since 0.1.0
 */
// Built at load time from the table above, marked pure so that a bundle that never reads them drops them.
export const apiErrorTags: readonly ApiErrorTag[] = /* @__PURE__ */ (
  Object.values(namedStatusTags) as ApiErrorTag[]
).concat(["ClientError", "ServerError", "Network", "Timeout", "Aborted", "Unexpected"]);

const tagStatus: Readonly<Record<string, number>> = /* @__PURE__ */ Object.fromEntries(
  /* @__PURE__ */ Object.entries(namedStatusTags).map(([status, tag]) => [tag, Number(status)]),
);

/**
 * The kind for an HTTP status: the named kind when there is one, else `ClientError` for 4xx and
 * `ServerError` for 5xx. Statuses outside 400-599 (an error signalled with HTTP 200, say) count as
 * client errors: the server refused the request.
 *
 * @example
 * ```ts
 * import { tagForStatus } from "@faultline/core";
 * tagForStatus(404); // "NotFound"
 * tagForStatus(418); // "ClientError"
 * tagForStatus(599); // "ServerError"
 * ```
 * @since 0.1.0
 */
export const tagForStatus = (status: number): HttpTag =>
  (namedStatusTags as Record<number, NamedStatusTag>)[status] ??
  (status >= 500 && status <= 599 ? "ServerError" : "ClientError");

/**
 * The status a kind stands for: its own status for named kinds, 400/500 for the generic ones, 0 for
 * transport kinds (no response was received).
 *
 * @example
 * ```ts
 * import { statusForTag } from "@faultline/core";
 * statusForTag("Conflict"); // 409
 * statusForTag("Network"); // 0
 * ```
 * @since 0.1.0
 */
export const statusForTag = (tag: ApiErrorTag): number =>
  tagStatus[tag] ?? (tag === "ClientError" ? 400 : tag === "ServerError" ? 500 : 0);

const titles: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  418: "I'm a teapot",
  421: "Misdirected Request",
  422: "Unprocessable Entity",
  423: "Locked",
  424: "Failed Dependency",
  425: "Too Early",
  426: "Upgrade Required",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
  507: "Insufficient Storage",
  508: "Loop Detected",
  511: "Network Authentication Required",
  529: "Site Overloaded",
};

/**
 * The standard reason phrase of a status, or a generic one for unknown statuses.
 *
 * @example
 * ```ts
 * import { statusTitle } from "@faultline/core";
 * statusTitle(503); // "Service Unavailable"
 * ```
 * @since 0.1.0
 */
export const statusTitle = (status: number): string =>
  titles[status] ??
  (status >= 500 && status <= 599
    ? "Server Error"
    : status >= 400 && status <= 499
      ? "Client Error"
      : "Error");

/**
 * Statuses that are worth another attempt by default: 408, 429, 500, 502, 503, 504, and 529 (the
 * "overloaded" status Anthropic and others document as transient).
 *
 * @example
 * ```ts
 * import { isRetryableStatus } from "@faultline/core";
 * isRetryableStatus(503); // true
 * isRetryableStatus(404); // false
 * ```
 * @since 0.1.0
 */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 ||
  status === 429 ||
  status === 500 ||
  status === 502 ||
  status === 503 ||
  status === 504 ||
  // Cloudflare's origin errors: unknown, down, connect timeout, unreachable, read timeout.
  (status >= 520 && status <= 524) ||
  status === 529;

/**
 * The kind a declared status stands for, at the type level: the named kind of a named status, else
 * `ServerError` for 5xx and `ClientError` for anything else (as {@link tagForStatus} does at run time).
 *
 * @example
 * ```ts
 * import type { TagForStatus } from "@faultline/core";
 * type T = TagForStatus<409>; // "Conflict"
 * type U = TagForStatus<507>; // "ServerError"
 * ```
 * @since 0.1.0
 */
export type TagForStatus<TStatus extends number> = number extends TStatus
  ? HttpTag
  : TStatus extends NamedStatus
    ? (typeof namedStatusTags)[TStatus]
    : `${TStatus}` extends `5${string}`
      ? "ServerError"
      : "ClientError";

const transportRenderStatus = { Network: 502, Timeout: 504, Aborted: 499 } as const;

/**
 * The status a server answers with when it renders an error (what `encode` writes): a named kind
 * always renders as its own status (a `TooManyRequests` decoded from a GitHub 403 renders as 429, an
 * `InternalServerError` signalled with HTTP 200 as 500), `ClientError`/`ServerError` as their own
 * 4xx/5xx status or 400/500, `Network` as 502, `Timeout` as 504, `Aborted` as 499, and `Unexpected`
 * as 502 when it stands for an unreadable upstream response, else 500 (a server's own failure).
 *
 * @example
 * ```ts
 * import { renderStatus } from "@faultline/core";
 * renderStatus({ _tag: "Unexpected", status: 0, response: undefined }); // 500
 * renderStatus({ _tag: "Conflict", status: 200, response: undefined }); // 409
 * ```
 * @since 0.1.0
 */
export const renderStatus = (error: {
  readonly _tag: ApiErrorTag;
  readonly status: number;
  readonly response?: unknown;
}): number => {
  const tag = error._tag;
  const status = error.status;
  if (tag === "ClientError") return status >= 400 && status <= 499 ? status : 400;
  if (tag === "ServerError") return status >= 500 && status <= 599 ? status : 500;
  if (tag === "Unexpected") return error.response === undefined ? 500 : 502;
  return tagStatus[tag] ?? transportRenderStatus[tag as keyof typeof transportRenderStatus] ?? 500;
};

/**
 * The coarse group of a kind: the server's fault, the client's, or no usable response at all.
 *
 * Use it for coarse handling ("is this the server's fault?") and metrics.
 *
 * @example
 * ```ts
 * import { errorCategory, NotFoundError } from "@faultline/core";
 * errorCategory(new NotFoundError({})); // "client"
 * ```
 * @since 0.1.0
 */
export const errorCategory = (error: {
  readonly _tag: ApiErrorTag;
  readonly status: number;
  readonly response?: unknown;
}): "client" | "server" | "transport" =>
  error._tag === "Network" || error._tag === "Timeout" || error._tag === "Aborted"
    ? "transport"
    : renderStatus(error) >= 500
      ? "server"
      : "client";

const errorTypes: Readonly<Record<number, string>> = {
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  409: "conflict_error",
  429: "rate_limit_error",
};

/**
 * The `type` member of the typed (F3) format for a status, as Stripe-style APIs name them.
 *
 * @example
 * ```ts
 * import { errorTypeForStatus } from "./status"; // internal
 * errorTypeForStatus(404); // "not_found_error"
 * ```
 * @since 0.1.0
 */
export const errorTypeForStatus = (status: number): string =>
  errorTypes[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");

/**
 * The conventional SCREAMING_SNAKE code for a status (`404` -> `"NOT_FOUND"`), used by `encode` when
 * an error has no code of its own.
 *
 * @example
 * ```ts
 * import { defaultCodeForStatus } from "./status"; // internal
 * defaultCodeForStatus(422); // "UNPROCESSABLE_ENTITY"
 * ```
 * @since 0.1.0
 */
export const defaultCodeForStatus = (status: number): string =>
  statusTitle(status)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
