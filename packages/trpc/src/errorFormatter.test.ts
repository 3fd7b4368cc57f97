import { defineCatalog, ServiceUnavailableError, TooManyRequestsError } from "@faultline/core";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createFaultlineErrorFormatter } from "./errorFormatter";
import { toTRPCError } from "./middleware";

const catalog = defineCatalog({
  MAINTENANCE: { status: 503, title: "Maintenance", description: "We are upgrading; back soon." },
  QUOTA_EXHAUSTED: { status: 429, title: "Quota exhausted", retryable: false },
});

describe("createFaultlineErrorFormatter", () => {
  it("uses the catalog's description as the public message of a 5xx code", () => {
    const format = createFaultlineErrorFormatter({ catalog });
    const shape = format({
      error: toTRPCError(new ServiceUnavailableError({ code: "MAINTENANCE", message: "node-7 disk full" })),
    });
    expect(shape.message).toBe("We are upgrading; back soon.");
    expect(shape.data.faultline.message).toBe("We are upgrading; back soon.");
    expect(JSON.stringify(shape)).not.toContain("node-7");
    expect(shape.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503 });
  });

  it("lets the catalog decide retryability per code", () => {
    const format = createFaultlineErrorFormatter({ catalog });
    const shape = format({ error: toTRPCError(new TooManyRequestsError({ code: "QUOTA_EXHAUSTED" })) });
    expect(shape.data.faultline.retryable).toBe(false);
  });

  it("survives a requestId option that throws", () => {
    const format = createFaultlineErrorFormatter<{ id: string }>({
      requestId: () => {
        throw new Error("no context");
      },
    });
    const shape = format({ error: new TRPCError({ code: "NOT_FOUND" }), ctx: undefined, path: "post.byId" });
    expect(shape.data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404, path: "post.byId" });
    expect(shape.data.faultline.requestId).toBeUndefined();
  });
});
