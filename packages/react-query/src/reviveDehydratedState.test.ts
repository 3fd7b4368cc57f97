import { type ApiError, isApiError, NotFoundError } from "@faultline/core";
import { createClient } from "@faultline/fetch";
import { json, startServer, type TestServer } from "@faultline/test-server";
import { type DehydratedState, dehydrate, hydrate, QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { reviveDehydratedState } from "./reviveDehydratedState";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const serverRender = async (): Promise<string> => {
  server = await startServer({
    "/user": json(404, { code: "NOT_FOUND", message: "No such user" }, { "x-request-id": "req_42" }),
    "/ok": json(200, { ok: true }),
    "POST /orders": json(409, { code: "OUT_OF_STOCK", message: "Gone" }),
  });
  const api = createClient({ baseUrl: server.url, retry: false });
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  await client.prefetchQuery({ queryKey: ["user"], queryFn: () => api.get("/user") });
  await client.prefetchQuery({ queryKey: ["ok"], queryFn: () => api.get("/ok") });
  await client
    .getMutationCache()
    .build(client, { mutationKey: ["order"], mutationFn: () => api.post("/orders", {}) })
    .execute(undefined)
    .catch(() => {});
  return JSON.stringify(
    dehydrate(client, { shouldDehydrateQuery: () => true, shouldDehydrateMutation: () => true }),
  );
};

describe("reviveDehydratedState", () => {
  it("makes query and mutation errors core errors again after JSON transport, then hydrates", async () => {
    const parsed = JSON.parse(await serverRender()) as DehydratedState;
    const before = parsed.queries.find((q) => q.queryKey[0] === "user")?.state.error;
    expect(isApiError(before)).toBe(false);
    const revived = reviveDehydratedState(parsed);
    const client = new QueryClient();
    hydrate(client, revived);
    const error = client.getQueryState<unknown, ApiError>(["user"])?.error;
    expect(isApiError(error)).toBe(true);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.code).toBe("NOT_FOUND");
    expect(error?.requestId).toBe("req_42");
    expect(error?.message).toBe("No such user");
    expect(client.getQueryData(["ok"])).toEqual({ ok: true });
    const mutation = revived.mutations.find((m) => m.mutationKey?.[0] === "order");
    expect(isApiError(mutation?.state.error)).toBe(true);
    expect((mutation?.state.error as ApiError | null)?._tag).toBe("Conflict");
    expect((mutation?.state.error as ApiError | null)?.code).toBe("OUT_OF_STOCK");
  });

  it("leaves everything else untouched and does not mutate its input", async () => {
    const text = await serverRender();
    const parsed = JSON.parse(text) as DehydratedState;
    const revived = reviveDehydratedState(parsed);
    expect(JSON.stringify(parsed)).toBe(text);
    expect(revived).not.toBe(parsed);
    const ok = parsed.queries.find((q) => q.queryKey[0] === "ok");
    expect(revived.queries.find((q) => q.queryKey[0] === "ok")).toBe(ok);
    const user = revived.queries.find((q) => q.queryKey[0] === "user")!;
    const original = parsed.queries.find((q) => q.queryKey[0] === "user")!;
    expect({ ...user.state, error: null, fetchFailureReason: null }).toEqual({
      ...original.state,
      error: null,
      fetchFailureReason: null,
    });
    expect(user.queryHash).toBe(original.queryHash);
    // Revived errors serialize to the same JSON.
    expect(JSON.parse(JSON.stringify(user.state.error))).toEqual(original.state.error);
  });

  it("returns a state without errors as it is", () => {
    const state = { queries: [{ queryKey: ["a"], state: { data: 1, error: null } }], mutations: [] };
    expect(reviveDehydratedState(state)).toBe(state);
  });

  it("never throws on odd input", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    const odd: unknown[] = [
      null,
      undefined,
      42,
      "state",
      [],
      {},
      { queries: "nope", mutations: 1 },
      {
        queries: [
          null,
          1,
          "x",
          { state: null },
          { state: { error: "plain" } },
          { state: { error: { _tag: "Nope" } } },
        ],
      },
      { queries: [{ state: { error: { _tag: "NotFound", status: 404, message: 1, retryable: false } } }] },
      hostile,
      { queries: [hostile] },
    ];
    for (const input of odd) expect(reviveDehydratedState(input)).toBe(input);
  });
});
