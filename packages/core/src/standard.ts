/**
 * The standard catalog: every error code documented by the seed error references, with its status,
 * meaning, causes, resolution and sources, ready to pass to `decode` when an API follows these
 * common conventions.
 *
 * @since 0.1.0
 */
import { type CodeOf, defineCatalog, details } from "./Catalog";

const seed000 = "000_f3a4c7a1db14175d.txt";
const seed001 = "001_95ec42e1145cdac6.txt";
const seed002 = "002_d34427d61813f196.txt";
const seed003 = "003_cf2e65094d2c8d98.txt";
const seed004 = "004_efcef3e9a232dab6.txt";

/**
 * The standard catalog: the common error codes of JSON APIs (`NOT_FOUND`, `VALIDATION_ERROR`,
 * `RATE_LIMITED`, ...), each with its HTTP status, a title, a public description, causes and resolution.
 *
 * Use it to decode errors from an API that uses these common codes and has no catalog of its own, or
 * as a starting point to extend with an API's own codes. The description of a 5xx code is generic
 * and is safe to show as its public message.
 *
 * @example
 * ```ts
 * import { decode, standardCatalog } from "@faultline/core";
 * const err = decode(
 *   { status: 409, body: { error: { code: "CONFLICT", message: "Slug already taken" } } },
 *   { catalog: standardCatalog },
 * );
 * err.code; // "CONFLICT"
 * standardCatalog.get("CONFLICT")?.resolution; // ["Use a unique value for the conflicting field", ...]
 * ```
 * @since 0.1.0
 */
export const standardCatalog = /* @__PURE__ */ defineCatalog(
  {
    BAD_REQUEST: {
      status: 400,
      title: "Bad request",
      description: "The request contains invalid or missing parameters.",
      causes: [
        "A required parameter is missing or a parameter is invalid",
        "The lang parameter is not a supported locale code",
        "The page or per_page value is outside the accepted range",
      ],
      resolution: [
        "Check the query parameters against the endpoint reference",
        "Read the message field to see which parameter is invalid",
        "Use a supported IETF language tag for lang: ko, en, ja, zh-hans, zh-hant, es, fr, de, pt, id or vi",
        "Keep per_page within the endpoint's maximum (typically 100) and do not request a page past the last one",
      ],
      sources: [seed000],
    },
    VALIDATION_ERROR: {
      status: 400,
      title: "Validation error",
      description: "Some request parameters or body fields are invalid.",
      causes: [
        "A required field is missing",
        "A field has an invalid value, such as one out of range or not among the allowed values",
        "A field has the wrong data type",
      ],
      resolution: [
        "Check the field property of the error to see which field failed",
        "Review the API documentation for required fields and valid values",
        "Make sure the JSON body is properly formatted",
      ],
      sources: [seed001, seed004],
    },
    INVALID_REQUEST: {
      status: 400,
      title: "Invalid request",
      description: "The request is missing required parameters or is incorrectly formatted.",
      causes: ["A required parameter is missing", "The JSON payload is incorrectly formatted"],
      resolution: [
        "Make sure every required parameter is present",
        "Format the payload as the API documentation specifies",
      ],
      sources: [seed002],
    },
    INVALID_BODY: {
      status: 400,
      title: "Invalid body",
      description: "The request body is not valid JSON.",
      causes: ["The request body is malformed and is not valid JSON"],
      resolution: ["Check that the JSON structure of the body is valid"],
      sources: [seed001, seed003],
    },
    UNAUTHORIZED: {
      status: 401,
      title: "Unauthorized",
      description: "The API key or token is missing, invalid, revoked or expired.",
      causes: [
        "No API key header was sent (X-RP-API-Key, X-API-Key or Authorization, depending on the API)",
        "The key is malformed or has the wrong format",
        "The wrong value was copied instead of the key (app keys start with rp_app_)",
        "The key does not exist",
        "The key has been revoked",
        "The key has expired",
        "The OAuth access token has expired",
      ],
      resolution: [
        "Check that the API key header is present and that its name is exactly the one the API expects",
        "Check the key format: app keys start with rp_app_, secret and publishable keys start with sk_live_ or pk_live_ and are sent as a Bearer token",
        "Confirm in the settings that the key has not been revoked",
        "Create or regenerate a key in the developer portal if needed, and rotate it if it may have been exposed",
        "For an expired OAuth access token, use the refresh_token to obtain a new one",
      ],
      sources: [seed000, seed001, seed004],
    },
    UNAUTHENTICATED: {
      status: 401,
      title: "Unauthenticated",
      description: "Authentication credentials were not provided or are invalid.",
      causes: [
        "A protected endpoint was called without an API key or token",
        "The token is expired or invalid",
      ],
      resolution: [
        "Include a valid API key or authentication token in the request headers",
        "With OAuth, verify that the token is valid and has the required scope",
      ],
      sources: [seed002],
    },
    FORBIDDEN: {
      status: 403,
      title: "Forbidden",
      description: "The credentials are valid but do not grant access to this resource or action.",
      causes: [
        "The app or API key lacks a required scope or permission",
        "The OAuth token was issued without the scope the endpoint requires",
        "A user who is not an owner or admin called an admin-only endpoint",
        "The creator of the key no longer has access",
        "A publishable key was used for a write operation",
        "The request accessed another team's resources",
      ],
      resolution: [
        "Check that the app has the required scopes enabled and the key has the required permissions in the settings",
        "With OAuth, send the user through the authorization flow again and request the missing scope",
        "Use a secret key (sk_live_ prefix) to create, update or delete",
        "Verify that you are accessing the correct team ID",
      ],
      sources: [seed000, seed001, seed004],
    },
    PERMISSION_DENIED: {
      status: 403,
      title: "Permission denied",
      description: "You do not have permission to perform this action.",
      causes: [
        "The authenticated user or API key lacks the permission for the action, such as a read-only user attempting an update or delete",
      ],
      resolution: [
        "Verify that the authenticated user or API key has the permissions the operation needs",
        "Check your account settings or ask your administrator",
      ],
      sources: [seed002],
    },
    IP_NOT_ALLOWED: {
      status: 403,
      title: "IP not allowed",
      description: "The request IP address is not in the allowlist of the API key.",
      causes: ["The API key has an IP allowlist and the request IP is not on it"],
      resolution: ["Add the request IP to the allowlist of the key"],
      sources: [seed001, seed003],
    },
    SCOPE_INSUFFICIENT: {
      status: 403,
      title: "Insufficient scope",
      description: "The API key lacks the scope required by this endpoint.",
      causes: ["The API key is missing the scope needed for the requested endpoint"],
      resolution: ["Request the additional API scopes the endpoint needs"],
      sources: [seed001, seed003],
    },
    API_DISABLED: {
      status: 403,
      title: "API access disabled",
      description: "API access is not enabled for this account.",
      causes: ["API access is disabled for the company"],
      resolution: ["Check the feature settings in the dashboard and enable API access"],
      sources: [seed001, seed003],
    },
    ACCOUNT_SUSPENDED: {
      status: 403,
      title: "Account suspended",
      description: "The account associated with the API key is suspended.",
      causes: ["The company account that owns the API key is suspended"],
      resolution: ["Contact support to verify the account status"],
      sources: [seed001, seed003],
    },
    NOT_FOUND: {
      status: 404,
      title: "Not found",
      description: "The requested resource does not exist.",
      causes: [
        "The endpoint path is incorrect",
        "The resource ID is invalid or has a typo",
        "The resource was deleted",
        "The referenced candidate, job position or webhook does not exist",
      ],
      resolution: [
        "Confirm the endpoint path and the resource identifiers in the URL",
        "List resources to find valid IDs",
        "Check whether the resource was recently deleted",
      ],
      sources: [seed000, seed001, seed004],
    },
    RESOURCE_NOT_FOUND: {
      status: 404,
      title: "Resource not found",
      description: "The requested resource could not be found.",
      causes: ["The requested API endpoint does not exist", "The referenced resource ID does not exist"],
      resolution: [
        "Double-check the URL for typos",
        "Make sure the resource exists and is accessible through the API",
      ],
      sources: [seed002],
    },
    CONFLICT: {
      status: 409,
      title: "Conflict",
      description: "The resource already exists or the request conflicts with its current state.",
      causes: [
        "A duplicate value, such as the email of an existing customer or the slug of an existing article",
        "An invalid state transition",
      ],
      resolution: [
        "Use a unique value for the conflicting field",
        "Check existing resources for duplicates",
        "Verify that the state change is valid",
      ],
      sources: [seed004],
    },
    DUPLICATE_CANDIDATE: {
      status: 409,
      title: "Duplicate candidate",
      description: "A candidate with this email already exists in the job position.",
      causes: ["A candidate was imported or updated with an email already present in the job position"],
      resolution: ["Use an email that is not already present in the job position"],
      sources: [seed001],
    },
    INVALID_STATUS: {
      status: 409,
      title: "Invalid status",
      description: "The candidate is not in the status this action requires.",
      causes: ["An invitation was sent to a candidate that is not in the new status"],
      resolution: ["Invite only candidates whose status is new"],
      sources: [seed001],
    },
    INVALID_STATUS_TRANSITION: {
      status: 409,
      title: "Invalid status transition",
      description: "The current status of the candidate does not allow this status change.",
      causes: ["A candidate that is not in a valid status was selected or rejected"],
      resolution: ["Check the current status of the candidate before selecting or rejecting it"],
      sources: [seed001],
    },
    ANALYSIS_NOT_VIEWED: {
      status: 409,
      title: "Analysis not viewed",
      description: "The interview analysis must be viewed before the candidate is selected or rejected.",
      causes: ["A candidate was selected or rejected before its interview analysis was viewed"],
      resolution: ["View the interview analysis, then select or reject the candidate"],
      sources: [seed001],
    },
    ACTIVE_SESSION: {
      status: 409,
      title: "Active interview session",
      description: "The candidate has an active interview session.",
      causes: ["A candidate with an active session link was deleted without force=true"],
      resolution: ["Pass force=true to delete the candidate despite the active session"],
      sources: [seed001],
    },
    WEBHOOK_LIMIT_REACHED: {
      status: 409,
      title: "Webhook limit reached",
      description: "The maximum number of webhooks is already registered.",
      causes: ["The company already has 5 active webhooks, the fixed maximum"],
      resolution: ["Remove an existing webhook before registering a new one"],
      retryable: false,
      sources: [seed001],
    },
    IDEMPOTENCY_CONFLICT: {
      status: 409,
      title: "Idempotency conflict",
      description: "The idempotency key was already used with a different request body.",
      causes: ["The same Idempotency-Key was sent with a different request payload"],
      resolution: ["Use a new Idempotency-Key for a request with a different payload"],
      retryable: false,
      sources: [seed001],
    },
    UNPROCESSABLE_ENTITY: {
      status: 422,
      title: "Unprocessable entity",
      description: "The request is well-formed but some values fail validation.",
      causes: [
        "A field value fails validation",
        "The lang parameter is not a supported locale code",
        "The page or per_page value is outside the accepted range",
      ],
      resolution: [
        "Read the message for field-level details",
        "Use a supported IETF language tag for lang: ko, en, ja, zh-hans, zh-hant, es, fr, de, pt, id or vi",
        "Keep per_page within the endpoint's maximum (typically 100) and do not request a page past the last one",
      ],
      sources: [seed000],
    },
    RATE_LIMITED: {
      status: 429,
      title: "Rate limited",
      description: "Too many requests were sent. Please try again later.",
      causes: [
        "The rate limit for the endpoint's category or the key type was exceeded",
        "A burst of requests was sent in a short time",
      ],
      resolution: [
        "Wait the number of seconds given in retryAfter, then retry",
        "Check the X-RateLimit-Remaining header",
        "Implement exponential backoff",
        "Cache responses where appropriate",
        "Upgrade to higher limits if needed",
      ],
      retryable: true,
      sources: [seed001, seed004],
    },
    RATE_LIMIT_EXCEEDED: {
      status: 429,
      title: "Rate limit exceeded",
      description: "Too many requests were sent in the current time window. Please try again later.",
      causes: ["The app exceeded its allowed number of requests for the current time window"],
      resolution: [
        "Wait for the time given in the Retry-After header, then retry",
        "Implement a backoff strategy",
        "See the rate limit guide of the API for retry strategies",
      ],
      retryable: true,
      sources: [seed000, seed002],
    },
    INTERNAL_SERVER_ERROR: {
      status: 500,
      title: "Internal server error",
      description: "An unexpected error occurred. Please try again later.",
      causes: ["An unexpected error or bug on the server", "A server overload"],
      resolution: [
        "Retry the request after a short delay, with exponential backoff",
        "If the error persists, contact support with the details of the request",
      ],
      retryable: true,
      sources: [seed000, seed002],
    },
    SERVER_ERROR: {
      status: 500,
      title: "Server error",
      description: "An internal server error occurred. Please try again later.",
      causes: ["An unexpected server issue", "A temporary service disruption"],
      resolution: [
        "Retry the request after a moment",
        "If the error persists, contact support with the requestId",
        "Check the status page for outages",
      ],
      retryable: true,
      sources: [seed004],
    },
    SERVICE_UNAVAILABLE: {
      status: 503,
      title: "Service unavailable",
      description: "The service is temporarily unavailable. Please try again later.",
      causes: ["Maintenance", "A temporary overload"],
      resolution: [
        "Retry after a brief delay",
        "Check the developer portal or status page for active incidents",
      ],
      retryable: true,
      sources: [seed000, seed002],
    },
    /**
     * 402 Payment Required is our inference: the seed documents the code and its details but no status.
     */
    INSUFFICIENT_BALANCE: {
      status: 402,
      title: "Insufficient balance",
      description: "Your account balance is insufficient to complete this transaction.",
      causes: ["The account balance is lower than the amount the transaction requires"],
      resolution: [
        "Compare details.required with details.available to see the shortfall",
        "Add funds to the account before retrying the transaction",
      ],
      details: /* @__PURE__ */ details({ required: "string", available: "string" }),
      sources: [seed002],
    },
    invalid_request: {
      status: 400,
      title: "Invalid request",
      description: "The request was malformed or is missing required parameters.",
      causes: [
        "Missing required fields",
        "Invalid data format",
        "Incorrect data types",
        "Invalid enum values",
      ],
      resolution: [
        "Verify that all required fields are present",
        "Check that the JSON structure is valid",
        "Make sure the data types match the API specification",
        "Review the API documentation for field requirements",
      ],
      sources: [seed003],
    },
  },
  { name: "standard" },
);

/**
 * The literal union of the codes of {@link standardCatalog}.
 *
 * Use it to type a code that must be one of the standard codes, such as a map from code to UI message.
 *
 * @example
 * ```ts
 * import type { StandardCode } from "@faultline/core";
 * const code: StandardCode = "RATE_LIMITED";
 * const retryLater: ReadonlyArray<StandardCode> = ["RATE_LIMITED", "SERVICE_UNAVAILABLE"];
 * ```
 * @since 0.1.0
 */
export type StandardCode = CodeOf<typeof standardCatalog>;

/**
 * The type of {@link standardCatalog}: its codes, their statuses and details types (no prose).
 *
 * @example
 * ```ts
 * import { decode, standardCatalog, type CatalogError, type StandardCatalog } from "@faultline/core";
 * const err: CatalogError<StandardCatalog> = decode({ status: 404 }, { catalog: standardCatalog });
 * ```
 * @since 0.1.0
 */
export type StandardCatalog = typeof standardCatalog;
