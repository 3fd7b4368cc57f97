import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isApiError, makeError } from "./ApiError";
import { decode } from "./decode";
import { encode, wireFormats } from "./encode";
import { standardCatalog } from "./standard";
import { isRetryableStatus } from "./status";

const header = fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }));
const body = fc.oneof(
  fc.string({ maxLength: 2_000 }),
  fc.json({ maxDepth: 6 }),
  fc.jsonValue({ maxDepth: 6 }),
  fc.uint8Array({ maxLength: 2_000 }),
  fc.anything(),
  fc.constantFrom(undefined, null),
);

describe("decode is total", () => {
  it("never throws and always returns one of our errors, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -10, max: 1_000 }), fc.double(), fc.anything()),
        fc.array(header, { maxLength: 8 }),
        body,
        (status, headers, b) => {
          const err = decode({ status: status as number, headers, body: b });
          expect(isApiError(err)).toBe(true);
          expect(typeof err.message).toBe("string");
          expect(typeof err.retryable).toBe("boolean");
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("never throws on hostile objects (throwing getters, proxies)", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("boom");
        },
        ownKeys() {
          throw new Error("boom");
        },
      },
    );
    expect(isApiError(decode({ status: 400, headers: hostile as never, body: hostile }))).toBe(true);
    expect(isApiError(decode(hostile as never))).toBe(true);
    expect(isApiError(decode(null as never))).toBe(true);
  });

  it("does bounded work on deep and huge bodies", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const deepObject = `${'{"error":'.repeat(50_000)}1${"}".repeat(50_000)}`;
    const huge = JSON.stringify({ code: "X", message: "y".repeat(5 * 1024 * 1024) });
    for (const b of [deep, deepObject, huge]) {
      const err = decode({ status: 400, body: b });
      expect(isApiError(err)).toBe(true);
      expect(err.message.length).toBeLessThanOrEqual(2_001);
    }
  });

  it("never pollutes prototypes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("__proto__", "constructor", "prototype"),
        fc.jsonValue({ maxDepth: 3 }),
        (key, value) => {
          const text = `{"${key}":{"polluted":true,"code":"X"},"error":{"${key}":{"polluted":true},"code":"${key}","details":{"${key}":{"polluted":true}}}}`;
          const err = decode({ status: 400, body: text }, { catalog: standardCatalog });
          decode({ status: 400, body: { [key]: value } });
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.prototype).not.toHaveProperty("polluted");
          expect(err.code).toBe(key);
          expect(standardCatalog.has(err.code)).toBe(false);
        },
      ),
    );
  });
});

describe("decode(encode(e)) gives e back", () => {
  const code = fc.constantFrom(...standardCatalog.list);
  const text = fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim() !== "");
  const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);

  it("for every standard code in every format", () => {
    fc.assert(
      fc.property(
        code,
        fc.constantFrom(...wireFormats),
        text,
        fc.option(id, { nil: undefined }),
        fc.option(id, { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: undefined }),
        fc.option(fc.dictionary(id, fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean())), {
          nil: undefined,
        }),
        (c, format, message, requestId, field, retryAfterMs, rawDetails) => {
          const spec = standardCatalog.get(c)!;
          const server = spec.status >= 500;
          const details =
            c === "INSUFFICIENT_BALANCE" ? { required: "100.00", available: "50.50" } : rawDetails;
          const e = makeError({
            status: spec.status,
            code: c,
            message: server ? (spec.description ?? "") : message,
            requestId,
            field: server ? undefined : field,
            details: server ? undefined : details,
            retryAfterMs,
            retryable: spec.retryable ?? isRetryableStatus(spec.status),
          });
          const back = decode(encode(e, { format, catalog: standardCatalog }), { catalog: standardCatalog });
          expect({ ...(back.toJSON() as object), response: undefined }).toEqual({
            ...(e.toJSON() as object),
            response: undefined,
          });
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
