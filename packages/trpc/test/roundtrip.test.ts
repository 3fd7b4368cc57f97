import {
  type ApiError,
  type ApiErrorTag,
  apiErrorTags,
  isApiError,
  publicMessage,
  standardCatalog,
  statusForTag,
} from "@faultline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromTRPCClientError } from "../src/client";
import { type LinkKind, makeClient, type Running, type Seen, servers } from "./fixture";

const httpTags = apiErrorTags.filter((tag) => statusForTag(tag) > 0);
const statusOf = (tag: ApiErrorTag): number =>
  tag === "ClientError" ? 418 : tag === "ServerError" ? 507 : statusForTag(tag);

const caught = async (call: Promise<unknown>): Promise<unknown> => {
  try {
    await call;
  } catch (thrown) {
    return thrown;
  }
  throw new Error("the call did not fail");
};

describe.each(servers)("round trip over the %s adapter", (_name, start) => {
  let server: Running;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server.close());

  describe.each(["httpLink", "httpBatchLink"] as const satisfies readonly LinkKind[])("with %s", (kind) => {
    it("carries every kind with code, field, details, request id and retry hint; single calls get the error's status", async () => {
      for (const tag of httpTags) {
        const seen: Seen[] = [];
        const client = makeClient(server.url, kind, seen);
        const status = statusOf(tag);
        const input = {
          tag,
          status,
          code: `CODE_${tag.toUpperCase()}`,
          message: `message for ${tag}`,
          field: "user.email",
          details: { reason: tag, limits: [1, 2, 3] },
          requestId: `req-${tag}`,
          retryAfterMs: 1_500,
        };
        const thrown = await caught(client.fail.query(input));
        const err = fromTRPCClientError(thrown);
        expect(isApiError(err)).toBe(true);
        expect(err._tag).toBe(tag);
        expect(err.status).toBe(status);
        expect(err.code).toBe(input.code);
        expect(err.message).toBe(status >= 500 ? publicMessage(err) : input.message);
        expect(err.field).toBe("user.email");
        expect(err.details).toEqual(input.details);
        expect(err.requestId).toBe(input.requestId);
        expect(err.retryAfterMs).toBe(1_500);
        expect(seen).toHaveLength(1);
        expect(seen[0]?.status).toBe(status);
        expect(seen[0]?.headers.get("retry-after")).toBe("2");
        expect(seen[0]?.headers.get("retry-after-ms")).toBe("1500");
        expect(seen[0]?.headers.get("x-request-id")).toBe(input.requestId);
      }
    });

    it("carries every code of the standard catalog with its status and kind", async () => {
      const seen: Seen[] = [];
      const client = makeClient(server.url, kind, seen);
      const results = await Promise.all(
        standardCatalog.list.map(async (code) => {
          const spec = standardCatalog.get(code);
          const thrown = await caught(
            client.fail.query({ status: spec?.status ?? 0, code, message: spec?.title ?? code }),
          );
          return { code, spec, err: fromTRPCClientError(thrown, { catalog: standardCatalog }) };
        }),
      );
      expect(results.length).toBe(standardCatalog.list.length);
      for (const { code, spec, err } of results) {
        expect(err.code).toBe(code);
        expect(err.status).toBe(spec?.status);
        expect(err.message).toBe((spec?.status ?? 0) >= 500 ? publicMessage(err) : spec?.title);
      }
      if (kind === "httpLink") {
        expect(seen.map((s) => s.status)).toEqual(expect.arrayContaining(results.map((r) => r.spec?.status)));
        expect(seen).toHaveLength(results.length);
      } else {
        expect(seen.length).toBeLessThan(results.length);
      }
    });

    it("turns transport kinds raised on the server into the status they are answered with", async () => {
      const expected = { Network: 502, Timeout: 504, Aborted: 499, Unexpected: 502 } as const;
      for (const [tag, status] of Object.entries(expected)) {
        const seen: Seen[] = [];
        const client = makeClient(server.url, kind, seen);
        const err = fromTRPCClientError(await caught(client.fail.query({ tag, code: "UPSTREAM" })));
        expect(err.status).toBe(status);
        expect(err.code).toBe("UPSTREAM");
        expect(seen[0]?.status).toBe(status);
      }
    });

    it("keeps the status of a core error thrown in a procedure without the middleware", async () => {
      const seen: Seen[] = [];
      const client = makeClient(server.url, kind, seen);
      const err = fromTRPCClientError(
        await caught(client.bareFail.query({ tag: "Conflict", code: "DUPLICATE_CANDIDATE", field: "email" })),
      );
      expect(err._tag).toBe("Conflict");
      expect(err.code).toBe("DUPLICATE_CANDIDATE");
      expect(err.field).toBe("email");
      expect(seen[0]?.status).toBe(409);
    });
  });

  it("answers a mixed-status batch with 207 and every result intact", async () => {
    const seen: Seen[] = [];
    const client = makeClient(server.url, "httpBatchLink", seen);
    const [ok, notFound, limited, boom] = await Promise.allSettled([
      client.ok.query(),
      client.fail.query({ tag: "NotFound", code: "NOT_FOUND", field: "id", requestId: "r-404" }),
      client.fail.query({ tag: "TooManyRequests", code: "RATE_LIMITED", retryAfterMs: 3_000 }),
      client.boom.query(),
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.status).toBe(207);
    expect(seen[0]?.headers.get("retry-after")).toBe("3");
    expect(ok).toEqual({ status: "fulfilled", value: "ok" });
    const errors = [notFound, limited, boom].map((r) => {
      expect(r.status).toBe("rejected");
      return fromTRPCClientError((r as PromiseRejectedResult).reason) as ApiError;
    });
    expect(errors.map((e) => [e._tag, e.status, e.code])).toEqual([
      ["NotFound", 404, "NOT_FOUND"],
      ["TooManyRequests", 429, "RATE_LIMITED"],
      ["InternalServerError", 500, "INTERNAL_SERVER_ERROR"],
    ]);
    expect(errors[0]?.field).toBe("id");
    expect(errors[0]?.requestId).toBe("r-404");
    expect(errors[1]?.retryAfterMs).toBe(3_000);
  });

  it("answers a batch whose calls fail alike with their shared status", async () => {
    const seen: Seen[] = [];
    const client = makeClient(server.url, "httpBatchLink", seen);
    const results = await Promise.allSettled([
      client.fail.query({ tag: "Conflict", code: "A" }),
      client.fail.query({ tag: "Conflict", code: "B" }),
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.status).toBe(409);
    expect(results.map((r) => fromTRPCClientError((r as PromiseRejectedResult).reason).code)).toEqual([
      "A",
      "B",
    ]);
  });

  it("fills the request id from the context when the error has none", async () => {
    const client = makeClient(server.url, "httpLink");
    const err = fromTRPCClientError(await caught(client.fail.query({ tag: "Forbidden" })));
    expect(err._tag).toBe("Forbidden");
    expect(err.requestId).toMatch(/^req_\d+$/);
  });
});
