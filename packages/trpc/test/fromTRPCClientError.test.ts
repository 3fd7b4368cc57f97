import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { defineCatalog, NotFoundError, standardCatalog, TooManyRequestsError } from "@faultline/core";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { initTRPC, TRPCError } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultlineFetch, fromTRPCClientError } from "../src/client";

const caught = async (call: Promise<unknown>): Promise<unknown> => {
  try {
    await call;
  } catch (thrown) {
    return thrown;
  }
  throw new Error("the call did not fail");
};

// A server that knows nothing of Faultline: tRPC's default formatter.
const t = initTRPC.create();
const plainRouter = t.router({
  limited: t.procedure.query((): string => {
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "slow down" });
  }),
  unavailable: t.procedure.query((): string => {
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "maintenance" });
  }),
});

let plain: { url: string; close: () => void };
let proxy: { url: string; close: () => void };
beforeAll(async () => {
  const server = createHTTPServer({
    router: plainRouter,
    responseMeta: ({ errors }) => (errors.length > 0 ? { headers: { "retry-after": "7" } } : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  plain = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
  const html = createServer((_req, res) => {
    res.writeHead(502, { "content-type": "text/html", "retry-after": "3" });
    res.end("<html><body>Bad gateway</body></html>");
  });
  await new Promise<void>((resolve) => html.listen(0, "127.0.0.1", resolve));
  proxy = { url: `http://127.0.0.1:${(html.address() as AddressInfo).port}`, close: () => html.close() };
});
afterAll(() => {
  plain.close();
  proxy.close();
});

describe("fromTRPCClientError", () => {
  it("reads tRPC's code and status from a server without the formatter (no shared 5xx number)", async () => {
    const client = createTRPCClient<typeof plainRouter>({ links: [httpLink({ url: plain.url })] });
    const limited = fromTRPCClientError(await caught(client.limited.query()));
    expect([limited._tag, limited.status, limited.code, limited.message]).toEqual([
      "TooManyRequests",
      429,
      "TOO_MANY_REQUESTS",
      "slow down",
    ]);
    expect(limited.retryAfterMs).toBe(7_000);
    const unavailable = fromTRPCClientError(await caught(client.unavailable.query()));
    expect([unavailable._tag, unavailable.status]).toEqual(["ServiceUnavailable", 503]);
  });

  it("keeps the status and hint of a non-JSON error answer (an HTML 502 from a proxy) with faultlineFetch", async () => {
    const client = createTRPCClient<typeof plainRouter>({
      links: [httpLink({ url: proxy.url, fetch: faultlineFetch() })],
    });
    const err = fromTRPCClientError(await caught(client.limited.query()));
    expect([err._tag, err.status, err.retryAfterMs]).toEqual(["BadGateway", 502, 3_000]);
  });

  it("without faultlineFetch, reports an unreadable answer as Unexpected (tRPC drops its status)", async () => {
    const client = createTRPCClient<typeof plainRouter>({ links: [httpLink({ url: proxy.url })] });
    const err = fromTRPCClientError(await caught(client.limited.query()));
    expect(err._tag).toBe("Unexpected");
  });

  it("leaves tRPC's own JSON answers to tRPC under faultlineFetch", async () => {
    const client = createTRPCClient<typeof plainRouter>({
      links: [httpLink({ url: plain.url, fetch: faultlineFetch() })],
    });
    const err = fromTRPCClientError(await caught(client.limited.query()));
    expect([err._tag, err.code, err.message]).toEqual(["TooManyRequests", "TOO_MANY_REQUESTS", "slow down"]);
  });

  it("passes core errors through and converts anything else without throwing", () => {
    const core = new NotFoundError({ code: "NOT_FOUND" });
    expect(fromTRPCClientError(core)).toBe(core);
    expect(fromTRPCClientError(new TRPCClientError("x", { cause: core }))).toBe(core);
    expect(fromTRPCClientError(new TypeError("Failed to fetch"))._tag).toBe("Network");
    expect(fromTRPCClientError(null)._tag).toBe("Unexpected");
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("boom");
        },
        has() {
          throw new Error("boom");
        },
      },
    );
    expect(fromTRPCClientError(hostile)._tag).toBe("Unexpected");
  });

  it("lets the catalog decide retryability per code", () => {
    const quota = defineCatalog({
      QUOTA_EXHAUSTED: { status: 429, title: "Quota exhausted", retryable: false },
    });
    const error = new TRPCClientError("quota", {
      result: {
        error: {
          code: -32029,
          message: "quota",
          data: { faultline: new TooManyRequestsError({ code: "QUOTA_EXHAUSTED" }).toJSON() },
        },
      },
    });
    expect(fromTRPCClientError(error).retryable).toBe(true);
    expect(fromTRPCClientError(error, { catalog: quota }).retryable).toBe(false);
  });

  it("ignores a data.faultline that is not an error's JSON", () => {
    const forged = new TRPCClientError("forged", {
      result: {
        error: {
          code: -32004,
          message: "forged",
          data: { code: "NOT_FOUND", httpStatus: 404, faultline: { _tag: "Nope", status: "x" } },
        },
      },
    });
    const err = fromTRPCClientError(forged, { catalog: standardCatalog });
    expect([err._tag, err.code]).toEqual(["NotFound", "NOT_FOUND"]);
  });
});
