/**
 * Decoding: any error response (status, headers, body in any of the common wire formats, or no
 * usable body at all) becomes one error of the union. Never throws.
 *
 * @since 0.1.0
 */
import {
  type ApiError,
  type ApiErrorInit,
  buildError,
  type RequestSnapshot,
  type ResponseSnapshot,
} from "./ApiError";
import type { AnyCatalog, Decoded } from "./Catalog";
import { rateLimitFrom, retryAfterFrom } from "./hints";
import { type BodyInfo, readBody, readResponseBytes } from "./internal/body";
import { completeExtracted, traceHeaders } from "./internal/extract";
import { type Extracted, extractJson, extractText, salvageJson } from "./internal/formats";
import type { HeaderReader, HeadersLike } from "./internal/headers";
import { isNonRetryableId, statusForSignalledCode } from "./internal/knownCodes";
import { headerRoles, RATE, RETRY, scanHeaders } from "./internal/responseHeaders";
import { isBillingText, isThrottlingId, isThrottlingText } from "./internal/throttling";
import {
  cleanTextState,
  MAY_HOLD,
  NO_HINT,
  redactCleanValue,
  redactNamedPairs,
  redactText,
  redactUrl,
  redactValue,
} from "./redact";
import { isRetryableStatus, tagForStatus } from "./status";

/**
 * What `decode` reads: a status, headers in any common shape, and a body as text, bytes, or an
 * already-parsed value.
 *
 * @example
 * ```ts
 * import type { ResponseLike } from "@faultline/core";
 * const res: ResponseLike = { status: 429, headers: { "Retry-After": "3" }, body: '{"code":"RATE_LIMITED"}' };
 * ```
 * @since 0.1.0
 */
export interface ResponseLike {
  readonly status: number;
  readonly statusText?: string | undefined;
  readonly url?: string | undefined;
  readonly headers?: HeadersLike | undefined;
  readonly body?: unknown;
}

/**
 * Options of {@link decode} and {@link decodeResponse}.
 *
 * @example
 * ```ts
 * import { decode, standardCatalog } from "@faultline/core";
 * decode({ status: 409, body: { code: "DUPLICATE_CANDIDATE", message: "exists" } }, { catalog: standardCatalog });
 * ```
 * @since 0.1.0
 */
export interface DecodeOptions<TCatalog extends AnyCatalog | undefined = undefined> {
  /** Types `code` as the catalog's codes and applies its retry overrides and details parsers. */
  readonly catalog?: TCatalog;
  /** Body bytes read at most (default 1 MiB); the rest is ignored and the snapshot marked truncated. */
  readonly maxBodyBytes?: number | undefined;
  /** Body characters kept in the error's response snapshot (default 16 KiB). */
  readonly maxSnapshotChars?: number | undefined;
  /** The clock, for HTTP-date hints when the response has no `Date` header (default `Date.now`). */
  readonly now?: (() => number) | undefined;
  /** Recorded as the error's `cause`. */
  readonly cause?: unknown;
  /** The request the response answers (see `requestSnapshot`), recorded as the error's `request`. */
  readonly request?: RequestSnapshot | undefined;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_SNAPSHOT = 16 * 1024;
const MAX_FIELD = 500;

const clip = (s: string | undefined, max = MAX_FIELD): string | undefined =>
  s === undefined ? undefined : s.length > max ? s.slice(0, max) : s;

const requestIdHeaders = [
  "x-request-id",
  "request-id",
  "x-amzn-requestid",
  "x-amz-request-id",
  "x-github-request-id",
  "x-ms-request-id",
  "twilio-request-id",
  "x-slack-req-id",
  "paypal-debug-id",
  "x-correlation-id",
  "x-ms-correlation-request-id",
  "apim-request-id",
  "x-amz-cf-id",
  "x-vercel-id",
  "fly-request-id",
  "x-dropbox-request-id",
  "cf-ray",
  "x-azure-ref",
  // CAMARA (GSMA Open Gateway) and OpenStack Swift.
  "x-correlator",
  "x-trans-id",
  // IBM API Connect and DataPower.
  "x-global-transaction-id",
];

const shouldRetryHeader = (headers: HeaderReader): boolean | undefined => {
  const value = (headers.get("x-should-retry") ?? headers.get("stripe-should-retry"))?.trim().toLowerCase();
  return value === "true" ? true : value === "false" ? false : undefined;
};

/** From the first line that starts with a diagnostic label to the end. */
const diagnosticLines =
  /\r?\n(?:(?:Trace ID: |Correlation ID: |RequestId:|Request ID: )[\w-]{8}|(?:Timestamp: |Time:)\d{4}-\d\d-\d\d)[\s\S]*$/;

const validStatus = (status: unknown): number | undefined => {
  const n = typeof status === "string" && /^\d{3}$/.test(status.trim()) ? Number(status) : status;
  return typeof n === "number" && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
};

const extractBody = (
  { hasJson, json, malformedJson, text }: BodyInfo,
  contentType: string,
  status: number,
): Extracted | undefined =>
  hasJson
    ? extractJson(json, /problem\+json/i.test(contentType), status)
    : text === undefined
      ? undefined
      : malformedJson
        ? salvageJson(text)
        : extractText(text);

/** What decode does with each header name (see `scanHeaders`), decided once per name. */
const roleOf = /* @__PURE__ */ headerRoles([...requestIdHeaders, ...traceHeaders]);

const decodeUnsafe = (
  snapshot: ResponseLike,
  options: DecodeOptions<AnyCatalog | undefined>,
  truncatedByReader: boolean,
): ApiError => {
  const now = options.now ?? Date.now;
  const scanned = scanHeaders(snapshot.headers, roleOf);
  const headers = scanned.read;
  const status = validStatus(snapshot.status);
  const contentType = headers.get("content-type") ?? "";
  const maxBody = Math.max(0, options.maxBodyBytes ?? DEFAULT_MAX_BODY);
  const body = readBody(snapshot.body, contentType, maxBody, truncatedByReader);
  const text = body.text;
  const maxSnapshot = options.maxSnapshotChars ?? DEFAULT_SNAPSHOT;
  // One scan of the body: when the whole of it goes into the snapshot and holds nothing secret-shaped,
  // neither does any piece of it (see `redactCleanValue`).
  // A body longer than what the error keeps: every string kept from it is copied (see `detached`).
  const big = text !== undefined && text.length > maxSnapshot;
  const keep = big ? detached : asIs;
  const state = text === undefined || big ? MAY_HOLD : cleanTextState(text);
  const clean = text !== undefined && state !== MAY_HOLD;
  // Built member by member in the order of `ResponseSnapshot`, with absent members left out.
  const response = { status: status ?? 0 } as Mutable<ResponseSnapshot>;
  const statusText = snapshot.statusText;
  if (statusText && typeof statusText === "string")
    response.statusText = redactText(clip(statusText, 200) as string);
  const url = snapshot.url;
  if (url && typeof url === "string") response.url = redactUrl(url);
  response.headers = scanned.snapshot;
  if (text !== undefined) {
    // A secret named in one member and held in another (`{ "name": "X-Api-Key", "value": ... }`).
    // Only a body with a word some secret name starts with can name one.
    const rewritten = body.hasJson && state !== NO_HINT ? redactNamedPairs(text, body.json) : undefined;
    const kept =
      rewritten !== undefined
        ? rewritten.slice(0, maxSnapshot)
        : clean
          ? text
          : redactText(text.slice(0, maxSnapshot));
    response.body = keep(kept);
  }
  if (body.truncated) response.truncated = true;
  if (status === undefined) {
    return build("Unexpected", options, {
      status: 0,
      message: `Response has no valid HTTP status (${redactText(String(snapshot.status)).slice(0, 40)})`,
      response,
    });
  }
  // Every string read from a clean body this decode parsed, with no escapes, is a piece of that body:
  // nothing in it to redact (see `redactCleanValue`).
  const known = clean && body.parsed && !text.includes("\\");
  const fromBody = extractBody(body, contentType, status);
  const bodyMessage = fromBody?.message;
  // The body's facts completed by the headers' (AWS type, RFC 6750 challenge, ids), sanitized.
  const found = completeExtracted(fromBody, headers, requestIdHeaders, known, scanned);
  const catalog = options.catalog;
  const code = clip(found?.code, 200);
  const spec = catalog?.get(code);
  const isError = status >= 400 || found?.signalsError === true;
  if (!isError) {
    return build("Unexpected", options, {
      status,
      code,
      message: `Unexpected response: HTTP ${status} is not an error status and the body signals no error`,
      response,
    });
  }
  // Errors signalled with a 2xx status take their kind from the code.
  const effectiveStatus =
    status >= 400 ? status : (spec?.status ?? found?.status ?? statusForSignalledCode(code) ?? 400);
  const families = scanned.families;
  // The clock is read once, and only when a rate limit or retry hint is counted from it (a date or
  // an epoch without a `Date` header; most hints are seconds from now).
  let at: number | undefined;
  const clock = (): number => (at ??= now());
  const rateLimit = families & RATE ? rateLimitFrom(headers, clock) : undefined;
  const throttled =
    found?.throttled === true ||
    isThrottlingId(code) ||
    // Unless the catalog declares the code as something else: GitHub-style throttling under 403, and
    // under the statuses APIs use for bans and slow-downs (Binance's 418, Twitter's 420); or said in
    // words only (VK's "Too many requests per second" on 200, Baidu's "qps request limit reached" on
    // 400), where the status says nothing more specific.
    (spec === undefined &&
      (((effectiveStatus === 403 || effectiveStatus === 418 || effectiveStatus === 420) &&
        (rateLimit?.remaining === 0 || headers.has("retry-after"))) ||
        ((status < 400 || effectiveStatus === 400 || effectiveStatus === 403) &&
          isThrottlingText(found?.message))));
  const hinted = (families & RETRY ? retryAfterFrom(headers, clock) : undefined) ?? found?.retryAfterMs;
  const retryAfterMs =
    hinted ??
    (effectiveStatus === 429 || throttled || rateLimit?.remaining === 0 ? rateLimit?.resetMs : undefined);
  const retryable =
    shouldRetryHeader(headers) ??
    spec?.retryable ??
    (isNonRetryableId(code) ||
    isNonRetryableId(found?.type) ||
    (effectiveStatus === 429 && !isThrottlingId(code) && isBillingText(found?.message))
      ? false
      : throttled || isRetryableStatus(effectiveStatus));
  // A code the catalog declares is the kind its declared status stands for (as its type says).
  const tag =
    spec !== undefined
      ? tagForStatus(spec.status)
      : throttled && effectiveStatus < 500
        ? "TooManyRequests"
        : tagForStatus(effectiveStatus);
  const raw = found?.details;
  const details =
    raw === undefined
      ? undefined
      : spec?.details
        ? redactValue(spec.details(raw))
        : // Read from a clean body this decode parsed, with no escapes: nothing in it to redact.
          known
          ? redactCleanValue(raw)
          : redactValue(raw);
  // Diagnostic lines some services append to the message (Entra ID's `\r\nTrace ID: ...`, Azure
  // Storage's `\nRequestId:...\nTime:...`) say nothing to a reader.
  const said = found?.message;
  const message = keep(clip((said?.includes("\n") && said.replace(diagnosticLines, "")) || said, 2_000));
  // Identifiers were redacted by `extract`; the constructor takes all of them as they are.
  return buildError(
    tag,
    {
      status,
      code,
      message:
        // A piece of a clean body, unless cut: a cut can end a key shape the body went on after.
        message === undefined || (known && message === bodyMessage) ? message : redactText(message),
      requestId: keep(clip(found?.requestId)),
      field: keep(clip(found?.field)),
      details,
      retryAfterMs,
      rateLimit,
      retryable,
      response,
      cause: options.cause,
      request: options.request,
    },
    { asSent: true, stack: false, redacted: true },
  );
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A copy of a string that holds none of the text it was cut from. Engines keep a cut (`slice`) as a
 * view of the whole: an error keeping 16 KiB of a 20 MB body would keep the 20 MB alive. Joining
 * it to another string and cutting that makes the engine copy the characters once.
 */
const detached = <S extends string | undefined>(s: S): S =>
  (s === undefined || s.length === 0 ? s : ` ${s}`.slice(1)) as S;
const asIs = <S extends string | undefined>(s: S): S => s;

/** Builds a decoded error once: the status as sent, no stack (it would only show our internals). */
const build = (
  tag: Parameters<typeof buildError>[0],
  options: DecodeOptions<AnyCatalog | undefined>,
  init: ApiErrorInit,
): ApiError =>
  buildError(
    tag,
    options.cause === undefined && options.request === undefined
      ? init
      : { ...init, cause: options.cause, request: options.request },
    { asSent: true, stack: false },
  );

const fallback = (snapshot: unknown, cause: unknown): ApiError => {
  let status = 0;
  try {
    status = validStatus((snapshot as { status?: unknown } | null)?.status) ?? 0;
  } catch {
    // A hostile getter: keep status 0.
  }
  return buildError(
    "Unexpected",
    { status, message: "The error response could not be decoded", cause },
    { asSent: true, stack: false },
  );
};

/**
 * Decodes an error response into one error of the union. Reads every wire format Faultline knows
 * (F1-F5, RFC 9457 problem+json, and the documented formats of GitHub, Stripe, Google, AWS,
 * Microsoft, OpenAI, Anthropic, Slack, Discord, Twilio, Shopify, Cloudflare, JSON:API, GraphQL,
 * Kubernetes and PayPal), and HTML, plain-text, empty, truncated and non-UTF-8 bodies. Synchronous;
 * never throws, whatever the input.
 *
 * @example
 * ```ts
 * import { decode } from "@faultline/core";
 * const err = decode({
 *   status: 429,
 *   headers: { "Retry-After": "42" },
 *   body: '{"code":"RATE_LIMITED","message":"Rate limit exceeded. Try again in 42 seconds.","retryAfter":42}',
 * });
 * err._tag; // "TooManyRequests"
 * err.code; // "RATE_LIMITED"
 * err.retryAfterMs; // 42000
 * ```
 * @since 0.1.0
 */
export const decode = <TCatalog extends AnyCatalog | undefined = undefined>(
  snapshot: ResponseLike,
  options: DecodeOptions<TCatalog> = {},
): Decoded<TCatalog> => {
  try {
    return decodeUnsafe(snapshot, options, false) as Decoded<TCatalog>;
  } catch (cause) {
    return fallback(snapshot, cause) as Decoded<TCatalog>;
  }
};

/**
 * Decodes a fetch `Response`, reading at most `maxBodyBytes` of its body (default 1 MiB) and
 * cancelling the rest. A body that fails mid-way keeps what arrived. Never rejects.
 *
 * @example
 * ```ts
 * import { decodeResponse } from "@faultline/core";
 * const res = await fetch("https://api.example.com/users/42");
 * if (!res.ok) throw await decodeResponse(res);
 * ```
 * @since 0.1.0
 */
export const decodeResponse = async <TCatalog extends AnyCatalog | undefined = undefined>(
  response: globalThis.Response,
  options: DecodeOptions<TCatalog> = {},
): Promise<Decoded<TCatalog>> => {
  try {
    const { bytes, truncated, error } = await readResponseBytes(
      response,
      options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    );
    return decodeUnsafe(
      {
        status: response.status,
        statusText: response.statusText,
        url: response.url,
        headers: response.headers,
        body: bytes,
      },
      error !== undefined && options.cause === undefined ? { ...options, cause: error } : options,
      truncated,
    ) as Decoded<TCatalog>;
  } catch (cause) {
    return fallback(response, cause) as Decoded<TCatalog>;
  }
};
