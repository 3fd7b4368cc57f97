import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { makeError } from "./ApiError";
import { defineCatalog } from "./Catalog";
import { decode, decodeResponse } from "./decode";
import { encode, wireFormats } from "./encode";
import { REDACTED } from "./redact";
import { standardCatalog } from "./standard";

describe("decode: the seed documents' own examples", () => {
  it("F1 flat (seed 000)", () => {
    const err = decode(
      { status: 401, body: '{"code":"UNAUTHORIZED","message":"Missing key","status":401}' },
      { catalog: standardCatalog },
    );
    expect(err).toMatchObject({
      _tag: "Unauthorized",
      code: "UNAUTHORIZED",
      message: "Missing key",
      status: 401,
      retryable: false,
    });
  });

  it("F2 nested with typed details (seed 002)", () => {
    const err = decode(
      {
        status: 402,
        body: JSON.stringify({
          error: {
            code: "INSUFFICIENT_BALANCE",
            message: "Your account balance is insufficient to complete this transaction.",
            details: { required: "100.00", available: "50.50" },
          },
        }),
      },
      { catalog: standardCatalog },
    );
    expect(err.code).toBe("INSUFFICIENT_BALANCE");
    expect(err.details).toEqual({ required: "100.00", available: "50.50" });
    expect(err._tag).toBe("ClientError");
  });

  it("F3 typed (seed 003)", () => {
    const err = decode({
      status: 400,
      body: JSON.stringify({
        error: {
          code: "invalid_request",
          message: "Missing required field: activity_type",
          type: "validation_error",
          param: "activity_type",
          request_id: "req_abc123",
        },
      }),
    });
    expect(err).toMatchObject({
      _tag: "BadRequest",
      code: "invalid_request",
      field: "activity_type",
      requestId: "req_abc123",
    });
  });

  it("F4 envelope (seed 004)", () => {
    const err = decode({
      status: 400,
      body: JSON.stringify({
        success: false,
        error: {
          code: "VALIDATION_ERROR",
          message: "The 'priority' field must be one of: low",
          field: "priority",
        },
        meta: { requestId: "req_abc123", timestamp: "2025-12-14T10:30:00Z" },
      }),
    });
    expect(err).toMatchObject({ code: "VALIDATION_ERROR", field: "priority", requestId: "req_abc123" });
  });

  it("F5 with retryAfter in the body (seed 004)", () => {
    const err = decode({
      status: 429,
      body: '{"code":"RATE_LIMITED","message":"Rate limit exceeded. Try again in 42 seconds.","retryAfter":42}',
    });
    expect(err).toMatchObject({
      _tag: "TooManyRequests",
      code: "RATE_LIMITED",
      retryAfterMs: 42_000,
      retryable: true,
    });
  });

  it("RFC 9457 problem+json with extension members", () => {
    const err = decode({
      status: 403,
      headers: { "Content-Type": "application/problem+json" },
      body: JSON.stringify({
        type: "https://example.com/probs/out-of-credit",
        title: "You do not have enough credit.",
        detail: "Your current balance is 30, but that costs 50.",
        instance: "/account/12345/msgs/abc",
        balance: 30,
      }),
    });
    expect(err).toMatchObject({
      code: "https://example.com/probs/out-of-credit",
      message: "Your current balance is 30, but that costs 50.",
      details: { balance: 30 },
    });
  });
});

describe("decode: every standard code in every wire format", () => {
  for (const code of standardCatalog.list) {
    const spec = standardCatalog.get(code)!;
    for (const format of wireFormats) {
      it(`${code} as ${format}`, () => {
        const source = makeError({
          status: spec.status,
          code,
          message: `${code} happened`,
          requestId: "req_1",
        });
        const wire = encode(source, { format, catalog: standardCatalog });
        const err = decode(wire, { catalog: standardCatalog });
        expect(err.code).toBe(code);
        expect(err.status).toBe(spec.status);
        expect(err.requestId).toBe("req_1");
        expect(err._tag).toBe(source._tag);
        expect(err.retryable).toBe(spec.retryable ?? source.retryable);
      });
    }
  }
});

describe("decode: bodies from proxies and gateways", () => {
  it("HTML error page: message from <title>", () => {
    const err = decode({
      status: 502,
      headers: { "content-type": "text/html" },
      body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
    });
    expect(err).toMatchObject({
      _tag: "BadGateway",
      message: "502 Bad Gateway",
      code: undefined,
      retryable: true,
    });
  });

  it("plain text", () => {
    const err = decode({
      status: 503,
      headers: { "content-type": "text/plain" },
      body: "upstream connect error or disconnect/reset before headers",
    });
    expect(err).toMatchObject({
      _tag: "ServiceUnavailable",
      message: "upstream connect error or disconnect/reset before headers",
    });
  });

  it("empty body: message from the status", () => {
    expect(decode({ status: 404, body: "" })).toMatchObject({
      _tag: "NotFound",
      message: "Not Found",
      code: undefined,
    });
    expect(decode({ status: 410 })).toMatchObject({ _tag: "ClientError", message: "Gone", status: 410 });
  });

  it("truncated JSON: code and message salvaged", () => {
    const err = decode({
      status: 409,
      body: '{"error":{"code":"DUPLICATE_CANDIDATE","message":"Candidate email already ex',
    });
    expect(err).toMatchObject({ _tag: "Conflict", code: "DUPLICATE_CANDIDATE" });
  });

  it("non-UTF-8 body decoded by its charset", () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('{"code":"BAD","message":"Caf'),
      0xe9,
      ...new TextEncoder().encode('"}'),
    ]);
    const err = decode({
      status: 400,
      headers: { "content-type": "application/json; charset=iso-8859-1" },
      body: latin1,
    });
    expect(err.message).toBe("Café");
  });

  it("invalid UTF-8 without charset: replacement characters, never a throw", () => {
    const bytes = new Uint8Array([
      0x7b, 0x22, 0x6d, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d,
    ]);
    expect(decode({ status: 400, body: bytes }).message).toBe("\uFFFD\uFFFD");
  });

  it("an unknown charset reads as UTF-8, and every kind of byte view reads the same", () => {
    const text = '{"code":"BAD","message":"Café"}';
    // A view into the middle of a larger buffer, as a pooled Node Buffer is.
    const pool = new Uint8Array(64);
    pool.set(new TextEncoder().encode(text), 7);
    const view = pool.subarray(7, 7 + new TextEncoder().encode(text).byteLength);
    const bodies = [view, new DataView(view.buffer, 7, view.byteLength), view.slice().buffer];
    for (const body of bodies) {
      const err = decode({
        status: 400,
        headers: { "content-type": "application/json; charset=no-such-label" },
        body,
      });
      expect(err).toMatchObject({ code: "BAD", message: "Café" });
    }
  });

  it("XML (AWS Query) bodies", () => {
    const err = decode({
      status: 400,
      body: "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>abc-1</RequestId></ErrorResponse>",
    });
    expect(err).toMatchObject({
      code: "Throttling",
      message: "Rate exceeded",
      requestId: "abc-1",
      retryable: true,
      _tag: "TooManyRequests",
    });
  });
});

describe("decode: field-error maps", () => {
  it("a Rails fragment reads as a sentence at the top level, as sent inside an error object", () => {
    expect(decode({ status: 422, body: { errors: { title: ["can't be blank"] } } })).toMatchObject({
      message: "title can't be blank",
      field: "title",
      details: { title: ["can't be blank"] },
    });
    expect(decode({ status: 422, body: { error: { errors: { title: ["can't be blank"] } } } })).toMatchObject(
      {
        message: "can't be blank",
        field: "title",
      },
    );
  });

  it("GitLab's message map and JSend's data keep the body's code, and GitLab its request id", () => {
    expect(
      decode({
        status: 400,
        body: { message: { name: ["has already been taken"] }, code: "TAKEN", request_id: "req_gl" },
      }),
    ).toMatchObject({
      code: "TAKEN",
      message: "name has already been taken",
      field: "name",
      requestId: "req_gl",
    });
    expect(
      decode({
        status: 400,
        body: { status: "fail", code: "INVALID", data: { title: "A title is required" } },
      }),
    ).toMatchObject({ code: "INVALID", message: "A title is required", field: "title" });
  });

  it("a placeholder key names no field", () => {
    expect(decode({ status: 400, body: { non_field_errors: ["passwords do not match"] } })).toMatchObject({
      message: "passwords do not match",
      field: undefined,
    });
  });
});

describe("decode: headers", () => {
  const body = '{"code":"X"}';
  it.each([
    ["Headers", new Headers({ "X-Request-Id": "r1", "RETRY-AFTER": "2" })],
    ["record, any case", { "x-REQUEST-id": "r1", "Retry-After": "2" }],
    [
      "pairs",
      [
        ["X-Request-ID", "r1"],
        ["retry-after", "2"],
      ] as [string, string][],
    ],
  ])("reads %s case-insensitively", (_name, headers) => {
    expect(decode({ status: 503, headers, body })).toMatchObject({ requestId: "r1", retryAfterMs: 2000 });
  });

  it("Retry-After as an HTTP-date is counted from the response's Date", () => {
    const err = decode({
      status: 503,
      headers: { date: "Wed, 21 Oct 2015 07:28:00 GMT", "retry-after": "Wed, 21 Oct 2015 07:28:30 GMT" },
    });
    expect(err.retryAfterMs).toBe(30_000);
  });

  it("snapshots a header record as read once, with secrets replaced and the input left as it was", () => {
    let reads = 0;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      authorization: "Bearer abcdefghijklmnop",
      location: "https://u:p@api.example.com/x",
      "x-request-id": "r1",
    };
    // A getter that answers differently each time it is read: the snapshot and the id agree.
    Object.defineProperty(headers, "x-trace", {
      enumerable: true,
      get: () => (reads++ === 0 ? "first" : "sk_live_abcdefgh12345678"),
    });
    Object.defineProperty(headers, "__proto__", { value: "p", enumerable: true });
    const err = decode({ status: 404, headers, body: '{"code":"X"}' });
    expect(reads).toBe(1);
    expect(err.response?.headers).toEqual({
      "content-type": "application/json",
      authorization: REDACTED,
      location: `https://${REDACTED}@api.example.com/x`,
      "x-request-id": "r1",
      "x-trace": "first",
      ["__proto__"]: "p",
    });
    expect(Object.getPrototypeOf(err.response?.headers)).toBe(Object.prototype);
    expect(headers.authorization).toBe("Bearer abcdefghijklmnop");
    // Symbol keys are not headers: a record holding one is normalized like any other shape.
    const tagged = { "x-request-id": "r2", [Symbol("raw")]: "Bearer abcdefghijklmnop" };
    const fromTagged = decode({ status: 404, headers: tagged, body: '{"code":"X"}' });
    expect(fromTagged.requestId).toBe("r2");
    expect(Object.getOwnPropertySymbols(fromTagged.response?.headers)).toEqual([]);
  });

  it("Retry-After with decimals, and retry-after-ms", () => {
    expect(decode({ status: 429, headers: { "retry-after": "1.5" } }).retryAfterMs).toBe(1500);
    expect(
      decode({ status: 429, headers: { "retry-after-ms": "250", "retry-after": "9" } }).retryAfterMs,
    ).toBe(250);
  });
});

describe("decode: one scan of the body covers what is read from it", () => {
  it("keeps the details of a body with nothing secret-shaped as they were sent", () => {
    const details = [{ field: "email", issue: "must be a valid email address" }];
    const body = JSON.stringify({ error: { code: "VALIDATION_ERROR", message: "Invalid", details } });
    const err = decode({ status: 400, headers: { "x-request-id": "req_1" }, body });
    expect(err.details).toEqual(details);
    expect(err.response?.body).toBe(body);
    expect(err.requestId).toBe("req_1");
  });

  it("still redacts secrets hidden behind JSON escapes, under secret keys and in parsed details", () => {
    // `p\u0061ssword` has no secret-looking word in the text, but is `password` once parsed.
    const escaped = '{"code":"X","message":"m","details":{"p\\u0061ssword":"hunter22"}}';
    expect(decode({ status: 400, body: escaped }).details).toEqual({ password: REDACTED });
    const named = decode({
      status: 400,
      body: { code: "X", message: "m", details: { note: "ok", token: "abc" } },
    });
    expect(named.details).toEqual({ note: "ok", token: REDACTED });
    const catalog = defineCatalog({
      X: { status: 400, title: "X", details: () => ({ apiKey: "sk_live_abcdefgh1234" }) },
    });
    expect(decode({ status: 400, body: '{"code":"X","details":{}}' }, { catalog }).details).toEqual({
      apiKey: REDACTED,
    });
  });

  it("takes code, message and ids of a clean body as sent, and redacts what the headers add to them", () => {
    const body = '{"code":"NOT_FOUND","message":"No user u_42","request_id":"req_9"}';
    const err = decode({ status: 404, headers: { "x-request-id": "req_1" }, body });
    expect(err).toMatchObject({ code: "NOT_FOUND", message: "No user u_42", requestId: "req_9" });
    // An RFC 6750 challenge fills code and message when the body has none: those are redacted.
    const challenged = decode({
      status: 401,
      headers: {
        "www-authenticate":
          'Bearer error="invalid_token", error_description="token sk_live_abcdefgh1234 expired"',
      },
      body: '{"status":401}',
    });
    expect(challenged.code).toBe("invalid_token");
    expect(challenged.message).toBe(`token ${REDACTED} expired`);
  });

  it("redacts strings it builds from pieces of a clean body: field-error sentences and field paths", () => {
    // Each piece alone is harmless, so the body scans clean; joined, they make a credential.
    const sentence = decode({
      status: 422,
      body: '{"errors":{"bot":["abcdefghijklmnopqrstuvwx is invalid"]}}',
    });
    expect(sentence.message).toBe(`bot ${REDACTED} is invalid`);
    const path = decode({
      status: 422,
      body: '{"detail":[{"loc":["body","eyJhbGciOiJIUzI1NiJ9","eyJzdWIiOiIxMjM0In0"],"msg":"bad","type":"value_error"}]}',
    });
    expect(path.field).toBe(REDACTED);
    expect(path.response?.body).toContain("eyJhbGciOiJIUzI1NiJ9");
  });

  it("scans a cut piece of a clean body again: the cut can end a key shape the body went on after", () => {
    // `AKIA` + 16 is a key id only when nothing alphanumeric follows: in the whole body the 17th
    // character makes it clean, but `code` (cut at 200) and `message` (cut at 2,000) end right after it.
    const key = "AKIAABCDEFGHIJKLMNOP";
    const body = JSON.stringify({
      code: `${" ".repeat(180)}${key}QRS`,
      message: `${"x ".repeat(990)}${key}ZZZZZZZZZZ`,
      requestId: `${".".repeat(180)}${key}Q`,
    });
    const err = decode({ status: 400, body });
    for (const value of [err.code, err.message, err.requestId]) {
      expect(value).not.toContain(key);
      expect(value).toContain(REDACTED);
    }
  });

  it("redacts secret-named keys in the details of a clean body however the text spaces them", () => {
    const spaced = `{"code":"BAD","details":{"password"${" ".repeat(9)}:"hunter2-very-secret","note":"ok"}}`;
    const err = decode({ status: 400, body: spaced });
    expect(err.details).toEqual({ password: REDACTED, note: "ok" });
    expect(JSON.stringify(err)).not.toContain("hunter2");
    // And the snapshot's text, with white space (newlines too) around the separator.
    const pretty = '{\n  "code": "BAD",\n  "password"\n        :\n        "hunter22"\n}';
    expect(decode({ status: 400, body: pretty }).response?.body).not.toContain("hunter22");
  });

  it("redacts the status text and every header value, structured or not", () => {
    const err = decode({
      status: 401,
      statusText: "Bearer ghp_abcdefghijklmnopqrstuvwxyz0123",
      headers: {
        "content-type": "text/plain; Bearer ghp_abcdefghijklmnopqrstuvwxyz0123",
        etag: '"sk_live_abcdefgh1234"',
      },
      body: "no",
    });
    expect(JSON.stringify(err.response)).not.toMatch(/ghp_|sk_live/);
  });

  it("redacts a URL with user info and keeps one without", () => {
    const err = decode({
      status: 403,
      url: "https://api.example.com/v1/items?page=2",
      headers: { "content-type": "application/problem+json" },
      body: '{"type":"https://example.com/probs/out-of-credit","title":"No credit","detail":"See https://u:p@x.example"}',
    });
    expect(err.response?.url).toBe("https://api.example.com/v1/items?page=2");
    expect(err.code).toBe("https://example.com/probs/out-of-credit");
    expect(err.message).toBe(`See https://${REDACTED}@x.example`);
    expect(err.response?.body).toContain(`https://${REDACTED}@x.example`);
  });
});

describe("decode: statuses", () => {
  it("a 2xx without an error signal is Unexpected", () => {
    expect(decode({ status: 200, body: '{"data":1}' })._tag).toBe("Unexpected");
  });
  it("a 200 that signals an error takes its kind from the code (Slack)", () => {
    expect(decode({ status: 200, body: '{"ok":false,"error":"invalid_auth"}' })).toMatchObject({
      _tag: "Unauthorized",
      status: 200,
    });
  });
  it("an invalid status is Unexpected with status 0", () => {
    for (const status of [Number.NaN, -1, 1000, 42.5, undefined as unknown as number]) {
      expect(decode({ status, body: "x" })).toMatchObject({ _tag: "Unexpected", status: 0 });
    }
  });
  it("a catalog's unknown code falls back by status and stays visible", () => {
    const err = decode({ status: 409, body: '{"code":"BRAND_NEW_CODE"}' }, { catalog: standardCatalog });
    expect(err).toMatchObject({ _tag: "Conflict", code: "BRAND_NEW_CODE" });
    expect(standardCatalog.has(err.code)).toBe(false);
  });
});

describe("decodeResponse", () => {
  it("reads a real Response", async () => {
    const res = new Response('{"error":{"code":"RESOURCE_NOT_FOUND","message":"gone"}}', {
      status: 404,
      headers: { "content-type": "application/json", "x-request-id": "abc" },
    });
    expect(await decodeResponse(res, { catalog: standardCatalog })).toMatchObject({
      _tag: "NotFound",
      code: "RESOURCE_NOT_FOUND",
      requestId: "abc",
    });
  });

  it("caps the bytes it reads from a 10 MB body and cancels the rest", async () => {
    let pulled = 0;
    let cancelled = false;
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const err = await decodeResponse(new Response(stream, { status: 500 }), { maxBodyBytes: 128 * 1024 });
    expect(err._tag).toBe("InternalServerError");
    expect(err.response?.truncated).toBe(true);
    expect(pulled).toBeLessThan(1024 * 1024);
    expect(cancelled).toBe(true);
  });

  it("keeps what arrived when the body fails mid-way", async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0)
          controller.enqueue(new TextEncoder().encode('{"code":"SERVER_ERROR","message":"par'));
        else controller.error(new TypeError("terminated"));
      },
    });
    const err = await decodeResponse(new Response(stream, { status: 500 }));
    expect(err).toMatchObject({ _tag: "InternalServerError", code: "SERVER_ERROR" });
    expect(err.response?.truncated).toBe(true);
  });
});

describe("decode: the edges of codes read by name", () => {
  const json = (status: number, body: unknown) =>
    decode({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("a code of zeros says success, on HTTP 200 too", () => {
    expect(json(200, { returnCode: "0000", returnMessage: "Success." })._tag).toBe("Unexpected");
    expect(json(200, { returnCode: "1104", returnMessage: "Merchant not found." })).toMatchObject({
      code: "1104",
      message: "Merchant not found.",
    });
    expect(json(400, { responseCode: "00", responseMessage: "Declined" }).code).toBeUndefined();
  });

  it("a constant discriminator or a random occurrence id is no code; a word code with digits is", () => {
    expect(json(500, { message: "An error occurred", type: "error" }).code).toBeUndefined();
    expect(json(400, { name: "invalid_range", id: "aVFqt9NH", message: "latitude too large" }).code).toBe(
      "invalid_range",
    );
    expect(json(400, { id: "S3Exception", message: "Bucket is gone" }).code).toBe("S3Exception");
    expect(json(400, { id: "OAuth2Error", message: "Bad grant" }).code).toBe("OAuth2Error");
    expect(json(400, { Type: "ValidationException", Message: "A validation exception occurred" }).code).toBe(
      "ValidationException",
    );
  });

  it("success flags and results on HTTP 200", () => {
    expect(json(200, { result: "success", message: "Done" })._tag).toBe("Unexpected");
    expect(json(200, { result: "error", message: "No access" })).toMatchObject({
      _tag: "BadRequest",
      message: "No access",
    });
    expect(json(200, { success: true, errorInfo: {} })._tag).toBe("Unexpected");
  });

  it("a message that repeats the status phrase yields to detail, whatever its case", () => {
    expect(json(400, { message: "Bad request", detail: "productCode is missing" }).message).toBe(
      "productCode is missing",
    );
    expect(json(400, { message: "Quota reached", detail: "see docs" }).message).toBe("Quota reached");
  });
});

/** A row of a table of documented bodies: decoded (an object body as its JSON), read as expected. */
const readsAs = (
  _: string,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: unknown,
  expected: { code: string | null; message: string; requestId: string | null; field: string | null },
): void => {
  const err = decode({ status, headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  expect({
    code: err.code ?? null,
    message: err.message,
    requestId: err.requestId ?? null,
    field: err.field ?? null,
  }).toEqual(expected);
};

describe("decode: general rules on bodies shaped as documented (from memory of the docs, not verbatim)", () => {
  // Each row: the rule it exercises is named in test/fixtures/generalized/README.md (pairs-and-flags).
  it.each([
    [
      "Monnify 401 requestSuccessful:false responseCode/responseMessage",
      401,
      { "content-type": "application/json; charset=utf-8" },
      { requestSuccessful: false, responseMessage: "Invalid authorization", responseCode: "99" },
      { code: "99", message: "Invalid authorization", requestId: null, field: null },
    ],
    [
      "Wompi 422 error.type + messages map of field lists",
      422,
      { "content-type": "application/json; charset=utf-8" },
      {
        error: {
          type: "INPUT_VALIDATION_ERROR",
          messages: { amount_in_cents: ["Debe ser mayor o igual a 150000"] },
        },
      },
      {
        code: "INPUT_VALIDATION_ERROR",
        message: "Debe ser mayor o igual a 150000",
        requestId: null,
        field: "amount_in_cents",
      },
    ],
    [
      "DHL Express MyDHL API 400 instance/detail/title/message + additionalDetails[]",
      400,
      { "content-type": "application/json; charset=utf-8" },
      {
        instance: "/expressapi/shipments",
        detail: "Multiple problems found, see Additional Details",
        title: "Validation error",
        message: "Bad request",
        status: "400",
        additionalDetails: [
          "productCode is missing but it is required",
          "plannedShippingDateAndTime is missing but it is required",
        ],
      },
      {
        code: null,
        message: "Multiple problems found, see Additional Details",
        requestId: null,
        field: null,
      },
    ],
    [
      "Matomo Reporting API result:error on HTTP 200",
      200,
      { "content-type": "application/json; charset=utf-8" },
      {
        result: "error",
        message: "You can't access this resource as it requires 'view' access for the website id = 1.",
      },
      {
        code: null,
        message: "You can't access this resource as it requires 'view' access for the website id = 1.",
        requestId: null,
        field: null,
      },
    ],
    [
      "Honeycomb 404 RFC 7807 DetailedError with `error` + instance id",
      404,
      { "content-type": "application/problem+json" },
      {
        error: "Dataset not found",
        status: 404,
        type: "https://api.honeycomb.io/problems/not-found",
        title: "The requested resource cannot be found.",
        detail: "Dataset not found",
        instance: "01J0B2C3D4E5F6G7H8J9K0M1N2",
      },
      {
        code: "https://api.honeycomb.io/problems/not-found",
        message: "Dataset not found",
        requestId: "01J0B2C3D4E5F6G7H8J9K0M1N2",
        field: null,
      },
    ],
    [
      "Sumo Logic 401 status/id/code/message",
      401,
      { "content-type": "application/json; charset=utf-8" },
      {
        status: 401,
        id: "IBCA5-NRG74-ROEI9",
        code: "unauthorized",
        message: "Credential could not be verified.",
      },
      {
        code: "unauthorized",
        message: "Credential could not be verified.",
        requestId: "IBCA5-NRG74-ROEI9",
        field: null,
      },
    ],
    [
      "Sumo Logic 429 rate.limit.exceeded",
      429,
      { "content-type": "application/json; charset=utf-8" },
      {
        status: 429,
        id: "1H4QF-3KZ2P-8WX7D",
        code: "rate.limit.exceeded",
        message: "The API request rate is higher than 4 request per second.",
      },
      {
        code: "rate.limit.exceeded",
        message: "The API request rate is higher than 4 request per second.",
        requestId: "1H4QF-3KZ2P-8WX7D",
        field: null,
      },
    ],
    [
      "Splunk REST API 404 messages[].type/text",
      404,
      { "content-type": "application/json; charset=utf-8" },
      { messages: [{ type: "ERROR", text: "Unknown sid." }] },
      { code: null, message: "Unknown sid.", requestId: null, field: null },
    ],
    [
      "Dynatrace 400 error.code + constraintViolations[].path",
      400,
      { "content-type": "application/json; charset=utf-8" },
      {
        error: {
          code: 400,
          message: "Constraints violated.",
          constraintViolations: [
            {
              path: "entitySelector",
              message: "must not be null",
              parameterLocation: "QUERY",
              location: null,
            },
          ],
        },
      },
      { code: null, message: "Constraints violated.", requestId: null, field: "entitySelector" },
    ],
    [
      "Grafana k6 Cloud legacy 400 error.message/code/field_errors",
      400,
      { "content-type": "application/json; charset=utf-8" },
      {
        error: { message: "Validation failed", code: 2, field_errors: { name: ["This field is required."] } },
      },
      { code: "2", message: "Validation failed", requestId: null, field: "name" },
    ],
    [
      "CodeIgniter 4 ResponseTrait failValidationErrors: messages map",
      400,
      { "content-type": "application/json; charset=utf-8" },
      { status: 400, error: 400, messages: { email: "The email field is required." } },
      { code: null, message: "The email field is required.", requestId: null, field: "email" },
    ],
    [
      "CodeIgniter 4 failNotFound: messages.error",
      404,
      { "content-type": "application/json; charset=utf-8" },
      { status: 404, error: 404, messages: { error: "Item 42 not found" } },
      { code: null, message: "Item 42 not found", requestId: null, field: null },
    ],
    [
      "ServiceStack 400 ResponseStatus with Errors[].FieldName",
      400,
      { "content-type": "application/json; charset=utf-8" },
      {
        ResponseStatus: {
          ErrorCode: "NotEmpty",
          Message: "'Name' must not be empty.",
          Errors: [
            {
              ErrorCode: "NotEmpty",
              FieldName: "Name",
              Message: "'Name' must not be empty.",
              Meta: { PropertyName: "Name" },
            },
          ],
        },
      },
      { code: "NotEmpty", message: "'Name' must not be empty.", requestId: null, field: "Name" },
    ],
    [
      "IBM API Connect 429 rate limit exceeded",
      429,
      {
        "content-type": "application/json",
        "x-global-transaction-id": "a1b2c3d4e5f60718293a4b5c",
        "x-ratelimit-limit": "name=rate-limit,100;",
        "x-ratelimit-remaining": "name=rate-limit,0;",
      },
      { httpCode: "429", httpMessage: "Too Many Requests", moreInformation: "Rate Limit exceeded" },
      { code: null, message: "Rate Limit exceeded", requestId: "a1b2c3d4e5f60718293a4b5c", field: null },
    ],
  ] as const)("%s", readsAs);
});

describe("decode: names, lists and protocols of round nine (from memory of the docs, not verbatim)", () => {
  // Each row: the rule it exercises is named in test/fixtures/generalized/README.md (names-and-lists).
  it.each([
    [
      "UK Companies House 400 ch:validation with location JSONPath",
      400,
      { "content-type": "application/json; charset=utf-8" },
      '{"errors": [{"error": "max-length-exceeded", "error_values": {"max-length": "160"}, "location": "$.description", "location_type": "json-path", "type": "ch:validation"}]}',
      { code: "max-length-exceeded", message: "max-length-exceeded", requestId: null, field: "description" },
    ],
    [
      "HMRC MTD 404 code/message with X-CorrelationId header",
      404,
      {
        "content-type": "application/json; charset=utf-8",
        "x-correlationid": "c75f40a6-a3df-4429-a697-471eeec46435",
      },
      '{"code": "MATCHING_RESOURCE_NOT_FOUND", "message": "Matching resource not found"}',
      {
        code: "MATCHING_RESOURCE_NOT_FOUND",
        message: "Matching resource not found",
        requestId: "c75f40a6-a3df-4429-a697-471eeec46435",
        field: null,
      },
    ],
    [
      "HMRC MTD 400 multiple errors: INVALID_REQUEST wrapper + errors[]",
      400,
      { "content-type": "application/json; charset=utf-8" },
      '{"code": "INVALID_REQUEST", "message": "Invalid request", "errors": [{"code": "FORMAT_NINO", "message": "The provided NINO is invalid"}, {"code": "RULE_TAX_YEAR_NOT_SUPPORTED", "message": "The specified tax year is not supported"}]}',
      { code: "INVALID_REQUEST", message: "Invalid request", requestId: null, field: null },
    ],
    [
      "Transport for London Unified API 404 ApiError ($type, exceptionType, httpStatus)",
      404,
      { "content-type": "application/json; charset=utf-8" },
      '{"$type": "Tfl.Api.Presentation.Entities.ApiError, Tfl.Api.Presentation.Entities", "timestampUtc": "2024-05-01T10:00:00.1234567Z", "exceptionType": "EntityNotFoundException", "httpStatusCode": 404, "httpStatus": "NotFound", "relativeUri": "/Line/foo/Arrivals", "message": "The following line ids are not recognised: foo"}',
      {
        code: "EntityNotFoundException",
        message: "The following line ids are not recognised: foo",
        requestId: null,
        field: null,
      },
    ],
    [
      "Canvas LMS 404 errors[].message only",
      404,
      {
        "content-type": "application/json; charset=utf-8",
        "x-request-context-id": "5a6b7c8d-1111-2222-3333-444455556666",
      },
      '{"errors": [{"message": "The specified resource does not exist."}]}',
      {
        code: null,
        message: "The specified resource does not exist.",
        requestId: "5a6b7c8d-1111-2222-3333-444455556666",
        field: null,
      },
    ],
    [
      "Lichess 400 error is a field map of i18n keys",
      400,
      { "content-type": "application/json; charset=utf-8" },
      '{"error": {"days": ["error.required"]}}',
      { code: null, message: "error.required", requestId: null, field: "days" },
    ],
    [
      "PeerTube 400 problem+json with invalid-params map",
      400,
      { "content-type": "application/problem+json; charset=utf-8" },
      '{"type": "about:blank", "title": "Bad Request", "detail": "Incorrect request parameters: id", "instance": "/api/v1/videos/not-an-id", "invalid-params": {"id": {"value": "not-an-id", "msg": "Should have a valid id", "param": "id", "location": "params"}}, "status": 400}',
      { code: null, message: "Incorrect request parameters: id", requestId: null, field: "id" },
    ],
    [
      "Squarespace Commerce 400 type/subtype/message/contextId",
      400,
      { "content-type": "application/json; charset=utf-8" },
      '{"type": "INVALID_REQUEST_ERROR", "subtype": "INVALID_ARGUMENT", "message": "Invalid cursor value", "details": null, "contextId": "OWL0DQCTZ2D3SNVH8LFZ"}',
      {
        code: "INVALID_REQUEST_ERROR",
        message: "Invalid cursor value",
        requestId: "OWL0DQCTZ2D3SNVH8LFZ",
        field: null,
      },
    ],
    [
      "Tiendanube/Nuvemshop 404 code (status) + message (title) + description",
      404,
      { "content-type": "application/json; charset=utf-8" },
      '{"code": 404, "message": "Not Found", "description": "Product with such id does not exist"}',
      { code: null, message: "Product with such id does not exist", requestId: null, field: null },
    ],
    [
      "MYOB AccountRight 400 Errors[] Name/Message/ErrorCode + Information",
      400,
      { "content-type": "application/json; charset=utf-8" },
      '{"Errors": [{"Name": "ValidationError", "Message": "Value is required", "AdditionalDetails": "Property: Customer", "ErrorCode": 1, "Severity": "Error"}], "Information": "Warning, error messages have not been finalised in this release and may change"}',
      { code: "ValidationError", message: "Value is required", requestId: null, field: null },
    ],
    [
      "Acumatica contract-based API 500 message/exceptionMessage/exceptionType/stackTrace",
      500,
      { "content-type": "application/json; charset=utf-8" },
      '{"message": "An error has occurred.", "exceptionMessage": "No entity satisfies the condition.", "exceptionType": "PX.Api.ContractBased.NoEntitySatisfiesTheConditionException", "stackTrace": "   at PX.Api.ContractBased.EntityService.Get(...)\\r\\n   at PX.Api.ContractBased.WebApi.Controllers.EntityController.Get(...)"}',
      {
        code: "PX.Api.ContractBased.NoEntitySatisfiesTheConditionException",
        message: "No entity satisfies the condition.",
        requestId: null,
        field: null,
      },
    ],
    [
      "Help Scout Mailbox API 400 logRef + HAL _embedded.errors[] path/message",
      400,
      { "content-type": "application/vnd.error+json" },
      '{"logRef": "c6ab0d2f-0b0b-4b1e-a2a9-2d8b7e6f5c4d#7431", "message": "Bad request", "_embedded": {"errors": [{"path": "customer.email", "message": "must be a well-formed email address", "source": "JSON"}]}, "_links": {"about": {"href": "http://developer.helpscout.net/mailbox-api/overview/errors#BadRequest"}}}',
      {
        code: null,
        message: "must be a well-formed email address",
        requestId: "c6ab0d2f-0b0b-4b1e-a2a9-2d8b7e6f5c4d#7431",
        field: "customer.email",
      },
    ],
    [
      "Yapily 404 error{tracingId, code (status), status word, message}",
      404,
      { "content-type": "application/json; charset=utf-8" },
      '{"error": {"tracingId": "8a2d7c1e0b9f4e6a8c3d5b7f9e1a2c4d", "code": 404, "status": "NOT_FOUND", "message": "Consent with id 1234 not found"}}',
      {
        code: "NOT_FOUND",
        message: "Consent with id 1234 not found",
        requestId: "8a2d7c1e0b9f4e6a8c3d5b7f9e1a2c4d",
        field: null,
      },
    ],
    [
      "Salt Edge v5 404 error_class/error_message/request",
      404,
      { "content-type": "application/json; charset=utf-8" },
      '{"error_class": "ConnectionNotFound", "error_message": "We could not find a connection with the requested connection_id.", "request": {"connection_id": "111"}}',
      {
        code: "ConnectionNotFound",
        message: "We could not find a connection with the requested connection_id.",
        requestId: null,
        field: null,
      },
    ],
    [
      "Javalin 5/6 default 404 JSON {title,status,type docs URL,details}",
      404,
      { "content-type": "application/json" },
      '{"title": "Endpoint GET /api/users/42/avatar not found", "status": 404, "type": "https://javalin.io/documentation#notfoundresponse", "details": {}}',
      { code: null, message: "Endpoint GET /api/users/42/avatar not found", requestId: null, field: null },
    ],
    [
      "flask-smorest 422 webargs errors keyed by location then field",
      422,
      { "content-type": "application/json; charset=utf-8" },
      '{"code": 422, "status": "Unprocessable Entity", "errors": {"json": {"name": ["Missing data for required field."]}}}',
      { code: null, message: "Missing data for required field.", requestId: null, field: "name" },
    ],
    [
      "webargs default handler (Flask/aiohttp/Pyramid) 422 messages{location:{field:[...]}}",
      422,
      { "content-type": "application/json; charset=utf-8" },
      '{"messages": {"query": {"page": ["Not a valid integer."]}}}',
      { code: null, message: "Not a valid integer.", requestId: null, field: "page" },
    ],
    [
      "Laminas API Tools (Apigility) 422 problem with validation_messages",
      422,
      { "content-type": "application/problem+json" },
      '{"validation_messages": {"email": {"isEmpty": "Value is required and can\'t be empty"}}, "type": "http://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html", "title": "Unprocessable Entity", "status": 422, "detail": "Failed Validation"}',
      { code: null, message: "Failed Validation", requestId: null, field: "email" },
    ],
    [
      "ASP.NET Web API 2 500 HttpError with ExceptionMessage/ExceptionType/StackTrace",
      500,
      { "content-type": "application/json; charset=utf-8" },
      '{"Message": "An error has occurred.", "ExceptionMessage": "Object reference not set to an instance of an object.", "ExceptionType": "System.NullReferenceException", "StackTrace": "   at Api.Controllers.OrdersController.Get(Int32 id) in C:\\\\src\\\\Api\\\\Controllers\\\\OrdersController.cs:line 42"}',
      {
        code: "System.NullReferenceException",
        message: "Object reference not set to an instance of an object.",
        requestId: null,
        field: null,
      },
    ],
    [
      "gRPC trailers-only response over HTTP/2: HTTP 200, grpc-status 7, percent-encoded grpc-message",
      200,
      {
        "content-type": "application/grpc",
        "grpc-status": "7",
        "grpc-message": "caller%20lacks%20permission%20for%20project%2042",
      },
      "",
      { code: "7", message: "caller lacks permission for project 42", requestId: null, field: null },
    ],
    [
      "World Bank API v2 XML wb:error on HTTP 200 (namespaced, code in id attribute)",
      200,
      { "content-type": "text/xml; charset=utf-8" },
      '<?xml version="1.0" encoding="utf-8"?>\n<wb:error xmlns:wb="http://www.worldbank.org">\n  <wb:message id="120" key="Invalid value">The provided parameter value is not valid</wb:message>\n</wb:error>',
      { code: "120", message: "The provided parameter value is not valid", requestId: null, field: null },
    ],
    [
      "Expedia Rapid 400 invalid_input with nested errors[].fields[].name",
      400,
      { "content-type": "application/json; charset=utf-8" },
      '{"type": "invalid_input", "message": "An invalid request was sent in, please check the nested errors for details.", "errors": [{"type": "property_id.not_found", "message": "Property id 12345 is not valid.", "fields": [{"name": "property_id", "type": "querystring", "value": "12345"}]}]}',
      {
        code: "invalid_input",
        message: "An invalid request was sent in, please check the nested errors for details.",
        requestId: null,
        field: "property_id",
      },
    ],
    [
      "Blizzard Battle.net 404 {code (status), type BLZWEBAPI..., detail}",
      404,
      { "content-type": "application/json; charset=utf-8" },
      '{"code": 404, "type": "BLZWEBAPI00000404", "detail": "Not Found"}',
      { code: "BLZWEBAPI00000404", message: "Not Found", requestId: null, field: null },
    ],
    [
      "PrestaShop webservice XML errors with CDATA code/message",
      404,
      { "content-type": "text/xml;charset=utf-8" },
      '<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n<errors>\n<error>\n<code><![CDATA[90]]></code>\n<message><![CDATA[Id(s) not exists: 999]]></message>\n</error>\n</errors>\n</prestashop>\n',
      { code: "90", message: "Id(s) not exists: 999", requestId: null, field: null },
    ],
    [
      "Odoo JSON-RPC AccessDenied with data.debug traceback on HTTP 200",
      200,
      { "content-type": "application/json; charset=utf-8" },
      '{"jsonrpc": "2.0", "id": null, "error": {"code": 200, "message": "Odoo Server Error", "data": {"name": "odoo.exceptions.AccessDenied", "debug": "Traceback (most recent call last):\\n  File \\"/usr/lib/python3/dist-packages/odoo/http.py\\", line 1584, in _serve_db\\n    return service_model.retrying(self._serve_ir_http, self.env)\\nodoo.exceptions.AccessDenied: Access Denied\\n", "message": "Access Denied", "arguments": ["Access Denied"], "context": {}}}}',
      { code: "odoo.exceptions.AccessDenied", message: "Access Denied", requestId: null, field: null },
    ],
    [
      "Odoo session expired: JSON-RPC code 100 + SessionExpiredException",
      200,
      { "content-type": "application/json; charset=utf-8" },
      '{"jsonrpc": "2.0", "id": null, "error": {"code": 100, "message": "Odoo Session Expired", "data": {"name": "odoo.http.SessionExpiredException", "debug": "Traceback (most recent call last):\\n  ...\\nodoo.http.SessionExpiredException: Session expired\\n", "message": "Session expired", "arguments": ["Session expired"], "context": {}}}}',
      { code: "odoo.http.SessionExpiredException", message: "Session expired", requestId: null, field: null },
    ],
    [
      "FreshBooks 404 response.errors[] errno/field/message/object",
      404,
      { "content-type": "application/json; charset=utf-8" },
      '{"response": {"errors": [{"errno": 1012, "field": "userid", "message": "Client not found.", "object": "client", "value": "134"}]}}',
      { code: "1012", message: "Client not found.", requestId: null, field: "userid" },
    ],
    [
      "Huma (Go) 422 problem with errors[].location",
      422,
      { "content-type": "application/problem+json" },
      '{"$schema": "https://api.example.com/schemas/ErrorModel.json", "title": "Unprocessable Entity", "status": 422, "detail": "validation failed", "errors": [{"message": "expected length >= 3", "location": "body.name", "value": "ab"}]}',
      { code: null, message: "validation failed", requestId: null, field: "name" },
    ],
    [
      "NHS PDS FHIR 404 OperationOutcome with Spine coding code, X-Request-ID",
      404,
      {
        "content-type": "application/fhir+json",
        "x-request-id": "60E0B220-8136-4CA5-AE46-1D97EF59D068",
        "x-correlation-id": "11C46F5F-CDEF-4865-94B2-0EE0EDCC26DA",
      },
      '{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "not-found", "details": {"coding": [{"system": "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode", "version": "1", "code": "RESOURCE_NOT_FOUND", "display": "Resource not found"}]}}]}',
      {
        code: "RESOURCE_NOT_FOUND",
        message: "Resource not found",
        requestId: "60E0B220-8136-4CA5-AE46-1D97EF59D068",
        field: null,
      },
    ],
    [
      "NHS PDS FHIR 400 INVALID_SEARCH_DATA with diagnostics",
      400,
      { "content-type": "application/fhir+json", "x-request-id": "7B1D2C3E-0000-4A5B-9C8D-1E2F3A4B5C6D" },
      '{"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "value", "details": {"coding": [{"system": "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode", "version": "1", "code": "INVALID_SEARCH_DATA", "display": "Search data is invalid"}]}, "diagnostics": "Invalid value - \'xyz\' in field \'birthdate\'"}]}',
      {
        code: "INVALID_SEARCH_DATA",
        message: "Invalid value - 'xyz' in field 'birthdate'",
        requestId: "7B1D2C3E-0000-4A5B-9C8D-1E2F3A4B5C6D",
        field: null,
      },
    ],
    [
      "Hono 401 c.text('Unauthorized') + WWW-Authenticate error=invalid_token challenge",
      401,
      {
        "content-type": "text/plain; charset=UTF-8",
        "www-authenticate":
          'Bearer realm="https://api.example.com/v1/me",error="invalid_token",error_description="malformed token"',
      },
      "Unauthorized",
      { code: "invalid_token", message: "malformed token", requestId: null, field: null },
    ],
    [
      "a 401 whose body says more than the status keeps its message over the challenge's",
      401,
      { "www-authenticate": 'Bearer error="invalid_token",error_description="malformed token"' },
      '{"message":"Your session ended; sign in again"}',
      { code: "invalid_token", message: "Your session ended; sign in again", requestId: null, field: null },
    ],
  ] as const)("%s", readsAs);
});

describe("decode: what an error keeps of a large body", () => {
  it("keeps its cut of the body, not the whole body it was cut from", () => {
    // Engines keep a cut string as a view of the whole: six errors each holding 16 KiB of a 16 MB
    // body must not hold six times 16 MB.
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const body = "Internal error while processing the request. ".repeat(360_000);
    const kept = [0, 1, 2, 3, 4, 5].map((i) => decode({ status: 500, body: `${body}${i}` }));
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(kept.every((err) => (err.response?.body?.length ?? 0) === 16 * 1024)).toBe(true);
    // About 97 MB when each error keeps its body alive. The engine may keep the last text it
    // searched (one body, whoever searched it), never one per error.
    expect(grown).toBeLessThan(2 * body.length + 4 * 1024 * 1024);
  });
});

describe("decode: XML attributes and CDATA", () => {
  it("reads a message sent as an attribute of the error element (FRED)", () => {
    const err = decode({
      status: 400,
      headers: { "content-type": "text/xml; charset=utf-8" },
      body: '<?xml version="1.0" encoding="utf-8" ?>\n<error code="400" message="Bad Request.  The series does not exist." />',
    });
    expect(err.message).toBe("Bad Request. The series does not exist.");
  });

  it("reads CDATA sections as the text they hold, markup and all, and survives unclosed ones", () => {
    const err = decode({
      status: 409,
      headers: { "content-type": "text/xml" },
      body: '<?xml version="1.0"?><errors><error><code><![CDATA[E_<dup>]]></code><message><![CDATA[a & b]]></message></error></errors>',
    });
    expect(err.code).toBe("E_<dup>");
    expect(err.message).toBe("a & b");
    const unclosed = `<?xml version="1.0"?><Error><Code>X</Code>${"<![CDATA[".repeat(100_000)}</Error>`;
    expect(decode({ status: 500, headers: { "content-type": "text/xml" }, body: unclosed }).code).toBe("X");
  });
});

describe("decode: gRPC statuses on HTTP 200", () => {
  it("reads a trailers-only response as the error its gRPC status stands for", () => {
    const denied = decode({
      status: 200,
      headers: {
        "content-type": "application/grpc",
        "grpc-status": "16",
        "grpc-message": "token%20Bearer%20eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl%20expired",
      },
      body: "",
    });
    expect(denied._tag).toBe("Unauthorized");
    expect(denied.code).toBe("16");
    expect(denied.message).not.toContain("eyJzdWIiOiIxIn0");
    expect(denied.message).toContain("token Bearer");
    const exhausted = decode({ status: 200, headers: { "grpc-status": "8" }, body: "" });
    expect(exhausted._tag).toBe("TooManyRequests");
    expect(exhausted.retryable).toBe(true);
  });

  it("keeps an OK status, an unknown one and a malformed message as they are", () => {
    expect(decode({ status: 200, headers: { "grpc-status": "0" }, body: "" })._tag).toBe("Unexpected");
    expect(decode({ status: 200, headers: { "grpc-status": "99" }, body: "" })._tag).toBe("Unexpected");
    const malformed = decode({
      status: 200,
      headers: { "grpc-status": "5", "grpc-message": "50%25 %E0%A4%A" },
      body: "",
    });
    expect(malformed._tag).toBe("NotFound");
    expect(malformed.message).toBe("50%25 %E0%A4%A");
  });
});

describe("decode: a review's findings", () => {
  const json = (status: number, body: unknown, text?: string) =>
    decode({ status, headers: { "content-type": "application/json" }, body: text ?? JSON.stringify(body) });

  it("an OAuth error in a problem body is still the code", () => {
    const err = json(401, {
      type: "about:blank",
      title: "Unauthorized",
      status: 401,
      error: "invalid_token",
      error_description: "The access token expired",
    });
    expect(err).toMatchObject({ code: "invalid_token", message: "The access token expired" });
  });

  it("success bodies on HTTP 200 stay successes", () => {
    expect(json(200, { locale: "en", messages: { greeting: "Hello" } })._tag).toBe("Unexpected");
    expect(json(200, { responseCode: "SUCCESS", responseMessage: "Transaction successful" })._tag).toBe(
      "Unexpected",
    );
  });

  it("a stack trace in detail does not replace a status-phrase message", () => {
    const err = json(500, {
      message: "Internal Server Error",
      detail: "System.NullReferenceException\n   at Foo()",
    });
    expect(err.message).toBe("Internal Server Error");
  });

  it("a pair's secret leaves the snapshot as written, numbers and keys kept or redacted as text", () => {
    const secret = "Zq9xW3vK7pL2mN8r";
    const body = `{\n  "headers": [\n    [\n      "x-api-key",\n      "${secret}"\n    ]\n  ],\n  "count": 12345678901234567891,\n  "seen": { "sk_live_abcdefghijklmnop": true }\n}`;
    const err = json(400, undefined, body);
    expect(err.response?.body).not.toContain(secret);
    expect(err.response?.body).not.toContain("sk_live_abcdefghijklmnop");
    expect(err.response?.body).toContain("12345678901234567891");
    expect(err.response?.body).toContain('\n    [\n      "x-api-key"');
  });
});
