/**
 * Documented error responses of APIs and frameworks the decoder has no special case for, grouped
 * by the general pattern they exercise (codes under other names, field-error maps, support and
 * trace ids, AWS Smithy type rules, RFC 6750 challenges, throttling on statuses other than 429).
 * Each case cites the page its body comes from.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decode, isApiError } from "../src";
import { readBody } from "../src/internal/body";
import { completeExtracted } from "../src/internal/extract";
import { extractJson, extractText, salvageJson } from "../src/internal/formats";
import { toHeaderMap } from "../src/internal/headers";

interface Case {
  name: string;
  source: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  expect: {
    code: string | null;
    message: string;
    requestId: string | null;
    field: string | null;
    /** Whether extraction marks the response as throttling (core decides kind and retry from it). */
    throttled?: boolean;
  };
}

const dir = join(import.meta.dirname, "fixtures/generalized");
const files = readdirSync(dir).filter((f) => f.endsWith(".json"));

/** The facts extraction hands to core (what decode builds the error from). */
const extracted = (c: Case, body: string) => {
  const headers = toHeaderMap(c.headers);
  const contentType = headers.get("content-type") ?? "";
  const info = readBody(body, contentType, 1024 * 1024);
  const found = info.hasJson
    ? extractJson(info.json, /problem\+json/i.test(contentType))
    : info.malformedJson && info.text !== undefined
      ? salvageJson(info.text)
      : info.text === undefined
        ? undefined
        : extractText(info.text);
  return completeExtracted(found, headers, [
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
  ]);
};

describe("generalized fixtures", () => {
  it("every case cites an https source", () => {
    for (const file of files) {
      const cases = JSON.parse(readFileSync(join(dir, file), "utf8")) as Case[];
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) expect(c.source).toMatch(/^https:\/\/\S+$/);
    }
  });
});

describe.each(files)("documented errors, %s", (file) => {
  const cases = JSON.parse(readFileSync(join(dir, file), "utf8")) as Case[];
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const body = typeof c.body === "string" ? c.body : JSON.stringify(c.body);
    const err = decode({ status: c.status, headers: c.headers, body }, { now: () => 0 });
    expect(isApiError(err)).toBe(true);
    expect({
      code: err.code ?? null,
      message: err.message,
      requestId: err.requestId ?? null,
      field: err.field ?? null,
    }).toEqual({
      code: c.expect.code,
      message: c.expect.message,
      requestId: c.expect.requestId,
      field: c.expect.field,
    });
    expect(err.status).toBe(c.status);
    if (c.expect.throttled !== undefined)
      expect(extracted(c, body)?.throttled ?? false).toBe(c.expect.throttled);
  });
});

describe("the general rules' limits", () => {
  /** The message decode reads from an HTML error page. */
  const htmlMessage = (status: number, body: string) =>
    decode({ status, headers: { "content-type": "text/html" }, body }).message;
  /** Decodes each hostile body; generous bound: the point is no super-linear blow-up. */
  const decodesInBoundedTime = (status: number, contentType: string, bodies: readonly string[]) => {
    for (const body of bodies) {
      const started = performance.now();
      expect(decode({ status, headers: { "content-type": contentType }, body }).status).toBe(status);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  };

  it("a success body's `meta` (AfterShip sends one with every response) is not an error on HTTP 200", () => {
    const err = decode({
      status: 200,
      body: JSON.stringify({ meta: { code: 200, message: "OK" }, data: {} }),
    });
    expect(err._tag).toBe("Unexpected");
  });

  it("nginx's page keeps its heading: the text after it is in another element", () => {
    const body =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>";
    expect(htmlMessage(502, body)).toBe("502 Bad Gateway");
  });

  it("a field-error map whose members are lists of messages is not read as a message list", () => {
    const err = decode({
      status: 400,
      body: JSON.stringify({ message: ["first"], title: ["can't be blank"] }),
    });
    expect(err.message).toBe("first");
    expect(err.field).toBeUndefined();
  });

  it("a message that is itself an error object is read inside, one level deep (Onfleet, FastAPI inside)", () => {
    const onfleet = decode({
      status: 401,
      body: JSON.stringify({
        code: "InvalidCredentials",
        message: { error: 1102, message: "The API key provided is invalid.", cause: "No such key." },
      }),
    });
    expect([onfleet.code, onfleet.message]).toEqual([
      "InvalidCredentials",
      "The API key provided is invalid.",
    ]);
    const fastapi = decode({
      status: 422,
      body: JSON.stringify({
        object: "error",
        message: { detail: [{ type: "missing", loc: ["body", "model"], msg: "Field required" }] },
      }),
    });
    expect([fastapi.message, fastapi.field]).toEqual(["Field required", "model"]);
    // Nested again and again: only the first level is read (no recursion a hostile body can deepen).
    const body = `{"code":"X","message":${'{"message":'.repeat(5_000)}"deep"${"}".repeat(5_000)}}`;
    const deep = decode({ status: 400, body });
    expect(deep.code).toBe("X");
    expect(deep.message).not.toBe("deep");
  });

  it("an HTML page's named character references are decoded (GitHub Pages' `&middot;`), unknown ones kept", () => {
    const page = (title: string) =>
      decode({
        status: 404,
        headers: { "content-type": "text/html" },
        body: `<html><head><title>${title}</title></head></html>`,
      }).message;
    expect(page("Page not found &middot; GitHub Pages")).toBe("Page not found · GitHub Pages");
    expect(page("Fish &chips; &hellip;")).toBe("Fish &chips; …");
  });

  it("a trace header's trace id, without its span or options (X-Cloud-Trace-Context, X-Amzn-Trace-Id)", () => {
    const id = (headers: Record<string, string>) => decode({ status: 500, headers, body: "" }).requestId;
    expect(id({ "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/1;o=1" })).toBe(
      "105445aa7843bc8bf206b12000100000",
    );
    // The X-Ray trace id, wherever the ALB puts `Root` (after its own `Self`).
    for (const value of [
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
      "Self=1-67891234-12456789abcdef012345678;Root=1-5759e988-bd862e3fe1be46a994272793",
    ])
      expect(id({ "x-amzn-trace-id": value })).toBe("1-5759e988-bd862e3fe1be46a994272793");
    // Other trace ids stay whole, slashes and all.
    expect(id({ "x-trace-id": "YWJj/ZGVm+Zz==" })).toBe("YWJj/ZGVm+Zz==");
  });

  it("a form-encoded body is read as the object it encodes (GitHub's OAuth token endpoint, ClientLogin)", () => {
    const github = decode({
      status: 200,
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps",
    });
    expect([github._tag, github.code, github.message]).toEqual([
      "BadRequest",
      "bad_verification_code",
      "The code passed is incorrect or expired.",
    ]);
    const lines = decode({
      status: 403,
      headers: { "content-type": "text/plain" },
      body: "Url=https://www.google.com/accounts/ErrorMsg\r\nError=BadAuthentication\r\n",
    });
    expect([lines.code, lines.message]).toEqual(["BadAuthentication", "BadAuthentication"]);
    // Pairs that name no error stay text; secrets in a form are redacted like any other.
    expect(decode({ status: 400, body: "status=x1" }).message).toBe("status=x1");
    const secret = decode({ status: 400, body: "error=invalid_request&password=hunter22" });
    expect(JSON.stringify(secret)).not.toContain("hunter22");
  });

  it("throttling said in words only is throttling where the status says nothing more (VK, KuCoin, Bybit)", () => {
    const words = (status: number, message: string) =>
      decode({ status, body: JSON.stringify({ code: "E1", message }) });
    for (const message of ["Too many requests per second", "Too many visits!", "qps request limit reached"]) {
      const err = words(200, message);
      expect([err._tag, err.retryable]).toEqual(["TooManyRequests", true]);
      expect(words(400, message)._tag).toBe("TooManyRequests");
    }
    // A status that says more keeps its kind; a quota is not throttling; a catalog code wins.
    expect(words(404, "Too many requests per second")._tag).toBe("NotFound");
    expect(words(418, "Way too many requests; IP banned.")._tag).toBe("ClientError");
    expect(words(400, "Rate limit of your daily quota reached")._tag).toBe("BadRequest");
  });

  it("the new rules' limits, found by review", () => {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      decode({ status, headers, body: JSON.stringify(body) });
    // A header that carries credentials is never shown as an id, though its name says id.
    expect(
      decode({ status: 500, headers: { "x-trace-token": "abc123" }, body: "" }).requestId,
    ).toBeUndefined();
    // A list of message objects is an error only on an error status or when a sibling says so.
    const ok = { messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] } };
    expect(json(200, ok)._tag).toBe("Unexpected");
    // Throttling words must say a limit was hit, not name a setting.
    for (const message of [
      "The rate limit must be a positive integer",
      "You do not have permission to change rate limits",
      "Invalid qps value: -1",
      "Throttling policy 'gold' not found",
    ])
      expect(json(400, { code: "E1", message })._tag).toBe("BadRequest");
    // Form pairs that say nothing went wrong.
    for (const body of ["error=0&message=Sent", "error=false", "success=true&error=0"])
      expect(decode({ status: 200, headers: { "content-type": "text/plain" }, body })._tag).toBe(
        "Unexpected",
      );
    // `extra` items name a field only next to a message; `data` names one only as `field` or `param`
    // (an echoed record's `field_name` is not the field).
    expect(json(400, { detail: "bad", extra: [{ key: "trace", value: "abc" }] }).field).toBeUndefined();
    expect(json(400, { message: "bad", data: { field_name: "Custom 1" } }).field).not.toBe("Custom 1");
    // A numeric request id only when JSON reads it exactly.
    for (const requestId of [2 ** 60, 1e21, -1, 1.5])
      expect(json(400, { error: { message: "x", requestId } }).requestId).toBeUndefined();
  });

  it("an X-RateLimit-Reset date without a zone is no hint (it would be read in local time)", () => {
    const headers = { date: "Wed, 01 May 2024 12:00:00 GMT", "x-ratelimit-remaining": "0" };
    const reset = (value: string) =>
      decode({ status: 429, headers: { ...headers, "x-ratelimit-reset": value }, body: "" }).retryAfterMs;
    expect(reset("2024-05-01T12:00:30Z")).toBe(30_000);
    expect(reset("2024-05-01T12:00:30+00:00")).toBe(30_000);
    expect(reset("2024-05-01T12:00:30")).toBeUndefined();
  });

  it("a 429 that says the account ran out of credit is not retryable; a per-minute quota still is", () => {
    const at429 = (message: string) =>
      decode({ status: 429, body: JSON.stringify({ error: { code: "1113", message } }) });
    for (const message of [
      "Your team has used all available credits. Please purchase more.",
      "余额不足或无可用资源包,请充值。",
      "Insufficient balance",
    ]) {
      const err = at429(message);
      expect([err._tag, err.retryable]).toEqual(["TooManyRequests", false]);
    }
    expect(
      at429("Quota exceeded for quota metric 'Requests' and limit 'Requests per minute'").retryable,
    ).toBe(true);
  });

  it("diagnostic lines after a message are cut, the message itself kept (Entra ID, Azure Storage)", () => {
    const message = (text: string) =>
      decode({ status: 400, body: JSON.stringify({ error: "x", error_description: text }) }).message;
    expect(
      message(
        "AADSTS70011: Bad scope.\r\nTrace ID: 0000aaaa-11bb\r\nCorrelation ID: aaaa0000-bb11\r\nTimestamp: 2016-01-09 02:02:12Z",
      ),
    ).toBe("AADSTS70011: Bad scope.");
    expect(
      message("The specified resource does not exist.\nRequestId:102a2b17-0002\nTime:2015-05-01T05:51:20Z"),
    ).toBe("The specified resource does not exist.");
    // Lines that only start with such a word are part of the message.
    expect(message("Validation failed:\ntimestamp: must not be null\nname: required")).toBe(
      "Validation failed:\ntimestamp: must not be null\nname: required",
    );
    expect(message("Invalid parameters\nTime: must be in HH:MM format")).toBe(
      "Invalid parameters\nTime: must be in HH:MM format",
    );
  });

  it("found by a second review: limits of the words, ids-only error objects and page scripts", () => {
    const json = (status: number, body: unknown) => decode({ status, body: JSON.stringify(body) });
    // Limits on one request's size are not throttling.
    for (const message of [
      "too many requests per batch (max 100)",
      "The rate limit exceeded the allowed maximum of 1000",
    ])
      expect(json(400, { code: "E1", message })._tag).toBe("BadRequest");
    // Credits counted per minute are a rate limit; a code that names throttling wins over billing words.
    expect(
      json(429, { error: { message: "You have run out of API credits for the current minute." } }).retryable,
    ).toBe(true);
    const openai = json(429, {
      error: {
        code: "rate_limit_exceeded",
        message:
          "Rate limit reached. Visit https://platform.openai.com/account/billing to add a payment method.",
      },
    });
    expect(openai.retryable).toBe(true);
    // An error object with nothing but ids, or nothing, on a success body.
    expect(json(200, { code: 0, msg: "success", error: { log_id: "x1" } })._tag).toBe("Unexpected");
    expect(json(200, { success: true, error: { requestId: "abc" } })._tag).toBe("Unexpected");
    // A page's scripts are no part of its text.
    const page =
      "<html><head><title>Error</title></head><body><script>var t='abc';</script><div>Not Found</div></body></html>";
    expect(decode({ status: 404, headers: { "content-type": "text/html" }, body: page }).message).toBe(
      "Not Found",
    );
  });

  it("a getter that throws while a wrapper is read does not change how the next body is read", () => {
    const hostile = {
      Response: {
        get Error(): never {
          throw new Error("boom");
        },
      },
    };
    expect(decode({ status: 500, body: hostile }).status).toBe(500);
    const tencent = { Response: { Error: { Code: "InvalidParameter", Message: "bad" }, RequestId: "r1" } };
    const err = decode({ status: 400, body: JSON.stringify(tencent) });
    expect([err.code, err.message, err.requestId]).toEqual(["InvalidParameter", "bad", "r1"]);
  });

  it.each([
    [
      "a `data` object that names the field is not a field-error map (h3 `createError({ data })`)",
      { statusCode: 400, statusMessage: "Bad Request", message: "Invalid email", data: { field: "email" } },
      ["Invalid email", "email"],
    ],
    [
      "a flat body's `fieldErrors` list names the field (Spring handlers)",
      {
        status: 400,
        error: "Bad Request",
        message: "Validation failed",
        fieldErrors: [{ field: "email", message: "must be a well-formed email address" }],
      },
      ["Validation failed", "email"],
    ],
  ] as const)("%s", (_name, body, expected) => {
    const err = decode({ status: 400, body: JSON.stringify(body) });
    expect([err.message, err.field]).toEqual(expected);
  });

  it("a numeric code stays when no identifier is sent next to it", () => {
    expect(decode({ status: 400, body: JSON.stringify({ code: 422, message: "x" }) }).code).toBe("422");
    expect(decode({ status: 400, body: JSON.stringify({ code: 422, errorType: "validation" }) }).code).toBe(
      "422",
    );
  });

  it("a status that is a state, not a code, signals nothing on HTTP 200 (Google Maps ZERO_RESULTS, OK)", () => {
    for (const status of ["ZERO_RESULTS", "OK", "error"])
      expect(decode({ status: 200, body: JSON.stringify({ status, results: [] }) })._tag).toBe("Unexpected");
  });

  it("an empty error list is a success (Kraken)", () => {
    expect(decode({ status: 200, body: JSON.stringify({ error: [], result: {} }) })._tag).toBe("Unexpected");
  });

  it("a numeric code that is not the HTTP status stays the code (Facebook Graph 190 on HTTP 400)", () => {
    const body = { error: { message: "Invalid OAuth access token.", type: "OAuthException", code: 190 } };
    expect(decode({ status: 400, body: JSON.stringify(body) }).code).toBe("190");
    expect(decode({ status: 401, body: JSON.stringify(body) }).code).toBe("190");
  });

  it("an occurrence id in an errors list is not a code", () => {
    const body = { errors: [{ id: "e6f4ab40-8b02-11ee-8f6b-2b2d1c2f1a3e", message: "Resource not found" }] };
    expect(decode({ status: 404, body: JSON.stringify(body) }).code).toBeUndefined();
  });

  it("a field-error map may hold objects with a message (PocketBase `data`)", () => {
    const body = {
      code: 400,
      message: "Failed to create record.",
      data: { title: { code: "validation_required", message: "Missing required value." } },
    };
    const err = decode({ status: 400, body: JSON.stringify(body) });
    expect(err.field).toBe("title");
    expect(err.message).toBe("Failed to create record.");
    // `data` that is not such a map is no field.
    expect(
      decode({ status: 400, body: JSON.stringify({ message: "x", data: { id: 5 } }) }).field,
    ).toBeUndefined();
  });

  it("a lone wrapper is read through once: a wrapped success is no error, and wrappers do not nest", () => {
    expect(decode({ status: 200, body: JSON.stringify({ data: { id: 1, name: "ann" } }) })._tag).toBe(
      "Unexpected",
    );
    const twice = { Response: { Result: { Error: { Code: "X", Message: "m" } } } };
    expect(decode({ status: 400, body: JSON.stringify(twice) }).code).toBeUndefined();
  });

  it("a second heading right after a status heading is the message (CloudFront's page)", () => {
    const body =
      '<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY>\n<H1>403 ERROR</H1>\n<H2>The request could not be satisfied.</H2>\n<HR noshade size="1px">\nRequest blocked.</BODY></HTML>';
    expect(htmlMessage(403, body)).toBe("The request could not be satisfied.");
  });

  it("numeric HTML entities are decoded, out-of-range ones kept", () => {
    const body =
      "<html><body><h1>Access Denied</h1><p>Reference&#32;&#x23;18&#46;a1 &#99999999;</p></body></html>";
    expect(htmlMessage(403, body)).toBe("Reference #18.a1 &#99999999;");
  });

  it("a hostile SOAP-looking body of 1 MiB decodes in bounded time", () => {
    // A quadratic scan of this body takes minutes.
    decodesInBoundedTime(500, "text/xml", [`<soap:Envelope>${"<soap:Value>".repeat(80_000)}`]);
  });

  it("a heading that is a sentence is the message; a short title yields to the sentence after it", () => {
    const page = (h1: string) =>
      `<!DOCTYPE html><html><body><h1>${h1}</h1><p>More words here.</p></body></html>`;
    expect(htmlMessage(404, page("That page is gone."))).toBe("That page is gone.");
    expect(htmlMessage(404, page("Page not found"))).toBe("More words here.");
    expect(htmlMessage(503, page("Error 503 Backend fetch failed"))).toBe("More words here.");
  });

  it("an id phrase needs a digit in the id: prose around the word is no id", () => {
    const text = (body: string) => decode({ status: 500, headers: { "content-type": "text/plain" }, body });
    expect(text("Something failed. Please quote the reference number to support.").requestId).toBeUndefined();
    const err = text("Upstream failed (Request ID: 7f3a9c21be)");
    expect(err.requestId).toBe("7f3a9c21be");
    expect(err.message).toBe("Upstream failed");
  });

  it("a stack trace under `trace` (Spring Boot) is no request id; a token-shaped one (IBM Cloud) is", () => {
    const stack = "java.lang.IllegalStateException: boom\n\tat com.example.Foo.bar(Foo.java:42)";
    const body = (trace: string) => JSON.stringify({ status: 500, error: "Internal Server Error", trace });
    expect(decode({ status: 500, body: body(stack) }).requestId).toBeUndefined();
    expect(decode({ status: 500, body: body("4c1c2a2f-7cf5-4b39-9b3c") }).requestId).toBe(
      "4c1c2a2f-7cf5-4b39-9b3c",
    );
  });

  it("an `errors` object is one error only when its `message` is a string (a Rails map with a `message` field stays a map)", () => {
    const map = decode({ status: 422, body: JSON.stringify({ errors: { message: ["is too long"] } }) });
    expect(map.field).toBe("message");
    expect(map.message).toBe("message is too long");
  });

  it("418 and 420 with a Retry-After are throttling (Binance's ban); without one they are client errors", () => {
    const body = JSON.stringify({ code: -1003, msg: "Way too many requests; IP banned." });
    const banned = decode({ status: 418, headers: { "retry-after": "120" }, body });
    expect([banned._tag, banned.retryable, banned.retryAfterMs]).toEqual(["TooManyRequests", true, 120_000]);
    const teapot = decode({ status: 418, body });
    expect([teapot._tag, teapot.retryable]).toEqual(["ClientError", false]);
  });

  it("a retry hint under `parameters` is read (Telegram)", () => {
    const body = {
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 35",
      parameters: { retry_after: 35 },
    };
    expect(decode({ status: 429, body: JSON.stringify(body) }).retryAfterMs).toBe(35_000);
  });

  it("XML elements match in any case (Braintree's lower-case <code>, <message>)", () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<api-error-response><errors><error><code>81608</code><message>First name is too long.</message></error></errors></api-error-response>';
    const err = decode({ status: 422, headers: { "content-type": "application/xml" }, body });
    expect([err.code, err.message]).toEqual(["81608", "First name is too long."]);
  });

  it("an *-error-message header is redacted like any text", () => {
    const err = decode({
      status: 400,
      headers: { "x-amz-error-message": "Bad key sk_live_abcdefghijklmnop1234" },
    });
    expect(err.message).not.toContain("sk_live_abcdefghijklmnop1234");
    expect(err.message).toContain("Bad key");
  });

  it("hostile headings and id phrases of 1 MiB decode in bounded time", () => {
    decodesInBoundedTime(502, "text/html", [
      `<html><h1>${"Aa".repeat(400)}!</h1>${"<p>".repeat(100_000)}`,
      "request id: ".repeat(90_000),
      `${"x\n\n".repeat(300_000)}`,
    ]);
  });

  it("a numeric code that only repeats the HTTP status, or is 0, is no code; an identifier next to it is", () => {
    const code = (status: number, body: object) => decode({ status, body: JSON.stringify(body) }).code;
    expect(code(404, { code: 404, message: "Not found" })).toBeUndefined();
    expect(code(400, { code: 0, message: "Bad" })).toBeUndefined();
    expect(code(404, { code: 404, message: "Not found", name: "NotFound" })).toBe("NotFound");
    expect(code(404, { code: 40401, message: "Topic not found" })).toBe("40401");
  });

  it("a status that is a state is no code, one in capitals is (gRPC's UNAUTHENTICATED)", () => {
    const code = (status: string) =>
      decode({ status: 401, body: JSON.stringify({ error: { status, message: "Nope" } }) }).code;
    expect(code("failure")).toBeUndefined();
    expect(code("error")).toBeUndefined();
    expect(code("UNAUTHENTICATED")).toBe("UNAUTHENTICATED");
  });

  it("tRPC over superjson: the tRPC code and the zod field, not the JSON-RPC number", () => {
    const body = {
      error: {
        json: {
          message: "Invalid input",
          code: -32600,
          data: { code: "BAD_REQUEST", httpStatus: 400, zodError: { fieldErrors: { title: ["Required"] } } },
        },
      },
    };
    const err = decode({ status: 400, body: JSON.stringify(body) });
    expect([err.code, err.message, err.field]).toEqual(["BAD_REQUEST", "Invalid input", "title"]);
  });

  it("Cloudflare's origin errors 520-524 are retryable, its TLS errors 525-526 are not", () => {
    for (const status of [520, 521, 522, 523, 524]) expect(decode({ status }).retryable).toBe(true);
    for (const status of [525, 526]) expect(decode({ status }).retryable).toBe(false);
  });

  it("a SOAP fault the client caused is not retried, though sent as a 500; a server fault is", () => {
    const fault = (code: string) =>
      decode({
        status: 500,
        headers: { "content-type": "text/xml" },
        body: `<soap:Envelope><soap:Body><soap:Fault><faultcode>${code}</faultcode><faultstring>x</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
      }).retryable;
    expect(fault("soap:Client")).toBe(false);
    expect(fault("SOAP-ENV:Client.validationError")).toBe(false);
    expect(fault("soap:Server")).toBe(true);
  });

  it("a RateLimit-Reset past 1e9 is an epoch (Bluesky), not 60 years from now", () => {
    const date = "Sun, 22 Nov 2026 09:41:00 GMT";
    const reset = Math.floor(Date.parse(date) / 1000) + 30;
    const err = decode({
      status: 429,
      headers: {
        date,
        "ratelimit-limit": "3000",
        "ratelimit-remaining": "0",
        "ratelimit-reset": String(reset),
      },
    });
    expect(err.rateLimit?.resetMs).toBe(30_000);
    expect(err.retryAfterMs).toBe(30_000);
  });

  it("an *-error header holding a sentence is the message; a code with an errno is the code", () => {
    const sentence = decode({ status: 404, headers: { "x-cld-error": "Resource not found - sample" } });
    expect([sentence.code, sentence.message]).toEqual([undefined, "Resource not found - sample"]);
    const squid = decode({ status: 403, headers: { "x-squid-error": "ERR_ACCESS_DENIED 0" } });
    expect(squid.code).toBe("ERR_ACCESS_DENIED");
  });

  it("a text body that is only a code is the code (Elysia's NOT_FOUND)", () => {
    const err = decode({ status: 404, headers: { "content-type": "text/plain" }, body: "NOT_FOUND" });
    expect([err.code, err.message]).toEqual(["NOT_FOUND", "NOT_FOUND"]);
  });

  it("a body with nothing but a `details` list of errors is read from its first item (Conekta)", () => {
    const body = {
      object: "error",
      type: "parameter_validation_error",
      details: [
        { message: "The email is invalid.", param: "customer_info.email", code: "conekta.errors.email" },
      ],
    };
    const err = decode({ status: 422, body: JSON.stringify(body) });
    expect([err.code, err.message, err.field]).toEqual([
      "conekta.errors.email",
      "The email is invalid.",
      "customer_info.email",
    ]);
  });

  it("google.rpc details outside Google's envelope give the request id (Databricks)", () => {
    const body = {
      error_code: "RESOURCE_DOES_NOT_EXIST",
      message: "Cluster 123 does not exist",
      details: [
        { "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: "req-42", serving_data: "" },
      ],
    };
    expect(decode({ status: 404, body: JSON.stringify(body) }).requestId).toBe("req-42");
  });

  it("an occurrence id next to a message is no code (Midtrans's UUID `id`), a `status_message` is the message", () => {
    const body = {
      status_code: "404",
      status_message: "Transaction doesn't exist.",
      id: "e48447d1-cfa9-4b02-b163-2e915d4417ac",
    };
    const err = decode({ status: 404, body: JSON.stringify(body) });
    expect([err.code, err.message]).toEqual([undefined, "Transaction doesn't exist."]);
  });

  it("a `detail` object naming a field (WeChat Pay)", () => {
    const body = {
      code: "PARAM_ERROR",
      message: "Invalid amount",
      detail: { field: "/amount/currency", issue: "bad", location: "body" },
    };
    expect(decode({ status: 400, body: JSON.stringify(body) }).field).toBe("/amount/currency");
  });

  it("a FHIR OperationOutcome is an error only when an issue is: an informational one on HTTP 200 is none", () => {
    const outcome = (severity: string) =>
      JSON.stringify({
        resourceType: "OperationOutcome",
        issue: [{ severity, code: "informational", diagnostics: "All OK" }],
      });
    expect(decode({ status: 200, body: outcome("information") })._tag).toBe("Unexpected");
    const err = decode({ status: 200, body: outcome("error") });
    expect([err._tag, err.code, err.message]).toEqual(["BadRequest", "informational", "All OK"]);
  });

  it("only a camel-case lone wrapper names the error (OpenStack's itemNotFound, not Nextcloud's ocs or GitLab's message)", () => {
    const code = (body: object) => decode({ status: 404, body: JSON.stringify(body) }).code;
    expect(code({ itemNotFound: { code: 404, message: "Server could not be found." } })).toBe("itemNotFound");
    expect(
      code({ ocs: { meta: { status: "failure", statuscode: 404, message: "Not found" } } }),
    ).toBeUndefined();
    expect(code({ message: { bio: ["is too long"] } })).toBeUndefined();
  });

  it("a message that is itself JSON is read (Ironic); one that only looks like it stays as sent", () => {
    const message = (m: string) =>
      decode({ status: 404, body: JSON.stringify({ error_message: m }) }).message;
    expect(message(JSON.stringify({ faultstring: "Node x could not be found.", faultcode: "Client" }))).toBe(
      "Node x could not be found.",
    );
    expect(message("{not json}")).toBe("{not json}");
  });

  it("a WebDAV precondition is the code only when it holds no text (a <message> child is no code)", () => {
    const xml = (inner: string) =>
      decode({
        status: 409,
        headers: { "content-type": "application/xml" },
        body: `<d:error xmlns:d="DAV:">${inner}</d:error>`,
      });
    expect(xml("<d:no-uid-conflict><d:href>/cal/1.ics</d:href></d:no-uid-conflict>").code).toBe(
      "no-uid-conflict",
    );
    expect(xml("<d:message>Already there</d:message>").code).toBeUndefined();
    expect(xml("<d:message>Already there</d:message>").message).toBe("Already there");
  });

  it("hostile XML of 1 MiB decodes in bounded time", () => {
    decodesInBoundedTime(400, "application/xml", [
      `<d:error>${"<x:a ".repeat(200_000)}`,
      `<ows:ExceptionReport>${'<ows:Exception exceptionCode="'.repeat(30_000)}`,
      `<error>${"<".repeat(1_000_000)}`,
    ]);
  });

  it("no piece lifted out of a text body is a secret its context marked (paragraph codes, id phrases)", () => {
    const text = (body: string) => decode({ status: 500, headers: { "content-type": "text/plain" }, body });
    const bodies = [
      "Authorization: Bearer\n\nq8Zt3xPmW9vLk2Rb7Hd",
      "Invalid configuration:\n\napi_key:\n\n9f8e7d6c5b4a39281706",
      "password:\n\nABCDEF_Q8ZT3XPMW9",
      "Upstream https://correlation-id:p4ssw0rdXYZ@internal.example/x failed",
      "Invalid token=reference:q8Zt3xPmW9vLk2Rb7Hd",
    ];
    for (const body of bodies) {
      const err = text(body);
      const out = JSON.stringify(err);
      for (const secret of [
        "q8Zt3xPmW9vLk2Rb7Hd",
        "9f8e7d6c5b4a39281706",
        "ABCDEF_Q8ZT3XPMW9",
        "p4ssw0rdXYZ",
      ])
        expect(out).not.toContain(secret);
    }
  });

  it("an id phrase inside prose neither cuts the message nor keeps trailing punctuation", () => {
    const err = decode({
      status: 402,
      headers: { "content-type": "text/plain" },
      body: "Payment failed (reference 12345678). Your card was declined.",
    });
    expect(err.message).toBe("Payment failed (reference 12345678). Your card was declined.");
    const id = decode({
      status: 500,
      headers: { "content-type": "text/plain" },
      body: "Oops. Error ID: 1a2b3c4d5e6f.",
    });
    expect(id.requestId).toBe("1a2b3c4d5e6f");
  });

  it("markup that is neither HTML nor an XML error document is read as text (a PHP warning)", () => {
    const body = "<br />\n<b>Fatal error</b>: Uncaught Exception: boom in /var/www/index.php:3";
    const err = decode({ status: 500, headers: { "content-type": "text/html" }, body });
    expect(err.message).toContain("Fatal error");
  });

  it("generic wrappers, all-caps states, JSON-RPC data and Google's page title stay out of the code and message", () => {
    const code = (status: number, body: object) => decode({ status, body: JSON.stringify(body) }).code;
    expect(code(400, { errorResponse: { message: "x" } })).toBeUndefined();
    expect(code(400, { status: "ACTIVE", message: "x" })).toBeUndefined();
    expect(
      code(400, { jsonrpc: "2.0", error: { code: -32602, message: "x", data: { code: "INVALID_URI" } } }),
    ).toBe("-32602");
    expect(htmlMessage(404, "<!DOCTYPE html><html><title>Error 404 (Not Found)!!1</title></html>")).toBe(
      "Error 404 (Not Found)!!1",
    );
  });

  it("hostile values never make decode fall back: a status or severity object without a prototype", () => {
    const bare = Object.create(null);
    expect(decode({ status: 404, body: { error: { code: 404, status: bare, message: "x" } } })._tag).toBe(
      "NotFound",
    );
    const fhir = { resourceType: "OperationOutcome", issue: [{ severity: bare, code: "x" }] };
    expect(decode({ status: 404, body: fhir })._tag).toBe("NotFound");
  });

  it("trailing separators before an id are trimmed in linear time", () => {
    // A quadratic trim of these bodies takes seconds.
    const ends = `a${"-".repeat(65_400)} Request ID: abc1234567`;
    decodesInBoundedTime(500, "text/plain", [`a${"-".repeat(65_496)}x Request ID: abc1234567`, ends]);
    expect(decode({ status: 500, headers: { "content-type": "text/plain" }, body: ends }).requestId).toBe(
      "abc1234567",
    );
  });

  it("the message of a secret-named field in a field-error map is not echoed", () => {
    for (const body of [
      { fieldErrors: { password: ["hunter2pass"] } },
      { errors: { password: ["hunter2pass"] } },
    ]) {
      const err = decode({ status: 400, body: JSON.stringify(body) });
      expect(JSON.stringify(err)).not.toContain("hunter2pass");
      expect(err.field).toBe("password");
    }
  });
});
