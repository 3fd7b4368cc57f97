/**
 * @faultline/core: API errors as Effect tagged unions. Catalogs, decoding of every common wire
 * format, encoding, exhaustive matching, redaction, retry policy.
 *
 * Every public name is listed here. Deliberately not exported: the error base-class factory,
 * the internal builders (`internal/`), and the header-map helpers.
 *
 * @since 0.1.0
 */

// The error model
export {
  AbortedError,
  type ApiError,
  type ApiErrorFields,
  type ApiErrorInit,
  type ApiErrorInstance,
  type ApiErrorJSON,
  type ApiErrorPatch,
  ApiErrorTypeId,
  BadGatewayError,
  BadRequestError,
  ClientError,
  ConflictError,
  copyError,
  type ErrorOfTag,
  errorClasses,
  ForbiddenError,
  GatewayTimeoutError,
  InternalServerError,
  isApiError,
  isApiErrorJSON,
  isApiErrorTag,
  makeError,
  NetworkError,
  NotFoundError,
  type RateLimit,
  type RequestSnapshot,
  type ResponseSnapshot,
  type ReviveOptions,
  reviveError,
  ServerError,
  ServiceUnavailableError,
  type StatusOfTag,
  TimeoutError,
  TooManyRequestsError,
  UnauthorizedError,
  UnexpectedError,
  UnprocessableEntityError,
} from "./ApiError";
// Catalogs
export {
  type AnyCatalog,
  type Catalog,
  type CatalogError,
  type CatalogFacts,
  type CatalogSpec,
  type CodedError,
  type CodeFacts,
  type CodeOf,
  type CodeSpec,
  type Decoded,
  type DetailsOf,
  type DetailsParser,
  defineCatalog,
  details,
  type ErrorOfCode,
  type MakeInit,
  type UnknownCode,
} from "./Catalog";
export { type DecodeOptions, decode, decodeResponse, type ResponseLike } from "./decode";
export {
  type EncodedResponse,
  type EncodeOptions,
  encode,
  publicMessage,
  toResponse,
  type WireFormat,
  wireFormats,
} from "./encode";
export { type FromUnknownOptions, fromUnknown } from "./fromUnknown";
export { parseDuration, parseRateLimit, parseRetryAfter, retryAfterFromHeaders } from "./hints";
export type { HeadersLike } from "./internal/headers";
export {
  type CodeHandlers,
  type ErrorHandlers,
  type HandlersResult,
  hasCode,
  matchCode,
  matchError,
  type PartialErrorHandlers,
} from "./match";
export { isSensitiveHeader, REDACTED, redactHeaders, redactText, redactUrl, redactValue } from "./redact";
export { requestSnapshot } from "./request";
export {
  createIdempotencyKey,
  defaultRetryMethods,
  isIdempotentRequest,
  type RetryHeaders,
} from "./retry/idempotency";
export {
  backoffDelay,
  type RetryContext,
  type RetryDecision,
  type RetryPolicy,
  type RetryStopReason,
  shouldRetry,
  withAttempts,
} from "./retry/policy";
export { type RetryOptions, retry, retryWait } from "./retry/retry";
export { type StandardCatalog, type StandardCode, standardCatalog } from "./standard";
export {
  type ApiErrorTag,
  apiErrorTags,
  errorCategory,
  type HttpTag,
  isRetryableStatus,
  renderStatus,
  statusForTag,
  statusTitle,
  type TagForStatus,
  type TransportTag,
  tagForStatus,
} from "./status";
