import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { types } from "node:util";
import * as Effect from "effect/Effect";
import { match } from "ts-pattern";
import { describe, expect, it } from "vitest";
import {
  type ApiError,
  ApiErrorTypeId,
  copyError,
  errorClasses,
  isApiError,
  isApiErrorJSON,
  makeError,
  NotFoundError,
  reviveError,
  TooManyRequestsError,
} from "./ApiError";
import { decode } from "./decode";
import { fromUnknown } from "./fromUnknown";
import { withAttempts } from "./retry/policy";
import { apiErrorTags } from "./status";

describe("the error model", () => {
  it("every kind is an Effect tagged error with the documented fields", () => {
    for (const tag of apiErrorTags) {
      const err = new errorClasses[tag]({ code: "C", requestId: "r" });
      expect(err).toBeInstanceOf(Error);
      expect(err._tag).toBe(tag);
      expect(err.name).toBe(tag);
      for (const key of [
        "status",
        "code",
        "message",
        "requestId",
        "field",
        "details",
        "retryAfterMs",
        "rateLimit",
        "retryable",
        "response",
      ]) {
        expect(key in err).toBe(true);
      }
    }
  });

  it("works with Effect.fail, yield*, catchTag and catchTags", async () => {
    const program = Effect.gen(function* () {
      return yield* new NotFoundError({ code: "NOT_FOUND" });
    });
    const viaTag = await Effect.runPromise(
      program.pipe(Effect.catchTag("NotFound", (e) => Effect.succeed(`tag:${e.code}`))),
    );
    expect(viaTag).toBe("tag:NOT_FOUND");
    const failing: Effect.Effect<string, ApiError> = Effect.fail(
      decode({ status: 429, headers: { "retry-after": "1" } }),
    );
    const viaTags = await Effect.runPromise(
      failing.pipe(
        Effect.catchTags({
          TooManyRequests: (e) => Effect.succeed(`wait ${e.retryAfterMs}`),
          NotFound: () => Effect.succeed("missing"),
        }),
        Effect.catch(() => Effect.succeed("other")),
      ),
    );
    expect(viaTags).toBe("wait 1000");
  });

  it("yields itself once per iteration, then completes with what is sent back (Effect's single shot)", () => {
    const err = new NotFoundError({});
    const first = err[Symbol.iterator]();
    expect(first.next()).toEqual({ value: err, done: false });
    expect(first.next("sent")).toEqual({ value: "sent", done: true });
    expect(first.next()).toEqual({ value: undefined, done: true });
    const second = err[Symbol.iterator]();
    expect(second.next()).toEqual({ value: err, done: false });
  });

  it("works with ts-pattern", () => {
    const err: ApiError = decode({ status: 404, body: '{"code":"NOT_FOUND"}' });
    const out = match(err)
      .with({ _tag: "NotFound" }, (e) => `nf:${e.code}`)
      .otherwise(() => "other");
    expect(out).toBe("nf:NOT_FOUND");
  });

  it("every error has one layout, built by hand or decoded: an Effect-yieldable Error, with the fields in one order", () => {
    const cause = new Error("boom");
    const built = new NotFoundError({ code: "NOT_FOUND", message: "No such user", cause });
    const decoded = decode({ status: 404, body: '{"code":"NOT_FOUND","message":"No such user"}' }, { cause });
    for (const err of [built, decoded]) {
      expect(err).toBeInstanceOf(Error);
      expect(Effect.isEffect(err)).toBe(true);
      expect(Object.keys(err)).toEqual([
        "status",
        "retryable",
        "code",
        "requestId",
        "field",
        "details",
        "retryAfterMs",
        "rateLimit",
        "response",
        "request",
        "attempts",
        "elapsedMs",
        "_tag",
      ]);
      expect(Object.getOwnPropertyDescriptor(err, "message")).toEqual({
        value: "No such user",
        writable: true,
        enumerable: false,
        configurable: true,
      });
      expect(Object.getOwnPropertyDescriptor(err, "cause")?.enumerable).toBe(false);
      expect(err.cause).toBe(cause);
      expect(ApiErrorTypeId in err).toBe(true);
      expect(err.stack?.split("\n")[0]).toBe("NotFound: No such user");
    }
    // Decoded errors carry no stack frames: they would only point into the decoder.
    expect(decoded.stack).toBe("NotFound: No such user");
    expect(built.stack?.split("\n").length).toBeGreaterThan(1);
    expect(types.isNativeError(decoded)).toBe(true);
    // Decoding leaves the app's own stack trace limit as it was, whatever it is.
    const limit = Error.stackTraceLimit;
    try {
      for (const set of [25, 0, undefined]) {
        Error.stackTraceLimit = set as number;
        const again = decode({ status: 404, body: '{"message":"No such user"}' });
        expect(again.stack).toBe("NotFound: No such user");
        expect(Error.stackTraceLimit).toBe(set);
      }
    } finally {
      Error.stackTraceLimit = limit;
    }
    // A falsy cause other than `undefined` stays an enumerable field.
    expect(Object.keys(new NotFoundError({ cause: 0 }))).toContain("cause");
  });

  it("makeError picks the kind by status", () => {
    expect(makeError({ status: 409 })._tag).toBe("Conflict");
    expect(makeError({ status: 418 })._tag).toBe("ClientError");
    expect(makeError({ status: 507 })._tag).toBe("ServerError");
    expect(makeError("Timeout")._tag).toBe("Timeout");
  });
});

describe("serialization", () => {
  it("toJSON and reviveError keep kind, code and every field", () => {
    const err = decode({
      status: 429,
      headers: {
        "retry-after": "3",
        "x-request-id": "req_9",
        "x-ratelimit-limit": "10",
        "x-ratelimit-remaining": "0",
      },
      body: '{"error":{"code":"RATE_LIMITED","message":"slow down","field":"q","details":{"window":"1m"}}}',
    });
    const json = JSON.parse(JSON.stringify(err));
    expect(isApiErrorJSON(json)).toBe(true);
    const back = reviveError(json);
    expect(back).toBeInstanceOf(TooManyRequestsError);
    expect(back.toJSON()).toEqual(err.toJSON());
  });

  it("reviving garbage gives an Unexpected error, never a throw", () => {
    for (const junk of [null, 1, "x", { _tag: "Nope" }, { _tag: "NotFound" }]) {
      expect(reviveError(junk)._tag).toBe("Unexpected");
    }
  });

  it("fromUnknown passes our errors through and revives their JSON", () => {
    const err = new NotFoundError({ code: "X" });
    expect(fromUnknown(err)).toBe(err);
    expect(fromUnknown(err.toJSON())._tag).toBe("NotFound");
    expect(fromUnknown(new DOMException("aborted", "AbortError"))._tag).toBe("Aborted");
    expect(fromUnknown(new DOMException("timed out", "TimeoutError"))._tag).toBe("Timeout");
    expect(fromUnknown(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }))._tag).toBe(
      "Network",
    );
    expect(
      fromUnknown({ response: { status: 404, headers: {}, data: { code: "NOT_FOUND" } } }),
    ).toMatchObject({ _tag: "NotFound", code: "NOT_FOUND" });
    expect(fromUnknown("weird")._tag).toBe("Unexpected");
  });
});

describe("guards across two copies of the package", () => {
  it("isApiError recognises errors made by another copy of the built package", async () => {
    const dist = join(import.meta.dirname, "../dist");
    const copy = mkdtempSync(join(tmpdir(), "faultline-copy-"));
    cpSync(dist, copy, { recursive: true });
    const other = (await import(pathToFileURL(join(copy, "index.js")).href)) as typeof import("./index");
    const foreign = other.decode({ status: 404, body: '{"code":"NOT_FOUND"}' });
    expect(foreign).not.toBeInstanceOf(NotFoundError);
    expect(isApiError(foreign)).toBe(true);
    expect(other.isApiError(new NotFoundError({}))).toBe(true);
    expect(fromUnknown(foreign)).toBe(foreign);
  });
});

describe("reviveError treats its input as hostile", () => {
  it("redacts the snapshots it revives and clips strings", () => {
    const err = reviveError({
      _tag: "BadRequest",
      name: "BadRequest",
      status: 400,
      message: "x".repeat(50_000),
      retryable: false,
      code: "C".repeat(10_000),
      response: {
        status: 400,
        headers: { Authorization: "Bearer abc.def.ghi", "x-api-key": "sk_live_abcdefghijklmnop1234" },
        body: '{"password":"hunter22"} '.repeat(5_000),
        url: "https://u:pw@api.example.com/?api_key=sk_live_abcdefghijklmnop1234",
      },
      request: { method: "post", url: "https://u:pw@api.example.com/", idempotencyKey: "yes" },
    });
    expect(err.message.length).toBeLessThanOrEqual(2_001);
    expect(err.code?.length).toBeLessThanOrEqual(200);
    const text = JSON.stringify(err);
    expect(text).not.toContain("sk_live_abcdefghijklmnop1234");
    expect(text).not.toContain("abc.def.ghi");
    expect(text).not.toContain(":pw@");
    expect(err.response?.body?.length).toBeLessThanOrEqual(16 * 1024);
    expect(err.request).toEqual({
      method: "POST",
      url: expect.not.stringContaining("pw") as never,
      idempotencyKey: false,
    });
  });
  it("keeps only sane numbers and a well-formed rateLimit", () => {
    const err = reviveError({
      _tag: "TooManyRequests",
      name: "TooManyRequests",
      status: -5,
      message: "m",
      retryable: true,
      attempts: -1,
      elapsedMs: Number.NaN,
      retryAfterMs: -3,
      rateLimit: { limit: "a lot", remaining: -1, resetMs: 42 },
    });
    expect(err.status).toBe(429);
    expect(err.attempts).toBeUndefined();
    expect(err.elapsedMs).toBeUndefined();
    expect(err.retryAfterMs).toBeUndefined();
    expect(err.rateLimit).toEqual({ resetMs: 42 });
  });
  it("never throws, and never builds a huge object from a long string", () => {
    expect(reviveError("x".repeat(1_000_000))._tag).toBe("Unexpected");
    expect(reviveError("x".repeat(1_000_000)).details).toBeUndefined();
    const hostile = new Proxy(
      { _tag: "BadRequest", status: 400, message: "m", retryable: false },
      {
        ownKeys: () => {
          throw new Error("boom");
        },
      },
    );
    expect(() => reviveError(hostile)).not.toThrow();
  });
});

describe("copyError: one owner of the field list", () => {
  it("copies every field, the cause and the stack without building or redacting again", () => {
    const cause = new Error("root");
    const err = new TooManyRequestsError({
      code: "RATE_LIMITED",
      retryAfterMs: 5,
      rateLimit: { remaining: 0 },
      cause,
    });
    const copy = copyError(err, { attempts: 3, elapsedMs: 10.4 });
    expect(copy).toMatchObject({
      _tag: "TooManyRequests",
      code: "RATE_LIMITED",
      retryAfterMs: 5,
      rateLimit: { remaining: 0 },
      attempts: 3,
      elapsedMs: 10,
    });
    expect(copy.cause).toBe(cause);
    expect(copy.stack).toBe(err.stack);
    expect(isApiError(copy)).toBe(true);
    expect(copy).toBeInstanceOf(TooManyRequestsError);
  });

  it("makes a native error, as the original is, wherever a copy is made (retry, attempts, request)", () => {
    const err = new TooManyRequestsError({
      code: "RATE_LIMITED",
      message: "slow down",
      cause: new Error("root"),
    });
    const copies = [copyError(err, { attempts: 2 }), withAttempts(err, 3, 12), copyError(err, {})];
    for (const copy of copies) {
      expect(types.isNativeError(copy)).toBe(types.isNativeError(err));
      expect(Object.prototype.toString.call(copy)).toBe("[object Error]");
      const isError = (Error as { isError?: (u: unknown) => boolean }).isError;
      if (isError !== undefined) expect(isError(copy)).toBe(true);
      expect(copy.stack).toBe(err.stack);
      expect(Object.keys(copy)).toEqual(Object.keys(err));
      // structuredClone keeps an error's message and kind of object only for native errors.
      const cloned = structuredClone(copy) as unknown;
      expect(cloned).toBeInstanceOf(Error);
      expect((cloned as Error).message).toBe("slow down");
    }
  });

  it("copies a frozen error", () => {
    const err = Object.freeze(new TooManyRequestsError({ code: "RATE_LIMITED", message: "slow down" }));
    const copy = copyError(err, { attempts: 2, message: "slower" });
    expect([copy.code, copy.attempts, copy.message]).toEqual(["RATE_LIMITED", 2, "slower"]);
  });

  it("keeps no stack on the copy when the original's stack cannot be read", () => {
    const err = new TooManyRequestsError({});
    Object.defineProperty(err, "stack", {
      get() {
        throw new Error("exotic");
      },
    });
    const copy = copyError(err, { attempts: 2 });
    expect(Object.hasOwn(copy, "stack")).toBe(false);
    expect(copy.attempts).toBe(2);
  });
});
