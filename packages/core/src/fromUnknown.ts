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
import { redactText, redactValue } from "./redact";
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
  /fetch failed|failed to fetch|network ?error|load failed|network connection was lost|connection (?:refused|reset|closed)|socket hang up|unable to connect|error sending request|tcp connect error|internal error|ECONN|ENOTFOUND|EAI_AGAIN/i;

const own = (u: unknown, key: string): unknown => {
  try {
    return typeof u === "object" && u !== null && key in u ? (u as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
};

/** Errors whose constructor a redacted copy keeps (so `instanceof TypeError` still holds). */
const standardErrors: ReadonlySet<unknown> = new Set([
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
]);

const MAX_CAUSE_DEPTH = 4;
const MAX_CAUSE_TEXT = 8_192;

/** A string as a cause keeps it: cut and redacted. */
const keptText = (s: string): string => redactText(clip(s, MAX_CAUSE_TEXT));

/**
 * What an error keeps of a thrown value as its `cause`. The value itself when nothing in it can hold
 * a secret: its message and stack redact to themselves, its own members are plain values that do
 * too, and so do its causes (undici's `fetch failed` and its `ECONNREFUSED`, an `AbortError`).
 * Otherwise a copy of what helps to debug it (name, message, stack, `code`-like members, causes),
 * redacted: a runtime's message may quote a URL with credentials, and an HTTP client's error holds
 * the request's headers (axios's `config`). Never throws.
 */
const keptCause = (u: unknown, depth = 0): unknown => {
  try {
    if (typeof u === "string") return keptText(u);
    if (typeof u !== "object" || u === null || isApiError(u)) return u;
    if (depth >= MAX_CAUSE_DEPTH) return undefined;
    const message = own(u, "message");
    if (!(u instanceof Error) && typeof message !== "string") return redactValue(u);
    const stack = own(u, "stack");
    const inner = own(u, "cause");
    const keptInner = inner === undefined ? undefined : keptCause(inner, depth + 1);
    const members = Object.keys(u)
      .filter((key) => key !== "cause")
      .map((key) => [key, own(u, key)] as const);
    /** A value kept as it is: a plain value that redacts to itself. */
    const same = (value: unknown): boolean =>
      typeof value === "string"
        ? keptText(value) === value
        : value === null || (typeof value !== "object" && typeof value !== "function");
    const clean =
      keptInner === inner &&
      (typeof message !== "string" || same(message)) &&
      (typeof stack !== "string" || same(stack)) &&
      members.every(([, value]) => same(value));
    if (clean) return u;
    const Kind = (standardErrors.has(u.constructor) ? u.constructor : Error) as ErrorConstructor;
    const copy = new Kind(
      typeof message === "string" ? keptText(message) : "",
      keptInner === undefined ? undefined : { cause: keptInner },
    );
    const name = own(u, "name");
    if (typeof name === "string" && name !== copy.name) copy.name = clip(name, 100);
    copy.stack = typeof stack === "string" ? keptText(stack) : `${copy.name}: ${copy.message}`;
    // `code`, `errno`, `syscall`, `status`...: what runtimes and clients say in plain values.
    const record = copy as unknown as Record<string, unknown>;
    for (const [key, value] of members.slice(0, 16)) {
      if (typeof value === "string") record[key] = keptText(value);
      else if (typeof value === "number" || typeof value === "boolean") record[key] = value;
    }
    return copy;
  } catch {
    return new Error("[unreadable cause]");
  }
};

/** The message of a permanent failure whose own text may quote a header value. */
const HEADER_REJECTED =
  "The runtime rejected a request header name or value (the value is withheld); the request was not sent";

/** The message of a permanent failure whose own text may quote the argument it rejected. */
const ARGUMENT_REJECTED =
  "The runtime rejected an argument of the request (the value is withheld); the request was not sent";

/**
 * Failures of the Fetch API that no retry can fix, by error code (Node, undici): a URL that does not
 * parse, an unsupported scheme, a header or argument the runtime rejects, a body it cannot send.
 * The value is the message to use instead of the error's own, when that may quote request input.
 */
const permanentCodes: ReadonlyMap<string, string | undefined> = new Map([
  ["ERR_INVALID_URL", undefined],
  ["ERR_INVALID_URL_SCHEME", undefined],
  ["ERR_UNESCAPED_CHARACTERS", undefined],
  ["UND_ERR_NOT_SUPPORTED", undefined],
  ["ERR_INVALID_HTTP_TOKEN", HEADER_REJECTED],
  ["ERR_INVALID_CHAR", HEADER_REJECTED],
  ["ERR_INVALID_ARG_TYPE", ARGUMENT_REJECTED],
  ["ERR_INVALID_ARG_VALUE", ARGUMENT_REJECTED],
  ["UND_ERR_INVALID_ARG", ARGUMENT_REJECTED],
]);

/**
 * The same failures by message, as every runtime words them (runtimes reject with a `TypeError`;
 * undici's "fetch failed" carries the real reason in `cause`): a redirect loop or a redirect where
 * redirects must fail, an invalid URL or scheme, a rejected header, a body on GET or a stream body
 * without `duplex`. Second: the message to use instead of the error's own (header messages may
 * quote the value, which may be a credential).
 */
const permanentMessages: ReadonlyArray<readonly [RegExp, string | undefined]> = [
  [
    /redirect count exceeded|too many redirects|redirect loop|unexpected redirect|invalid url|failed to parse url|not a valid url|url scheme|unknown scheme|scheme .*not supported|unsupported protocol|not supported yet|^bad port$/i,
    undefined,
  ],
  [/invalid header|header (?:name|value)|is not a legal http header|invalid character/i, HEADER_REJECTED],
  [
    /cannot have (?:a )?body|duplex option is required|(?:cannot|failed to) construct 'request'|request cannot be constructed/i,
    undefined,
  ],
];

/** The chain of causes (at most four deep), the thrown value first (an error that is its own cause repeats). */
const causes = (u: unknown): unknown[] => {
  const out: unknown[] = [];
  for (
    let current = u;
    out.length < 4 && current !== undefined && current !== null;
    current = own(current, "cause")
  )
    out.push(current);
  return out;
};

/**
 * The message of a failure no retry can fix (see {@link permanentCodes} and
 * {@link permanentMessages}), taken from the error in the cause chain that says so (undici's
 * "fetch failed" wraps it), or a fixed text where that message may quote a header value or an
 * argument. Undefined for any other failure.
 */
const permanentFailure = (u: unknown): string | undefined => {
  for (const c of causes(u)) {
    const message = own(c, "message");
    const text = typeof message === "string" && message.trim() !== "" ? message : undefined;
    const code = own(c, "code");
    if (typeof code === "string" && permanentCodes.has(code))
      return permanentCodes.get(code) ?? text ?? `The request cannot be sent (${code})`;
    if (text === undefined) continue;
    for (const [pattern, instead] of permanentMessages) if (pattern.test(text)) return instead ?? text;
  }
  return undefined;
};

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
export const isNetworkFailure = (u: unknown): boolean =>
  causes(u).some((c, depth) => {
    const code = own(c, "code");
    const message = own(c, "message");
    return (
      (typeof code === "string" && networkCodes.has(code)) ||
      ((depth > 0 || own(c, "name") === "TypeError") &&
        typeof message === "string" &&
        networkMessage.test(message))
    );
  });

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
  /**
   * The value is what a transport rejected with (a `fetch` call, an HTTP client's request): anything
   * that is neither an abort, a timeout, a response nor a permanent failure is then `Network`
   * (retryable) instead of `Unexpected`. Permanent failures stay `Unexpected`.
   */
  readonly transport?: boolean | undefined;
}

/**
 * Converts anything thrown into an error of the union: the one conversion every client and adapter
 * calls. Our errors pass through (gaining `request` when given and missing); their JSON is revived;
 * `AbortError` becomes `Aborted` and `TimeoutError` (from `AbortSignal.timeout`) `Timeout`; objects
 * carrying an HTTP response (`{ response: { status, headers, data } }`, as axios throws) are
 * decoded; failures no retry can fix (a redirect loop, an invalid URL, an unsupported scheme, a
 * header value the runtime rejects, a body on GET) become `Unexpected`, never retried, with the
 * message of the error in the cause chain that says so (a fixed text where it could quote a header
 * value); fetch network failures become `Network`, whose message names the request and the
 * runtime's real reason (`ECONNREFUSED`, ...); anything else becomes `Unexpected` (`Network` with
 * `transport: true`). The thrown value is the error's `cause`, as it is when nothing in it can hold a
 * secret, else as a redacted copy (name, message, stack, plain members such as `code`, causes): a
 * runtime's message may quote a URL with credentials, and axios's errors hold the request headers.
 * Never throws.
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
    buildError(tag, { message, cause: keptCause(thrown), request }) as Decoded<TCatalog>;
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
        {
          ...(options.catalog !== undefined ? { catalog: options.catalog } : {}),
          cause: keptCause(thrown),
          request,
        },
      ) as Decoded<TCatalog>;
    }
    const permanent = permanentFailure(thrown);
    if (permanent !== undefined) return make("Unexpected", permanent);
    if (options.transport === true || isNetworkFailure(thrown))
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
