/**
 * Where each wire format keeps code, message, field, request id, details and retry hints. One
 * function reads any parsed body; it looks only at fixed paths (never walks the whole value), so
 * hostile nesting costs bounded work, and it reads own properties only, so keys like `__proto__` or
 * `constructor` in a body are plain data.
 *
 * Beyond the formats named below, the rules are general: codes under the common spellings
 * (`code`, `error_code`, `errorCode`, `ErrorCode`, `errcode`, `Code`, `sys.id`, an identifier `id`),
 * messages under `message`, `Message`, `detail`, `errorSummary`, `error_description`, `errmsg`...,
 * the first field of a field-error map (`{ "amount": ["..."] }`, `errors: { field: [...] }`,
 * `message: { field: [...] }`, JSend `data`), `detail` lists with a `loc` (FastAPI, Pydantic), and
 * support or trace ids kept apart from request ids so a sent request id wins.
 *
 * Every string read here is a piece of the body, or redacted when it is built from pieces (a field
 * path, a field-error sentence): decode relies on it to skip redacting what a clean body gave.
 *
 * Size matters here (this module is most of what `decode` adds to a bundle): member spellings are
 * data (lists read by one `pick`), and each shape is one branch that names its format in a comment.
 */
import { parseDuration } from "../hints";
import { isSecretName, REDACTED, redactText } from "../redact";
import { statusTitle, tagForStatus } from "../status";
import { awsErrorType, isShapeId } from "./aws";

export interface Extracted {
  code?: string | undefined;
  /** A second machine code the body carries (OpenAI and Stripe `type` when `code` is set). */
  type?: string | undefined;
  /** A third identifier some APIs send (Google's `errors[].reason`, `ErrorInfo.reason`). */
  reason?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
  /** A support, trace or correlation id: the request id when none is sent. */
  traceId?: string | undefined;
  field?: string | undefined;
  details?: unknown;
  retryAfterMs?: number | undefined;
  /** The HTTP status the error stands for, when sent with a 2xx status (a gRPC status). */
  status?: number | undefined;
  /** The body itself says this is an error (for responses with a 2xx status). */
  signalsError?: boolean | undefined;
  /** The identifiers name throttling, whatever the status (see `internal/throttling.ts`). */
  throttled?: boolean | undefined;
}

type Obj = Record<string, unknown>;
type Read<T> = (u: unknown) => T | undefined;

const isObj = (u: unknown): u is Obj => typeof u === "object" && u !== null && !Array.isArray(u);
const own = (o: unknown, key: string): unknown => (isObj(o) && Object.hasOwn(o, key) ? o[key] : undefined);
const ownObj = (o: unknown, key: string): Obj | undefined => {
  const v = own(o, key);
  return isObj(v) ? v : undefined;
};
const ownArr = (o: unknown, key: string): unknown[] | undefined => {
  const v = own(o, key);
  return Array.isArray(v) ? v : undefined;
};
/** Any value but `undefined` and `null`. */
const present: Read<unknown> = (u) => u ?? undefined;
/** A code: a non-empty string, or a finite number as a string. */
const codeOf: Read<string> = (u) =>
  typeof u === "string" ? textOf(u) : typeof u === "number" && Number.isFinite(u) ? String(u) : undefined;
const textOf: Read<string> = (u) => (typeof u === "string" && u.trim() !== "" ? u : undefined);
/** A message sent as the first of a list of strings (NestJS, Jira) or as OData's `{ lang, value }`. */
const wrappedText: Read<string> = (u) =>
  Array.isArray(u) ? textOf(u[0]) : isObj(u) ? textOf(own(u, "value")) : undefined;
const seconds: Read<number> = (u) =>
  typeof u === "number"
    ? Number.isFinite(u) && u >= 0
      ? Math.round(u * 1000)
      : undefined
    : typeof u === "string"
      ? parseDuration(u)
      : undefined;
const millis: Read<number> = (u) => (typeof u === "number" ? Math.max(0, u) : undefined);

/** The first of several spellings of a member of `o` that `read` accepts. */
const pick = <T>(read: Read<T>, o: unknown, keys: readonly string[]): T | undefined => {
  if (isObj(o))
    for (const key of keys) {
      const v = Object.hasOwn(o, key) ? read(o[key]) : undefined;
      if (v !== undefined) return v;
    }
  return undefined;
};
const text = (o: unknown, ...keys: string[]): string | undefined => pick(textOf, o, keys);

const pathOf = (u: unknown): string | undefined =>
  Array.isArray(u) &&
  u.length > 0 &&
  u.length < 64 &&
  u.every((p) => typeof p === "string" || typeof p === "number")
    ? redactText(u.join("."))
    : textOf(u);
/**
 * The field the first item of a list of errors names: `details`, `errors` (inside an error object:
 * GoCardless, Paddle, EasyPost), `params` (Recurly), `invalid_parameters` (Vimeo), HAL
 * `_embedded.errors` (Dwolla), `details.errors` with a path list (Strapi); or of a list of fields:
 * `invalid_fields`, `invalidFields`, `details.fields` (Replicate, Adyen, Hetzner).
 */
const detailField = (o: unknown): string | undefined => {
  const details = ownObj(o, "details");
  const item = (ownArr(o, "details") ??
    ownArr(o, "errors") ??
    ownArr(o, "params") ??
    ownArr(o, "invalid_parameters") ??
    ownArr(o, "violations") ??
    ownArr(o, "constraintViolations") ??
    ownArr(o, "validationErrors") ??
    ownArr(o, "fieldErrors") ??
    ownArr(ownObj(o, "_embedded"), "errors") ??
    ownArr(details, "errors"))?.[0];
  const extra = ownArr(o, "extra")?.[0];
  return (
    text(item, ...fieldKeys) ??
    pathOf(own(item, "path")) ??
    // ABP's `validationErrors: [{ message, members: ["name"] }]`.
    textOf(ownArr(item, "members")?.[0]) ??
    // Litestar `extra: [{ message, key, source }]`.
    (messageIn(extra) === undefined ? undefined : text(extra, "key")) ??
    // Twirp `meta.argument`, celebrate (Joi) `validation.keys`.
    text(ownObj(o, "meta"), "argument") ??
    textOf(ownArr(ownObj(o, "validation"), "keys")?.[0]) ??
    text(
      (ownArr(o, "invalid_fields") ?? ownArr(o, "invalidFields") ?? ownArr(details, "fields"))?.[0],
      "field",
      "name",
    )
  );
};

/**
 * Where an error object names its field: `field`, `param` and their `_name` spellings (Zulip
 * `var_name`, Amplitude `missing_field`). Never `path` or `name`, which an error object uses for
 * the request path and the error's kind.
 */
const fieldNames = [
  "field",
  "param",
  "parameter",
  "field_name",
  "fieldName",
  "param_name",
  "paramName",
  "var_name",
  "missing_field",
  "parameter_name",
];
/** Where an item of a list of errors names its field. */
const fieldKeys = [
  ...fieldNames,
  "Field",
  "FieldName",
  "property",
  "propertyPath",
  "argument_name",
  "jsonPath",
  "path",
  "Path",
  // drf-standardized-errors.
  "attr",
];

/** An identifier-shaped string (`not_found`, `NotFound`, `E0000011`), not a sentence or a UUID. */
const isIdentifier = (s: string): boolean => /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/.test(s);
/** An identifier used as a code: not an occurrence id (a UUID or a long hex string). */
const nameCode: Read<string> = (u) =>
  typeof u === "string" &&
  isIdentifier(u) &&
  !/^[\da-f]{8}-|^[\da-f]{16,}$/i.test(u) &&
  // A constant discriminator (`type: "error"`), or an occurrence id of random letters and digits
  // (Goa's `id: "aVFqt9NH"`), names no error.
  !/^(?:errors?|fail(?:ed|ure)?|exception)$/i.test(u) &&
  !isRandomId(u)
    ? u
    : undefined;
/** Letters of both cases and digits in no word (`aVFqt9NH`), unlike `S3Exception` or `OAuth2Error`. */
const isRandomId = (s: string): boolean =>
  /^(?=[a-z]*[A-Z])(?=[A-Z]*[a-z])(?=\D*\d)[A-Za-z\d]{6,}$/.test(s) && !/[a-z]{4}/.test(s);

// The common spellings, at one level of an object, most specific first.
const codeNames = [
  "code",
  "error_code",
  "errorCode",
  "ErrorCode",
  "Code",
  "errcode",
  "errCode",
  "errorcode",
  "err_code",
  "api_error_code",
  // Bybit, HTX.
  "retCode",
  "ret_code",
  "err-code",
  // LINE Pay, Monnify and other `<prefix>Code`/`<prefix>Message` pairs.
  "returnCode",
  "return_code",
  "responseCode",
  "response_code",
];
// SCIM (RFC 7644) `scimType`.
const codeKeys = [
  ...codeNames,
  "error_type",
  "errorType",
  "error_name",
  "errorName",
  "scimType",
  // The exception's class: ASP.NET Web API 2 and Acumatica `ExceptionType`, TfL `exceptionType`,
  // Frappe `exc_type`, Salt Edge `error_class`; Constant Contact `error_key`.
  "exceptionType",
  "ExceptionType",
  "exc_type",
  "error_class",
  "error_key",
  // FreshBooks, Mozilla accounts: `errno`.
  "errno",
];
const messageKeys = [
  // ASP.NET Web API 2's `HttpError` and Acumatica: `Message` is "An error has occurred.", the
  // exception's message says which.
  "ExceptionMessage",
  "exceptionMessage",
  "message",
  "Message",
  "errorSummary",
  "error_summary",
  "detail",
  "Detail",
  // Persona's `details` sentence (a `details` object or list is no message).
  "details",
  "error_message",
  "errorMessage",
  "ErrorMessage",
  "error_description",
  "errorDetail",
  "error_detail",
  "errmsg",
  "errMsg",
  "msg",
  "faultstring",
  "description",
  "title",
  "error_msg",
  "err_msg",
  "retMsg",
  "ret_msg",
  "err-msg",
  "err",
  "reason",
  "text",
  "info",
  "status_message",
  "error_string",
  "returnMessage",
  "return_message",
  // IBM API Connect and DataPower: `httpMessage` is the status phrase, `moreInformation` the error.
  "moreInformation",
  // API Platform's Hydra (JSON-LD) violation lists.
  "hydra:description",
  "responseMessage",
  "response_message",
  // Frappe: `exception: "frappe.exceptions.DoesNotExistError: ..."`.
  "exception",
];
const requestIdKeys = ["requestId", "request_id", "requestID", "RequestId", "debug_id"];
/** Support, trace and correlation ids: the request id only when none is sent. */
const traceIdKeys = [
  "traceId",
  "trace_id",
  "correlationId",
  "correlation_id",
  "supportId",
  "support_id",
  "incidentId",
  "incident_id",
  "errorId",
  "error_id",
  "fbtrace_id",
  "trackingId",
  "tracking_id",
  "pspReference",
  "transactionId",
  // Baidu, TikTok and Feishu `log_id`.
  "log_id",
  "logId",
  // vnd.error's `logref` (Help Scout), Yapily `tracingId`, Squarespace `contextId`.
  "logref",
  "logRef",
  "tracingId",
  "contextId",
];

/** Members that hold an identifier used as the code when sent next to a message. */
const codeNamesNear = ["reason", "name", "type", "category", "Type"];

/** A code that is not only digits (`weak_password`, not the `422` next to it). */
const wordCode: Read<string> = (u) => (typeof u === "string" && !/^\d*$/.test(u.trim()) ? u : undefined);
/** A value as sent, when it reads as a code (so its type tells a JSON number apart). */
const codeValue: Read<string | number> = (u) =>
  codeOf(u) === undefined ? undefined : (u as string | number);
const codeIn = (o: unknown): string | undefined => {
  const raw = pick(codeValue, o, codeKeys);
  const first = codeOf(raw);
  // `SUCCESS`, `OK`: what a `responseCode` says when nothing went wrong.
  if (first !== undefined && first.length <= 10 && /^(?:ok|success(?:ful)?)$/i.test(first)) return undefined;
  if (first === undefined || first.charCodeAt(0) > 57 || !/^\d+$/.test(first)) return first;
  // A numeric code says less than an identifier sent next to it, and one that only repeats the HTTP
  // status (Telegram, ArangoDB, Netlify) or is 0 says nothing: other members may name the error.
  return (
    pick(wordCode, o, codeNames) ??
    // A code sent as a number yields to an error's name (MYOB `Name: "ValidationError"`) or a
    // snake_case type (apilayer `type: "invalid_access_key"`); not a string of digits (Australia
    // Post's `"44003"` next to its `name`), nor to a class-like type (Facebook's `OAuthException`).
    (typeof raw === "number"
      ? (nameCode(own(o, "Name") ?? own(o, "name")) ?? snakeCode(own(o, "type")))
      : undefined) ??
    (/^0+$/.test(first) || Number(first) === statusSent ? undefined : first)
  );
};
/** A snake_case identifier (`invalid_access_key`). */
const snakeCode: Read<string> = (u) =>
  typeof u === "string" && /^[a-z][a-z\d]*(?:_[a-z\d]+)+$/.test(u) && u.length <= 100 ? u : undefined;
// Only these members, since any member of a field-error map holds a list of messages too.
const messageIn = (o: unknown): string | undefined =>
  pick(textOf, o, messageKeys) ??
  pick(wrappedText, o, ["message", "errorMessages", "error_messages", "messages"]);
/** An id sent as a number (Play's request counter): only a whole number JSON read exactly. */
const idOf: Read<string> = (u) =>
  typeof u === "number" ? (Number.isSafeInteger(u) && u >= 0 ? String(u) : undefined) : textOf(u);
/** A request id: a string, or a number. */
const requestIdIn = (o: unknown): string | undefined =>
  pick(idOf, o, requestIdKeys) ?? text(own(o, "meta"), "requestId", "request_id");
/** A token-shaped id: IBM Cloud's `trace`, never a stack trace some frameworks send under that name. */
const idToken: Read<string> = (u) => (typeof u === "string" && /^[\w.:-]{8,100}$/.test(u) ? u : undefined);
const traceIdIn = (o: unknown): string | undefined =>
  pick(textOf, o, traceIdKeys) ?? idToken(own(o, "trace"));
const retryAfterIn = (o: unknown): number | undefined =>
  pick(seconds, o, ["retryAfter", "retry_after", "retryAfterSeconds"]) ?? pick(millis, o, ["retry_after_ms"]);
const REQUEST_ID = 1;
const TRACE_ID = 2;
const RETRY_HINT = 4;
/** Which of `idsIn`'s readings each member it reads may feed. */
const idRoles: ReadonlyMap<string, number> = /* @__PURE__ */ new Map([
  ...requestIdKeys.map((key) => [key, REQUEST_ID] as const),
  ["meta", REQUEST_ID],
  ...traceIdKeys.map((key) => [key, TRACE_ID] as const),
  ["trace", TRACE_ID],
  ...["retryAfter", "retry_after", "retryAfterSeconds", "retry_after_ms", "parameters"].map(
    (key) => [key, RETRY_HINT] as const,
  ),
]);

/** Request id, trace id and retry hint of one object: what most shapes add to code and message. */
const idsIn = (o: unknown): Extracted => {
  if (!isObj(o)) return {};
  // An object with few members (most error bodies) is asked once which of them it has.
  const names = keysOf(o);
  let roles = names.length > 8 ? REQUEST_ID | TRACE_ID | RETRY_HINT : 0;
  if (roles === 0) for (const name of names) roles |= idRoles.get(name) ?? 0;
  return roles === 0
    ? {}
    : {
        requestId: roles & REQUEST_ID ? requestIdIn(o) : undefined,
        traceId: roles & TRACE_ID ? traceIdIn(o) : undefined,
        // Telegram: `parameters: { retry_after }`.
        retryAfterMs:
          roles & RETRY_HINT ? (retryAfterIn(o) ?? retryAfterIn(own(o, "parameters"))) : undefined,
      };
};

// The own keys of the object `hasAnyOf` read last, as it asks the same body twice (for its shape,
// then for its ids). Forgotten at the start of each `extractJson`: a caller may change an object
// between two decodes.
let keysFor: Obj | undefined;
let keysOfLast: string[] = [];
const keysOf = (o: Obj): string[] => {
  if (o !== keysFor) {
    keysOfLast = Object.keys(o);
    keysFor = o;
  }
  return keysOfLast;
};

/** The members `extractJson` looks for in a body, but `code`, `message` and `status`. */
const shapeKeys: ReadonlySet<string> = /* @__PURE__ */ new Set([
  "kind",
  "error",
  "Error",
  "fault",
  "type",
  "errors",
  "Errors",
  "details",
  "name",
  "detail",
  "data",
  "sys",
  "id",
  "errcode",
  "success",
  ...fieldNames,
  "ModelState",
  "modelState",
  "Fault",
  "odata.error",
  "errorInfo",
  "result",
  "Type",
  "reason",
  "meta",
  "extensions",
  "resourceType",
  "category",
  "tppMessages",
  "_embedded",
  "params",
  "fieldErrors",
  "field-errors",
  "invalidFields",
  "invalid_fields",
  "invalid_parameters",
  "violations",
  "validation",
  "issues",
  "errorDetails",
]);

/** Whether `o` has one of `keys`, or may have (many members are not looked at one by one). */
const hasAnyOf = (o: Obj, keys: ReadonlySet<string>): boolean => {
  const names = keysOf(o);
  if (names.length > 8) return true;
  for (const name of names) if (keys.has(name)) return true;
  return false;
};

/** Google `details[]`: ErrorInfo, RetryInfo, BadRequest, RequestInfo (AIP-193). */
const googleDetails = (list: unknown[]): Extracted => {
  const out: Extracted = {};
  for (const item of list.slice(0, 32)) {
    const type = text(item, "@type") ?? "";
    if (type.endsWith("RetryInfo")) {
      const delay = own(item, "retryDelay");
      const ms = isObj(delay)
        ? Math.round(Number(own(delay, "seconds") ?? 0) * 1000 + Number(own(delay, "nanos") ?? 0) / 1e6)
        : seconds(delay);
      if (ms !== undefined && Number.isFinite(ms)) out.retryAfterMs ??= Math.max(0, ms);
    } else if (type.endsWith("BadRequest")) out.field ??= text(ownArr(item, "fieldViolations")?.[0], "field");
    else if (type.endsWith("RequestInfo")) out.requestId ??= text(item, "requestId", "request_id");
    else if (type.endsWith("ErrorInfo")) out.reason ??= text(item, "reason");
  }
  return out;
};

/** The first key path in a Discord-style nested `errors` object that ends at `_errors`. */
const discordField = (errors: Obj): string | undefined => {
  const path: string[] = [];
  let node: unknown = errors;
  for (let depth = 0; depth < 16 && isObj(node); depth++) {
    if (Object.hasOwn(node, "_errors")) return path.length > 0 ? redactText(path.join(".")) : undefined;
    const key = Object.keys(node)[0];
    if (key === undefined) return undefined;
    path.push(key);
    node = node[key];
  }
  return undefined;
};

/**
 * A field-error map: `{ field: ["message", ...] }` or `{ field: "message" }` (DRF, Rails, Laravel,
 * GitLab, ASP.NET `errors`, JSend `data`), read as the whole error: its first field (unless a
 * placeholder: `non_field_errors`, Rails `base`, `__all__`), that field's first message (Rails-style
 * fragments like `can't be blank` read as `title can't be blank`, unless `asSent`), and the map as
 * details. `undefined` when the value is not such a map. Looks at 32 keys at most.
 */
/** The first value of a small object of nothing but sentences (a validator's messages by rule). */
const onlyTexts = (o: Obj): string | undefined => {
  const values = Object.values(o);
  return values.length > 0 && values.length <= 8 && values.every((v) => textOf(v)?.includes(" "))
    ? (values[0] as string)
    : undefined;
};

const fieldErrorMap = (map: Obj | undefined, asSent?: boolean): Extracted | undefined => {
  let keys = map ? Object.keys(map) : [];
  // webargs (Flask, aiohttp, Pyramid): `{ json: { name: ["Missing data for required field."] } }`,
  // keyed by request part, then field.
  const part =
    keys.length === 1 && requestParts.test(keys[0] as string) ? own(map, keys[0] as string) : undefined;
  if (isObj(part)) {
    map = part;
    keys = Object.keys(part);
  }
  if (!map || keys.length > 256) return undefined;
  let first: Extracted | undefined;
  for (const key of keys.slice(0, 32)) {
    const value = map[key];
    const item = Array.isArray(value) ? value[0] : value;
    // A message, or an object carrying one (PocketBase `{ code, message }`, Zendesk `{ description }`,
    // PeerTube `{ msg, param }`, GoCardless `{ summary, detail }`, Laminas `{ isEmpty: "..." }`).
    // Not FastAPI's `{ loc, msg }` items, which name their field in `loc`.
    const message =
      textOf(item) ??
      (isObj(item) && own(item, "loc") === undefined
        ? (text(item, "message", "description", "msg", "summary") ?? onlyTexts(item))
        : undefined);
    if (message === undefined) return undefined;
    if (first === undefined) {
      const placeholder = /^(?:non_field_errors|base|__all__|detail|_errors|error)$/.test(key);
      first = {
        field: placeholder ? undefined : key,
        // The message of a secret-named field (`password`) may echo the secret: only its name is kept.
        message: isSecretName(key)
          ? `${key} ${REDACTED}`
          : // A lower-case fragment of words (Rails `can't be blank`), not an i18n key (`error.required`).
            asSent || placeholder || !/^[a-z]/.test(message) || !message.includes(" ")
            ? message
            : redactText(`${key} ${message}`),
        details: map,
        signalsError: true,
      };
    }
  }
  return first;
};

/**
 * The nested `{ error: {...} }` family: F2, F3, Stripe, OpenAI, Anthropic, Google, Microsoft/Azure,
 * Facebook Graph, Apigee `fault`, and PascalCase `Error`.
 */
const nestedError = (root: Obj, e: Obj): Extracted => {
  const rawCode = own(e, "code");
  // Google AIP-193: { code: 404, status: "NOT_FOUND", message, details: [...] }
  // Google's status is a canonical code (`NOT_FOUND`); Ory's (`Unauthorized`) the reason phrase.
  const googleStatus = own(e, "status");
  const google =
    typeof rawCode === "number" && typeof googleStatus === "string" && /^[A-Z][A-Z_]+$/.test(googleStatus);
  const g = google ? googleDetails(ownArr(e, "details") ?? []) : {};
  // Microsoft Graph / Azure: innerError carries the request id.
  const inner = ownObj(e, "innerError") ?? ownObj(e, "innererror");
  // Google's legacy `errors: [{ domain, reason, message }]` inside the error object.
  const reason = g.reason ?? text(ownArr(e, "errors")?.[0], "reason");
  // Field-error maps: `errors` (Laravel style), `fields` (Bitbucket).
  // tRPC: `data: { code: "BAD_REQUEST", zodError: { fieldErrors } }` next to a JSON-RPC number.
  const data = ownObj(e, "data");
  const mapped =
    fieldErrorMap(ownObj(e, "errors"), true) ??
    fieldErrorMap(ownObj(e, "fields"), true) ??
    fieldErrorMap(ownObj(e, "field_errors"), true) ??
    // Wompi: `error: { type, messages: { amount_in_cents: ["..."] } }`.
    fieldErrorMap(ownObj(e, "messages"), true) ??
    fieldErrorMap(ownObj(ownObj(data, "zodError"), "fieldErrors"), true) ??
    // Lichess: `error: { days: ["error.required"] }`, the error object itself a field-error map.
    bareFieldMap(e);
  const ids = idsIn(e);
  const rootIds = idsIn(root);
  // JSON-RPC servers that put the exception in `data` (Odoo: `message: "Odoo Server Error"`, `data:
  // { name: "odoo.exceptions.AccessDenied", message: "Access Denied", debug }`).
  const exception = typeof rawCode === "number" ? text(data, "name") : undefined;
  const message =
    (exception !== undefined ? text(data, "message") : undefined) ??
    messageIn(e) ??
    mapped?.message ??
    messageIn(root);
  const status = typeof rawCode === "number" && rawCode >= 100 && rawCode <= 599;
  // Firebase and other Google-style APIs without `status`: the message is the code itself
  // (`EMAIL_EXISTS`, `WEAK_PASSWORD : Password should be at least 6 characters`).
  const token = status && message ? /^[A-Z][A-Z\d_]{2,99}(?= : |$)/.exec(message)?.[0] : undefined;
  return {
    code: google
      ? codeOf(own(e, "status"))
      : // A numeric `code` (an HTTP status) says less than a string identifier next to it.
        (token ??
        exception ??
        (status && reason && isIdentifier(reason)
          ? reason
          : ((typeof rawCode === "number" && own(data, "httpStatus") !== undefined
              ? pick(wordCode, data, ["code"])
              : undefined) ??
            codeIn(e) ??
            pick(nameCode, e, ["type", "name"]) ??
            // Ory: `{ code: 401, status: "Unauthorized", id: "session_inactive" }`.
            (status ? pick(nameCode, e, ["id"]) : undefined) ??
            pick(statusCode, e, ["status"]) ??
            pick(nameCode, e, ["reason"]) ??
            codeIn(ownObj(e, "detail")) ??
            // Feishu: `{ code, msg, error: { log_id } }`, an error object with nothing but ids.
            codeIn(root)))),
    type: codeOf(own(e, "type")),
    reason,
    message,
    requestId:
      g.requestId ??
      ids.requestId ??
      text(inner, "request-id", "requestId", "request_id") ??
      rootIds.requestId,
    traceId: ids.traceId ?? rootIds.traceId,
    field:
      g.field ??
      text(e, ...fieldNames, "target", "pointer") ??
      mapped?.field ??
      // A Zod issue's `path: ["actions", 0, "type"]` (a string `path` is the request's).
      (Array.isArray(own(e, "path")) ? pathOf(own(e, "path")) : undefined) ??
      (google ? undefined : detailField(e)),
    details: own(e, "details") ?? own(e, "errors"),
    retryAfterMs: g.retryAfterMs ?? ids.retryAfterMs ?? rootIds.retryAfterMs,
    signalsError: true,
  };
};

/** Members RFC 9457 defines (and ids we read), not extensions. */
const problemMembers = /* @__PURE__ */ new Set([
  "type",
  "title",
  "status",
  "detail",
  "instance",
  "code",
  "requestId",
  "request_id",
  "traceId",
  "trace_id",
  "errors",
  "details",
]);

/** RFC 9457 problem details, with `errors`/`invalid-params` lists and ASP.NET's `errors` map. */
const problem = (o: Obj): Extracted => {
  const type = textOf(own(o, "type"));
  const firstError = (ownArr(o, "errors") ??
    ownArr(o, "invalid-params") ??
    ownArr(o, "invalid_params") ??
    ownArr(o, "invalid_fields") ??
    // JHipster and other Spring apps: `fieldErrors: [{ objectName, field, message }]`.
    ownArr(o, "fieldErrors"))?.[0];
  // ASP.NET Core's ValidationProblemDetails: `errors: { Name: ["The Name field is required."] }`.
  const errorsMap = ownObj(o, "errors");
  const details = own(o, "details");
  const extension = pick(codeOf, o, ["code", "errorCode", "error_code"]);
  const ids = idsIn(o);
  return {
    ...ids,
    // An `instance` that is an id, not a path (Mailchimp, Vonage): the occurrence to quote to support.
    traceId: ids.traceId ?? idToken(own(o, "instance")),
    // An extension code (`code`, `errorCode`, ...) says more than the type URI.
    // A type that points at the HTTP RFC's section for the status (ASP.NET Core, Symfony) says no more
    // than `about:blank`.
    code:
      // Not one that repeats the status (Battle.net's `code: 404` next to its `type`).
      (extension !== String(statusSent) ? extension : undefined) ??
      (type === undefined ||
      type === "about:blank" ||
      type.includes("ietf.org/") ||
      type.includes("rfc-editor.org/") ||
      type.includes("w3.org/Protocols/") ||
      namesStatus(type) ||
      // A type that only names the status (`https://httpproblems.com/http-status/429`).
      /\/(?:http-status\/)?\d{3}\/?$/.test(type)
        ? undefined
        : type),
    message: text(o, "detail", "title"),
    field:
      text(firstError, "pointer", "field", "name") ??
      locationField(own(firstError, "location")) ??
      text(o, "field", "attr") ??
      fieldErrorMap(errorsMap ?? ownObj(o, "invalid-params") ?? ownObj(o, "validation_messages"))?.field,
    details: details !== undefined ? details : (errorsMap ?? extensionsOf(o)),
    signalsError: true,
  };
};

/**
 * A type URI whose anchor only names the status response (Javalin's `documentation#notfoundresponse`); a
 * path that does (`/problems/not-found`) is an API's own type.
 */
const namesStatus = (type: string): boolean => {
  const tail = /#([^/#]{1,80})$/
    .exec(type)?.[1]
    ?.toLowerCase()
    .replace(/[^a-z]/g, "");
  const title = statusTitle(statusSent)
    .toLowerCase()
    .replace(/[^a-z]/g, "");
  return tail !== undefined && title !== "" && tail === `${title}response`;
};

/** A problem's extension members as own data properties (so a `__proto__` member stays data), if any. */
const extensionsOf = (o: Obj): Obj | undefined => {
  const keys = keysOf(o).filter((key) => !problemMembers.has(key));
  return keys.length > 0 ? Object.fromEntries(keys.map((key) => [key, o[key]])) : undefined;
};

/** `errors: [...]` arrays: GraphQL, JSON:API, Cloudflare, and generic lists of messages. */
const errorList = (o: Obj, list: unknown[]): Extracted => {
  const item = list[0];
  if (typeof item === "string")
    return {
      code: codeIn(o),
      requestId: requestIdIn(o),
      traceId: traceIdIn(o),
      message: text(o, "message") ?? textOf(item),
      details: list,
      signalsError: true,
    };
  const extensions = ownObj(item, "extensions");
  const source = ownObj(item, "source");
  // GraphQL: { errors: [{ message, locations, path, extensions: { code } }] }; JSON:API: { source }.
  const graphql =
    extensions !== undefined || own(item, "locations") !== undefined || Array.isArray(own(item, "path"));
  const ids = idsIn(o);
  const extensionIds = idsIn(extensions ?? ownObj(o, "extensions"));
  // An identifier the body itself sends as its code names the whole error (HMRC's `INVALID_REQUEST`
  // next to the list of what was invalid), unlike a status line (Open Banking's `400 BadRequest`).
  const bodyCode = codeIn(o);
  // GOV.UK Notify and Companies House: `errors: [{ error: "BadRequestError", message }]`.
  const named = nameCode(own(item, "error"));
  return {
    // The item's code, else its identifier (`error`, `id`, Ghost's `type`), else the body's own code.
    code:
      codeOf(own(extensions, "code")) ??
      (bodyCode !== undefined && isIdentifier(bodyCode) ? bodyCode : undefined) ??
      codeIn(item) ??
      named ??
      // A snake_case `type` of the body over its items' (Expedia), not over their codes (drf-standardized-errors).
      snakeCode(own(o, "type")) ??
      // express-validator's `type: "field"` is the kind of error, not a code.
      (own(item, "location") === undefined ? pick(nameCode, item, ["id", "type"]) : undefined) ??
      bodyCode ??
      pick(nameCode, o, ["category"]),
    reason: text(item, "reason"),
    message:
      graphql || source
        ? (text(item, "detail", "message", "title") ?? text(o, "message") ?? messageIn(item))
        : (text(o, "message", "Message") ?? messageIn(item) ?? named),
    // OpenStack Placement sends it in the item.
    requestId: ids.requestId ?? extensionIds.requestId ?? requestIdIn(item),
    traceId: ids.traceId ?? extensionIds.traceId,
    field:
      text(source, "field", "pointer", "parameter", "header") ??
      text(item, ...fieldKeys, "in") ??
      // Huma `location: "body.name"`, Companies House `location: "$.description"`, Google's legacy
      // `location: "q"`; never a location alone (express-validator's `location: "body"`).
      locationField(own(item, "location")) ??
      // IBM Cloud: `target: { name, type: "field" }`.
      text(ownObj(item, "target"), "name") ??
      // Salesforce: `fields: ["Name"]`.
      textOf(ownArr(item, "fields")?.[0]) ??
      // Expedia: `fields: [{ name, type, value }]`.
      text(ownArr(item, "fields")?.[0], "name", "field") ??
      pathOf(own(item, "path") ?? own(item, "loc")),
    details: list,
    retryAfterMs: extensionIds.retryAfterMs ?? ids.retryAfterMs,
    signalsError: true,
  };
};

/** Where a request's parts are, as frameworks name them in a field path or a map of field errors. */
const requestParts =
  /^(?:body|json|query|querystring|form|path|params|headers?|cookies?|files|view_args|match_info)$/;

/** A field path in a `location`, without its request part or JSONPath root; not a part alone. */
const locationField = (u: unknown): string | undefined => {
  const path = textOf(u)?.replace(/^\$\.|^(?:body|query|path|header|cookie)\./, "");
  return path === undefined || requestParts.test(path) || !/^[\w.[\]-]{1,200}$/.test(path) ? undefined : path;
};

/** Members that mark a body as an envelope rather than a bare field-error map. */
const envelopeKeys = /* @__PURE__ */ new Set([
  "message",
  "error",
  "errors",
  "detail",
  "success",
  "ok",
  "data",
  "meta",
]);

/**
 * Django REST framework and Rails: the whole body is `{ field: ["message", ...] }`. Every member
 * must be a list of messages, so `{ "name": "ann" }` or `{ "title": "x" }` is data, not an error.
 */
const bareFieldMap = (o: Obj): Extracted | undefined => {
  const keys = Object.keys(o);
  if (keys.some((k) => envelopeKeys.has(k))) return undefined;
  for (const key of keys.slice(0, 32)) {
    const value = o[key];
    if (!Array.isArray(value) || typeof value[0] !== "string") return undefined;
  }
  return fieldErrorMap(o);
};

/**
 * A `status` member that is a code (`REQUEST_DENIED`, `version-mismatch`, `UNAUTHENTICATED`), not a
 * state (`error`, `failure`, `OK`).
 */
const statusCode = (u: unknown): string | undefined => {
  const code = nameCode(u);
  return code !== undefined &&
    (/[_-]/.test(code) ||
      /^(?:UNAUTHENTICATED|UNAVAILABLE|UNIMPLEMENTED|INTERNAL|UNKNOWN|ABORTED|CANCELLED)$/.test(code)) &&
    !/^(?:ok|error|fail(?:ed|ure)?|success)$/i.test(code)
    ? code
    : undefined;
};

/**
 * The message of a message that is itself a JSON error (OpenStack Ironic's `error_message:
 * "{\"faultstring\": ...}"`), parsed when short.
 */
const jsonMessage = (s: string): string | undefined => {
  if (s.length > 2_000 || !s.endsWith("}")) return undefined;
  try {
    return messageIn(JSON.parse(s));
  } catch {
    return undefined;
  }
};

/**
 * Set while `extractJson` reads what a lone wrapper or a message object holds, so it looks one
 * level inside only.
 */
let wrapped = false;

/** What `extractJson` reads inside `value`, one level down (never deeper, see `wrapped`). */
const readInside = (value: Obj, problemContentType: boolean): Extracted | undefined => {
  const status = statusSent;
  wrapped = true;
  try {
    return extractJson(value, problemContentType, status);
  } finally {
    // Also when a getter of an already-parsed body threw: the next decode starts afresh.
    wrapped = false;
    keysFor = undefined;
    statusSent = status;
  }
};

/** A text of one line (a `detail` that holds a stack trace is no message). */
const oneLine = (s: string | undefined): string | undefined =>
  s === undefined || s.length > 500 || s.includes("\n") ? undefined : s;

/** A member's value that says a request failed (`resultCode: "Error"`, `result: "failure"`). */
const failureWord = /^(?:error|fail(?:ed|ure)?)$/i;

/** Whether a message only repeats the status phrase, in any case (`Bad request` on 400). */
const isStatusTitle = (message: string): boolean => {
  const title = statusTitle(statusSent);
  return (
    message.length === title.length && (message === title || message.toLowerCase() === title.toLowerCase())
  );
};

/** The HTTP status of the response being read (0: unknown), set by `extractJson`. */
let statusSent = 0;

/**
 * Reads any parsed JSON body. Returns `undefined` when the value has no recognizable error member.
 * `status`: the response's HTTP status, when known.
 */
export const extractJson = (
  json: unknown,
  problemContentType = false,
  httpStatus = 0,
): Extracted | undefined => {
  keysFor = undefined;
  statusSent = httpStatus;
  if (Array.isArray(json)) {
    const item = json[0];
    // A JSON-RPC batch: a list of envelopes, the first failing one read like a single response.
    if (isObj(item) && isObj(own(item, "error"))) return extractJson(item);
    return isObj(item) ? errorList({}, json) : undefined;
  }
  if (!isObj(json)) {
    const message = textOf(json);
    return message === undefined ? undefined : { message };
  }
  const o = json;
  // A lone wrapper (Tencent Cloud `{ Response: { Error, RequestId } }`): read what it wraps, once.
  const names = keysOf(o);
  const only = names.length === 1 && !shapeKeys.has(names[0] as string) ? o[names[0] as string] : undefined;
  if (isObj(only) && !wrapped) {
    const inner = readInside(only, problemContentType);
    if (inner !== undefined) {
      // OpenStack: `{ itemNotFound: { code: 404, message } }`, the camel-case wrapper names the error.
      const key = names[0] as string;
      if (/^[a-z]+[A-Z][a-zA-Z]{0,62}$/.test(key) && !/error|response|result|info|data/i.test(key))
        inner.code ??= key;
      return inner;
    }
  }
  // Whether the body has any member below but `code`, `message` and `status`: a flat body such as
  // F1 has none, and is asked once instead of member by member.
  const rare = hasAnyOf(o, shapeKeys);

  // HL7 FHIR: `{ resourceType: "OperationOutcome", issue: [{ severity, code, diagnostics, expression }] }`,
  // an error when an issue is (servers send informational outcomes with successes too).
  if (rare && own(o, "resourceType") === "OperationOutcome") {
    const issues = ownArr(o, "issue") ?? [];
    const isError = (i: unknown) => {
      const severity = own(i, "severity");
      return severity === "fatal" || severity === "error";
    };
    const issue = issues.slice(0, 32).find(isError) ?? issues[0];
    // The issue's `details.coding` (an API's own code system: NHS Spine's `RESOURCE_NOT_FOUND`) says
    // more than its `code`, which only names the issue type (`not-found`, `value`).
    const details = ownObj(issue, "details");
    const coding = ownArr(details, "coding")?.[0];
    return {
      code: codeOf(own(coding, "code")) ?? codeOf(own(issue, "code")),
      message: text(issue, "diagnostics") ?? text(details, "text") ?? text(coding, "display"),
      field: textOf(ownArr(issue, "expression")?.[0]) ?? textOf(ownArr(issue, "location")?.[0]),
      details: issues,
      signalsError: isError(issue),
    };
  }
  // Kubernetes Status
  if (rare && own(o, "kind") === "Status" && own(o, "status") === "Failure") {
    const d = ownObj(o, "details");
    return {
      code: codeOf(own(o, "reason")),
      message: text(o, "message"),
      field: text(ownArr(d, "causes")?.[0], "field"),
      details: d,
      retryAfterMs: seconds(own(d, "retryAfterSeconds")),
      signalsError: true,
    };
  }
  // Anthropic: { type: "error", error: { type, message }, request_id }; F2-F4; Apigee `fault`.
  let error = rare
    ? pick(present, o, ["error", "Error", "fault", "Fault", "odata.error", "errorInfo"])
    : undefined;
  // tRPC with superjson: `error: { json: { message, code, data } }`.
  const superjson = ownObj(error, "json");
  if (superjson !== undefined && keysOf(error as Obj).length === 1) error = superjson;
  // Modern Treasury: `errors: { code, message, parameter }` is one error, not a field-error map.
  if (rare && error === undefined && typeof own(ownObj(o, "errors"), "message") === "string")
    error = own(o, "errors");
  // A list of errors under an error key (Oracle `Error: [...]`), or an envelope with nothing but
  // such a list (QuickBooks `Fault: { Error: [...], type }`): the first error, two levels at most.
  for (let depth = 0; depth < 2 && !(isObj(error) && Object.hasOwn(error, "message")); depth++) {
    // Zod's `ZodError` (`{ issues: [{ code, message, path }], name: "ZodError" }`, Hono's default).
    const list = Array.isArray(error)
      ? error
      : (ownArr(error, "Error") ?? ownArr(error, "errors") ?? ownArr(error, "issues"));
    const inner = list?.[0];
    if (!isObj(inner) || (list !== error && (codeIn(error) ?? messageIn(error)) !== undefined)) break;
    error = inner;
  }
  // ElevenLabs and other FastAPI apps: `detail: { status, message }`.
  const detailError = rare && error === undefined ? ownObj(o, "detail") : undefined;
  if (detailError !== undefined && messageIn(detailError) !== undefined) error = detailError;
  // F4 envelope and anything else nesting an error object.
  if (isObj(error)) {
    const nested = nestedError(o, error);
    // An error object with nothing but ids, or nothing at all (`{ code: 0, msg: "success", error: {
    // log_id } }`, `{ success: true, error: {} }`): an error only when the body's own code says so.
    if (codeIn(error) === undefined && messageIn(error) === undefined && codeIn(o) === undefined)
      nested.signalsError = own(o, "success") === false;
    return nested;
  }
  // Kraken: { error: ["EAPI:Invalid key"], result: {} } (an empty list means success).
  if (Array.isArray(error) && textOf(error[0]) !== undefined)
    return { ...idsIn(o), message: error[0] as string, details: error, signalsError: true };
  // RFC 9457 problem details (also recognized by content type, see decode), before a string `error`
  // that is a sentence, which a problem may carry as an extension member (Honeycomb); an identifier
  // there is an OAuth error (RFC 6749), read below.
  if (
    !(typeof error === "string" && isIdentifier(error)) &&
    (problemContentType ||
      (rare &&
        typeof own(o, "type") === "string" &&
        (typeof own(o, "title") === "string" || typeof own(o, "detail") === "string") &&
        own(o, "message") === undefined))
  )
    return problem(o);
  if (typeof error === "string") {
    // Slack: { ok: false, error: "channel_not_found" }
    if (own(o, "ok") === false)
      return {
        code: codeOf(error),
        message: text(o, "detail") ?? textOf(error),
        details: own(o, "response_metadata"),
        signalsError: true,
      };
    // OAuth 2 (RFC 6749 §5.2), PayPal's token endpoint, Spring Boot and hapi `{ error: "Not Found" }`.
    if (textOf(error))
      return {
        ...idsIn(o),
        // The status's own name (Twitch `error: "Unauthorized"` on 401) is no code.
        code:
          /^[A-Za-z0-9_.:-]{1,100}$/.test(error) && error !== tagForStatus(statusSent) ? error : codeIn(o),
        message: text(o, "error_description") ?? messageIn(o) ?? error,
        // Zendesk: `details: { email: [{ description, error }] }`.
        // PlayFab: `errorDetails: { FilesToFinalize: ["..."] }`.
        field:
          text(o, ...fieldNames) ??
          fieldErrorMap(ownObj(o, "details") ?? ownObj(o, "errorDetails"), true)?.field ??
          detailField(o),
        details: own(o, "details"),
        signalsError: true,
      };
  }
  // AWS JSON protocols: { __type: "com.amazon...#ValidationException", message }; restJson1 reads
  // `code` before `__type` (the header comes first, see internal/extract.ts).
  const rawType = text(o, "code", "__type");
  if (
    rawType !== undefined &&
    (own(o, "__type") !== undefined || (rawType.includes("#") && isShapeId(rawType)))
  )
    return {
      code: awsErrorType(rawType) ?? rawType,
      message: text(o, "message", "Message", "errorMessage"),
      requestId: requestIdIn(o),
      signalsError: true,
    };
  // Berlin Group NextGenPSD2 (European banks): `tppMessages: [{ category, code, path, text }]`.
  const errors = rare ? pick(present, o, ["errors", "Errors", "tppMessages", "issues"]) : undefined;
  // Cloudflare v4 envelope and F4-like envelopes with an errors list.
  if (Array.isArray(errors) && errors.length > 0) return errorList(o, errors);
  // A list of message objects (Authorize.net `messages: { resultCode, message: [{ code, text }] }`),
  // an error on an error status or where a sibling says so (success responses carry one too).
  // Splunk: `messages: [{ type, text }]`.
  const messageList = ownArr(o, "message") ?? ownArr(o, "messages");
  if (
    isObj(messageList?.[0]) &&
    (statusSent >= 400 || failureWord.test(text(o, "resultCode", "result", "status") ?? ""))
  )
    return errorList(o, messageList);
  if (typeof errors === "string")
    // Shopify: { errors: "Not Found" }
    return { message: errors, signalsError: true };
  // Discord: { code: 50035, message, errors: { field: { _errors: [...] } } }
  // Laravel: { message, errors: { field: ["..."] } }
  if (isObj(errors) && (own(o, "code") !== undefined || own(o, "message") !== undefined)) {
    const path = discordField(errors);
    const mapped = path === undefined ? fieldErrorMap(errors) : undefined;
    return {
      ...idsIn(o),
      // FeathersJS: `{ name: "NotFound", code: 404, errors: {} }`.
      code: codeIn(o) ?? pick(nameCode, o, codeNamesNear),
      message: text(o, "message") ?? mapped?.message,
      field: path ?? mapped?.field,
      details: errors,
      signalsError: true,
    };
  }
  // Rails, Shopify: { errors: { title: ["can't be blank"] } }; GitLab: { message: { name: ["has already been taken"] } }
  const mapped = fieldErrorMap(
    isObj(errors)
      ? errors
      : (ownObj(o, "message") ??
          // CodeIgniter 4: `messages: { email: "The email field is required." }`.
          (statusSent >= 400 ? ownObj(o, "messages") : undefined) ??
          (rare ? (ownObj(o, "fieldErrors") ?? ownObj(o, "field-errors")) : undefined)),
  );
  if (mapped) return { ...mapped, code: codeIn(o), requestId: requestIdIn(o), traceId: traceIdIn(o) };
  // Jira: { errorMessages: ["Issue does not exist ..."], errors: {} }
  if (isObj(errors)) return { code: codeIn(o), message: messageIn(o), details: errors, signalsError: true };
  // PayPal REST: { name, message, debug_id, details: [{ field, issue }] }
  if (
    rare &&
    typeof own(o, "name") === "string" &&
    (own(o, "debug_id") !== undefined || ownArr(o, "details"))
  )
    return {
      code: codeOf(own(o, "name")),
      message: text(o, "message"),
      requestId: text(o, "debug_id"),
      field: text(ownArr(o, "details")?.[0], "field"),
      details: own(o, "details"),
      signalsError: true,
    };
  // FastAPI / Pydantic: { detail: [{ loc: ["body", "name"], msg, type }] }
  const detail = rare ? ownArr(o, "detail") : undefined;
  const item = detail?.[0];
  if (isObj(item)) {
    const loc = ownArr(item, "loc");
    return {
      code: codeOf(own(item, "type")),
      message: text(item, "msg", "message"),
      field:
        loc && pathOf(["body", "query", "path", "header"].includes(loc[0] as string) ? loc.slice(1) : loc),
      details: detail,
      signalsError: true,
    };
  }
  // JSend: { status: "fail", data: { title: "A title is required" } }
  const status = own(o, "status");
  const data = rare ? ownObj(o, "data") : undefined;
  const jsend =
    (status === "fail" || status === "error") && own(o, "message") === undefined && fieldErrorMap(data);
  if (jsend) return { ...jsend, code: codeIn(o) };
  // Flat: F1 { code, message, status }, F5 { code, message, retryAfter }, Twilio, GitHub, Okta,
  // WeChat (`errcode`, `errmsg`), Heroku and DigitalOcean (`id` as the code), Contentful
  // ({ sys: { type: "Error", id: "NotFound" }, message, requestId }).
  // Qdrant: `{ status: { error }, time }`.
  let sent = messageIn(o) ?? text(ownObj(o, "status"), "error", "message");
  // A message that is itself an error object (Onfleet `message: { error, message }`, Mistral
  // `message: { detail: [...] }`): read once, as a lone wrapper is.
  const messageObj = sent === undefined && !wrapped ? ownObj(o, "message") : undefined;
  const within = messageObj === undefined ? undefined : readInside(messageObj, false);
  sent ??= within?.message;
  const said = sent?.charCodeAt(0) === 123 ? (jsonMessage(sent) ?? sent) : sent;
  // Micronaut and other vnd.error bodies: the status's title, then the error in `_embedded.errors`.
  const embedded = rare ? text(ownArr(ownObj(o, "_embedded"), "errors")?.[0], "message") : undefined;
  // A message that only repeats the status phrase (DHL's `"message": "Bad request"`) yields to a
  // `detail` sent next to it.
  const message =
    said === undefined || isStatusTitle(said)
      ? (embedded ??
        (said === undefined ? undefined : oneLine(text(o, "detail", "description", "details", "Details"))) ??
        said)
      : said;
  const sys = rare ? ownObj(o, "sys") : undefined;
  const rawId = rare ? text(o, "id") : undefined;
  const code =
    codeIn(o) ??
    (own(sys, "type") === "Error" ? text(sys, "id") : undefined) ??
    (message !== undefined ? nameCode(rawId) : undefined) ??
    // Next to a message: an identifier under `reason`, `name` or `category` (CoinGate, Stability,
    // HubSpot), or a `status` that is a code, not a state (Grafana `version-mismatch`, Google Maps
    // `REQUEST_DENIED`).
    (message !== undefined
      ? ((rare ? pick(nameCode, o, codeNamesNear) : undefined) ?? statusCode(own(o, "status")))
      : undefined);
  // WeChat-style `errcode: 0` means success.
  const successCode = rare && own(o, "errcode") === 0 && own(o, "code") === undefined;
  const ids = idsIn(o);
  // `success: false`, or Matomo's `result: "error"` on HTTP 200.
  const failure = rare && (own(o, "success") === false || failureWord.test(text(o, "result") ?? ""));
  if (successCode || (code === undefined && message === undefined && ids.retryAfterMs === undefined)) {
    // AfterShip-style `meta: { code, message, type }` next to `data`: read like a nested error, but
    // not taken as an error by itself (success responses carry the same `meta`).
    const meta = rare && !successCode ? ownObj(o, "meta") : undefined;
    if (meta !== undefined && messageIn(meta) !== undefined)
      return { ...nestedError(o, meta), signalsError: failure };
    // Conekta: nothing but a `details` list of errors.
    const list = rare && !successCode ? ownArr(o, "details") : undefined;
    if (isObj(list?.[0]) && messageIn(list[0]) !== undefined) return errorList(o, list);
    return (!successCode && bareFieldMap(o)) || (failure ? { signalsError: true } : undefined);
  }
  // google.rpc details outside Google's envelope (Databricks, grpc-gateway): the request id, retry
  // delay and field.
  const g = rare ? googleDetails(ownArr(o, "details") ?? []) : {};
  // ASP.NET Web API: { Message, ModelState: { "item.Name": ["The Name field is required."] } }
  return {
    ...ids,
    // An `id` next to a code that names the error, with digits (Sumo Logic's `IBCA5-NRG74-ROEI9`,
    // Goa's `aVFqt9NH` next to its `name`): the occurrence to quote to support.
    requestId:
      ids.requestId ??
      g.requestId ??
      within?.requestId ??
      (code !== undefined && rawId !== undefined && rawId !== code && /\d/.test(rawId)
        ? idToken(rawId)
        : undefined),
    retryAfterMs: ids.retryAfterMs ?? g.retryAfterMs,
    code,
    message,
    field:
      (rare
        ? (text(o, ...fieldNames, "attr") ??
          // h3 and other `data: { field }` bodies: the data names the field.
          text(ownObj(o, "data"), "field", "param") ??
          fieldErrorMap(ownObj(o, "ModelState") ?? ownObj(o, "modelState") ?? ownObj(o, "data"))?.field ??
          // WordPress REST: `data: { status, params: { acf: "..." } }` or `params: ["title"]`;
          // PlayFab `errorDetails: { Name: ["..."] }`.
          fieldErrorMap(ownObj(ownObj(o, "data"), "params") ?? ownObj(o, "errorDetails"))?.field ??
          textOf(ownArr(ownObj(o, "data"), "params")?.[0]) ??
          // LINE: `details: [{ message, property }]`.
          detailField(o) ??
          g.field ??
          // WeChat Pay: `detail: { field, value, issue }`.
          text(ownObj(o, "detail"), "field"))
        : undefined) ?? within?.field,
    details: rare ? (own(o, "details") ?? own(o, "errors")) : undefined,
    signalsError: code !== undefined || failure,
  };
};

const entities: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  "#39": "'",
  nbsp: " ",
  middot: "·",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  copy: "©",
};
const plain = (html: string): string =>
  html
    .replace(/<[^<>]{0,1000}>/g, " ")
    .replace(/&([a-z]{2,6}|#39);/g, (m, e: string) =>
      Object.hasOwn(entities, e) ? (entities[e] as string) : m,
    )
    .replace(/&#(x[\da-f]{1,6}|\d{1,7});/gi, (m, n: string) => {
      const c = n[0] === "x" || n[0] === "X" ? Number.parseInt(n.slice(1), 16) : Number(n);
      return c > 0 && c <= 0x10ffff ? String.fromCodePoint(c) : m;
    })
    .replace(/\s+/g, " ")
    .trim();

const MAX_TEXT_MESSAGE = 500;

/** Where a `<script>` or `<style>` element starts (searched from `lastIndex`). */
const blockStart = /<(script|style)\b/g;

/** HTML without what `<script>` and `<style>` elements hold (code, not text), in one pass. */
const withoutScripts = (html: string): string => {
  const lower = html.toLowerCase();
  let out = "";
  let last = 0;
  blockStart.lastIndex = 0;
  for (let m = blockStart.exec(lower); m !== null; m = blockStart.exec(lower)) {
    out += `${html.slice(last, m.index)} `;
    const close = lower.indexOf(`</${m[1]}`, blockStart.lastIndex);
    if (close < 0) return out;
    last = lower.indexOf(">", close) + 1 || html.length;
    blockStart.lastIndex = last;
  }
  return out + html.slice(last);
};

/** `key=value` pairs joined by `&` or line breaks, and nothing else (at most 64 of them). */
const formBody = /^[\w.-]{1,64}=[^&\s]*(?:[&\n][\w.-]{1,64}=[^&\s]*){0,63}$/;

/**
 * XML with each CDATA section (PrestaShop's `<code><![CDATA[90]]></code>`) turned into the text it
 * holds, escaped as element text is: one pass, each section looked for once.
 */
const withoutCdata = (xml: string): string => {
  let out = "";
  let last = 0;
  for (let at = xml.indexOf("<![CDATA["); at >= 0; at = xml.indexOf("<![CDATA[", last)) {
    const end = xml.indexOf("]]>", at + 9);
    if (end < 0) break;
    out +=
      xml.slice(last, at) +
      xml
        .slice(at + 9, end)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;");
    last = end + 3;
  }
  return last === 0 ? xml : out + xml.slice(last);
};

/** Non-JSON bodies: XML (AWS Query/S3 style), HTML error pages from proxies, forms, plain text. */
export const extractText = (text: string): Extracted | undefined => {
  const head = text.slice(0, 64 * 1024);
  const trimmed = head.trim();
  if (trimmed === "") return undefined;
  // A form-encoded body (`error=bad_verification_code&error_description=...`: OAuth token endpoints
  // such as GitHub's answer so unless asked for JSON) or `Key=value` lines (Google ClientLogin's
  // `Error=BadAuthentication`): read as the object it encodes.
  const lines = trimmed.replace(/\r\n/g, "\n");
  const form = formBody.test(lines)
    ? extractJson(Object.fromEntries(new URLSearchParams(lines.replace(/\n/g, "&"))))
    : undefined;
  // Unless the pairs say nothing went wrong (`error=0`, `error=false`, `success=true&error=none`).
  if (
    form !== undefined &&
    (form.code !== undefined || form.message !== undefined) &&
    !/^(?:0|false|none|null|ok|success|true)$/i.test(form.code ?? "-")
  )
    return form;
  // XHTML error pages (Varnish, Fastly) start with an XML declaration too.
  const html = /^(?:<\?xml[^>]{0,200}>\s{0,200})?<(?:!doctype\s{1,20}html|html|head|body|center|h1)\b/i.test(
    trimmed,
  );
  // XML: AWS and Azure `<Error>`, SOAP, WebDAV `<d:error>`, OGC exception reports, or any document with
  // an XML declaration; other markup (a PHP warning, an HTML fragment) is read as text.
  if (
    (!html && trimmed.startsWith("<?xml")) ||
    /^<(?:[\w-]{1,32}:)?(?:ErrorResponse|Errors?|Response|Envelope|Fault|(?:Service)?ExceptionReport|api-error-response)\b/i.test(
      trimmed,
    )
  ) {
    const xml = withoutCdata(head);
    /** The first capture of `re` in the text, as plain text. */
    const capture = (re: RegExp) => {
      const m = re.exec(xml);
      return m?.[1] ? plain(m[1]) : undefined;
    };
    // Elements with text only, in any namespace prefix, with any attributes and in any case: `<Code>`,
    // `<soap:Value>`, `<env:Text xml:lang="en">`, Braintree's `<message>`.
    const tag = (name: string) =>
      capture(
        new RegExp(
          `<(?:[\\w-]{1,32}:)?${name}(?:\\s[^>]{0,200})?>([^<]{0,2000})</(?:[\\w-]{1,32}:)?${name}>`,
          "i",
        ),
      );
    // XML-RPC: `<member><name>faultCode</name><value><int>4</int></value></member>`.
    const member = (name: string) =>
      capture(
        new RegExp(`<name>${name}</name>\\s{0,200}<value>\\s{0,200}(?:<(?:int|i4|string)>)?([^<]{1,2000})`),
      );
    // SOAP 1.2: `<Code><Value>env:Sender</Value><Subcode><Value>m:Timeout</Value>...`, the most
    // specific (last) value; looked for only when nothing else names the code.
    const lastValue = () => {
      const values = xml.match(/<(?:[\w-]{1,32}:)?Value>[^<]{1,200}</g);
      const value = values?.[values.length - 1];
      return value ? plain(value.slice(value.indexOf(">") + 1, -1)) : undefined;
    };
    return {
      // SOAP 1.1's own elements first: a detail may hold an application's `<code>`, `<message>`.
      code:
        member("faultCode") ??
        tag("faultcode") ??
        tag("Code") ??
        tag("ErrorCode") ??
        // OGC (GeoServer): `<ows:Exception exceptionCode="..." locator="...">`, `<ServiceException code="...">`.
        capture(
          /<(?:[\w-]{1,32}:)?(?:Service)?Exception\b[^>]{0,500}?\b(?:exceptionCode|code)="([^"]{1,200})"/,
        ) ??
        // WebDAV (RFC 4918): the precondition element inside `<d:error>`, empty or holding hrefs; sabre/dav
        // (Nextcloud) names its exception.
        capture(
          /<(?:[\w-]{1,32}:)?error\b[^>]{0,500}>\s{0,200}<(?:[\w-]{1,32}:)?([\w-]{1,64})\b[^>]{0,200}?(?:\/>|>\s{0,200}<)/,
        ) ??
        tag("exception") ??
        // World Bank: `<wb:message id="120" key="Invalid value">`.
        capture(/<(?:[\w-]{1,32}:)?message\b[^>]{0,200}?\bid="([^"]{1,100})"/i) ??
        lastValue(),
      message:
        member("faultString") ??
        tag("faultstring") ??
        tag("Message") ??
        // UPS and other XML APIs.
        tag("ErrorDescription") ??
        // eBay's Trading API.
        tag("LongMessage") ??
        tag("ShortMessage") ??
        tag("Text") ??
        tag("ExceptionText") ??
        tag("ServiceException") ??
        // XML-RPC: a bare `<fault><value><string>`.
        capture(/<fault>\s{0,200}<value>\s{0,200}<string>([^<]{1,2000})<\/string>/) ??
        tag("description") ??
        tag("error") ??
        // FRED: `<error code="400" message="..." />`.
        capture(/<(?:[\w-]{1,32}:)?error\b[^>]{0,500}?\bmessage="([^"]{1,2000})"/i),
      requestId: tag("RequestId"),
      // Azure Storage names the offending query parameter or header, OGC the `locator`.
      field:
        tag("QueryParameterName") ??
        tag("HeaderName") ??
        capture(/<(?:[\w-]{1,32}:)?Exception\b[^>]{0,500}?\blocator="([^"]{1,200})"/),
      signalsError: true,
    };
  }
  if (html) {
    const title = /<title[^>]{0,200}>([^<]{0,500})<\/title>/i.exec(head)?.[1];
    // The first `<h1>` (else the first `<h2>`: HTTP.sys), and the text right after it, inline markup
    // and all (Google's `<code>/path</code>`).
    const heading =
      /<h1[^>]{0,200}>([^<]{0,500})<\/h1>\s{0,200}(?:<(?:p|h2)\b[^>]{0,200}>)?((?:[^<]|<\/?(?:code|a|b|i|em|strong|tt|span|kbd|samp)\b[^>]{0,200}>){0,500})/i.exec(
        head,
      ) ?? /<h2[^>]{0,200}>([^<]{0,500})<\/h2>/i.exec(head);
    const h1 = plain(heading?.[1] ?? "");
    const next = plain(heading?.[2] ?? "");
    // Tomcat and Jetty label the message: `<p><b>Message</b> ...`, `<th>MESSAGE:</th><td>...`.
    const labelled = plain(
      /<(?:b|th|strong)>\s{0,20}message:?\s{0,20}<\/(?:b|th|strong)>\s{0,20}(?:<td>)?([^<]{1,500})/i.exec(
        head,
      )?.[1] ?? "",
    );
    // A title: five words at most, no punctuation ("Not Found", "503 Service Unavailable", "Error
    // 503 Backend fetch failed", Tomcat's "HTTP Status 404 ...").
    const titleLike =
      /^(?:(?:http\s+)?(?:error|status):?\s*)?(?:\d{3}\b|[a-z][\w'-]*(?:\s[a-z][\w'-]*){0,4}$)/i;
    const pre = /<pre[^>]{0,200}>([^<]{1,500})<\/pre>/i.exec(head)?.[1];
    // No title, or one that is just "Error".
    const generic = title === undefined || /^\s*error\s*$/i.test(title);
    // A heading that is a sentence (Rails) is the message. One that is a title says less than the
    // sentence right after it, bare (HAProxy), in a paragraph (Apache, Werkzeug, Django, Varnish) or
    // in a second heading (CloudFront); a page title (Jetty) or a `<pre>` (Express) says more than a
    // title that is just "Error".
    const found =
      (labelled || undefined) ??
      (h1 !== "" && !titleLike.test(h1) ? h1 : undefined) ??
      (next || undefined) ??
      (generic ? undefined : plain(title as string)) ??
      (pre ? plain(pre) : undefined) ??
      (h1 || undefined) ??
      // Undertow's `<title>Error</title>` over a bare `404 - Not Found`: the body says more.
      (generic
        ? plain(withoutScripts(/<body\b[^>]{0,200}>([\s\S]{1,2000})/i.exec(head)?.[1] ?? "")).slice(
            0,
            MAX_TEXT_MESSAGE,
          ) || undefined
        : undefined) ??
      (title ? plain(title) : undefined);
    const page = plain(withoutScripts(head));
    // Jetty's "Error 403 No valid crumb ...", Cloudflare's "api.example.com | 522: Connection timed
    // out": the status (and host) are said elsewhere.
    const message = (found ?? page.slice(0, MAX_TEXT_MESSAGE)).replace(
      /^(?:(?:http\s+)?error:?\s+\d{3}\s+|[\w.-]{1,253} \| \d{3}: )(?=[^\s(])/i,
      "",
    );
    return { message: message || undefined, traceId: idPhrase.exec(redactText(page))?.[1] };
  }
  // Read from the redacted text, so no piece lifted out of it (a code, an id) can be a secret its
  // context marked ("Authorization: Bearer\n\n<token>").
  const safe = redactText(trimmed);
  // A paragraph that is only a code (`NOT_FOUND`), next to the message (Vercel).
  const codeToken = /^[A-Z][A-Z\d]*_[A-Z\d_]{1,62}$/;
  let code: string | undefined;
  const paragraphs = safe.split(/\n\s*\n/);
  const kept =
    paragraphs.length > 1
      ? paragraphs.filter((paragraph) => {
          const t = paragraph.trim();
          if (code !== undefined || !codeToken.test(t)) return true;
          code = t;
          return false;
        })
      : paragraphs;
  const collapsed = (kept.length > 0 ? kept.join(" ") : safe).replace(/\s+/g, " ");
  // A body that is only a code (Elysia's `NOT_FOUND`) is the code too.
  if (code === undefined && codeToken.test(collapsed)) code = collapsed;
  // "Not Found - Request ID: 01HQ..." (Netlify): an id that ends the text is cut from the message.
  const phrase = idPhrase.exec(collapsed);
  const message =
    (phrase && phrase.index > 0 && phrase.index + phrase[0].length >= collapsed.length - 1
      ? trimEnd(collapsed.slice(0, phrase.index))
      : "") || collapsed;
  return {
    code,
    message: message.length > MAX_TEXT_MESSAGE ? `${message.slice(0, MAX_TEXT_MESSAGE)}…` : message,
    traceId: phrase?.[1],
  };
};

/** The text without the separators that end it (` - `, ` (`, `,`), in one backward pass. */
const trimEnd = (s: string): string => {
  let end = s.length;
  while (end > 0 && " \t\n(,;:|-".includes(s[end - 1] as string)) end--;
  return s.slice(0, end);
};

/**
 * "Request ID: ...", "Ray ID: ...", "Reference #..." and the like in an error page or text: an id
 * with a digit in it, after the phrase.
 */
const idPhrase =
  /\b(?:request[ _-]?id|ray id|reference|correlation[ _-]?id|trace[ _-]?id|incident id|support id|error id)\b\s{0,3}(?:[:#=]|is\b)\s{0,3}#?\s{0,3}((?=[\w.:-]{0,99}\d)[A-Za-z\d][\w.:-]{4,98}[A-Za-z\d])/i;

const stringMember = (text: string, names: string): string | undefined => {
  const m = new RegExp(`"(?:${names})"\\s*:\\s*(?:"((?:[^"\\\\]|\\\\.){0,2000})"|(-?\\d{1,15}))`).exec(text);
  if (!m) return undefined;
  if (m[2] !== undefined) return m[2];
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return m[1];
  }
};

/** Truncated or malformed JSON: salvage code, message and request id by scanning the text. */
export const salvageJson = (text: string): Extracted => {
  const head = text.slice(0, 64 * 1024);
  return {
    code: stringMember(head, "code|error_code|errorCode|reason|__type"),
    message: stringMember(head, "message|detail|error_description|title"),
    requestId: stringMember(head, "request_id|requestId|debug_id"),
    field: stringMember(head, "field|param|pointer"),
    signalsError: true,
  };
};
