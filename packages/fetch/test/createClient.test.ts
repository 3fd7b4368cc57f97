import { type ApiError, isApiError, standardCatalog } from "@faultline/core";
import {
  echo,
  json,
  neverEnding,
  reply,
  resetMidBody,
  sequence,
  startServer,
  type TestServer,
  truncatedJson,
} from "@faultline/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/index";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    "/echo": echo,
    "GET /empty": reply({ status: 204 }),
    "GET /text": reply({ status: 200, headers: { "content-type": "text/plain" }, body: "hello" }),
    "GET /truncated": truncatedJson(200, { items: [1, 2, 3], more: "z".repeat(100) }),
    "GET /reset-then-ok": sequence(resetMidBody({ status: 200 }), json(200, { ok: true })),
    "GET /stall": neverEnding({ status: 200, chunk: '{"items":[' }),
    "POST /balance": json(402, {
      success: false,
      error: { code: "INSUFFICIENT_BALANCE", message: "Not enough", field: "amount" },
      meta: { requestId: "req_b", timestamp: "2026-01-01T00:00:00Z" },
    }),
  });
});
afterAll(() => server.close());

const fast = { baseDelayMs: 5, maxDelayMs: 20 };
const caught = (p: Promise<unknown>): Promise<ApiError> =>
  p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => {
      expect(isApiError(e)).toBe(true);
      return e as ApiError;
    },
  );

describe("createClient", () => {
  it("get parses JSON, builds the query, asks for JSON", async () => {
    const client = createClient({ baseUrl: server.url });
    const body = await client.get<{ url: string; headers: Record<string, string> }>("/echo", {
      query: { page: 2, tag: ["a", "b"], skip: undefined },
    });
    expect(body.url).toBe("/echo?page=2&tag=a&tag=b");
    expect(body.headers.accept).toBe("application/json");
  });

  it("post/put/patch/delete send JSON bodies", async () => {
    const client = createClient({ baseUrl: server.url });
    for (const method of ["post", "put", "patch"] as const) {
      const body = await client[method]<{ method: string; body: string; headers: Record<string, string> }>(
        "/echo",
        {
          a: 1,
        },
      );
      expect(body.method).toBe(method.toUpperCase());
      expect(JSON.parse(body.body)).toEqual({ a: 1 });
      expect(body.headers["content-type"]).toBe("application/json");
    }
    expect(((await client.delete("/echo")) as { method: string }).method).toBe("DELETE");
  });

  it("returns undefined for 204 and text for non-JSON bodies", async () => {
    const client = createClient({ baseUrl: server.url });
    expect(await client.get("/empty")).toBeUndefined();
    expect(await client.get("/text")).toBe("hello");
  });

  it("truncated JSON in a success body rejects with Unexpected", async () => {
    const client = createClient({ baseUrl: server.url, retry: fast });
    const error = await caught(client.get("/truncated"));
    expect(error._tag).toBe("Unexpected");
    expect(error.status).toBe(200);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("a success body reset mid-way is a Network error, and a GET is retried", async () => {
    const client = createClient({ baseUrl: server.url, retry: fast });
    expect(await client.get("/reset-then-ok")).toEqual({ ok: true });
    expect(server.requests.filter((r) => r.url === "/reset-then-ok")).toHaveLength(2);
  });

  it("a success body that never ends times out", async () => {
    const client = createClient({ baseUrl: server.url, timeoutMs: 150, retry: false });
    const error = await caught(client.get("/stall"));
    expect(error._tag).toBe("Timeout");
    expect(error.message).toMatch(/reading the response body/);
  });

  it("rejects with the error typed by the catalog; isError narrows", async () => {
    const client = createClient({ baseUrl: server.url, catalog: standardCatalog });
    try {
      await client.post("/balance", { amount: 10 });
      expect.unreachable();
    } catch (error) {
      expect(client.isError(error)).toBe(true);
      if (!client.isError(error)) return;
      expect(error.code).toBe("INSUFFICIENT_BALANCE");
      expect(error.field).toBe("amount");
      expect(error.requestId).toBe("req_b");
      expect(client.isError(new Error("x"))).toBe(false);
    }
  });

  it("client.fetch is the drop-in fetch with the same options", async () => {
    const client = createClient({ baseUrl: server.url });
    const res = await client.fetch("/text");
    expect(await res.text()).toBe("hello");
  });
});
