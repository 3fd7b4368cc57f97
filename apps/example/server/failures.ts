/**
 * How the example API fails: for a code of the standard catalog, the error a real server would
 * send (a realistic message, field, details, request id, retry hint and rate-limit state), rendered
 * by core's `encode` in the seed's wire format or as problem+json.
 */
import {
  type ApiError,
  type EncodedResponse,
  encode,
  type StandardCode,
  standardCatalog,
  type WireFormat,
  wireFormats,
} from "@faultline/core";
import { wireFormatFor } from "../src/scenarios";

/** What the seeds show for a code beyond its catalog entry. */
export interface Sample {
  readonly message?: string;
  readonly field?: string;
  readonly details?: unknown;
}

const samples: Partial<Record<StandardCode, Sample>> = {
  BAD_REQUEST: { message: "per_page must be between 1 and 100.", field: "per_page" },
  VALIDATION_ERROR: { message: "priority must be one of: low, normal, high, critical", field: "priority" },
  INVALID_REQUEST: { message: "Missing required 'user_id' parameter.", field: "user_id" },
  INVALID_BODY: { message: "Request body is not valid JSON: unexpected end of input at position 27." },
  invalid_request: { message: "Missing required field: activity_type", field: "activity_type" },
  UNPROCESSABLE_ENTITY: { message: "lang must be a supported IETF language tag, got 'xx'.", field: "lang" },
  UNAUTHORIZED: { message: "The X-API-Key header is missing or refers to a revoked key." },
  UNAUTHENTICATED: { message: "Authentication credentials not provided or invalid." },
  DUPLICATE_CANDIDATE: {
    message: "A candidate with email ada@example.com already exists in job position job_7.",
    field: "email",
  },
  IDEMPOTENCY_CONFLICT: { message: "Idempotency-Key was already used with a different request body." },
  WEBHOOK_LIMIT_REACHED: {
    message: "The company already has 5 active webhooks.",
    details: { limit: 5, active: 5 },
  },
  INSUFFICIENT_BALANCE: {
    message: "Your account balance is insufficient to complete this transaction.",
    details: { required: "100.00", available: "50.50" },
  },
  RATE_LIMITED: { message: "Rate limit exceeded. Try again in 2 seconds." },
};

/** Retry hints short enough to watch: 2 s on 429, 1 s on 503; 500s carry none (the client backs off). */
const retryAfterMsFor = (status: number): number | undefined =>
  status === 429 ? 2_000 : status === 503 ? 1_000 : undefined;

/** The rate-limit window every response reports (`X-RateLimit-*`, as seed 004 documents). */
export const rateLimitWindow = { limit: 60, windowMs: 60_000 } as const;

/** A request id in the seeds' style (`req_abc123`). */
export const requestId = (): string => `req_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;

/** The error the API fails with for `code`, built by the catalog (`standardCatalog.make`). */
export const errorFor = (code: StandardCode, id: string, override?: Sample): ApiError => {
  const spec = standardCatalog.get(code);
  if (spec === undefined) throw new TypeError(`Not a standard code: ${code}`);
  const sample = override ?? samples[code] ?? {};
  const retryAfterMs = retryAfterMsFor(spec.status);
  return standardCatalog.make(code, {
    message: sample.message ?? spec.description ?? spec.title,
    field: sample.field,
    details: sample.details,
    requestId: id,
    retryAfterMs,
    rateLimit:
      spec.status === 429
        ? { limit: rateLimitWindow.limit, remaining: 0, resetMs: retryAfterMs ?? 0 }
        : undefined,
  });
};

/** Attempts counted per page load (`run`), so "fail N times then succeed" can be watched; bounded. */
const MAX_RUNS = 10_000;

/**
 * Counts the failures of one call (`key`: run, method, path, code) and says whether this attempt
 * fails: the first `times` attempts do (all of them without `times`), later ones succeed.
 */
export const createFailureCounter = () => {
  const attempts = new Map<string, number>();
  return (key: string, times: number): boolean => {
    const failed = attempts.get(key) ?? 0;
    if (failed >= times) return false;
    if (attempts.size >= MAX_RUNS) attempts.delete(attempts.keys().next().value as string);
    attempts.set(key, failed + 1);
    return true;
  };
};

/**
 * The format to answer in: `?format=` (any wire format), else problem+json when the client accepts
 * it, else the seed's own format for the code.
 */
export const formatFor = (code: StandardCode, formatParam: string | null, accept: string | undefined) => {
  if (formatParam !== null && (wireFormats as readonly string[]).includes(formatParam))
    return formatParam as WireFormat;
  if (accept?.toLowerCase().includes("application/problem+json")) return "problem";
  return wireFormatFor(code);
};

/** The encoded failure for `code`, with problem `type`s pointing at the reference page's entry. */
export const failure = (
  code: StandardCode,
  options: {
    readonly format: WireFormat;
    readonly requestId: string;
    readonly origin: string;
    /** Replaces the sample message, field and details. */
    readonly sample?: Sample;
  },
): EncodedResponse =>
  encode(errorFor(code, options.requestId, options.sample), {
    format: options.format,
    catalog: standardCatalog,
    typeBaseUrl: `${options.origin}/reference#`,
  });
