import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awsErrorType, awsQueryErrorCode } from "./aws";
import { parseBearerChallenge } from "./challenge";
import { completeExtracted } from "./extract";
import { extractJson } from "./formats";
import { isThrottlingId } from "./throttling";

describe("awsErrorType (Smithy)", () => {
  it.each([
    ["FooError", "FooError"],
    ["com.example#FooError", "FooError"],
    ["FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"],
    ["aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/x#y", "FooError"],
  ])("%s -> %s", (input, expected) => {
    expect(awsErrorType(input)).toBe(expected);
  });

  it("gives nothing for an empty type and reads the query-compatible code", () => {
    expect(awsErrorType("ns#")).toBeUndefined();
    expect(awsQueryErrorCode("AWS.SimpleQueueService.NonExistentQueue;Sender")).toBe(
      "AWS.SimpleQueueService.NonExistentQueue",
    );
  });
});

describe("parseBearerChallenge (RFC 6750)", () => {
  it("reads error, description and scope, with escapes in quoted strings", () => {
    expect(
      parseBearerChallenge(
        'Bearer realm="a\\"b", error="invalid_token", error_description="x \\"y\\"", scope="r w"',
      ),
    ).toEqual({ error: "invalid_token", description: 'x "y"', scope: "r w" });
  });

  it("takes the first challenge that has an error", () => {
    expect(parseBearerChallenge('Basic realm="x", Bearer error=invalid_request')?.error).toBe(
      "invalid_request",
    );
    expect(parseBearerChallenge('Bearer realm="x"')).toBeUndefined();
  });

  it("never throws and does bounded work on any header", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (header) => {
        parseBearerChallenge(header);
      }),
    );
    const start = performance.now();
    parseBearerChallenge(`Bearer error="${"\\".repeat(100_000)}`);
    parseBearerChallenge("a=".repeat(100_000));
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe("isThrottlingId", () => {
  it.each([
    "ThrottlingException",
    "Throttling",
    "SlowDown",
    "RequestLimitExceeded",
    "rateLimitExceeded",
    "RATE_LIMITED",
    "rate_limit_error",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    // Documented throttling codes (AWS, EC2, S3, Slack, GraphQL servers, Stripe-style APIs).
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "BandwidthLimitExceeded",
    "ratelimited",
    "rate_limited",
    "rate_limit_exceeded",
    "RATE_LIMIT_EXCEEDED",
    "THROTTLED",
    "TooManyRequests",
  ])("%s is throttling", (id) => expect(isThrottlingId(id)).toBe(true));
  it.each([
    "insufficient_quota",
    "dailyLimitExceeded",
    "quotaExceeded",
    "NOT_FOUND",
    "overloaded_error",
    undefined,
  ])("%s is not", (id) => expect(isThrottlingId(id)).toBe(false));
});

describe("completeExtracted", () => {
  it("prefers a sent request id to a body trace id, and a body request id to both", () => {
    const headers = new Map([["x-request-id", "req_h"]]);
    expect(
      completeExtracted(extractJson({ message: "m", traceId: "t" }), headers, ["x-request-id"])?.requestId,
    ).toBe("req_h");
    expect(
      completeExtracted(extractJson({ message: "m", request_id: "req_b" }), headers, ["x-request-id"])
        ?.requestId,
    ).toBe("req_b");
    expect(completeExtracted(extractJson({ message: "m", traceId: "t" }), new Map(), [])?.requestId).toBe(
      "t",
    );
  });

  it("cuts and redacts identifiers", () => {
    const out = completeExtracted(
      extractJson({ code: "ghp_abcdefghijklmnopqrstuvwxyz0123", field: "x".repeat(5_000), message: "m" }),
      new Map(),
      [],
    );
    expect(out?.code).toBe("[REDACTED]");
    expect(out?.field?.length).toBe(500);
  });

  it("keeps prototype keys as data", () => {
    const body = JSON.parse('{"__proto__":["polluted"],"constructor":["bad"],"amount":["bad"]}');
    const out = completeExtracted(extractJson(body), new Map(), []);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(out?.field).toBe("__proto__");
  });
});
