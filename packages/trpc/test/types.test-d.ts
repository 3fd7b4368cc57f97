import { type ApiError, type ApiErrorJSON, defineCatalog, type UnknownCode } from "@faultline/core";
import { createTRPCClient, httpBatchLink, httpLink, type TRPCClientError } from "@trpc/client";
import { initTRPC } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { describe, expectTypeOf, it } from "vitest";
import {
  faultlineFetch,
  faultlineRetryLink,
  fromTRPCClientError,
  idempotencyKeyHeaders,
} from "../src/client";
import { faultlineErrorFormatter, faultlineMiddleware, faultlineResponseMeta } from "../src/server";

const acme = defineCatalog({
  DUPLICATE_CANDIDATE: { status: 409, title: "Duplicate candidate" },
  QUOTA_EXHAUSTED: { status: 429, title: "Quota exhausted", retryable: false },
});

type Ctx = { user: { id: string } | null };
const t = initTRPC.context<Ctx>().create({ errorFormatter: faultlineErrorFormatter });
const authed = t.procedure.use(faultlineMiddleware).use(({ ctx, next }) => {
  if (ctx.user === null) throw new Error("no user");
  return next({ ctx: { user: ctx.user } });
});
const router = t.router({ me: authed.query(({ ctx }) => ctx.user.id) });

describe("server types", () => {
  it("keeps the context type through faultlineMiddleware", () => {
    t.procedure.use(faultlineMiddleware).query(({ ctx }) => {
      expectTypeOf(ctx.user).toEqualTypeOf<{ id: string } | null>();
      return null;
    });
  });

  it("fits the adapters' responseMeta option", () => {
    createHTTPServer({ router, createContext: () => ({ user: null }), responseMeta: faultlineResponseMeta });
  });
});

describe("client types", () => {
  const client = createTRPCClient<typeof router>({
    links: [
      faultlineRetryLink(),
      httpBatchLink({ url: "http://127.0.0.1:1", headers: idempotencyKeyHeaders, fetch: faultlineFetch() }),
    ],
  });

  it("fits httpLink's headers and fetch options", () => {
    createTRPCClient<typeof router>({
      links: [
        httpLink({ url: "http://127.0.0.1:1", headers: idempotencyKeyHeaders, fetch: faultlineFetch() }),
      ],
    });
  });

  it("types the error shape's data.faultline for the router", () => {
    const read = (error: TRPCClientError<typeof router>) => error.data?.faultline;
    expectTypeOf(read).returns.toEqualTypeOf<ApiErrorJSON | undefined>();
    expectTypeOf(client.me.query).returns.resolves.toEqualTypeOf<string>();
  });

  it("types code by the catalog", () => {
    const handle = (thrown: unknown): string => {
      const err = fromTRPCClientError(thrown, { catalog: acme });
      expectTypeOf(err.code).toEqualTypeOf<
        "DUPLICATE_CANDIDATE" | "QUOTA_EXHAUSTED" | UnknownCode | undefined
      >();
      if (acme.has(err.code)) {
        const known: "DUPLICATE_CANDIDATE" | "QUOTA_EXHAUSTED" = err.code;
        // @ts-expect-error not a code of the catalog
        const wrong: "NOT_IN_CATALOG" = err.code;
        return `${known} ${wrong}`;
      }
      return err.message;
    };
    const handleSwitch = (thrown: unknown): string => {
      const err = fromTRPCClientError(thrown, { catalog: acme });
      switch (err.code) {
        case "DUPLICATE_CANDIDATE":
          return "use another email";
        case "QUOTA_EXHAUSTED":
          return "upgrade";
        default:
          return err.message;
      }
    };
    const messages: Record<"DUPLICATE_CANDIDATE" | "QUOTA_EXHAUSTED", string> = {
      DUPLICATE_CANDIDATE: "taken",
      QUOTA_EXHAUSTED: "quota",
    };
    const lookup = (thrown: unknown) => {
      const err = fromTRPCClientError(thrown, { catalog: acme });
      // @ts-expect-error an unknown code or undefined cannot index the catalog's own table
      return messages[err.code];
    };
    expectTypeOf(handle).returns.toEqualTypeOf<string>();
    expectTypeOf(handleSwitch).returns.toEqualTypeOf<string>();
    expectTypeOf(lookup).toBeFunction();
  });

  it("gives the plain union without a catalog", () => {
    const err = fromTRPCClientError(new Error("x"));
    expectTypeOf(err).toEqualTypeOf<ApiError>();
    expectTypeOf(err.code).toEqualTypeOf<string | undefined>();
    // @ts-expect-error options take a catalog, not a string
    fromTRPCClientError(err, { catalog: "acme" });
  });
});
