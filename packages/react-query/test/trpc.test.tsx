// @vitest-environment happy-dom
/**
 * Issue 13.8: errors that arrive as tRPC client errors (`@trpc/tanstack-react-query`) get the same
 * retries and boundaries as fetch errors, with `toError: fromTRPCClientError`. A real tRPC v11
 * server (standalone adapter) on loopback, a real QueryClient, React in happy-dom.
 */
import type { AddressInfo } from "node:net";
import { defineCatalog, makeError } from "@faultline/core";
import { fromTRPCClientError } from "@faultline/trpc/client";
import { faultlineErrorFormatter, faultlineMiddleware, faultlineResponseMeta } from "@faultline/trpc/server";
import { QueryClient, useMutation, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { initTRPC } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { Suspense } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createQueryApiErrorBoundary,
  faultlineQueryDefaults,
  onApiError,
  QueryApiErrorBoundary,
  throwOnErrorFor,
} from "../src/index";
import { type Mounted, mount, Outer, WithClient } from "./render";

const shop = defineCatalog({
  OUT_OF_STOCK: { status: 409, title: "Out of stock" },
  SHOP_BUSY: { status: 503, title: "Shop is busy" },
});

/** Calls per key, with the time each arrived. */
const calls = new Map<string, number[]>();
const count = (key: string): number => {
  const seen = calls.get(key) ?? [];
  seen.push(performance.now());
  calls.set(key, seen);
  return seen.length;
};

const flakyInput = z.object({
  key: z.string(),
  failures: z.number(),
  status: z.number(),
  code: z.string(),
  retryAfterMs: z.number().optional(),
});
const flaky = (input: z.infer<typeof flakyInput>): string => {
  const n = count(input.key);
  if (n <= input.failures) {
    throw makeError({
      status: input.status,
      code: input.code,
      ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
    });
  }
  return `ok after ${n}`;
};

const t = initTRPC.create({ errorFormatter: faultlineErrorFormatter });
const procedure = t.procedure.use(faultlineMiddleware);
const appRouter = t.router({
  flaky: procedure.input(flakyInput).query(({ input }) => flaky(input)),
  flakyMutation: procedure.input(flakyInput).mutation(({ input }) => flaky(input)),
});
type AppRouter = typeof appRouter;

let url = "";
let close: () => Promise<void> = async () => {};
beforeAll(async () => {
  const server = createHTTPServer({
    router: appRouter,
    responseMeta: faultlineResponseMeta,
    // happy-dom's fetch is a browser's: answer its CORS preflight.
    middleware: (req, res, next) => {
      res.setHeader("access-control-allow-origin", "*");
      res.setHeader("access-control-allow-headers", "*");
      res.setHeader("access-control-allow-methods", "*");
      if (req.method === "OPTIONS") {
        res.statusCode = 204;
        res.end();
        return;
      }
      next();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
});
afterAll(() => close());

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

let n = 0;
const key = () => `k${++n}-${Date.now()}`;

const setup = (options: { convert: boolean }) => {
  const queryClient = new QueryClient({
    defaultOptions: faultlineQueryDefaults({
      attempts: 3,
      baseDelayMs: 1,
      random: () => 0,
      catalog: shop,
      ...(options.convert ? { toError: fromTRPCClientError } : {}),
    }),
  });
  const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url })] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
  return { queryClient, trpc };
};

const rejection = async (call: Promise<unknown>): Promise<unknown> => {
  try {
    await call;
  } catch (thrown) {
    return thrown;
  }
  throw new Error("the call did not fail");
};

describe("retries of tRPC errors with toError: fromTRPCClientError", () => {
  it("retries a 503 with the server's Retry-After hint as the delay", async () => {
    const { queryClient, trpc } = setup({ convert: true });
    const k = key();
    const value = await queryClient.fetchQuery(
      trpc.flaky.queryOptions({ key: k, failures: 2, status: 503, code: "SHOP_BUSY", retryAfterMs: 250 }),
    );
    expect(value).toBe("ok after 3");
    const at = calls.get(k) ?? [];
    expect(at).toHaveLength(3);
    // Backoff would be 0 ms (random: () => 0): the waits are the server's 250 ms.
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(235);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(235);
  });

  it("without the converter the same 503 is an Unexpected error and is not retried", async () => {
    const { queryClient, trpc } = setup({ convert: false });
    const k = key();
    await rejection(
      queryClient.fetchQuery(
        trpc.flaky.queryOptions({ key: k, failures: 2, status: 503, code: "SHOP_BUSY", retryAfterMs: 50 }),
      ),
    );
    expect(calls.get(k)).toHaveLength(1);
  });

  it("does not retry a 4xx", async () => {
    const { queryClient, trpc } = setup({ convert: true });
    const k = key();
    const options = trpc.flaky.queryOptions({ key: k, failures: 5, status: 409, code: "OUT_OF_STOCK" });
    const thrown = await rejection(queryClient.fetchQuery(options));
    expect(calls.get(k)).toHaveLength(1);
    expect(queryClient.getQueryState(options.queryKey)?.fetchFailureCount).toBe(1);
    const err = fromTRPCClientError(thrown, { catalog: shop });
    expect([err._tag, err.status, err.code]).toEqual(["Conflict", 409, "OUT_OF_STOCK"]);
  });

  it("does not retry a mutation without an idempotency key, even a 503", async () => {
    const { queryClient, trpc } = setup({ convert: true });
    const k = key();
    const mutation = queryClient.getMutationCache().build(queryClient, trpc.flakyMutation.mutationOptions());
    const thrown = await rejection(mutation.execute({ key: k, failures: 5, status: 503, code: "SHOP_BUSY" }));
    expect(calls.get(k)).toHaveLength(1);
    expect(mutation.state.failureCount).toBe(1);
    expect(fromTRPCClientError(thrown)._tag).toBe("ServiceUnavailable");
  });

  it("the mutation hook gets one failure and the converted kind through onApiError", async () => {
    const { trpc } = setup({ convert: true });
    const seen: string[] = [];
    const onError = onApiError({
      toError: fromTRPCClientError,
      catalog: shop,
      defer: false,
      codes: { SHOP_BUSY: (e) => seen.push(`${e._tag}:${e.code}`) },
    });
    const queryClient = new QueryClient({
      defaultOptions: faultlineQueryDefaults({ attempts: 3, baseDelayMs: 1, toError: fromTRPCClientError }),
    });
    const k = key();
    const Save = () => {
      const save = useMutation({ ...trpc.flakyMutation.mutationOptions(), onError });
      return (
        <button
          type="button"
          onClick={() => save.mutate({ key: k, failures: 5, status: 503, code: "SHOP_BUSY" })}
        >
          {save.isError ? `failed ${save.failureCount}` : "save"}
        </button>
      );
    };
    mounted = await mount(
      <WithClient client={queryClient}>
        <Save />
      </WithClient>,
    );
    await mounted.click("button");
    await mounted.waitForText("failed 1");
    expect(calls.get(k)).toHaveLength(1);
    expect(seen).toEqual(["ServiceUnavailable:SHOP_BUSY"]);
  });
});

describe("boundaries for tRPC errors", () => {
  const ShopBoundary = createQueryApiErrorBoundary(shop);

  it("QueryApiErrorBoundary shows the fallback of the tRPC error's catalog code; reset retries", async () => {
    const { queryClient, trpc } = setup({ convert: true });
    const k = key();
    const Stock = () => {
      const { data } = useSuspenseQuery(
        trpc.flaky.queryOptions({ key: k, failures: 1, status: 409, code: "OUT_OF_STOCK" }),
      );
      return <p>stock: {data}</p>;
    };
    mounted = await mount(
      <WithClient client={queryClient}>
        <Outer>
          <ShopBoundary
            toError={fromTRPCClientError}
            codes={{
              OUT_OF_STOCK: ({ error, reset }) => (
                <button type="button" onClick={reset}>
                  sold out ({error.status} {error.code})
                </button>
              ),
            }}
            kinds={{ Conflict: () => <p>some conflict</p> }}
          >
            <Suspense fallback={<p>loading</p>}>
              <Stock />
            </Suspense>
          </ShopBoundary>
        </Outer>
      </WithClient>,
    );
    await mounted.waitForText("sold out (409 OUT_OF_STOCK)");
    expect(calls.get(k)).toHaveLength(1);
    await mounted.click("button");
    await mounted.waitForText("stock: ok after 2");
    expect(calls.get(k)).toHaveLength(2);
  });

  it("without toError the tRPC error is not an API error: it goes up to the parent boundary", async () => {
    const { queryClient, trpc } = setup({ convert: true });
    const k = key();
    const Stock = () => {
      const { data } = useSuspenseQuery(
        trpc.flaky.queryOptions({ key: k, failures: 1, status: 409, code: "OUT_OF_STOCK" }),
      );
      return <p>stock: {data}</p>;
    };
    mounted = await mount(
      <WithClient client={queryClient}>
        <Outer>
          <QueryApiErrorBoundary codes={{ OUT_OF_STOCK: () => <p>sold out</p> }}>
            <Suspense fallback={<p>loading</p>}>
              <Stock />
            </Suspense>
          </QueryApiErrorBoundary>
        </Outer>
      </WithClient>,
    );
    await mounted.waitForText("outer:");
    expect(mounted.text()).not.toContain("sold out");
  });

  it("throwOnErrorFor with toError sends only the named code to QueryApiErrorBoundary", async () => {
    const { queryClient, trpc } = setup({ convert: true });
    const toBoundary = throwOnErrorFor({
      codes: ["OUT_OF_STOCK"],
      catalog: shop,
      toError: fromTRPCClientError,
    });
    const soldOut = key();
    const busy = key();
    const Item = ({ k, status, code }: { k: string; status: number; code: string }) => {
      const { data, error } = useQuery({
        ...trpc.flaky.queryOptions({ key: k, failures: 5, status, code }),
        retry: false,
        throwOnError: toBoundary,
      });
      return (
        <p>{error ? `inline: ${fromTRPCClientError(error, { catalog: shop }).code}` : (data ?? "loading")}</p>
      );
    };
    mounted = await mount(
      <WithClient client={queryClient}>
        <QueryApiErrorBoundary
          toError={fromTRPCClientError}
          catalog={shop}
          codes={{ OUT_OF_STOCK: () => <p>boundary: sold out</p> }}
        >
          <Item k={soldOut} status={409} code="OUT_OF_STOCK" />
        </QueryApiErrorBoundary>
        <QueryApiErrorBoundary
          toError={fromTRPCClientError}
          catalog={shop}
          codes={{ OUT_OF_STOCK: () => <p>boundary: sold out</p> }}
        >
          <Item k={busy} status={400} code="BAD_ITEM" />
        </QueryApiErrorBoundary>
      </WithClient>,
    );
    await mounted.waitForText("boundary: sold out");
    await mounted.waitForText("inline: BAD_ITEM");
  });
});
