import type { AddressInfo } from "node:net";
import { createIdempotencyKey, standardCatalog } from "@faultline/core";
import { faultlineRetryLink, fromTRPCClientError, idempotencyKeyHeaders } from "@faultline/trpc/client";
import { createTRPCClient, httpLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExampleServer } from "./server";
import { type AppRouter, createTRPCHandler } from "./trpc";

const server = createExampleServer({ mounts: { "/trpc": createTRPCHandler() } });
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (attempts: number) =>
  createTRPCClient<AppRouter>({
    links: [
      faultlineRetryLink({ attempts }),
      httpLink({ url: `${base}/trpc`, headers: idempotencyKeyHeaders }),
    ],
  });

const failure = async (promise: Promise<unknown>) => {
  const thrown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (thrown === undefined) throw new Error("the call succeeded");
  return fromTRPCClientError(thrown, { catalog: standardCatalog });
};

describe("the tRPC router at /trpc", () => {
  it.each(standardCatalog.list)("fails with %s as the catalog says, over HTTP", async (code) => {
    const spec = standardCatalog.get(code)!;
    const error = await failure(client(1).jobs.get.query({ path: "/jobs", fail: code }));
    expect({ code: error.code, status: error.status }).toEqual({ code, status: spec.status });
    expect(error.requestId).toMatch(/^req_[0-9a-f]{16}$/);
  });

  it("answers a single failed call with the error's status and the server's hint", async () => {
    const input = encodeURIComponent(JSON.stringify({ path: "/jobs", fail: "RATE_LIMITED" }));
    const res = await fetch(`${base}/trpc/jobs.get?input=${input}`);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("keeps typed details, and rejects bad input with a typed 400", async () => {
    const balance = await failure(
      client(1).balance.post.mutate({ path: "/balance/charges", fail: "INSUFFICIENT_BALANCE" }),
    );
    expect(balance).toMatchObject({
      _tag: "ClientError",
      status: 402,
      details: { required: "100.00", available: "50.50" },
    });
    const bad = await failure(client(1).jobs.get.query({ path: "/jobs", fail: "NOPE" }));
    expect(bad).toMatchObject({ _tag: "BadRequest", status: 400 });
  });

  it("fails N times per run, then succeeds through the retry link (mutations with a key)", async () => {
    const input = { path: "/candidates", fail: "SERVICE_UNAVAILABLE", times: 1, run: "trpc-test" };
    const result = await client(3).candidates.post.mutate(input, {
      context: { idempotencyKey: createIdempotencyKey() },
    });
    expect(result).toMatchObject({ data: [{ id: "cand_42" }] });
    const unkeyed = await failure(client(3).candidates.post.mutate({ ...input, run: "trpc-test-2" }));
    expect({ code: unkeyed.code, attempts: unkeyed.attempts }).toEqual({
      code: "SERVICE_UNAVAILABLE",
      attempts: 1,
    });
  });
});
