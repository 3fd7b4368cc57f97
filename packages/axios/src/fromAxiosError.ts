/**
 * `fromAxiosError` and `decodeAxiosError`: any axios rejection (or anything else thrown) becomes one
 * error of core's union, through core's `decode` and `fromUnknown`. The AxiosError itself (its
 * config, headers, request) is never kept: the `cause` is a redacted summary.
 *
 * @since 0.1.0
 */
import {
  type AnyCatalog,
  type ApiError,
  decode,
  fromUnknown,
  isApiError,
  NetworkError,
  TimeoutError,
  UnexpectedError,
} from "@faultline/core";
import { isUnreadBody, readUnreadBody } from "./internal/body";
import { summarize } from "./internal/summary";
import type { AxiosFaultlineError, ConvertOptions } from "./options";

/** Codes axios uses for a request it could not make as configured: never retried. */
const configurationCodes = new Set([
  "ERR_BAD_OPTION",
  "ERR_BAD_OPTION_VALUE",
  "ERR_INVALID_URL",
  "ERR_NOT_SUPPORT",
  "ERR_DEPRECATED",
  "ERR_FORM_DATA_DEPTH_EXCEEDED",
  "ERR_FR_TOO_MANY_REDIRECTS",
]);

/** Codes that mean the connection failed, whatever else the error carries. */
const connectionCodes = new Set([
  "ERR_NETWORK",
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
]);

const DEFAULT_BODY_TIMEOUT = 10_000;

const read = (u: unknown, key: string): unknown => {
  try {
    return typeof u === "object" && u !== null ? (u as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
};

/** Whether `u` looks like an axios rejection (AxiosError or CanceledError, from any copy of axios). */
const isAxiosLike = (u: unknown): boolean =>
  read(u, "isAxiosError") === true || read(u, "__CANCEL__") === true;

const headersOf = (response: unknown): Record<string, unknown> | undefined => {
  const headers = read(response, "headers");
  if (typeof headers !== "object" || headers === null) return undefined;
  const toJSON = read(headers, "toJSON");
  if (typeof toJSON === "function") {
    try {
      return toJSON.call(headers) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return headers as Record<string, unknown>;
};

const urlOf = (config: unknown): string | undefined => {
  const url = read(config, "url");
  const base = read(config, "baseURL");
  if (typeof url !== "string") return typeof base === "string" ? base : undefined;
  if (typeof base !== "string" || /^[a-z][a-z\d+\-.]*:/i.test(url)) return url;
  return `${base.replace(/\/+$/, "")}/${url.replace(/^\/+/, "")}`;
};

/**
 * The idle timeout (ms) that ended the response, when axios's `timeout` fired while the body was
 * arriving. axios's Node adapter (through follow-redirects) then destroys the socket without an
 * error and rejects with `ERR_BAD_RESPONSE` "stream has been aborted", exactly as when the server
 * closes the connection. Told apart by the socket: destroyed on our side, with a timeout set, no
 * error (a reset sets one) and its readable side not ended (the server's close ends it).
 */
const bodyTimeoutOf = (thrown: unknown): number | undefined => {
  const socket = read(read(thrown, "request"), "socket");
  const idle = read(socket, "timeout");
  if (
    read(socket, "destroyed") !== true ||
    read(socket, "readableEnded") !== false ||
    (read(socket, "errored") ?? null) !== null ||
    typeof idle !== "number" ||
    !(idle > 0)
  )
    return undefined;
  const configured = read(read(thrown, "config"), "timeout");
  return typeof configured === "number" && configured > 0 ? configured : idle;
};

/** A body axios handed over already read: JSON, text, bytes, or an XML document (xhr). */
const readBody = (data: unknown): unknown => {
  if (isUnreadBody(data)) return undefined;
  const element = read(data, "documentElement");
  const html = read(element, "outerHTML");
  return typeof html === "string" ? html : data;
};

const convert = <TCatalog extends AnyCatalog | undefined>(
  thrown: unknown,
  options: ConvertOptions<TCatalog>,
  body: Uint8Array | undefined,
): AxiosFaultlineError<TCatalog> => {
  if (isApiError(thrown)) return thrown as AxiosFaultlineError<TCatalog>;
  const catalog = options.catalog === undefined ? {} : { catalog: options.catalog };
  if (!isAxiosLike(thrown)) {
    const converted = fromUnknown(thrown, catalog);
    // fromUnknown keeps the thrown value as `cause`; swap it for the redacted summary.
    return replaceCause(converted, thrown) as AxiosFaultlineError<TCatalog>;
  }
  const cause = summarize(thrown);
  const code = typeof cause.code === "string" ? cause.code : undefined;
  if (code !== undefined && configurationCodes.has(code)) {
    return new UnexpectedError({
      message: `axios could not send the request (${code}): ${cause.message}`,
      retryable: false,
      cause,
    }) as AxiosFaultlineError<TCatalog>;
  }
  const response = read(thrown, "response");
  const status = read(response, "status");
  const hasResponse = typeof status === "number" && status > 0;
  const transport = code !== undefined && (connectionCodes.has(code) || code === "ERR_CANCELED");
  if (hasResponse && !transport && !(code === "ECONNABORTED" || code === "ETIMEDOUT")) {
    const cut = code === "ERR_BAD_RESPONSE" && /aborted/i.test(cause.message);
    const timedOut = cut ? bodyTimeoutOf(thrown) : undefined;
    if (timedOut !== undefined) {
      // axios's timeout fired while the body was arriving: a timeout, whatever the status.
      return new TimeoutError({
        message: `Request timed out after ${Math.round(timedOut)} ms reading the body of HTTP ${status}`,
        cause,
      }) as AxiosFaultlineError<TCatalog>;
    }
    if (status < 400 && cut) {
      // The connection dropped while a successful response's body was arriving.
      return new NetworkError({
        message: "The connection closed while the response body was arriving",
        cause,
      }) as AxiosFaultlineError<TCatalog>;
    }
    const statusText = read(response, "statusText");
    const url = urlOf(read(thrown, "config"));
    return decode(
      {
        status,
        ...(typeof statusText === "string" ? { statusText } : {}),
        ...(url !== undefined ? { url } : {}),
        headers: headersOf(response) as never,
        body: body ?? readBody(read(response, "data")),
      },
      {
        ...catalog,
        ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
        cause,
      },
    ) as AxiosFaultlineError<TCatalog>;
  }
  if (!hasResponse && code === "ERR_BAD_REQUEST") {
    return new UnexpectedError({
      message: `axios could not send the request: ${cause.message}`,
      retryable: false,
      cause,
    }) as AxiosFaultlineError<TCatalog>;
  }
  if (code === "ECONNABORTED" && cause.message === "Request aborted") {
    // xhr: the browser dropped the request (not a timeout, not the caller's abort).
    return new NetworkError({
      message: "The browser aborted the request",
      cause,
    }) as AxiosFaultlineError<TCatalog>;
  }
  // Core classifies the summary: ECONNABORTED/ETIMEDOUT -> Timeout, ERR_CANCELED -> Aborted,
  // connection codes -> Network, anything else -> Unexpected; its cause is the summary itself.
  return fromUnknown(cause, catalog) as AxiosFaultlineError<TCatalog>;
};

/** Re-creates `error` with a redacted summary of `thrown` as its cause, when its cause is `thrown`. */
const replaceCause = (error: ApiError, thrown: unknown): ApiError => {
  const current = (error as { cause?: unknown }).cause;
  if (current !== thrown || thrown === undefined || isApiError(thrown)) return error;
  const summary = summarize(thrown);
  try {
    Object.defineProperty(error, "cause", {
      value: summary,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    return error;
  } catch {
    return error;
  }
};

/**
 * Converts any axios rejection, or anything else thrown, into an error of core's union. Synchronous.
 *
 * - An HTTP error (`error.response`) is decoded by core's `decode` from its status, `AxiosHeaders`
 *   and body, whatever the `responseType`: parsed JSON, text, `arraybuffer`/`Buffer`, an XML
 *   `Document`. Bodies axios left unread (`stream`, `blob`) are not read here: use
 *   {@link decodeAxiosError}, or {@link withFaultline}, which does.
 * - `ERR_NETWORK`, `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND` become `Network`; `ECONNABORTED` and
 *   `ETIMEDOUT` (axios's `timeout`) `Timeout`, as does a body that stalled until axios's `timeout`
 *   fired (whatever the status); `ERR_CANCELED` (an `AbortSignal` or a `CancelToken`)
 *   `Aborted`; configuration errors (`ERR_BAD_OPTION`, `ERR_BAD_OPTION_VALUE`, `ERR_INVALID_URL`,
 *   `ERR_NOT_SUPPORT`, ...) `Unexpected`, not retryable.
 * - Our errors pass through; anything else goes through core's `fromUnknown`.
 *
 * The AxiosError is not kept: its config (with `Authorization` and API-key headers) and request
 * never reach the result. The `cause` is a redacted summary (`name`, `code`, `status`, `message`).
 *
 * @example
 * ```ts
 * import axios from "axios";
 * import { standardCatalog } from "@faultline/core";
 * import { fromAxiosError } from "@faultline/axios";
 *
 * try {
 *   await axios.get("https://api.example.com/users/42");
 * } catch (thrown) {
 *   const error = fromAxiosError(thrown, { catalog: standardCatalog });
 *   if (error._tag === "NotFound") console.log("no such user", error.requestId);
 * }
 * ```
 * @since 0.1.0
 */
export const fromAxiosError = <TCatalog extends AnyCatalog | undefined = undefined>(
  error: unknown,
  options: ConvertOptions<TCatalog> = {},
): AxiosFaultlineError<TCatalog> => {
  try {
    return convert(error, options, undefined);
  } catch (cause) {
    return new UnexpectedError({
      message: "Could not convert the thrown value",
      cause: summarize(cause),
    }) as AxiosFaultlineError<TCatalog>;
  }
};

/**
 * {@link fromAxiosError} that also reads error bodies axios left unread: `responseType: "stream"`
 * (a Node.js `Readable` from the http adapter, a `ReadableStream` from the fetch adapter) and
 * `"blob"`, at most `maxBodyBytes` (default 1 MiB; a longer stream is destroyed), within
 * `bodyTimeoutMs` (default 10 000). Never rejects.
 *
 * @example
 * ```ts
 * import axios from "axios";
 * import { decodeAxiosError } from "@faultline/axios";
 *
 * try {
 *   await axios.get("https://api.example.com/export", { responseType: "stream" });
 * } catch (thrown) {
 *   const error = await decodeAxiosError(thrown);
 *   console.log(error._tag, error.code, error.message);
 * }
 * ```
 * @since 0.1.0
 */
export const decodeAxiosError = async <TCatalog extends AnyCatalog | undefined = undefined>(
  error: unknown,
  options: ConvertOptions<TCatalog> & { readonly bodyTimeoutMs?: number; readonly signal?: AbortSignal } = {},
): Promise<AxiosFaultlineError<TCatalog>> => {
  try {
    const data = read(read(error, "response"), "data");
    const body =
      isAxiosLike(error) && isUnreadBody(data)
        ? await readUnreadBody(
            data,
            options.maxBodyBytes ?? 1024 * 1024,
            options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT,
            options.signal,
          )
        : undefined;
    return convert(error, options, body);
  } catch (cause) {
    return new UnexpectedError({
      message: "Could not convert the thrown value",
      cause: summarize(cause),
    }) as AxiosFaultlineError<TCatalog>;
  }
};
