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
 */
import { parseDuration } from "../hints";
import { awsErrorType, isShapeId } from "./aws";

export interface Extracted {
  format: string;
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
  /** The body itself says this is an error (for responses with a 2xx status). */
  signalsError?: boolean;
  /** The identifiers name throttling, whatever the status (see `internal/throttling.ts`). */
  throttled?: boolean;
}

type Obj = Record<string, unknown>;

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
/** The first of several spellings of a member that is present. */
const ownAny = (o: unknown, ...keys: string[]): unknown => {
  if (!isObj(o)) return undefined;
  for (const key of keys) if (Object.hasOwn(o, key) && o[key] !== undefined && o[key] !== null) return o[key];
  return undefined;
};
/** A code: a non-empty string, or a finite number as a string. */
const codeOf = (u: unknown): string | undefined =>
  typeof u === "string"
    ? u.trim() === ""
      ? undefined
      : u
    : typeof u === "number" && Number.isFinite(u)
      ? String(u)
      : undefined;
const textOf = (u: unknown): string | undefined => (typeof u === "string" && u.trim() !== "" ? u : undefined);
const firstText = (...values: unknown[]): string | undefined => {
  for (const v of values) {
    const t = textOf(v);
    if (t !== undefined) return t;
  }
  return undefined;
};
const seconds = (u: unknown): number | undefined => {
  if (typeof u === "number" && Number.isFinite(u) && u >= 0) return Math.round(u * 1000);
  if (typeof u === "string") return parseDuration(u);
  return undefined;
};
const pathOf = (u: unknown): string | undefined =>
  Array.isArray(u) &&
  u.length > 0 &&
  u.length < 64 &&
  u.every((p) => typeof p === "string" || typeof p === "number")
    ? u.join(".")
    : textOf(u);
/** An identifier-shaped string (`not_found`, `NotFound`, `E0000011`), not a sentence or a UUID. */
const isIdentifier = (s: string): boolean => /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/.test(s);

/**
 * The first of several spellings of a member, in order, whose value `read` accepts. Stops at the
 * first hit (a list of `own(o, name)` arguments would read every spelling first).
 */
const firstOwn = <T>(
  o: unknown,
  names: readonly string[],
  read: (u: unknown) => T | undefined,
): T | undefined => {
  if (!isObj(o)) return undefined;
  for (const name of names) {
    if (Object.hasOwn(o, name)) {
      const value = read(o[name]);
      if (value !== undefined) return value;
    }
  }
  return undefined;
};

const codeNames = [
  "code",
  "error_code",
  "errorCode",
  "ErrorCode",
  "Code",
  "errcode",
  "errCode",
  "errorcode",
  "error_type",
  "errorType",
];
const messageNames = [
  "message",
  "Message",
  "errorSummary",
  "error_summary",
  "detail",
  "Detail",
  "error_message",
  "errorMessage",
  "ErrorMessage",
  "error_description",
  "errmsg",
  "errMsg",
  "msg",
  "faultstring",
  "description",
  "title",
];
const requestIdNames = ["requestId", "request_id", "requestID", "RequestId", "debug_id"];
const metaRequestIdNames = ["requestId", "request_id"];
/** Support, trace and correlation ids: the request id only when none is sent. */
const traceIdNames = [
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
];

/** Codes under the common spellings, at one level of an object. */
const codeIn = (o: unknown): string | undefined => firstOwn(o, codeNames, codeOf);

/** Messages under the common spellings, at one level of an object. */
const messageIn = (o: unknown): string | undefined => firstOwn(o, messageNames, textOf);

const requestIdIn = (o: unknown): string | undefined =>
  firstOwn(o, requestIdNames, textOf) ?? firstOwn(ownObj(o, "meta"), metaRequestIdNames, textOf);

const traceIdIn = (o: unknown): string | undefined => firstOwn(o, traceIdNames, textOf);

const retryAfterIn = (o: unknown): number | undefined =>
  seconds(own(o, "retryAfter")) ??
  seconds(own(o, "retry_after")) ??
  seconds(own(o, "retryAfterSeconds")) ??
  (typeof own(o, "retry_after_ms") === "number"
    ? Math.max(0, own(o, "retry_after_ms") as number)
    : undefined);

/** Google `details[]`: ErrorInfo, RetryInfo, BadRequest, RequestInfo (AIP-193). */
const googleDetails = (
  list: unknown[] | undefined,
): {
  retryAfterMs?: number | undefined;
  field?: string | undefined;
  requestId?: string | undefined;
  reason?: string | undefined;
} => {
  const out: {
    retryAfterMs?: number | undefined;
    field?: string | undefined;
    requestId?: string | undefined;
    reason?: string | undefined;
  } = {};
  for (const item of (list ?? []).slice(0, 32)) {
    const type = textOf(own(item, "@type")) ?? "";
    if (type.endsWith("RetryInfo")) {
      const delay = own(item, "retryDelay");
      const ms = isObj(delay)
        ? Math.round(Number(own(delay, "seconds") ?? 0) * 1000 + Number(own(delay, "nanos") ?? 0) / 1e6)
        : seconds(delay);
      if (ms !== undefined && Number.isFinite(ms)) out.retryAfterMs ??= Math.max(0, ms);
    } else if (type.endsWith("BadRequest")) {
      out.field ??= textOf(own(ownArr(item, "fieldViolations")?.[0], "field"));
    } else if (type.endsWith("RequestInfo")) {
      out.requestId ??= textOf(own(item, "requestId"));
    } else if (type.endsWith("ErrorInfo")) {
      out.reason ??= textOf(own(item, "reason"));
    }
  }
  return out;
};

/** The first key path in a Discord-style nested `errors` object that ends at `_errors`. */
const discordField = (errors: Obj): string | undefined => {
  const path: string[] = [];
  let node: unknown = errors;
  for (let depth = 0; depth < 16 && isObj(node); depth++) {
    if (Object.hasOwn(node, "_errors")) return path.length > 0 ? path.join(".") : undefined;
    const key = Object.keys(node)[0];
    if (key === undefined) return undefined;
    path.push(key);
    node = node[key];
  }
  return undefined;
};

/**
 * A field-error map: `{ field: ["message", ...] }` or `{ field: "message" }` (DRF, Rails, Laravel,
 * GitLab, ASP.NET `errors`, JSend `data`). Returns the first field and its first message, or
 * `undefined` when the value is not such a map. Looks at 32 keys at most.
 */
const fieldErrorMap = (map: Obj): { field: string; message: string } | undefined => {
  const keys = Object.keys(map);
  if (keys.length === 0 || keys.length > 256) return undefined;
  let first: { field: string; message: string } | undefined;
  for (const key of keys.slice(0, 32)) {
    const value = map[key];
    const text = Array.isArray(value) ? textOf(value[0]) : textOf(value);
    if (text === undefined) return undefined;
    first ??= { field: key, message: text };
  }
  return first;
};

/** Rails-style fragments (`can't be blank`) read as `title can't be blank`; sentences stay as sent. */
const fieldMessage = (field: string, message: string): string =>
  /^[a-z]/.test(message) && !/^(?:non_field_errors|base|__all__)$/.test(field)
    ? `${field} ${message}`
    : message;

/** A field name worth reporting (`non_field_errors` and Rails `base` are not fields). */
const realField = (field: string): string | undefined =>
  /^(?:non_field_errors|base|__all__)$/.test(field) ? undefined : field;

/** Google's legacy `errors: [{ domain, reason, message }]` inside the error object. */
const legacyReason = (e: Obj): string | undefined => textOf(own(ownArr(e, "errors")?.[0], "reason"));

/**
 * The nested `{ error: {...} }` family: F2, F3, Stripe, OpenAI, Anthropic, Google, Microsoft/Azure,
 * Facebook Graph, Apigee `fault`, and PascalCase `Error`.
 */
const nestedError = (root: Obj, e: Obj): Extracted => {
  const numericCode = typeof own(e, "code") === "number";
  const google = numericCode && typeof own(e, "status") === "string";
  const detailsList = ownArr(e, "details");
  const g = google ? googleDetails(detailsList) : {};
  const inner = ownObj(e, "innerError") ?? ownObj(e, "innererror");
  const reason = g.reason ?? legacyReason(e);
  // A numeric `code` that repeats the HTTP status says less than a string identifier next to it.
  const statusLike = numericCode && (own(e, "code") as number) >= 100 && (own(e, "code") as number) <= 599;
  const apigee = ownObj(e, "detail");
  const errorsMap = ownObj(e, "errors");
  const mapped = errorsMap ? fieldErrorMap(errorsMap) : undefined;
  return {
    format: google ? "google" : inner || own(e, "target") !== undefined ? "microsoft" : "nested",
    code: google
      ? codeOf(own(e, "status"))
      : statusLike && reason !== undefined && isIdentifier(reason)
        ? reason
        : (codeIn(e) ?? codeOf(own(e, "type")) ?? codeOf(own(e, "name")) ?? codeIn(apigee)),
    type: codeOf(own(e, "type")),
    reason,
    message: firstText(messageIn(e), mapped?.message, own(e, "error_description")),
    requestId:
      g.requestId ??
      requestIdIn(e) ??
      firstText(own(inner, "request-id"), own(inner, "requestId"), own(inner, "request_id")) ??
      requestIdIn(root),
    traceId: traceIdIn(e) ?? traceIdIn(root),
    field:
      g.field ??
      firstText(own(e, "field"), own(e, "param"), own(e, "target"), own(e, "pointer")) ??
      (mapped ? realField(mapped.field) : undefined),
    details: own(e, "details") ?? own(e, "errors"),
    retryAfterMs: g.retryAfterMs ?? retryAfterIn(e) ?? retryAfterIn(root),
    signalsError: true,
  };
};

const problemMembers = new Set([
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

const problem = (o: Obj): Extracted => {
  const type = textOf(own(o, "type"));
  const errors = ownArr(o, "errors") ?? ownArr(o, "invalid-params") ?? ownArr(o, "invalid_params");
  const firstError = errors?.[0];
  // ASP.NET Core's ValidationProblemDetails: `errors: { Name: ["The Name field is required."] }`.
  const errorsMap = ownObj(o, "errors");
  const mapped = errorsMap ? fieldErrorMap(errorsMap) : undefined;
  const extensions: Obj = {};
  for (const key of Object.keys(o)) {
    if (!problemMembers.has(key))
      Object.defineProperty(extensions, key, {
        value: o[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  const detailsMember = own(o, "details");
  return {
    format: "problem",
    code: codeOf(own(o, "code")) ?? (type && type !== "about:blank" ? type : undefined),
    message: firstText(own(o, "detail"), own(o, "title")),
    requestId: requestIdIn(o),
    traceId: traceIdIn(o),
    field:
      firstText(
        own(firstError, "pointer"),
        own(firstError, "field"),
        own(firstError, "name"),
        own(o, "field"),
      ) ?? (mapped ? realField(mapped.field) : undefined),
    details:
      detailsMember !== undefined
        ? detailsMember
        : errorsMap !== undefined
          ? errorsMap
          : Object.keys(extensions).length > 0
            ? extensions
            : undefined,
    retryAfterMs: retryAfterIn(o),
    signalsError: true,
  };
};

/** `errors: [...]` arrays: GraphQL, JSON:API, Cloudflare, and generic lists of messages. */
const errorList = (o: Obj, list: unknown[]): Extracted => {
  const item = list[0];
  if (typeof item === "string")
    return {
      format: "errors",
      code: codeIn(o),
      message: firstText(textOf(own(o, "message")), item),
      requestId: requestIdIn(o),
      traceId: traceIdIn(o),
      details: list,
      signalsError: true,
    };
  const extensions = ownObj(item, "extensions");
  const source = ownObj(item, "source");
  const graphql =
    extensions !== undefined || own(item, "locations") !== undefined || own(item, "path") !== undefined;
  return {
    format: graphql ? "graphql" : source || own(item, "title") !== undefined ? "jsonapi" : "errors",
    code: codeOf(own(extensions, "code")) ?? codeIn(item),
    reason: textOf(own(item, "reason")),
    message:
      graphql || source
        ? firstText(own(item, "detail"), own(item, "message"), own(item, "title"), own(o, "message"))
        : firstText(own(o, "message"), own(o, "Message"), messageIn(item)),
    requestId: requestIdIn(o) ?? requestIdIn(extensions),
    traceId: traceIdIn(o) ?? traceIdIn(extensions),
    field:
      firstText(
        own(source, "pointer"),
        own(source, "parameter"),
        own(source, "header"),
        own(item, "field"),
        own(item, "Field"),
        own(item, "param"),
      ) ?? pathOf(own(item, "path") ?? own(item, "loc")),
    details: list,
    retryAfterMs: retryAfterIn(extensions) ?? retryAfterIn(o),
    signalsError: true,
  };
};

/** Field-error maps under `errors` (Rails, Shopify) or as `message` (GitLab). */
const fieldErrors = (o: Obj, errors: Obj, format: string): Extracted | undefined => {
  const mapped = fieldErrorMap(errors);
  if (mapped === undefined) return undefined;
  return {
    format,
    code: codeIn(o),
    field: realField(mapped.field),
    message: fieldMessage(mapped.field, mapped.message),
    requestId: requestIdIn(o),
    traceId: traceIdIn(o),
    details: errors,
    signalsError: true,
  };
};

/** FastAPI / Pydantic: `{ detail: [{ loc: ["body", "name"], msg, type }] }`. */
const fastApi = (list: unknown[]): Extracted => {
  const item = list[0];
  const loc = ownArr(item, "loc");
  return {
    format: "fastapi",
    code: codeOf(own(item, "type")),
    message: firstText(own(item, "msg"), own(item, "message")),
    field: loc
      ? pathOf(
          loc[0] === "body" || loc[0] === "query" || loc[0] === "path" || loc[0] === "header"
            ? loc.slice(1)
            : loc,
        )
      : undefined,
    details: list,
    signalsError: true,
  };
};

/** Members that mark a body as an envelope rather than a bare field-error map. */
const envelopeKeys = new Set(["message", "error", "errors", "detail", "success", "ok", "data", "meta"]);

/**
 * Django REST framework and Rails: the whole body is `{ field: ["message", ...] }`. Every member
 * must be a list of messages, so `{ "name": "ann" }` or `{ "title": "x" }` is data, not an error.
 */
const bareFieldMap = (o: Obj): Extracted | undefined => {
  const keys = Object.keys(o);
  if (keys.length === 0 || keys.length > 256 || keys.some((k) => envelopeKeys.has(k))) return undefined;
  for (const key of keys.slice(0, 32)) {
    const value = o[key];
    if (!Array.isArray(value) || typeof value[0] !== "string") return undefined;
  }
  const mapped = fieldErrorMap(o);
  if (mapped === undefined) return undefined;
  return {
    format: "field-map",
    field: realField(mapped.field),
    message: fieldMessage(mapped.field, mapped.message),
    details: o,
    signalsError: true,
  };
};

/** Reads any parsed JSON body. Returns `undefined` when the value has no recognizable error member. */
export const extractJson = (json: unknown, problemContentType = false): Extracted | undefined => {
  if (Array.isArray(json)) {
    return json.length > 0 && isObj(json[0]) ? errorList({}, json) : undefined;
  }
  if (!isObj(json))
    return typeof json === "string" && json.trim() !== "" ? { format: "text", message: json } : undefined;
  const o = json;

  // Kubernetes Status
  if (own(o, "kind") === "Status" && own(o, "status") === "Failure") {
    const d = ownObj(o, "details");
    return {
      format: "kubernetes",
      code: codeOf(own(o, "reason")),
      message: textOf(own(o, "message")),
      field: textOf(own(ownArr(d, "causes")?.[0], "field")),
      details: d,
      retryAfterMs: seconds(own(d, "retryAfterSeconds")),
      signalsError: true,
    };
  }
  // Anthropic: { type: "error", error: { type, message }, request_id }; F2-F4; Apigee `fault`.
  const error = ownAny(o, "error", "Error", "fault");
  if (isObj(error)) {
    // F4 envelope and anything else nesting an error object.
    return nestedError(o, error);
  }
  // Slack: { ok: false, error: "channel_not_found" }
  if (own(o, "ok") === false && typeof error === "string") {
    return {
      format: "slack",
      code: codeOf(error),
      message: firstText(own(o, "detail"), error),
      details: own(o, "response_metadata"),
      signalsError: true,
    };
  }
  // OAuth 2 (RFC 6749 §5.2), PayPal's token endpoint, Spring Boot and hapi `{ error: "Not Found" }`.
  if (typeof error === "string" && error.trim() !== "") {
    const identifier = /^[A-Za-z0-9_.:-]{1,100}$/.test(error);
    return {
      format: identifier ? "oauth" : "error-string",
      code: identifier ? error : codeIn(o),
      message: firstText(own(o, "error_description"), messageIn(o), error),
      requestId: requestIdIn(o),
      traceId: traceIdIn(o),
      field: firstText(own(o, "field"), own(o, "param")),
      details: own(o, "details"),
      retryAfterMs: retryAfterIn(o),
      signalsError: true,
    };
  }
  // RFC 9457 problem details (also recognized by content type, see decode).
  if (
    problemContentType ||
    (typeof own(o, "type") === "string" &&
      (typeof own(o, "title") === "string" || typeof own(o, "detail") === "string") &&
      own(o, "message") === undefined)
  ) {
    return problem(o);
  }
  // AWS JSON protocols: { __type: "com.amazon...#ValidationException", message }
  const rawType = textOf(own(o, "__type")) ?? textOf(own(o, "code"));
  if (rawType !== undefined && (own(o, "__type") !== undefined || isShapeId(rawType))) {
    // restJson1 reads `code` before `__type` (header first; see internal/extract.ts).
    const bodyCode = textOf(own(o, "code")) ?? textOf(own(o, "__type")) ?? rawType;
    return {
      format: "aws",
      code: awsErrorType(bodyCode) ?? bodyCode,
      message: firstText(own(o, "message"), own(o, "Message"), own(o, "errorMessage")),
      requestId: requestIdIn(o),
      signalsError: true,
    };
  }
  const errors = ownAny(o, "errors", "Errors");
  // Cloudflare v4 envelope and F4-like envelopes with an errors list.
  if (Array.isArray(errors) && errors.length > 0) {
    const list = errorList(o, errors);
    if (own(o, "success") === false) list.format = "cloudflare";
    return list;
  }
  // Discord: { code: 50035, message, errors: { field: { _errors: [...] } } }
  // Laravel: { message, errors: { field: ["..."] } }
  if (isObj(errors) && (own(o, "code") !== undefined || own(o, "message") !== undefined)) {
    const mapped = discordField(errors) === undefined ? fieldErrorMap(errors) : undefined;
    return {
      format: mapped ? "field-errors" : "discord",
      code: codeIn(o),
      message:
        firstText(own(o, "message")) ?? (mapped ? fieldMessage(mapped.field, mapped.message) : undefined),
      field: discordField(errors) ?? (mapped ? realField(mapped.field) : undefined),
      requestId: requestIdIn(o),
      traceId: traceIdIn(o),
      details: errors,
      retryAfterMs: retryAfterIn(o),
      signalsError: true,
    };
  }
  // Shopify / Rails: { errors: "Not Found" } or { errors: { title: ["can't be blank"] } }
  if (typeof errors === "string") return { format: "errors-string", message: errors, signalsError: true };
  if (isObj(errors)) {
    return (
      fieldErrors(o, errors, "field-errors") ?? {
        format: "field-errors",
        details: errors,
        signalsError: true,
      }
    );
  }
  // GitLab: { message: { name: ["has already been taken"] } }
  const messageObj = ownObj(o, "message");
  if (messageObj) {
    const gitlab = fieldErrors(o, messageObj, "gitlab");
    if (gitlab) return gitlab;
  }
  // PayPal REST: { name, message, debug_id, details: [{ field, issue }] }
  if (
    typeof own(o, "name") === "string" &&
    (own(o, "debug_id") !== undefined || ownArr(o, "details") !== undefined)
  ) {
    return {
      format: "paypal",
      code: codeOf(own(o, "name")),
      message: textOf(own(o, "message")),
      requestId: textOf(own(o, "debug_id")),
      field: textOf(own(ownArr(o, "details")?.[0], "field")),
      details: own(o, "details"),
      signalsError: true,
    };
  }
  // FastAPI / Django REST framework
  const detail = own(o, "detail");
  if (Array.isArray(detail) && isObj(detail[0])) return fastApi(detail);
  // JSend: { status: "fail", data: { title: "A title is required" } }
  const data = ownObj(o, "data");
  if ((own(o, "status") === "fail" || own(o, "status") === "error") && data) {
    const mapped = fieldErrorMap(data);
    if (mapped && own(o, "message") === undefined) {
      return {
        format: "jsend",
        code: codeIn(o),
        field: realField(mapped.field),
        message: fieldMessage(mapped.field, mapped.message),
        details: data,
        signalsError: true,
      };
    }
  }
  // Contentful: { sys: { type: "Error", id: "NotFound" }, message, requestId }
  const sys = ownObj(o, "sys");
  const sysId = own(sys, "type") === "Error" ? textOf(own(sys, "id")) : undefined;
  // Flat: F1 { code, message, status }, F5 { code, message, retryAfter }, Twilio, GitHub, Okta,
  // WeChat (`errcode`, `errmsg`), Heroku and DigitalOcean (`id` as the code).
  const message = messageIn(o);
  const rawId = textOf(own(o, "id"));
  const code =
    codeIn(o) ??
    sysId ??
    (rawId !== undefined && message !== undefined && isIdentifier(rawId) ? rawId : undefined);
  // WeChat-style `errcode: 0` means success.
  const successCode = own(o, "errcode") === 0 && own(o, "code") === undefined;
  const retryAfterMs = retryAfterIn(o);
  if (successCode || (code === undefined && message === undefined && retryAfterMs === undefined)) {
    if (!successCode) {
      const fields = bareFieldMap(o);
      if (fields) return fields;
    }
    return own(o, "success") === false ? { format: "envelope", signalsError: true } : undefined;
  }
  // ASP.NET Web API: { Message, ModelState: { "item.Name": ["The Name field is required."] } }
  const modelState = ownObj(o, "ModelState") ?? ownObj(o, "modelState");
  const stateField = modelState ? fieldErrorMap(modelState)?.field : undefined;
  return {
    format: "flat",
    code,
    message,
    requestId: requestIdIn(o),
    traceId: traceIdIn(o),
    field:
      firstText(own(o, "field"), own(o, "param"), own(o, "parameter")) ??
      (stateField === undefined ? undefined : realField(stateField)),
    details: own(o, "details") ?? own(o, "errors"),
    retryAfterMs,
    signalsError: code !== undefined || own(o, "success") === false,
  };
};

/** `com.amazonaws.dynamodb.v20120810#ThrottlingException:http://...` -> `ThrottlingException` (Smithy rules). */
export const awsCode = (type: string): string => awsErrorType(type) ?? type;

const entities: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  "#39": "'",
  nbsp: " ",
};
const plain = (html: string): string =>
  html
    .replace(/<[^>]{0,1000}>/g, " ")
    .replace(/&(amp|lt|gt|quot|apos|#39|nbsp);/g, (_m, e: string) => entities[e] ?? "")
    .replace(/\s+/g, " ")
    .trim();

const MAX_TEXT_MESSAGE = 500;

/** Non-JSON bodies: XML (AWS Query/S3 style), HTML error pages from proxies, plain text. */
export const extractText = (text: string): Extracted | undefined => {
  const head = text.slice(0, 64 * 1024);
  const trimmed = head.trim();
  if (trimmed === "") return undefined;
  if (trimmed.startsWith("<?xml") || /^<(?:ErrorResponse|Error|Response)\b/.test(trimmed)) {
    const tag = (name: string) => {
      const m = new RegExp(`<${name}>([^<]{0,2000})</${name}>`).exec(head);
      return m?.[1] ? plain(m[1]) : undefined;
    };
    return {
      format: "xml",
      code: tag("Code"),
      message: tag("Message"),
      requestId: tag("RequestId") ?? tag("RequestID"),
      signalsError: true,
    };
  }
  if (/^<(?:!doctype|html|head|body|center|h1)\b/i.test(trimmed)) {
    const title =
      /<title[^>]{0,200}>([^<]{0,500})<\/title>/i.exec(head)?.[1] ??
      /<h1[^>]{0,200}>([^<]{0,500})<\/h1>/i.exec(head)?.[1];
    const message = title ? plain(title) : plain(head).slice(0, MAX_TEXT_MESSAGE);
    return { format: "html", message: message === "" ? undefined : message };
  }
  const collapsed = trimmed.replace(/\s+/g, " ");
  return {
    format: "text",
    message: collapsed.length > MAX_TEXT_MESSAGE ? `${collapsed.slice(0, MAX_TEXT_MESSAGE)}…` : collapsed,
  };
};

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
    format: "truncated-json",
    code: stringMember(head, "code|error_code|errorCode|reason|__type"),
    message: stringMember(head, "message|detail|error_description|title"),
    requestId: stringMember(head, "request_id|requestId|debug_id"),
    field: stringMember(head, "field|param|pointer"),
    signalsError: true,
  };
};
