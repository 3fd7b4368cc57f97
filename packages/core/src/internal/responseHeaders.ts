/**
 * One pass over a response's headers for decode: the redacted record the error's response snapshot
 * keeps, and a small map of the few headers decode reads (content type, ids, retry hints, rate
 * limits, challenges), with their values as sent. Most of what a server sends (framing, caching,
 * CORS) is only copied into the snapshot, never put in a map.
 *
 * @internal
 */
import { headerKind, redactHeaderValue, setHeader } from "../redact";
import { lowerName, ReadHeaders, toHeaderMap } from "./headers";
import { memoize } from "./memo";

/** A header's value holds rate-limit state (`RateLimit`, `X-RateLimit-*`, `anthropic-ratelimit-*`). */
export const RATE = 4;
/** A header's value is a retry hint (`Retry-After`, `retry-after-ms`). */
export const RETRY = 8;
/** Decode reads the header. */
const READ = 16;
/** The low bits: the name's `headerKind` (how the snapshot keeps the value). */
const KIND = 3;
/** The name is not in lower case (so a record holding it is normalized first). */
const UPPER = 32;
/**
 * Another `*-request-id`, `*-request-uuid`, `*-correlation-id` or `*-interaction-id` header
 * (`x-line-request-id`, FAPI's `x-fapi-interaction-id`): the request id when no known one is sent.
 */
const ANY_ID = 64;
/** An `*-error`, `*-error-code` or `*-exception-code` header (Vercel, Azure Storage, ClickHouse): the code when the body has none. */
const ANY_CODE = 128;
/** An `*-error-message` header (S3 on a HEAD, BambooHR): the message when the body has none. */
const ANY_MESSAGE = 256;

/** Names decode reads besides the rate-limit and retry families. */
const readNames: ReadonlySet<string> = /* @__PURE__ */ new Set([
  "content-type",
  "date",
  "x-should-retry",
  "stripe-should-retry",
  "x-amzn-query-error",
  "x-amzn-errortype",
  "www-authenticate",
  "traceparent",
  "grpc-status",
  "grpc-message",
]);

/** What other headers than the known ones say, each used when nothing else does (see `ANY_ID`...). */
export interface HeaderFindings {
  /** The first other `*-request-id` header's value, trimmed (see `ANY_ID`). */
  readonly anyRequestId?: string | undefined;
  /** The first `*-error-code` header's value, trimmed (see `ANY_CODE`). */
  readonly anyCode?: string | undefined;
  /** The first `*-error-message` header's value, trimmed (see `ANY_MESSAGE`). */
  readonly anyMessage?: string | undefined;
}

export interface ResponseHeaders extends HeaderFindings {
  /** The redacted copy kept by the response snapshot (lower-case names). */
  readonly snapshot: Record<string, string>;
  /** The headers decode reads, with their values as sent. */
  readonly read: ReadHeaders;
  /** `RATE` and `RETRY`: the families present. */
  readonly families: number;
}

/**
 * The role of each header name (its `headerKind`, families, whether decode reads it, or that it is
 * not in lower case), decided once per name. `idNames` are read too (request, support and trace ids).
 */
export const headerRoles = (idNames: Iterable<string>): ((lower: string) => number) => {
  const ids = new Set(idNames);
  return memoize((name: string): number => {
    const lower = lowerName(name);
    if (lower !== name) return UPPER;
    const family = (lower.includes("rate") ? RATE : 0) | (lower.includes("retry-after") ? RETRY : 0);
    const reads = family !== 0 || readNames.has(lower) || ids.has(lower);
    const kind = headerKind(lower);
    // Never a header that carries credentials: it is redacted, so it is no id, code or message to show.
    return kind | family | (reads ? READ : kind === 0 ? otherRole(lower) : 0);
  }, 64);
};

/** What another header may say when nothing else does (see `ANY_ID`, `ANY_CODE`, `ANY_MESSAGE`). */
const otherRole = (lower: string): number =>
  /(?:^|-)(?:request-?(?:id|uuid)|req-?id|correlation-?id|interaction-id|trace-?id|log-?id|context-id|transaction-id)$/.test(
    lower,
  )
    ? ANY_ID
    : /-(?:error(?:-code)?|exception-code)$/.test(lower)
      ? ANY_CODE
      : /-error-message$/.test(lower)
        ? ANY_MESSAGE
        : 0;

/** Scans headers of any shape. Never throws: an unreadable entry is skipped, as `toHeaderMap` does. */
export const scanHeaders = (input: unknown, roleOf: (lower: string) => number): ResponseHeaders => {
  let snapshot: Record<string, string> = {};
  let read = new ReadHeaders();
  let families = 0;
  let anyRequestId: string | undefined;
  let anyCode: string | undefined;
  let anyMessage: string | undefined;
  /** Keeps the value as sent when decode reads the header. */
  const note = (lower: string, value: string, role: number): void => {
    if (role & READ) {
      read.add(lower, value);
      families |= role;
    } else if (role & (ANY_ID | ANY_CODE | ANY_MESSAGE)) {
      const trimmed = value.trim();
      if (trimmed === "") return;
      if (role & ANY_ID) anyRequestId ??= trimmed;
      else if (role & ANY_CODE) anyCode ??= trimmed;
      else anyMessage ??= trimmed;
    }
  };
  // The usual input, a record of lower-case names and string values (Node's `IncomingMessage`,
  // test fixtures, a parsed log line), is copied whole, which costs engines far less than adding
  // the names one by one to a new object; the copy is read (each value once, even behind a getter),
  // and the few values the snapshot changes are replaced in it. Any other shape is normalized
  // first, which joins repeated names as `Headers` does.
  let record =
    typeof input === "object" &&
    input !== null &&
    !Array.isArray(input) &&
    typeof (input as Headers).forEach !== "function";
  if (record) {
    try {
      const copy: Record<string, unknown> = { ...(input as object) };
      const names = Object.keys(copy);
      // The values in one call rather than one keyed load per name, which costs engines more once
      // they have seen records of many shapes.
      const values = Object.values(copy);
      record = names.length <= 1_000 && Object.getOwnPropertySymbols(copy).length === 0;
      for (let i = 0; i < names.length && record; i++) {
        const name = names[i] as string;
        const value = values[i];
        const role = roleOf(name);
        if (typeof value !== "string" || role & UPPER) record = false;
        else {
          const kept = redactHeaderValue(role & KIND, value);
          if (kept !== value) setHeader(copy as Record<string, string>, name, kept);
          note(name, value, role);
        }
      }
      snapshot = copy as Record<string, string>;
    } catch {
      record = false;
    }
  }
  if (!record) {
    // Starting again from nothing, as the record was read only in part.
    snapshot = {};
    read = new ReadHeaders();
    families = 0;
    anyRequestId = undefined;
    anyCode = undefined;
    anyMessage = undefined;
    toHeaderMap(input).forEach((value, lower) => {
      const role = roleOf(lower);
      setHeader(snapshot, lower, redactHeaderValue(role & KIND, value));
      note(lower, value, role);
    });
  }
  return { snapshot, read, families: families & (RATE | RETRY), anyRequestId, anyCode, anyMessage };
};
