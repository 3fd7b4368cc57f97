/**
 * The one entry point that turns anything thrown into an error of the union. Adapters call it;
 * they do not invent their own conversions.
 *
 * @since 0.1.0
 */
import {
  AbortedError,
  type ApiError,
  isApiError,
  isApiErrorJSON,
  NetworkError,
  reviveError,
  TimeoutError,
  UnexpectedError,
} from "./ApiError";
import type { AnyCatalog } from "./Catalog";
import { type Decoded, decode } from "./decode";
import { redactText } from "./redact";

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
 * Whether a thrown value is a network failure of the Fetch API on any runtime (undici's
 * "fetch failed", Chromium's "Failed to fetch", Firefox's "NetworkError…", Safari's "Load failed",
 * Bun's and Deno's messages, and socket error codes on the cause).
 *
 * @example
 * ```ts
 * import { isNetworkFailure } from "@faultline/core";
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
 * Converts anything thrown into an error of the union: our errors pass through; their JSON is
 * revived; `AbortError` becomes `Aborted` and `TimeoutError` (from `AbortSignal.timeout`) becomes
 * `Timeout`; fetch network failures become `Network`; objects carrying an HTTP response
 * (`{ response: { status, headers, data } }`, as axios and others throw) are decoded; anything else
 * becomes `Unexpected` with the value as `cause`.
 *
 * @example
 * ```ts
 * import { fromUnknown } from "@faultline/core";
 * try {
 *   await fetch("http://127.0.0.1:1");
 * } catch (thrown) {
 *   const err = fromUnknown(thrown);
 *   err._tag; // "Network"
 * }
 * ```
 * @since 0.1.0
 */
export const fromUnknown = <TCatalog extends AnyCatalog | undefined = undefined>(
  thrown: unknown,
  options: { readonly catalog?: TCatalog } = {},
): Decoded<TCatalog> | ApiError => {
  try {
    if (isApiError(thrown)) return thrown;
    if (isApiErrorJSON(thrown)) return reviveError(thrown);
    const name = own(thrown, "name");
    const code = own(thrown, "code");
    if (
      name === "TimeoutError" ||
      code === "ETIMEDOUT" ||
      code === "ECONNABORTED" ||
      code === "UND_ERR_HEADERS_TIMEOUT"
    ) {
      return new TimeoutError({ cause: thrown });
    }
    if (name === "AbortError" || code === "ERR_CANCELED" || code === "ABORT_ERR")
      return new AbortedError({ cause: thrown });
    const response = own(thrown, "response");
    const status = own(response, "status");
    if (typeof status === "number" && status >= 400) {
      return decode(
        {
          status,
          headers: own(response, "headers") as never,
          body: own(response, "data") ?? own(response, "body"),
        },
        { ...options, cause: thrown },
      );
    }
    if (isNetworkFailure(thrown)) return new NetworkError({ cause: thrown });
    const message = own(thrown, "message");
    return new UnexpectedError({
      message: typeof message === "string" ? message : typeof thrown === "string" ? thrown : undefined,
      cause: thrown,
    });
  } catch (cause) {
    return new UnexpectedError({ message: redactText("Could not convert a thrown value"), cause });
  }
};
