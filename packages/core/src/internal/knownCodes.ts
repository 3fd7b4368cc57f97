/**
 * Codes whose meaning public APIs document beyond their HTTP status: 429s that retrying cannot fix (OpenAI's
 * `insufficient_quota`), and the status an error signalled with HTTP 200 stands for (Slack, GraphQL).
 */
// Throttling codes (`ThrottlingException`, `SlowDown`, `rate_limited`, ...) are not listed here:
// every documented spelling is one the rule in `throttling.ts` recognizes, so that rule is the list.

/** Documented as not worth retrying even though the status usually is. */
export const nonRetryableCodes: ReadonlySet<string> = new Set([
  "insufficient_quota",
  "billing_hard_limit_reached",
  "quota_exceeded",
  "QUOTA_EXCEEDED",
  "LimitExceededException",
]);

/**
 * Whether retrying cannot fix what an identifier (code or type) names: a documented code above, or
 * a SOAP fault the client caused (`soap:Client`, SOAP 1.2 `env:Sender`), which SOAP sends as a 500.
 */
export const isNonRetryableId = (id: string | undefined): boolean =>
  id !== undefined && (nonRetryableCodes.has(id) || /(?:^|:)(?:Client|Sender)(?:$|\.)/.test(id));

/** For errors signalled with a 2xx status: the HTTP status the code stands for. */
const signalledStatus: Readonly<Record<string, number>> = {
  // GraphQL (Apollo and common servers)
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  PERSISTED_QUERY_NOT_FOUND: 400,
  INTERNAL_SERVER_ERROR: 500,
  THROTTLED: 429,
  ACCESS_DENIED: 403,
  // Slack Web API
  ratelimited: 429,
  not_authed: 401,
  invalid_auth: 401,
  account_inactive: 401,
  token_revoked: 401,
  token_expired: 401,
  missing_scope: 403,
  not_allowed_token_type: 403,
  no_permission: 403,
  channel_not_found: 404,
  user_not_found: 404,
  message_not_found: 404,
  internal_error: 500,
  fatal_error: 500,
  service_unavailable: 503,
  request_timeout: 408,
};

export const statusForSignalledCode = (code: string | undefined): number | undefined =>
  code !== undefined && Object.hasOwn(signalledStatus, code) ? signalledStatus[code] : undefined;
