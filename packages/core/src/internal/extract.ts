/**
 * Completes what the body says with what the headers say, then makes the identifiers safe to keep:
 * the AWS error type (`X-Amzn-Errortype`, `x-amzn-query-error`), an RFC 6750 `WWW-Authenticate`
 * error challenge, request ids and, when no request id is sent, support and trace ids
 * (`traceparent`, `x-amzn-trace-id`, ...), and a throttling flag. `code`, `type`, `requestId` and
 * `field` are cut and redacted like messages, since APIs echo what they were sent into them.
 */
import { redactText } from "../redact";
import { awsErrorType, awsQueryErrorCode } from "./aws";
import { parseBearerChallenge } from "./challenge";
import type { Extracted } from "./formats";
import type { HeaderReader } from "./headers";
import type { HeaderFindings } from "./responseHeaders";
import { isThrottlingId } from "./throttling";

const MAX_ID = 200;
const MAX_FIELD = 500;

/** Cut to `max`, trimmed, `undefined` when blank, and redacted unless it is a whole piece of a clean text. */
const clean = (s: string | undefined, max: number, known: boolean): string | undefined => {
  if (s === undefined) return undefined;
  let cut = s.length > max ? s.slice(0, max) : s;
  // Trimmed only when it starts or ends with white space (or anything past ASCII, which may be).
  const first = cut.charCodeAt(0);
  const last = cut.charCodeAt(cut.length - 1);
  if (!(first > 32 && first < 127 && last > 32 && last < 127)) cut = cut.trim();
  // A cut piece of a clean text is scanned again: a cut can end a key shape the text went on after.
  return cut === "" ? undefined : known && cut === s ? cut : redactText(cut);
};

/** Trace headers: used as the request id only when nothing better is sent. */
export const traceHeaders = [
  "x-trace-id",
  "x-amzn-trace-id",
  "x-b3-traceid",
  "x-cloud-trace-context",
  "x-datadog-trace-id",
  "uber-trace-id",
] as const;

/** `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01` -> the trace id. */
const traceparentId = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const m = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/i.exec(value.trim());
  return m?.[1];
};

/**
 * The trace id of a trace header: Google's `X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=1` without its
 * span and options, AWS's `Root=` member wherever it stands (`Self=...;Root=...;Parent=...`), other
 * values whole.
 */
const traceIdOf = (value: string | undefined): string | undefined =>
  value === undefined
    ? undefined
    : (/^[\da-f]{32}(?=\/)/i.exec(value)?.[0] ?? /(?:^|;)\s*Root=([^;\s]{1,200})/.exec(value)?.[1] ?? value);

/**
 * The HTTP status each gRPC status code stands for (1 CANCELLED ... 16 UNAUTHENTICATED), as
 * grpc-gateway maps them.
 */
const grpcHttpStatus = [0, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401];

/** A percent-encoded text decoded (gRPC's `grpc-message`), or as it is when it is not well-formed. */
const percentDecoded = (value: string | undefined): string | undefined => {
  if (value === undefined || value.trim() === "") return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Each list's names by position, built once per list. */
const ranks = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

const rankOf = (names: readonly string[]): ReadonlyMap<string, number> => {
  let rank = ranks.get(names);
  if (rank === undefined) {
    rank = new Map(names.map((name, i) => [name, i]));
    ranks.set(names, rank);
  }
  return rank;
};

/**
 * The value of the first of `names` that is present and not blank, trimmed: one pass over the
 * headers decode read (a few, fewer than the names).
 */
const firstHeader = (headers: HeaderReader, names: readonly string[]): string | undefined => {
  const rank = rankOf(names);
  let best = names.length;
  let found: string | undefined;
  for (const name of headers.keys()) {
    const r = rank.get(name);
    if (r !== undefined && r < best) {
      const value = headers.get(name) as string;
      if (value.trim() !== "") {
        best = r;
        found = value;
      }
    }
  }
  return found?.trim();
};

/**
 * Merges header facts into what the body gave (`found`, which it completes in place), and
 * sanitizes identifiers. Returns `undefined` only when neither says anything. `other`: what other
 * headers say (see `scanHeaders`): a request id used when no known one is sent, a code and a message
 * used when the body has none. `cleanBody` says that
 * every string of `found` is a piece of a body already found to hold no secret (see decode): those
 * that are still the body's are kept as they are, those the headers gave are redacted.
 */
export const completeExtracted = (
  found: Extracted | undefined,
  headers: HeaderReader,
  requestIdHeaders: readonly string[],
  cleanBody = false,
  other: HeaderFindings = {},
): Extracted | undefined => {
  // One shape for every result, whichever format gave it, so that what reads it next (here and in
  // decode) reads one kind of object; the formats' own results have a dozen shapes.
  const out: Extracted = {
    code: found?.code,
    type: found?.type,
    reason: found?.reason,
    message: found?.message,
    requestId: found?.requestId,
    traceId: found?.traceId,
    field: found?.field,
    details: found?.details,
    retryAfterMs: found?.retryAfterMs,
    status: found?.status,
    signalsError: found?.signalsError,
    throttled: found?.throttled,
  };
  const { code, type, requestId, field } = out;
  // AWS: the header names the type first (restJson1), and a query-compatible code wins over both.
  const queryError = headers.get("x-amzn-query-error");
  const errorType = headers.get("x-amzn-errortype");
  const awsCode =
    (queryError ? awsQueryErrorCode(queryError) : undefined) ??
    (errorType ? awsErrorType(errorType) : undefined);
  if (awsCode !== undefined) out.code = awsCode;
  // Azure Storage (`x-ms-error-code`) and ClickHouse send their code in a header, the only place a
  // HEAD response has one.
  // An `*-error` header that holds a sentence (Cloudinary's `x-cld-error`) is the message instead;
  // Squid's `X-Squid-Error: ERR_ACCESS_DENIED 0` is a code and an errno.
  const headerCode = other.anyCode;
  if (headerCode !== undefined) {
    const code = /^(\w[\w.:-]*)(?:\s+-?\d+)?$/.exec(headerCode)?.[1];
    if (code === undefined) out.message ??= headerCode;
    else out.code ??= code;
  }
  // S3 sends its message in a header on a HEAD, BambooHR always.
  out.message ??= other.anyMessage;
  // gRPC over HTTP/2 (a trailers-only response, or grpc-web): HTTP 200 with a non-zero `grpc-status`
  // and a percent-encoded `grpc-message`.
  const grpc = headers.get("grpc-status")?.trim();
  if (grpc !== undefined && /^(?:[1-9]|1[0-6])$/.test(grpc) && out.code === undefined) {
    out.code = grpc;
    out.message ??= percentDecoded(headers.get("grpc-message"));
    out.status = grpcHttpStatus[Number(grpc)];
    out.signalsError = true;
  }
  // RFC 6750: the challenge's error and description, when the body has none, or only names the
  // status it came with (Hono's text `Unauthorized`).
  const challenge = headers.get("www-authenticate");
  const statusOnly =
    challenge !== undefined &&
    out.message !== undefined &&
    /^\s*(?:unauthori[sz]ed|forbidden)\.?\s*$/i.test(out.message);
  if (challenge !== undefined && (out.code === undefined || out.message === undefined || statusOnly)) {
    const parsed = parseBearerChallenge(challenge);
    if (parsed) {
      out.code ??= parsed.error;
      if (statusOnly && parsed.description !== undefined) out.message = parsed.description;
      else out.message ??= parsed.description;
    }
  }
  out.requestId ??=
    firstHeader(headers, requestIdHeaders) ??
    other.anyRequestId ??
    out.traceId ??
    traceparentId(headers.get("traceparent")) ??
    traceIdOf(firstHeader(headers, traceHeaders));
  out.throttled =
    out.throttled === true ||
    isThrottlingId(out.code) ||
    isThrottlingId(out.type) ||
    isThrottlingId(out.reason);
  out.code = clean(out.code, MAX_ID, cleanBody && out.code === code);
  out.type = clean(out.type, MAX_ID, cleanBody && out.type === type);
  out.requestId = clean(out.requestId, MAX_ID, cleanBody && out.requestId === requestId);
  out.field = clean(out.field, MAX_FIELD, cleanBody && out.field === field);
  const empty =
    found === undefined &&
    out.code === undefined &&
    out.message === undefined &&
    out.requestId === undefined &&
    !out.throttled;
  return empty ? undefined : out;
};
