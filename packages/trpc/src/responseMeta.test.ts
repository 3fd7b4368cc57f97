import { TooManyRequestsError } from "@faultline/core";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { faultlineErrorFormatter } from "./errorFormatter";
import { toTRPCError } from "./middleware";
import { faultlineResponseMeta } from "./responseMeta";

describe("faultlineResponseMeta", () => {
  it("converts the errors itself when the formatter did not run", () => {
    const error = toTRPCError(
      new TooManyRequestsError({ code: "RATE_LIMITED", retryAfterMs: 2_500, requestId: "r1" }),
    );
    expect(
      faultlineResponseMeta({ data: [{ error: { code: -32029, message: "x", data: {} } }], errors: [error] }),
    ).toEqual({
      status: 429,
      headers: { "retry-after": "3", "retry-after-ms": "2500", "x-request-id": "r1" },
    });
  });

  it("reads the formatted shapes and keeps the longest hint of a batch, leaving its status to tRPC", () => {
    const errors = [
      toTRPCError(new TooManyRequestsError({ retryAfterMs: 1_000 })),
      toTRPCError(new TooManyRequestsError({ retryAfterMs: 4_000 })),
    ];
    const data = errors.map((error) => ({ error: faultlineErrorFormatter({ error }) }));
    expect(faultlineResponseMeta({ data, errors })).toEqual({
      headers: { "retry-after": "4", "retry-after-ms": "4000" },
    });
  });

  it("leaves successful and streamed responses alone", () => {
    expect(faultlineResponseMeta({ data: [{ result: { data: 1 } }], errors: [] })).toEqual({});
    expect(
      faultlineResponseMeta({
        data: [],
        errors: [new TRPCError({ code: "NOT_FOUND" })],
        eagerGeneration: true,
      }),
    ).toEqual({});
  });
});
