import type { AddressInfo } from "node:net";
import { ConflictError, isApiError } from "@faultline/core";
import { createTRPCClient, httpLink } from "@trpc/client";
import { initTRPC, type TRPCError } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromTRPCClientError } from "../src/client";
import { faultlineErrorFormatter, faultlineMiddleware, faultlineResponseMeta } from "../src/server";

const t = initTRPC.create({ errorFormatter: faultlineErrorFormatter });
const withMiddleware = t.procedure.use(faultlineMiddleware);
const original = new Error("db down at postgres://user:pass@db");
const router = t.router({
  conflict: withMiddleware.query((): string => {
    throw new ConflictError({ code: "DUPLICATE_CANDIDATE" });
  }),
  conflictBare: t.procedure.query((): string => {
    throw new ConflictError({ code: "DUPLICATE_CANDIDATE" });
  }),
  boom: withMiddleware.query((): string => {
    throw original;
  }),
});

const reported: TRPCError[] = [];
let url = "";
let close = () => {};
beforeAll(async () => {
  const server = createHTTPServer({
    router,
    responseMeta: faultlineResponseMeta,
    onError: ({ error }) => {
      reported.push(error);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

const caught = async (call: Promise<unknown>): Promise<unknown> => {
  try {
    await call;
  } catch (thrown) {
    return thrown;
  }
  throw new Error("the call did not fail");
};

describe("faultlineMiddleware", () => {
  it("gives onError a TRPCError with the core error's code and the core error as cause", async () => {
    reported.length = 0;
    const client = createTRPCClient<typeof router>({ links: [httpLink({ url })] });
    const err = fromTRPCClientError(await caught(client.conflict.query()));
    expect(err.code).toBe("DUPLICATE_CANDIDATE");
    expect(reported[0]?.code).toBe("CONFLICT");
    expect(isApiError(reported[0]?.cause)).toBe(true);
  });

  it("without it, tRPC reports INTERNAL_SERVER_ERROR while the client still gets the 409", async () => {
    reported.length = 0;
    const client = createTRPCClient<typeof router>({ links: [httpLink({ url })] });
    const err = fromTRPCClientError(await caught(client.conflictBare.query()));
    expect([err._tag, err.status]).toEqual(["Conflict", 409]);
    expect(reported[0]?.code).toBe("INTERNAL_SERVER_ERROR");
  });

  it("keeps what was thrown in the cause chain for the server's logs only", async () => {
    reported.length = 0;
    const client = createTRPCClient<typeof router>({ links: [httpLink({ url })] });
    const thrown = await caught(client.boom.query());
    expect(fromTRPCClientError(thrown).message).toBe("Internal Server Error");
    let cause: unknown = reported[0];
    const chain: unknown[] = [];
    while (typeof cause === "object" && cause !== null && chain.length < 5) {
      chain.push(cause);
      cause = (cause as { cause?: unknown }).cause;
    }
    expect(chain).toContain(original);
  });
});
