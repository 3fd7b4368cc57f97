import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadRequestError, InternalServerError, TooManyRequestsError, UnexpectedError } from "./ApiError";
import { decode } from "./decode";
import { encode, toResponse, type WireFormat, wireFormats } from "./encode";
import { fromUnknown } from "./fromUnknown";

describe("encode never leaks and never throws", () => {
  it("a server-side kind decoded from HTTP 200 renders as a 5xx with only the public message", () => {
    const err = decode({
      status: 200,
      headers: { "content-type": "application/json" },
      body: { ok: false, error: "internal_error", detail: "db at 10.0.0.3 refused password" },
    });
    expect(err._tag).toBe("InternalServerError");
    for (const format of wireFormats) {
      const res = encode(err, { format });
      expect(res.status).toBe(500);
      expect(res.body).not.toContain("10.0.0.3");
      expect(res.body).not.toContain("stack");
    }
  });
  it("a server's own failure wrapped by fromUnknown renders as 500, an unreadable upstream as 502", () => {
    expect(encode(fromUnknown(new Error("null is not an object"))).status).toBe(500);
    expect(encode(decode({ status: 200, body: "<html>ok</html>" })).status).toBe(502);
  });
  it("sanitizes header values so toResponse never throws", () => {
    const err = new BadRequestError({ requestId: "req\r\nSet-Cookie: evil=1\u0000\u2603" });
    const res = toResponse(err);
    expect(res.headers.get("x-request-id")).toMatch(/^reqSet-Cookie: /);
    expect(res.headers.get("set-cookie")).toBeNull();
  });
  it("BigInt, cycles and functions in details do not make JSON.stringify, encode or toResponse throw", () => {
    const details: Record<string, unknown> = { amount: 10n, fn: () => 1 };
    details.self = details;
    const err = new BadRequestError({ details });
    expect(() => JSON.stringify(err)).not.toThrow();
    expect(JSON.parse(encode(err).body).details).toMatchObject({ amount: "10" });
    expect(() => toResponse(err)).not.toThrow();
  });
  it("a field whose getter throws is left out, not thrown", () => {
    const err = new BadRequestError({ code: "BAD", message: "Bad input", field: "email" });
    for (const key of ["details", "field", "requestId", "rateLimit"]) {
      Object.defineProperty(err, key, {
        get() {
          throw new Error(`${key} getter`);
        },
      });
    }
    for (const format of wireFormats) {
      const res = encode(err, { format });
      expect(res.status).toBe(400);
      expect(res.body).toContain("Bad input");
      expect(res.body).not.toContain("email");
    }
    expect(toResponse(err).status).toBe(400);
  });

  it("an unknown format is a clear error", () => {
    expect(() => encode(new BadRequestError({}), { format: "F9" as WireFormat })).toThrow(
      /unknown format "F9"; expected one of F1/,
    );
  });
  it("a huge hint is written as an integer Retry-After that decodes back", () => {
    const res = encode(new TooManyRequestsError({ retryAfterMs: 9e15 }));
    expect(res.headers["retry-after"]).toMatch(/^\d+$/);
    expect(res.headers["retry-after-ms"]).toBeUndefined();
    const back = decode({ status: res.status, headers: res.headers, body: res.body });
    expect(back.retryAfterMs).toBe(Number(res.headers["retry-after"]) * 1000);
  });
  it("toResponse(decode(x)) never throws for any x", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 700 }),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 }), { maxKeys: 5 }),
        fc.oneof(fc.string(), fc.jsonValue(), fc.constant(undefined)),
        fc.constantFrom(...wireFormats),
        (status, headers, body, format) => {
          const res = toResponse(decode({ status, headers, body }), { format });
          expect(res.status).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 300 },
    );
  });
  it("unexpected kinds carry no internals into the body", () => {
    const body = encode(new UnexpectedError({ message: "token sk_live_abcdefghijklmnop1234 leaked" })).body;
    expect(body).not.toContain("sk_live");
    expect(encode(new InternalServerError({ message: "at db.ts:42" })).body).not.toContain("db.ts");
  });
});
