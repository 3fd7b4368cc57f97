import { makeError, tagForStatus } from "@faultline/core";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";
import { isTRPCCode, trpcCodeForStatus, trpcCodeTable, wireStatus } from "./codes";

describe("the tRPC code table", () => {
  const rows = Object.entries(trpcCodeTable) as Array<
    [keyof typeof trpcCodeTable, (typeof trpcCodeTable)[keyof typeof trpcCodeTable]]
  >;

  it("has tRPC's own HTTP status for each of its 21 codes", () => {
    expect(rows).toHaveLength(21);
    for (const [code, row] of rows)
      expect([code, getHTTPStatusCodeFromError(new TRPCError({ code }))]).toEqual([code, row.status]);
  });

  it("agrees with core's status table on every kind", () => {
    for (const [code, row] of rows) expect([code, row.tag]).toEqual([code, tagForStatus(row.status)]);
  });

  it("maps statuses back to codes, preferring BAD_REQUEST, with 4xx/5xx fallbacks", () => {
    expect(trpcCodeForStatus(400)).toBe("BAD_REQUEST");
    expect(trpcCodeForStatus(503)).toBe("SERVICE_UNAVAILABLE");
    expect(trpcCodeForStatus(418)).toBe("BAD_REQUEST");
    expect(trpcCodeForStatus(507)).toBe("INTERNAL_SERVER_ERROR");
    for (const [code, row] of rows)
      if (code !== "PARSE_ERROR") expect(trpcCodeForStatus(row.status)).toBe(code);
  });

  it("recognises only its own keys", () => {
    expect(isTRPCCode("NOT_FOUND")).toBe(true);
    expect(isTRPCCode("__proto__")).toBe(false);
    expect(isTRPCCode("toString")).toBe(false);
    expect(isTRPCCode(404)).toBe(false);
  });

  it("answers transport kinds with the status core's encode uses", () => {
    expect(wireStatus(makeError("Network"))).toBe(502);
    expect(wireStatus(makeError("Timeout"))).toBe(504);
    expect(wireStatus(makeError("Aborted"))).toBe(499);
    expect(wireStatus(makeError("Unexpected"))).toBe(502);
    expect(wireStatus(makeError({ status: 418 }))).toBe(418);
  });
});
