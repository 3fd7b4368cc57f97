/**
 * The one entry point that turns anything thrown into an error of the union. Adapters call it;
 * they do not invent their own conversions.
 *
 * @since 0.1.0
 */
import {
  buildError,
  copyError,
  isApiError,
  isApiErrorJSON,
  type RequestSnapshot,
  reviveError,
} from "./ApiError";
import type { AnyCatalog, Decoded } from "./Catalog";
import { decode } from "./decode";
import { clip } from "./internal/json";
import { redactText } from "./redact";
import type { ApiErrorTag } from "./status";

const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_NETWORK",
  "ConnectionRefused",
  "ConnectionClosed",
  "FailedToOpenSocket",
]);

const networkMessage =
  /fetch failed|failed to fetch|networkerror|network error|load failed|network connection was lost|connection (?:refused|reset|closed)|socket hang up|unable to connect|error sending request|tcp connect error|internal error|ECONN|ENOTFOUND|EAI_AGAIN/i;

const own = (u: unknown, key: string): unknown => {
  try {
    return typeof u === "object" && u !== null && key in u ? (u as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Programming errors the Fetch API reports as a `TypeError` (an invalid URL, an unsupported scheme,
 * a header name or value the runtime rejects, a body it cannot send): retrying cannot fix them.
 */
const programmingCodes = new Set([
  "ERR_INVALID_URL",
  "ERR_INVALID_URL_SCHEME",
  "ERR_INVALID_ARG_TYPE",
  "ERR_INVALID_ARG_VALUE",
  "ERR_INVALID_HTTP_TOKEN",
  "ERR_INVALID_CHAR",
  "ERR_UNESCAPED_CHARACTERS",
  "UND_ERR_INVALID_ARG",
  "UND_ERR_NOT_SUPPORTED",
]);

const programmingMessage =
  /invalid url|failed to parse url|url scheme|unknown scheme|scheme .*not supported|not a valid url|unsupported protocol|invalid header|header (?:name|value)|is not a legal http header|request with a get or head method cannot have a body|cannot construct 'request'|failed to construct 'request'|invalid character|request cannot be constructed|^bad port$/i;

/** The chain of causes (at most four deep), the thrown value first. */
const causes = (u: unknown): unknown[] => {
  const out: unknown[] = [];
  let current: unknown = u;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    out.push(current);
    const next = own(current, "cause");
    if (next === current) break;
    current = next;
  }
  return out;
};

const isProgrammingError = (u: unknown): boolean =>
  causes(u).some((c) => {
    const code = own(c, "code");
    if (typeof code === "string" && programmingCodes.has(code)) return true;
    const message = own(c, "message");
    return typeof message === "string" && programmingMessage.test(message);
  });

/**
 * The runtime's real reason for a transport failure: the first system or undici code in the cause
 * chain (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`, ...), else the innermost message that says
 * more than "fetch failed". Redacted and clipped.
 */
const transportReason = (u: unknown): string | undefined => {
  const chain = causes(u);
  for (const c of chain) {
    const code = own(c, "code");
    if (typeof code === "string" && /^[A-Z][A-Za-z0-9_]{1,40}$/.test(code)) return code;
  }
  for (const c of chain.reverse()) {
    const message = own(c, "message");
    if (
      typeof message === "string" &&
      message.trim() !== "" &&
      !/^(?:fetch failed|failed to fetch)$/i.test(message)
    )
      return redactText(clip(message, 200));
  }
  return undefined;
};

const describe = (what: string, request: RequestSnapshot | undefined, reason: string | undefined): string =>
  `${what}${request === undefined ? "" : `: ${request.method} ${request.url}`}${reason === undefined ? "" : ` (${reason})`}`;

/**
 * Whether a thrown value is a network failure of the Fetch API on any runtime (undici's
 * "fetch failed", Chromium's "Failed to fetch", Firefox's "NetworkError…", Safari's "Load failed",
 * Bun's and Deno's messages, and socket error codes on the cause).
 *
 * @example
 * ```ts
 * import { isNetworkFailure } from "./fromUnknown"; // internal
 * isNetworkFailure(new TypeError("Failed to fetch")); // true
 * ```
 * @since 0.1.0
 */
export const isNetworkFailure = (u: unknown): boolean => {
  let current: unknown = u;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const code = own(current, "code");
    if (typeof code === "string" && networkCodes.has(code)) return true;
    const message = own(current, "message");
    const name = own(current, "name");
    if ((name === "TypeError" || depth > 0) && typeof message === "string" && networkMessage.test(message))
      return true;
    current = own(current, "cause");
  }
  return false;
};

/**
 * Options of {@link fromUnknown}.
 *
 * @example
 * ```ts
 * import { fromUnknown, requestSnapshot, type FromUnknownOptions } from "@faultline/core";
 * const options: FromUnknownOptions = { request: requestSnapshot({ method: "GET", url: "https://api.example.com/me" }) };
 * fromUnknown(new TypeError("fetch failed"), options).message; // "Network request failed: GET https://api.example.com/me"
 * ```
 * @since 0.1.0
 */
export interface FromUnknownOptions<TCatalog extends AnyCatalog | undefined = undefined> {
  /** Types `code` by the catalog when the thrown value carries an HTTP response. */
  readonly catalog?: TCatalog;
  /** The request that failed (see `requestSnapshot`): named in transport messages, set as `request`. */
  readonly request?: RequestSnapshot | undefined;
}

/**
 * Converts anything thrown into an error of the union: the one conversion every client and adapter
 * calls. Our errors pass through (gaining `request` when given and missing); their JSON is revived;
 * `AbortError` becomes `Aborted` and `TimeoutError` (from `AbortSignal.timeout`) `Timeout`; objects
 * carrying an HTTP response (`{ response: { status, headers, data } }`, as axios throws) are
 * decoded; programming errors (an invalid URL, an unsupported scheme, a header value the runtime
 * rejects) become `Unexpected`, never retried; fetch network failures become `Network`, whose
 * message names the request and the runtime's real reason (`ECONNREFUSED`, ...); anything else
 * becomes `Unexpected` with the value as `cause`. Never throws.
 *
 * @example
 * ```ts
 * import { fromUnknown } from "@faultline/core";
 * try {
 *   await fetch("http://127.0.0.1:1");
 * } catch (thrown) {
 *   const err = fromUnknown(thrown);
 *   err._tag; // "Network"
 *   err.message; // "Network request failed (ECONNREFUSED)"
 * }
 * ```
 * @since 0.1.0
 */
export const fromUnknown = <TCatalog extends AnyCatalog | undefined = undefined>(
  thrown: unknown,
  options: FromUnknownOptions<TCatalog> = {},
): Decoded<TCatalog> => {
  const request = options.request;
  const make = (tag: ApiErrorTag, message: string | undefined): Decoded<TCatalog> =>
    buildError(tag, { message, cause: thrown, request }) as Decoded<TCatalog>;
  try {
    if (isApiError(thrown))
      return (
        request !== undefined && thrown.request === undefined ? copyError(thrown, { request }) : thrown
      ) as Decoded<TCatalog>;
    if (isApiErrorJSON(thrown)) return reviveError(thrown, options);
    const name = own(thrown, "name");
    const code = own(thrown, "code");
    if (
      name === "TimeoutError" ||
      code === "ETIMEDOUT" ||
      code === "ECONNABORTED" ||
      code === "UND_ERR_HEADERS_TIMEOUT" ||
      code === "UND_ERR_BODY_TIMEOUT"
    ) {
      return make("Timeout", describe("Request timed out", request, undefined));
    }
    if (name === "AbortError" || code === "ERR_CANCELED" || code === "ABORT_ERR")
      return make("Aborted", describe("Request was aborted", request, undefined));
    const response = own(thrown, "response");
    const status = own(response, "status");
    if (typeof status === "number" && status >= 400) {
      return decode(
        {
          status,
          headers: own(response, "headers") as never,
          body: own(response, "data") ?? own(response, "body"),
        },
        { ...(options.catalog !== undefined ? { catalog: options.catalog } : {}), cause: thrown, request },
      ) as Decoded<TCatalog>;
    }
    if (isProgrammingError(thrown)) {
      const message = own(thrown, "message");
      return make("Unexpected", typeof message === "string" ? message : undefined);
    }
    if (isNetworkFailure(thrown))
      return make("Network", describe("Network request failed", request, transportReason(thrown)));
    const message = own(thrown, "message");
    return make(
      "Unexpected",
      typeof message === "string" ? message : typeof thrown === "string" ? thrown : undefined,
    );
  } catch (cause) {
    return buildError("Unexpected", {
      message: "Could not convert a thrown value",
      cause,
      request,
    }) as Decoded<TCatalog>;
  }
};
