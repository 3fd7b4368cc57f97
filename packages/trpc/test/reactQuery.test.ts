import { type ApiError, isApiError, standardCatalog } from "@faultline/core";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultlineQueryDefaults, faultlineRetryLink, fromTRPCClientError } from "../src/client";
import { type AppRouter, calls, makeClient, type Running, startStandalone } from "./fixture";

let server: Running;
beforeAll(async () => {
  server = await startStandalone();
});
afterAll(() => server.close());

const caught = async (call: Promise<unknown>): Promise<unknown> => {
  try {
    await call;
  } catch (thrown) {
    return thrown;
  }
  throw new Error("the query did not fail");
};

let n = 0;
const key = () => `rq${++n}-${Date.now()}`;

const setup = (withLink = false) => {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: faultlineQueryDefaults({
        attempts: 3,
        baseDelayMs: 5,
        catalog: standardCatalog,
        throwOnError: (error) => error.code === "FORBIDDEN",
      }),
    },
  });
  const client = makeClient(
    server.url,
    "httpBatchLink",
    [],
    withLink ? [faultlineRetryLink<AppRouter>({ attempts: 2, baseDelayMs: 5 })] : [],
  );
  const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
  return { queryClient, trpc };
};

describe("@trpc/tanstack-react-query with faultlineQueryDefaults", () => {
  it("gives the query cache an error that converts to the core error", async () => {
    const { queryClient, trpc } = setup();
    const options = trpc.fail.queryOptions({
      tag: "NotFound",
      code: "NOT_FOUND",
      field: "id",
      requestId: "r1",
    });
    await caught(queryClient.fetchQuery(options));
    const state = queryClient.getQueryState(options.queryKey);
    expect(state?.status).toBe("error");
    expect(state?.fetchFailureCount).toBe(1);
    const err = fromTRPCClientError(state?.error, { catalog: standardCatalog });
    expect([err._tag, err.status, err.code, err.field, err.requestId]).toEqual([
      "NotFound",
      404,
      "NOT_FOUND",
      "id",
      "r1",
    ]);
  });

  it("retries a retryable error by the policy, with the server's hint", async () => {
    const { queryClient, trpc } = setup();
    const k = key();
    const value = await queryClient.fetchQuery(
      trpc.flaky.queryOptions({ key: k, failures: 2, retryAfterMs: 40 }),
    );
    expect(value).toBe("ok after 3");
    const seen = calls.get(k) ?? [];
    expect(seen).toHaveLength(3);
    expect((seen[2]?.at ?? 0) - (seen[1]?.at ?? 0)).toBeGreaterThanOrEqual(35);
  });

  it("does not retry a 4xx", async () => {
    const { queryClient, trpc } = setup();
    const k = key();
    await caught(queryClient.fetchQuery(trpc.flaky.queryOptions({ key: k, failures: 5, status: 422 })));
    expect(calls.get(k)).toHaveLength(1);
  });

  it("does not retry again what the retry link already retried", async () => {
    const { queryClient, trpc } = setup(true);
    const k = key();
    const thrown = await caught(
      queryClient.fetchQuery(trpc.flaky.queryOptions({ key: k, failures: 9, status: 503 })),
    );
    expect(calls.get(k)).toHaveLength(2);
    expect(fromTRPCClientError(thrown).attempts).toBe(2);
    // The error in the query cache carries the core error as its cause (where core's helpers look).
    const cached = queryClient.getQueryState(
      trpc.flaky.queryKey({ key: k, failures: 9, status: 503 }),
    )?.error;
    expect(isApiError((cached as unknown as Error | undefined)?.cause)).toBe(true);
    expect(((cached as unknown as Error).cause as ApiError).code).toBe("FLAKY");
  });

  it("sends errors to the boundary by code", async () => {
    const { queryClient, trpc } = setup();
    const defaults = queryClient.getDefaultOptions().queries as { throwOnError: (e: unknown) => boolean };
    const forbidden = await caught(
      queryClient.fetchQuery(trpc.fail.queryOptions({ tag: "Forbidden", code: "FORBIDDEN" })),
    );
    const notFound = await caught(
      queryClient.fetchQuery(trpc.fail.queryOptions({ tag: "NotFound", code: "NOT_FOUND" })),
    );
    expect(defaults.throwOnError(forbidden)).toBe(true);
    expect(defaults.throwOnError(notFound)).toBe(false);
  });
});
